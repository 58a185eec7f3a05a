"""End to end: an incremental build equals a full rebuild of the same files.

The fixtures' landing folder is reached from one change of each kind away
(scripts/incremental_scenario.py): a full build of the starting folder, then
after each pair of changes (a council's file added and a file replaced under
its name; a file removed and a file named without a date landed again with a
later time) an incremental build of the same warehouse, compared cell by cell in every
staging, intermediate and mart relation with a full build of the same files;
last, another reporting period. Spark runs the same scenario in the test
command (scripts/warehouse.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from compare_engines import differences, duckdb_relations
from incremental_scenario import steps, write_start
from test_staging_integration import REPO, dbt_build

pytestmark = pytest.mark.integration

FIXTURE_LANDING = REPO / "tests" / "fixtures" / "landing"
SCHEMAS = ("staging", "intermediate", "marts")
# Data tests check data, not how it was built: models and seeds only.
MODELS_ONLY = ("--exclude-resource-type", "unit_test", "test")


def stored_file_names(database: Path) -> set[str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select distinct file_name from staging.base_cld__submission_records"
        ).fetchall()
    return {row[0] for row in rows}


def assert_same_relations(built_path: Path, rebuilt_path: Path, after: str) -> None:
    built, rebuilt = (
        duckdb_relations(path, SCHEMAS) for path in (built_path, rebuilt_path)
    )
    assert built.keys() == rebuilt.keys()
    problems = [
        problem
        for name in sorted(built)
        for problem in differences(name, built[name], rebuilt[name], 5)
    ]
    assert not problems, f"after {after}:\n" + "\n".join(problems[:20])
    assert sum(len(relation.rows) for relation in built.values()) > 1000


def test_incremental_build_equals_full_build_after_each_pair_of_changes(
    tmp_path: Path,
) -> None:
    landing = tmp_path / "landing"
    write_start(FIXTURE_LANDING, landing)
    incremental = tmp_path / "incremental.duckdb"
    dbt_build(landing, incremental, tmp_path / "start", MODELS_ONLY)
    # Two changes per build (added and replaced, then removed and touched):
    # each kind is still met by an incremental build, at half the builds.
    all_steps = steps(FIXTURE_LANDING)
    for pair in (all_steps[:2], all_steps[2:]):
        name = "_and_".join(step.name for step in pair)
        for step in pair:
            step.apply(landing)
        dbt_build(landing, incremental, tmp_path / name, MODELS_ONLY)
        full = tmp_path / f"full_{name}.duckdb"
        dbt_build(landing, full, tmp_path / f"full_{name}", MODELS_ONLY)
        assert_same_relations(incremental, full, f"files were {name}")
        assert stored_file_names(incremental) == {
            path.name for path in landing.glob("*.csv")
        }
    # Another reporting period changes every council's key: all are rebuilt.
    other_period = (
        *MODELS_ONLY,
        "--vars",
        "{period_start: '2024-07-01', period_end: '2025-06-30'}",
    )
    dbt_build(landing, incremental, tmp_path / "period", other_period)
    full = tmp_path / "full_period.duckdb"
    dbt_build(landing, full, tmp_path / "full_period", other_period)
    assert_same_relations(incremental, full, "the reporting period changed")


def test_full_refresh_rebuilds_what_incremental_keeps(tmp_path: Path) -> None:
    """A file changed behind the build's back (same name, size and time) is
    kept by an incremental build and re-read by --full-refresh."""
    landing = tmp_path / "landing"
    write_start(FIXTURE_LANDING, landing)
    database = tmp_path / "warehouse.duckdb"
    dbt_build(landing, database, tmp_path / "first", MODELS_ONLY)
    target = sorted(landing.glob("CLD_317_*.csv"))[0]
    stat = target.stat()
    content = target.read_bytes()
    # same size: swap one data character for another
    position = content.index(b"\n") + 1
    changed = content[:position] + content[position:].replace(b"317", b"318", 1)
    assert len(changed) == len(content) and changed != content
    target.write_bytes(changed)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    def hash_of_file() -> str:
        with duckdb.connect(str(database), read_only=True) as connection:
            return connection.execute(
                "select distinct file_content_hash from"
                " staging.base_cld__submission_records where file_name = ?",
                [target.name],
            ).fetchone()[0]  # type: ignore[index]

    before = hash_of_file()
    dbt_build(landing, database, tmp_path / "second", MODELS_ONLY)
    assert hash_of_file() == before
    dbt_build(landing, database, tmp_path / "third", (*MODELS_ONLY, "--full-refresh"))
    assert hash_of_file() != before
