"""End to end: `dbt build` quarantines unreadable landed files and loads the rest.

A clean generated sample lands beside one bad file of each kind the warehouse
recognises (see ``base_cld__file_checks``), each derived from a generated file,
and two valid files in unusual shapes (a line break inside quotes, carriage-return
line endings). The build must still succeed; every bad file must be quarantined
with its reason and contribute no staged rows, and every good file must load
whole. dbt runs once for the whole module.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_staging_integration import dbt_build, fetch_dicts, generate, read_csv

pytestmark = pytest.mark.integration

GENERATOR_ARGS = (
    "--councils", "2",
    "--people", "40",
    "--quarters", "1",
    "--header-style", "snake",
    "--vocabulary", "r1",
    "--seed", "3",
    "--quiet",
)  # fmt: skip

HEADER_COLUMNS = 50
# Data lines of the ragged file (header = line 1) that lose and gain a field.
SHORT_LINE = 4
LONG_LINE = 7
MISSING_COLUMNS = ("event_type", "event_start_date")
BINARY_BYTES = 2_000
BINARY_SEED = 11
# Data line (header = line 1) given a NUL byte, and one whose last field opens a
# quote that a later line's quote closes.
NUL_LINE = 5
STRAY_QUOTE_LINE = 6
# Header fields of the too-wide file: past dbt var max_csv_columns (64).
WIDE_HEADER_FIELDS = 70
# Data line (header = line 1) whose GP practice name holds a line break.
MULTI_LINE_RECORD_LINE = 3

Table = list[list[str]]


@dataclass(frozen=True)
class BadFile:
    """A landed file the warehouse must quarantine, and what its reason must say."""

    file_name: str
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Build:
    """A landing folder of good and bad files and the warehouse dbt built from it."""

    database: Path
    manifest: list[dict[str, str]]
    bad_files: dict[str, BadFile]
    odd_good_files: dict[str, OddGoodFile]


def read_table(path: Path) -> Table:
    """Header and data lines of a CSV file as lists of fields."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def write_table(path: Path, table: Table, delimiter: str = ",") -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(table)


def column_index(header: list[str], column_name: str) -> int:
    """Position (0-based) of a snake-case header, ignoring case."""
    return [label.lower() for label in header].index(column_name)


def write_semicolon_delimited(path: Path, table: Table) -> tuple[str, ...]:
    write_table(path, table, delimiter=";")
    return ("semicolons as delimiter",)


def write_ragged(path: Path, table: Table) -> tuple[str, ...]:
    """One line a field short, a later one a field long; the first is reported."""
    ragged = [list(row) for row in table]
    ragged[SHORT_LINE - 1] = ragged[SHORT_LINE - 1][:-1]
    ragged[LONG_LINE - 1] = [*ragged[LONG_LINE - 1], "extra"]
    write_table(path, ragged)
    first_ragged_line = min(SHORT_LINE, LONG_LINE)
    return (
        f"line {first_ragged_line}:",
        f"fields where the header has {HEADER_COLUMNS}",
    )


def write_missing_required_columns(path: Path, table: Table) -> tuple[str, ...]:
    dropped = {column_index(table[0], column) for column in MISSING_COLUMNS}
    write_table(
        path,
        [[cell for i, cell in enumerate(row) if i not in dropped] for row in table],
    )
    return ("required columns missing: " + ", ".join(MISSING_COLUMNS),)


def write_duplicated_header(path: Path, table: Table) -> tuple[str, ...]:
    gender = column_index(table[0], "gender")
    header, *rows = table
    write_table(
        path, [[*header, header[gender]], *[[*row, row[gender]] for row in rows]]
    )
    return ("names a column already at column",)


def write_utf16(path: Path, table: Table) -> tuple[str, ...]:
    with path.open("w", newline="", encoding="utf-16") as handle:
        csv.writer(handle).writerows(table)
    assert b"\x00" in path.read_bytes()
    return ("not text in UTF-8 or Windows-1252",)


def write_empty(path: Path, _: Table) -> tuple[str, ...]:
    path.write_bytes(b"")
    return ("empty file",)


def write_binary(path: Path, _: Table) -> tuple[str, ...]:
    noise = random.Random(BINARY_SEED).randbytes(BINARY_BYTES)
    assert b"\x00" in noise, "pick a seed whose bytes include NUL"
    path.write_bytes(noise)
    return ("not text in UTF-8 or Windows-1252",)


def write_nul_byte(path: Path, table: Table) -> tuple[str, ...]:
    lines = csv_text(table).split("\n")
    lines[NUL_LINE - 1] = lines[NUL_LINE - 1].replace(",", ",\x00", 1)
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    return (f"line {NUL_LINE}: not text in UTF-8 or Windows-1252",)


def write_header_only(path: Path, table: Table) -> tuple[str, ...]:
    write_table(path, table[:1])
    return ("no data rows: the file holds a header only",)


def write_too_wide(path: Path, table: Table) -> tuple[str, ...]:
    extra = WIDE_HEADER_FIELDS - HEADER_COLUMNS
    header, *rows = table
    write_table(
        path,
        [
            [*header, *(f"local_extra_{i}" for i in range(extra))],
            *([*row, *[""] * extra] for row in rows),
        ],
    )
    return (f"line 1: the header has {WIDE_HEADER_FIELDS} fields, more than the 64",)


def open_quote_in_last_field(table: Table, line_number: int) -> str:
    """The table as CSV text with a quote opening line ``line_number``'s last field."""
    lines = csv_text(table).split("\n")
    line = lines[line_number - 1]
    cut = line.rindex(",") + 1
    lines[line_number - 1] = line[:cut] + '"' + line[cut:]
    return "\n".join(lines)


def write_stray_quote(path: Path, table: Table) -> tuple[str, ...]:
    """The quote runs to the next quote, lines later: a long, ragged record."""
    text = open_quote_in_last_field(table, STRAY_QUOTE_LINE)
    path.write_text(text, encoding="utf-8", newline="")
    return (f"line {STRAY_QUOTE_LINE}: ", "inside a quoted field")


def write_unclosed_quote(path: Path, table: Table) -> tuple[str, ...]:
    """A quote opened on the last line has nothing left to close it."""
    last_line = len(table)
    text = open_quote_in_last_field(table, last_line)
    path.write_text(text, encoding="utf-8", newline="")
    return (f"line {last_line}: a quoted field opened in this record is never closed",)


def csv_text(table: Table) -> str:
    """The table as CSV text with line-feed endings, as Python's csv writes it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue()


# Per kind of bad file: its name in the landing folder and the writer, which
# returns the texts the quarantine reason must contain.
BAD_FILE_WRITERS: dict[str, tuple[str, Callable[[Path, Table], tuple[str, ...]]]] = {
    "semicolon": ("bad_semicolon_delimited.csv", write_semicolon_delimited),
    "ragged": ("bad_ragged_lines.csv", write_ragged),
    "missing": ("bad_missing_event_columns.csv", write_missing_required_columns),
    "duplicated": ("bad_duplicated_gender_header.csv", write_duplicated_header),
    "utf16": ("bad_utf16_encoded.csv", write_utf16),
    "empty": ("bad_empty.csv", write_empty),
    "binary": ("bad_random_binary.csv", write_binary),
    "nul": ("bad_nul_byte.csv", write_nul_byte),
    "header_only": ("bad_header_only.csv", write_header_only),
    "too_wide": ("bad_too_wide_header.csv", write_too_wide),
    "stray_quote": ("bad_stray_quote.csv", write_stray_quote),
    "unclosed_quote": ("bad_unclosed_quote.csv", write_unclosed_quote),
}


@dataclass(frozen=True)
class OddGoodFile:
    """A valid file in an unusual shape, copied from a generated one, that loads."""

    file_name: str
    source_name: str
    data_rows: int


def write_multi_line_record(path: Path, table: Table) -> None:
    """An Excel Alt-Enter: a line break inside a quoted GP practice name."""
    practice = column_index(table[0], "gp_practice_name")
    rows = [list(row) for row in table]
    rows[MULTI_LINE_RECORD_LINE - 1][practice] = "Hexham Medical\nCentre"
    path.write_text(csv_text(rows), encoding="utf-8", newline="")


def write_cr_line_endings(path: Path, table: Table) -> None:
    """Old Mac line endings: carriage returns and no line feeds."""
    path.write_text(csv_text(table).replace("\n", "\r"), encoding="utf-8", newline="")


ODD_GOOD_FILE_WRITERS: dict[str, tuple[str, Callable[[Path, Table], None]]] = {
    "multi_line": ("odd_multi_line_record.csv", write_multi_line_record),
    "cr_only": ("odd_cr_line_endings.csv", write_cr_line_endings),
}


def land_odd_good_files(landing: Path, source: Path) -> dict[str, OddGoodFile]:
    table = read_table(source)
    odd_files = {}
    for kind, (file_name, write) in ODD_GOOD_FILE_WRITERS.items():
        write(landing / file_name, table)
        odd_files[kind] = OddGoodFile(file_name, source.name, len(table) - 1)
    return odd_files


def land_bad_files(landing: Path, source: Path) -> dict[str, BadFile]:
    """Write one bad file of each kind, derived from ``source``, into ``landing``."""
    table = read_table(source)
    assert len(table[0]) == HEADER_COLUMNS
    assert len(table) > max(SHORT_LINE, LONG_LINE), f"{source.name} is too short"
    bad_files = {}
    for kind, (file_name, write) in BAD_FILE_WRITERS.items():
        bad_files[kind] = BadFile(file_name, write(landing / file_name, table))
    return bad_files


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work = tmp_path_factory.mktemp("quarantine_integration")
    landing = work / "landing"
    database = work / "warehouse.duckdb"
    generate(landing, GENERATOR_ARGS)
    manifest = read_csv(landing / "_meta" / "manifest.csv")
    bad_files = land_bad_files(landing, landing / manifest[0]["file_name"])
    odd_good_files = land_odd_good_files(landing, landing / manifest[1]["file_name"])
    # Unit tests read no landed file (the main build runs them): skipped here.
    dbt_build(landing, database, work, ["--exclude-resource-type", "unit_test"])
    return Build(database, manifest, bad_files, odd_good_files)


@pytest.fixture(scope="module")
def warehouse(build: Build) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(build.database), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def submissions(warehouse: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    rows = fetch_dicts(warehouse, "select * from marts.dim_submissions")
    by_id = {row["submission_id"]: row for row in rows}
    assert len(by_id) == len(rows), "dim_submissions repeats a submission_id"
    return by_id


def test_every_landed_file_is_a_submission(
    build: Build, submissions: dict[str, dict[str, Any]]
) -> None:
    good = {entry["file_name"] for entry in build.manifest}
    bad = {bad_file.file_name for bad_file in build.bad_files.values()}
    odd = {odd_file.file_name for odd_file in build.odd_good_files.values()}
    assert submissions.keys() == good | bad | odd


@pytest.mark.parametrize("kind", list(BAD_FILE_WRITERS))
def test_bad_file_is_quarantined_with_its_reason(
    kind: str, build: Build, submissions: dict[str, dict[str, Any]]
) -> None:
    bad_file = build.bad_files[kind]
    row = submissions.get(bad_file.file_name)
    assert row is not None, f"{bad_file.file_name} is not in dim_submissions"
    summary = {column: row[column] for column in ("status", "rows_staged")}
    assert summary == {"status": "quarantined", "rows_staged": 0}, row
    reason = row["quarantine_reason"] or ""
    assert reason.startswith(f"{bad_file.file_name}: "), reason
    missing = [finding for finding in bad_file.findings if finding not in reason]
    assert not missing, f"reason {reason!r} lacks {missing}"


def test_good_files_load_whole(
    build: Build, submissions: dict[str, dict[str, Any]]
) -> None:
    mismatches = []
    for entry in build.manifest:
        row = submissions[entry["file_name"]]
        expected = {
            "status": "loaded",
            "quarantine_reason": None,
            "rows_staged": int(entry["data_rows"]),
            "rows_quarantined": 0,
        }
        actual = {column: row[column] for column in expected}
        if actual != expected:
            mismatches.append(f"{entry['file_name']}: {actual} != {expected}")
    assert not mismatches, "good files not loaded whole:\n" + "\n".join(mismatches)


def test_staging_holds_exactly_the_good_files_rows(
    build: Build, warehouse: duckdb.DuckDBPyConnection
) -> None:
    staged = dict(
        warehouse.execute(
            "select submission_id, count(*) from staging.stg_cld__submission_rows"
            " group by 1"
        ).fetchall()
    )
    expected = {entry["file_name"]: int(entry["data_rows"]) for entry in build.manifest}
    for odd_file in build.odd_good_files.values():
        expected[odd_file.file_name] = odd_file.data_rows
    assert staged == expected


@pytest.mark.parametrize("kind", list(ODD_GOOD_FILE_WRITERS))
def test_odd_but_valid_file_loads_whole(
    kind: str, build: Build, submissions: dict[str, dict[str, Any]]
) -> None:
    odd_file = build.odd_good_files[kind]
    row = submissions[odd_file.file_name]
    summary = {column: row[column] for column in ("status", "rows_staged")}
    assert summary == {"status": "loaded", "rows_staged": odd_file.data_rows}, row


def test_line_break_in_quotes_stays_in_its_field(
    build: Build, warehouse: duckdb.DuckDBPyConnection
) -> None:
    # Staged rows keep their record number and the line where each starts: the
    # record after the two-line one starts a line later than its number.
    file_name = build.odd_good_files["multi_line"].file_name
    rows = warehouse.execute(
        "select record_number, line_number, gp_practice_name"
        " from staging.stg_cld__submission_rows where submission_id = ?"
        " and record_number between ? and ? order by record_number",
        [file_name, MULTI_LINE_RECORD_LINE, MULTI_LINE_RECORD_LINE + 1],
    ).fetchall()
    assert rows[0] == (
        MULTI_LINE_RECORD_LINE,
        MULTI_LINE_RECORD_LINE,
        "Hexham Medical\nCentre",
    )
    assert rows[1][:2] == (MULTI_LINE_RECORD_LINE + 1, MULTI_LINE_RECORD_LINE + 2)


def test_clean_generated_files_break_no_error_rule(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    # The bad files are quarantined; the file-level rules rightly report them.
    errors = warehouse.execute(
        "select rule_id, submission_id, line_number, offending_value"
        " from marts.dq_failures where severity = 'error' and submission_id in"
        " (select submission_id from marts.dim_submissions where status = 'loaded')"
        " order by 1, 2, 3 limit 20"
    ).fetchall()
    assert errors == [], f"a clean generated file breaks error rules: {errors}"
