"""End to end: `dbt build` over a generated sample keeps the landing/staging promises.

The generator writes the ground truth (``_meta/manifest.csv`` and
``_meta/defects.csv``) beside the submissions; every promise is checked against it in
the DuckDB file the build leaves behind. dbt runs once for the whole module.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner, dbtRunnerResult
from generate_cld import DEFECT_KINDS as GENERATED_DEFECT_KINDS

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "scripts" / "generate_cld.py"
HEADER_ALIASES = REPO / "seeds" / "cld_header_aliases.csv"

# At --defect-rate 0.1 this seed injects no negative_cost, so the rate is raised.
GENERATOR_ARGS = (
    "--councils", "3",
    "--people", "60",
    "--quarters", "2",
    "--header-style", "mixed",
    "--vocabulary", "mixed",
    "--defect-rate", "0.15",
    "--seed", "5",
    "--quiet",
)  # fmt: skip

DEFECT_KINDS = frozenset(GENERATED_DEFECT_KINDS)
RELEASE_OF_VOCABULARY = {"r1": "R1", "r2": "R2"}
IDENTIFIER_COLUMNS = frozenset(
    {"nhs_number", "first_name", "last_name", "date_of_birth", "postcode"}
)
CLEAN_ROW_FIELDS = (
    "gender",
    "ethnicity",
    "client_type",
    "accommodation_status",
    "event_type",
)
CLEAN_ROWS_PER_FILE = 3

StagedRow = dict[str, Any]
RowKey = tuple[str, int]


def _in_list(value: Any, field: str) -> bool:
    """Whether ``field`` is one of the space-separated names in ``value``."""
    return isinstance(value, str) and field in value.split(" ")


# Per defect kind: the staging column that must show it (``{field}`` is the defect's
# field) and the test on that column's value.
EXPECTED_FLAGS: dict[str, tuple[str, Callable[[Any, str], bool]]] = {
    "list_value_variant": ("{field}_match", lambda value, _: value == "variant"),
    "invalid_list_value": ("{field}_match", lambda value, _: value == "unrecognised"),
    "unparseable_date": ("invalid_date_fields", _in_list),
    "future_date": ("future_date_fields", _in_list),
    "end_before_start": ("is_end_before_start", lambda value, _: value is True),
    "invalid_nhs_number": ("is_nhs_number_valid", lambda value, _: value is False),
    "missing_mandatory": ("missing_mandatory_fields", _in_list),
    "under_18": ("is_under_18_at_event_start", lambda value, _: value is True),
    "duplicate_row": ("duplicate_of_line_number", lambda value, _: value is not None),
    "negative_cost": (
        "negative_number_fields",
        lambda value, _: _in_list(value, "unit_cost"),
    ),
    "wrong_event_type_field": ("other_event_type_fields", _in_list),
}


@dataclass(frozen=True)
class Build:
    """A generated landing folder and the warehouse dbt built from it."""

    landing: Path
    database: Path
    manifest: list[dict[str, str]]
    defects: list[dict[str, str]]


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV file as dictionaries (UTF-8, with or without BOM)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def failed_nodes(result: dbtRunnerResult) -> list[str]:
    """One line per dbt node that did not succeed, for an assertion message."""
    run_results = getattr(result.result, "results", None) or []
    return [
        f"{run.node.unique_id}: {run.status} {run.message}"
        for run in run_results
        if str(run.status) not in {"success", "pass", "skipped"}
    ]


def generate(landing: Path, arguments: tuple[str, ...] = GENERATOR_ARGS) -> None:
    """Write a synthetic sample and its ground truth into ``landing``."""
    completed = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(landing), *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, f"generator failed:\n{completed.stderr}"


def dbt_build(
    landing: Path, database: Path, work: Path, extra_args: Sequence[str] = ()
) -> None:
    """Run `dbt build` in-process into ``database``, keeping the repo untouched.

    ``extra_args`` are added to the command line (e.g. ``--vars``).
    """
    args = [
        "build",
        "--project-dir", str(REPO),
        "--profiles-dir", str(REPO),
        "--target", "duckdb",
        "--target-path", str(work / "target"),
        "--no-use-colors",
        *extra_args,
    ]  # fmt: skip
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CLD_LANDING_DIR", str(landing))
        env.setenv("CLD_DUCKDB_PATH", str(database))
        env.setenv("DBT_LOG_PATH", str(work / "logs"))
        result = dbtRunner().invoke(args)
    # dbt-duckdb keeps its read-write DuckDB connection for the life of the process
    # (profile option keep_open); release it so the file can be opened read-only.
    DuckDBConnectionManager.close_all_connections()
    failures = "\n".join(failed_nodes(result))
    assert result.success, f"dbt build failed: {result.exception}\n{failures}"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("staging_integration")
    landing = work / "landing"
    database = work / "warehouse.duckdb"
    generate(landing)
    # Unit tests read no landed file (the main build runs them): skipped here.
    dbt_build(landing, database, work, ["--exclude-resource-type", "unit_test"])
    return Build(
        landing=landing,
        database=database,
        manifest=read_csv(landing / "_meta" / "manifest.csv"),
        defects=read_csv(landing / "_meta" / "defects.csv"),
    )


@pytest.fixture(scope="module")
def warehouse(build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(build.database), read_only=True)
    yield connection
    connection.close()


def fetch_dicts(
    connection: duckdb.DuckDBPyConnection, sql: str
) -> list[dict[str, Any]]:
    """Rows of a query as dictionaries keyed by column name."""
    cursor = connection.execute(sql)
    columns = [description[0] for description in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def staged_rows(warehouse: duckdb.DuckDBPyConnection) -> dict[RowKey, StagedRow]:
    rows = fetch_dicts(warehouse, "select * from staging.stg_cld__submission_rows")
    return {(row["submission_id"], row["line_number"]): row for row in rows}


def test_generated_sample_has_every_defect_kind(build: Build) -> None:
    kinds = Counter(defect["defect_kind"] for defect in build.defects)
    missing = sorted(DEFECT_KINDS - kinds.keys())
    assert not missing, f"sample lacks defect kinds {missing}; raise the rate"
    unknown = sorted(kinds.keys() - DEFECT_KINDS)
    assert not unknown, f"generator writes defect kinds the test ignores: {unknown}"


def test_dim_submissions_matches_manifest(
    build: Build, warehouse: duckdb.DuckDBPyConnection
) -> None:
    rows = fetch_dicts(warehouse, "select * from marts.dim_submissions")
    by_file = {row["submission_id"]: row for row in rows}
    assert len(rows) == len(by_file) == len(build.manifest)
    assert by_file.keys() == {entry["file_name"] for entry in build.manifest}

    mismatches = []
    for entry in build.manifest:
        row = by_file[entry["file_name"]]
        expected = {
            "rows_read": int(entry["data_rows"]),
            "rows_staged": int(entry["data_rows"]),
            "header_style": entry["header_style"],
            "spec_release_detected": RELEASE_OF_VOCABULARY[entry["vocabulary"]],
            "la_code": entry["la_code"],
            "received_date": entry["submission_date"],
        }
        actual = {**row, "received_date": str(row["received_date"])}
        mismatches += [
            f"{entry['file_name']}: {column} is {actual[column]!r}, "
            f"manifest says {value!r}"
            for column, value in expected.items()
            if actual[column] != value
        ]
    assert not mismatches, "dim_submissions disagrees with the manifest:\n" + (
        "\n".join(mismatches)
    )


def test_every_injected_defect_is_flagged_in_staging(
    build: Build, staged_rows: dict[RowKey, StagedRow]
) -> None:
    misses = []
    checked: Counter[str] = Counter()
    for defect in build.defects:
        file_name, field, kind = (
            defect["file_name"],
            defect["field"],
            defect["defect_kind"],
        )
        line = int(defect["line_number"])
        where = f"{file_name} line {line} field {field} ({kind})"
        row = staged_rows.get((file_name, line))
        if row is None:
            misses.append(f"{where}: no staged row")
            continue
        column_template, is_flagged = EXPECTED_FLAGS[kind]
        column = column_template.format(field=field)
        if column not in row:
            misses.append(f"{where}: staging has no column {column}")
        elif not is_flagged(row[column], field):
            misses.append(f"{where}: {column} = {row[column]!r}")
        checked[kind] += 1

    assert not misses, (
        f"{len(misses)} of {len(build.defects)} injected defects not flagged:\n"
        + "\n".join(misses)
    )
    assert checked.keys() == DEFECT_KINDS, (
        f"kinds never checked: {sorted(DEFECT_KINDS - checked.keys())}"
    )


# Per defect kind: the validation rule that must report it (``{field}`` is the
# defect's field); missing mandatory fields map field by field.
EXPECTED_RULES: dict[str, str] = {
    "list_value_variant": "CLD-031.{field}",
    "invalid_list_value": "CLD-030.{field}",
    "unparseable_date": "CLD-006.{field}",
    "future_date": "CLD-044.{field}",
    "end_before_start": "CLD-042",
    "invalid_nhs_number": "CLD-012",
    "under_18": "CLD-016",
    "duplicate_row": "CLD-008",
    "negative_cost": "CLD-078",
    "wrong_event_type_field": "CLD-050.{field}",
}
MISSING_FIELD_RULES = {
    "la_person_unique_identifier": "CLD-013",
    "date_of_birth": "CLD-015",
    "event_start_date": "CLD-041",
}


def expected_rule(kind: str, field: str) -> str:
    """The rule id that must report a defect of this kind on this field."""
    if kind == "missing_mandatory":
        return MISSING_FIELD_RULES.get(field, f"CLD-022.{field}")
    return EXPECTED_RULES[kind].format(field=field)


def test_every_injected_defect_is_reported_under_its_rule(
    build: Build, warehouse: duckdb.DuckDBPyConnection
) -> None:
    reported = {
        (row[0], row[1], row[2])
        for row in warehouse.execute(
            "select submission_id, line_number, rule_id from marts.dq_failures"
        ).fetchall()
    }
    misses = [
        f"{defect['file_name']} line {defect['line_number']} "
        f"({defect['defect_kind']} on {defect['field']}): no "
        f"{expected_rule(defect['defect_kind'], defect['field'])} failure"
        for defect in build.defects
        if (
            defect["file_name"],
            int(defect["line_number"]),
            expected_rule(defect["defect_kind"], defect["field"]),
        )
        not in reported
    ]
    assert not misses, "defects missing from dq_failures:\n" + "\n".join(misses)


def test_dq_failures_never_show_identifiers(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    shown = warehouse.execute(
        "select distinct field_name from marts.dq_failures"
        " where field_name in ('nhs_number', 'la_person_unique_identifier',"
        " 'first_name', 'last_name', 'date_of_birth', 'postcode')"
        " and offending_value <> 'withheld: identifier'"
    ).fetchall()
    assert shown == []


def test_marts_carry_no_identifiers(warehouse: duckdb.DuckDBPyConnection) -> None:
    columns = warehouse.execute(
        "select table_name, column_name from information_schema.columns"
        " where table_schema = 'marts'"
    ).fetchall()
    assert columns, "schema marts has no tables"
    leaks = sorted(
        f"marts.{table}.{column}"
        for table, column in columns
        if column.lower() in IDENTIFIER_COLUMNS
    )
    assert not leaks, f"identifiers in marts: {leaks}"


def header_columns() -> dict[str, str]:
    """Canonical column name of every header spelling in the alias seed."""
    return {
        alias["header_label"]: alias["column_name"]
        for alias in read_csv(HEADER_ALIASES)
    }


def clean_lines(
    path: Path, defective: set[RowKey]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {canonical column: cell}) of the file's rows without defects."""
    aliases = header_columns()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        columns = [aliases[header] for header in next(reader)]
        for line_number, cells in enumerate(reader, start=2):
            if (path.name, line_number) not in defective:
                yield line_number, dict(zip(columns, cells, strict=True))


def test_clean_coded_values_are_staged_as_written(
    build: Build, staged_rows: dict[RowKey, StagedRow]
) -> None:
    defective = {
        (defect["file_name"], int(defect["line_number"])) for defect in build.defects
    }
    compared = 0
    mismatches = []
    for entry in build.manifest:
        path = build.landing / entry["file_name"]
        lines = clean_lines(path, defective)
        for _, (line_number, cells) in zip(
            range(CLEAN_ROWS_PER_FILE), lines, strict=False
        ):
            row = staged_rows.get((path.name, line_number))
            if row is None:
                mismatches.append(f"{path.name} line {line_number}: no staged row")
                continue
            for field in CLEAN_ROW_FIELDS:
                if not cells[field]:
                    continue
                compared += 1
                staged = (row[f"{field}_raw"], row[f"{field}_match"])
                if staged != (cells[field], "exact"):
                    mismatches.append(
                        f"{path.name} line {line_number} {field}: file has "
                        f"{cells[field]!r}, staged (raw, match) = {staged!r}"
                    )
    assert compared >= len(build.manifest) * CLEAN_ROWS_PER_FILE
    assert not mismatches, "clean values changed in staging:\n" + "\n".join(mismatches)
