"""End to end: one council's faulty file never changes another council's figures.

A generated sample is built once as it is, then once more with each faulty file
a user could land beside it: a mistyped reporting period end (year 2205) on one
row of a council's latest file, and on every row of it; a council's file
landed again under another council's name; a byte-identical copy of a file. In
each faulty build every mart row of every other council (all councils, where
the faulty file must add nothing) must equal the clean build's, cell by cell,
and the faulty file must be visible in dim_submissions with its reason. Last,
the guards must fail on a deliberately broken copy of the clean warehouse.
"""

from __future__ import annotations

import csv
import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner
from report_failed_guards import main as report_failed_guards
from test_staging_integration import REPO, dbt_build, fetch_dicts, generate, read_csv

pytestmark = pytest.mark.integration

GENERATOR_ARGS = (
    "--councils", "3",
    "--people", "100",
    "--quarters", "2",
    "--header-style", "snake",
    "--vocabulary", "r2",
    "--defect-rate", "0.02",
    "--seed", "13",
    "--quiet",
)  # fmt: skip

COUNCILS_SEED = REPO / "seeds" / "cld_councils.csv"
# Unit tests check SQL, not data: the fixture build of the test command runs them.
NO_UNIT_TESTS = ("--exclude-resource-type", "unit_test")
TYPO_YEAR = "2205"


@dataclass(frozen=True)
class Sample:
    """The clean generated landing folder and the warehouse built from it."""

    landing: Path
    database: Path
    manifest: list[dict[str, str]]
    work: Path

    def latest_file(self, la_code: str) -> str:
        """File name of the council's latest submission."""
        files = [row for row in self.manifest if row["la_code"] == la_code]
        return max(files, key=lambda row: row["submission_date"])["file_name"]

    @property
    def councils(self) -> list[str]:
        return sorted({row["la_code"] for row in self.manifest})


@dataclass(frozen=True)
class Fault:
    """A faulty file landed beside the sample: what dim_submissions must say."""

    file_name: str
    status: str
    reason_parts: tuple[str, ...]
    # The council whose own rows may change; None: no council's may.
    affected_council: str | None


def read_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def mistype_period_end(path: Path, every_row: bool) -> None:
    """Write the year of Reporting_Period_End_Date as 2205 on one or all rows."""
    header, *rows = read_rows(path)
    end = [label.lower() for label in header].index("reporting_period_end_date")
    for row in rows if every_row else rows[:1]:
        row[end] = row[end][:-4] + TYPO_YEAR
    write_rows(path, [header, *rows])


def period_typo_on_one_row(sample: Sample, landing: Path) -> Fault:
    council = sample.councils[0]
    file_name = sample.latest_file(council)
    mistype_period_end(landing / file_name, every_row=False)
    return Fault(file_name, "loaded", (), council)


def period_typo_on_every_row(sample: Sample, landing: Path) -> Fault:
    council = sample.councils[0]
    file_name = sample.latest_file(council)
    mistype_period_end(landing / file_name, every_row=True)
    return Fault(file_name, "loaded", (), council)


def unused_council_code(sample: Sample) -> str:
    """A council of the seed that the sample does not hold."""
    with COUNCILS_SEED.open(newline="", encoding="utf-8") as handle:
        codes = [row["la_code"] for row in csv.DictReader(handle) if row["la_code"]]
    return next(code for code in codes if code not in sample.councils)


def file_named_for_another_council(sample: Sample, landing: Path) -> Fault:
    """Council A's latest file less a row, landed later under council B's name."""
    council = sample.councils[1]
    source = sample.latest_file(council)
    other = unused_council_code(sample)
    file_name = f"CLD_{other}_20251230.csv"
    write_rows(landing / file_name, read_rows(landing / source)[:-1])
    # The quarantined file's own file-level checks belong to the council it is
    # named for; the council whose rows it holds must not change.
    return Fault(
        file_name,
        "quarantined",
        (f"file name says council {other}", f"rows say LA_Code {council}"),
        other,
    )


def byte_identical_copy(sample: Sample, landing: Path) -> Fault:
    """Council C's latest file again, received later under another name."""
    source = sample.latest_file(sample.councils[2])
    file_name = source.replace(".csv", "_resent.csv")
    shutil.copyfile(landing / source, landing / file_name)
    return Fault(file_name, "duplicate", (f"the same bytes as {source}",), None)


FAULTS: dict[str, Callable[[Sample, Path], Fault]] = {
    "period_typo_on_one_row": period_typo_on_one_row,
    "period_typo_on_every_row": period_typo_on_every_row,
    "file_named_for_another_council": file_named_for_another_council,
    "byte_identical_copy": byte_identical_copy,
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    work = tmp_path_factory.mktemp("council_isolation")
    landing = work / "landing"
    database = work / "clean.duckdb"
    generate(landing, GENERATOR_ARGS)
    dbt_build(landing, database, work / "clean", NO_UNIT_TESTS)
    return Sample(landing, database, read_csv(landing / "_meta" / "manifest.csv"), work)


@dataclass(frozen=True)
class FaultyBuild:
    fault: Fault
    database: Path


@pytest.fixture(scope="module", params=list(FAULTS))
def faulty_build(request: pytest.FixtureRequest, sample: Sample) -> FaultyBuild:
    name = str(request.param)
    landing = sample.work / f"landing_{name}"
    shutil.copytree(sample.landing, landing)
    fault = FAULTS[name](sample, landing)
    database = sample.work / f"{name}.duckdb"
    dbt_build(landing, database, sample.work / name, NO_UNIT_TESTS)
    return FaultyBuild(fault, database)


@pytest.fixture
def both(
    sample: Sample, faulty_build: FaultyBuild
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection with the clean warehouse as `clean`, the faulty as `faulty`."""
    connection = duckdb.connect()
    connection.execute(f"attach '{sample.database}' as clean (read_only)")
    connection.execute(f"attach '{faulty_build.database}' as faulty (read_only)")
    yield connection
    connection.close()


def mart_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The marts with council rows: not the file registry (the faulty file is in
    it by design) nor the calendar (dim_periods counts the councils covering
    each period, so one council's files move it)."""
    rows = connection.execute(
        "select table_name from information_schema.tables"
        " where table_catalog = 'clean' and table_schema = 'marts'"
        " and table_name not in ('dim_submissions', 'dim_periods') order by 1"
    ).fetchall()
    return [row[0] for row in rows]


def council_columns(connection: duckdb.DuckDBPyConnection, table: str) -> str:
    """The table's columns but England's figures repeated on each council's row
    (`england_*`), which move with every council's data by definition."""
    rows = connection.execute(
        "select column_name from information_schema.columns"
        " where table_catalog = 'clean' and table_schema = 'marts'"
        f" and table_name = '{table}' and column_name not like 'england%'"
        " order by ordinal_position"
    ).fetchall()
    return ", ".join(row[0] for row in rows)


def differing_rows(
    connection: duckdb.DuckDBPyConnection, table: str, keep: str
) -> tuple[int, int]:
    """Rows of `table` (filtered by `keep`) only in the clean / only in the faulty."""
    columns = council_columns(connection, table)
    counts = []
    for first, second in (("clean", "faulty"), ("faulty", "clean")):
        counts.append(
            connection.execute(
                f"select count(*) from (select {columns} from {first}.marts.{table}"
                f" where {keep} except all"
                f" select {columns} from {second}.marts.{table} where {keep})"
            ).fetchone()[0]  # type: ignore[index]
        )
    return counts[0], counts[1]


def test_other_councils_figures_are_unchanged(
    both: duckdb.DuckDBPyConnection, faulty_build: FaultyBuild
) -> None:
    council = faulty_build.fault.affected_council
    # England rows (la_code NULL) compare too when no council may change.
    keep = f"la_code is not null and la_code <> '{council}'" if council else "true"
    tables = mart_tables(both)
    assert len(tables) > 30, tables
    changed = {
        table: counts
        for table in tables
        if (counts := differing_rows(both, table, keep)) != (0, 0)
    }
    assert not changed, f"rows (clean only, faulty only) differ in {changed}"


def test_reporting_period_is_unchanged(both: duckdb.DuckDBPyConnection) -> None:
    periods = [
        both.execute(
            "select period_start_date, period_end_date"
            f" from {catalog}.intermediate.int_reporting_periods"
        ).fetchall()
        for catalog in ("clean", "faulty")
    ]
    assert periods[0] == periods[1]


def test_faulty_file_is_in_dim_submissions_with_its_reason(
    faulty_build: FaultyBuild,
) -> None:
    fault = faulty_build.fault
    with duckdb.connect(str(faulty_build.database), read_only=True) as connection:
        rows = fetch_dicts(
            connection,
            "select * from marts.dim_submissions"
            f" where submission_id = '{fault.file_name}'",
        )
    assert len(rows) == 1, f"{fault.file_name} not in dim_submissions"
    row = rows[0]
    assert row["status"] == fault.status, row
    reason = row["quarantine_reason"] or ""
    missing = [part for part in fault.reason_parts if part not in reason]
    assert not missing, f"reason {reason!r} lacks {missing}"
    if fault.status != "loaded":
        assert row["rows_staged"] == 0
        assert reason.startswith(f"{fault.file_name}: ")


def test_mistyped_period_is_reported_on_the_file_or_row(
    sample: Sample, faulty_build: FaultyBuild
) -> None:
    fault = faulty_build.fault
    if fault.status != "loaded":
        pytest.skip("not a period fault")
    with duckdb.connect(str(faulty_build.database), read_only=True) as connection:
        submission = fetch_dicts(
            connection,
            "select stated_period_end_date, stated_period_issue"
            " from marts.dim_submissions"
            f" where submission_id = '{fault.file_name}'",
        )[0]
        failures = dict(
            connection.execute(
                "select rule_id, count(*) from marts.dq_failures"
                f" where submission_id = '{fault.file_name}'"
                " and rule_id in ('CLD-003.reporting_period_end_date', 'CLD-009')"
                " group by 1"
            ).fetchall()
        )
    if submission["stated_period_issue"] is None:
        # One mistyped row: the period most rows state stands, that row is flagged.
        assert str(submission["stated_period_end_date"]).startswith("2025")
        assert failures == {"CLD-003.reporting_period_end_date": 1}
    else:
        assert "is after the file was received" in submission["stated_period_issue"]
        assert failures == {"CLD-009": 1}


def run_guards(database: Path, work: Path) -> bool:
    """`dbt test --select tag:guard` on a warehouse file; True when all pass."""
    args = [
        "test",
        "--select", "tag:guard",
        "--project-dir", str(REPO),
        "--profiles-dir", str(REPO),
        "--target", "duckdb",
        "--target-path", str(work / "target"),
        "--no-use-colors",
    ]  # fmt: skip
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CLD_DUCKDB_PATH", str(database))
        env.setenv("DBT_LOG_PATH", str(work / "logs"))
        result = dbtRunner().invoke(args)
    DuckDBConnectionManager.close_all_connections()
    return bool(result.success)


def break_copy(sample: Sample, database: Path, statements: list[str]) -> None:
    """A copy of the clean warehouse with `statements` run on it."""
    shutil.copyfile(sample.database, database)
    with duckdb.connect(str(database)) as connection:
        for statement in statements:
            connection.execute(statement)


def failed_guard_problems(
    database: Path, work: Path, caplog: pytest.LogCaptureFixture
) -> str:
    """Run the guards on a broken warehouse; the problems reported, as text."""
    assert not run_guards(database, work)
    caplog.clear()
    caplog.set_level(logging.ERROR)
    code = report_failed_guards(
        ["--target-path", str(work / "target"), "--duckdb", str(database)]
    )
    assert code == 1
    return caplog.text


def test_guards_pass_on_the_clean_build(sample: Sample) -> None:
    assert run_guards(sample.database, sample.work / "guards_clean")


def test_guards_name_a_vanished_council_and_a_loaded_copy(
    sample: Sample, caplog: pytest.LogCaptureFixture
) -> None:
    broken = sample.work / "broken_tables.duckdb"
    vanished = sample.councils[0]
    break_copy(
        sample,
        broken,
        [
            f"delete from marts.salt_lts001a where la_code = '{vanished}'",
            "update marts.dim_submissions set file_content_hash = 'same'"
            " where status = 'loaded'",
        ],
    )
    text = failed_guard_problems(broken, sample.work / "guards_tables", caplog)
    assert f"council {vanished} has a file covering the reporting period" in text
    assert "no rows in salt_lts001a" in text
    assert "loaded files have the same content" in text


def test_guards_name_a_period_after_the_build_date_that_few_cover(
    sample: Sample, caplog: pytest.LogCaptureFixture
) -> None:
    broken = sample.work / "broken_period.duckdb"
    break_copy(
        sample,
        broken,
        [
            "update intermediate.int_reporting_periods set"
            " period_end_date = date '2205-09-30', period_choice = 'vars',"
            " councils_covering = 0"
        ],
    )
    text = failed_guard_problems(broken, sample.work / "guards_period", caplog)
    assert "the reporting period ends on 2205-09-30, after the build date" in text
    assert "only 0 of the 3 councils sending files since it began have one" in text
