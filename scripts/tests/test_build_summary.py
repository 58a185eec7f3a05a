"""The build summary: what the fixture build found, said in a few lines."""

from __future__ import annotations

import json
import os
from pathlib import Path

import build_summary
import duckdb
import pytest


@pytest.fixture(scope="module")
def fixture_build() -> Path:
    """The DuckDB file the test command builds from tests/fixtures/landing."""
    path = os.environ.get("CLD_TEST_DUCKDB_PATH")
    if not path or not Path(path).exists():
        pytest.skip("CLD_TEST_DUCKDB_PATH not set: run scripts/warehouse.py test")
    return Path(path)


def test_files_and_rows_are_those_of_the_submission_register(
    fixture_build: Path,
) -> None:
    summary = build_summary.summarise(fixture_build, {"dbt build": 1.0}, {})
    with duckdb.connect(str(fixture_build), read_only=True) as connection:
        statuses = dict(
            connection.execute(
                "select status, count(*) from marts.dim_submissions group by 1"
            ).fetchall()
        )
        set_aside = connection.execute(
            "select count(*) from marts.dim_submissions where status <> 'loaded'"
        ).fetchone()
    assert summary.files == statuses
    assert summary.files["quarantined"] >= 1  # the fixtures hold a misnamed file
    assert set_aside == (len(summary.set_aside),)
    assert all(item["reason"] for item in summary.set_aside)
    assert summary.rows["staged"] + summary.rows["quarantined"] <= summary.rows["read"]
    assert 0 < len(summary.top_rules) <= build_summary.TOP_RULES
    failed = [rule["rows_failed"] for rule in summary.top_rules]
    assert failed == sorted(failed, reverse=True)


def test_england_figures_agree_with_the_published_england_rows(
    fixture_build: Path,
) -> None:
    summary = build_summary.summarise(fixture_build, {}, {})
    with duckdb.connect(str(fixture_build), read_only=True) as connection:
        # Published England cells are rounded to the base, each by at most half.
        shown, cells = connection.execute(
            "select sum(request_count), count(*) from marts.salt_sts001_published"
            " where area_type = 'england' and not is_suppressed"
        ).fetchone() or (0, 0)
        suppressed = connection.execute(
            "select count(*) from marts.salt_sts001_published"
            " where area_type = 'england' and is_suppressed"
        ).fetchone()
    requests = summary.england["sts001_new_client_requests"]
    assert requests > 0
    if suppressed == (0,):
        assert abs(requests - shown) <= 2.5 * cells
    else:
        assert requests >= shown - 2.5 * cells
    assert summary.england["lts001a_people_long_term_support"] > 0
    assert 0 <= summary.england["ascof_2A_percent"] <= 100
    waits = summary.england["median_waits_latest_quarter"]
    assert {wait["metric"] for wait in waits} <= {
        "Wait to first response",
        "Wait to first service",
    }


def test_the_summary_reads_in_a_few_lines_and_writes_json(
    fixture_build: Path, tmp_path: Path
) -> None:
    output = tmp_path / "summary.json"
    code = build_summary.main(
        [
            "--duckdb",
            str(fixture_build),
            "--step=dbt build=12.5",
            "--step=published database=0.5",
            "--output=published database=warehouse/published.duckdb",
            "--json",
            str(output),
        ]
    )
    assert code == 0
    written = json.loads(output.read_text())
    assert written["steps"] == {"dbt build": 12.5, "published database": 0.5}
    text = build_summary.formatted(build_summary.summarise(fixture_build, {}, {}))
    assert len(text.splitlines()) < 40
    for item in written["set_aside"]:
        assert item["file"] in text
