"""Checks on the fixture warehouse the test command builds (landing edge cases).

`python3 scripts/warehouse.py test` builds tests/fixtures/landing into a DuckDB
file and passes its path as CLD_TEST_DUCKDB_PATH; outside that job these tests
are skipped.
"""

from __future__ import annotations

import duckdb
import pytest

WINDOWS_1252_FILE = "lincolnshire_export_windows1252.csv"


@pytest.fixture(scope="module")
def warehouse(
    fixture_warehouse: duckdb.DuckDBPyConnection,
) -> duckdb.DuckDBPyConnection:
    return fixture_warehouse


def test_windows_1252_file_is_decoded(warehouse: duckdb.DuckDBPyConnection) -> None:
    submission = warehouse.execute(
        "select file_encoding, header_style, rows_read, rows_staged"
        " from marts.dim_submissions where submission_id = ?",
        [WINDOWS_1252_FILE],
    ).fetchall()
    assert submission == [("windows-1252", "dscro", 3, 3)]
    rows = warehouse.execute(
        "select line_number, first_name, last_name, event_description,"
        " autism_spectrum_disorder_asd_raw"
        " from staging.stg_cld__submission_rows where submission_id = ?"
        " order by line_number",
        [WINDOWS_1252_FILE],
    ).fetchall()
    assert rows[0][1:] == (
        "Siobhán",
        "O\u2019Brien",
        "Caller said \u201curgent\u201d \u2013 follow up",
        "Don't know",
    )


def test_long_quoted_field_survives_the_split(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    description = warehouse.execute(
        "select event_description from staging.stg_cld__submission_rows"
        " where submission_id = ? and line_number = 4",
        [WINDOWS_1252_FILE],
    ).fetchall()[0][0]
    written = ('Long note, with commas and "quotes"; ' * 140)[:5000]
    assert description == written.strip()  # staging trims values


def test_blank_council_code_is_flagged(warehouse: duckdb.DuckDBPyConnection) -> None:
    missing = warehouse.execute(
        "select missing_mandatory_fields from staging.stg_cld__submission_rows"
        " where submission_id = ? and line_number = 3",
        [WINDOWS_1252_FILE],
    ).fetchall()[0][0]
    assert missing.split() == ["la_code"]
