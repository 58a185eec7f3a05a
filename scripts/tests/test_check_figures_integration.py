"""A council's own figures from the check equal the central build's, to the cell.

Runs scripts/check_submission.py on council 317's latest fixture file with its
previous one (as the central warehouse holds both) and compares every table of
the Excel workbook with that council's rows in the fixture build the test
command made (CLD_TEST_DUCKDB_PATH): the same models, so the same numbers. The
HTML report is then opened in headless Chromium.
"""

from __future__ import annotations

import os
from pathlib import Path

import check_submission
import duckdb
import openpyxl
import pytest
from playwright.sync_api import Browser
from submission_check.figures import FIGURE_TABLES

REPO_ROOT = Path(__file__).resolve().parents[2]
LANDING = REPO_ROOT / "tests" / "fixtures" / "landing"
COUNCIL = "317"
CURRENT = LANDING / "CLD_317_20251025.csv"
PREVIOUS = LANDING / "CLD_317_20250730.csv"


@pytest.fixture(scope="module")
def central() -> Path:
    """The fixture build of the test command."""
    path = os.environ.get("CLD_TEST_DUCKDB_PATH")
    if not path or not Path(path).exists():
        pytest.skip("CLD_TEST_DUCKDB_PATH not set: run scripts/warehouse.py test")
    return Path(path)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory, central: Path) -> Path:
    """The check's output folder for council 317's latest file."""
    output = tmp_path_factory.mktemp("check_317")
    code = check_submission.main(
        [str(CURRENT), "--previous", str(PREVIOUS), "--output-dir", str(output)]
    )
    assert code in {0, 1}, "the check did not finish"
    return output


def rounded(value: object) -> object:
    """A cell compared to 6 decimal places (workbook floats, mart decimals)."""
    return None if value is None else round(float(str(value)), 6)


@pytest.mark.integration
def test_every_workbook_table_equals_the_central_marts(
    checked: Path, central: Path
) -> None:
    workbook = openpyxl.load_workbook(checked / "report.xlsx", read_only=True)
    assert workbook.sheetnames[0] == "About"
    assert workbook.sheetnames[-1] == "Failures"
    with duckdb.connect(str(central), read_only=True) as connection:
        for table in FIGURE_TABLES:
            width = len(table.labels)
            rows = list(workbook[table.sheet].iter_rows(values_only=True))
            assert list(rows[0][: width + len(table.values)]) == [
                *table.labels,
                *table.values,
            ]
            book = {
                tuple(row[:width]): tuple(
                    rounded(cell) for cell in row[width : width + len(table.values)]
                )
                for row in rows[1:]
            }
            labels = ", ".join(f"cast({label} as varchar)" for label in table.labels)
            marts = {
                tuple(row[:width]): tuple(rounded(cell) for cell in row[width:])
                for row in connection.execute(
                    f"select {labels}, {', '.join(table.values)}"
                    f" from {table.relation} where {table.where} and la_code = ?",
                    [COUNCIL],
                ).fetchall()
            }
            assert marts, f"{table.sheet}: no central rows for council {COUNCIL}"
            assert book == marts, table.sheet


@pytest.mark.integration
def test_the_workbook_compares_with_the_previous_file(checked: Path) -> None:
    workbook = openpyxl.load_workbook(checked / "report.xlsx", read_only=True)
    headings = next(workbook["STS001"].iter_rows(values_only=True))
    assert "previous request_count" in headings
    assert "change in request_count" in headings
    failures = next(workbook["Failures"].iter_rows(values_only=True))
    assert "line_number" in failures
    changed = list(workbook["Changed rows"].iter_rows(values_only=True))
    assert changed[0][:2] == ("table", "counted unit")
    # council 317's fixture files differ: some people are counted differently
    assert {row[0] for row in changed[1:]} >= {"STS001", "LTS001a"}
    assert all(row[4] or row[5] for row in changed[1:]), "a person with no line"


@pytest.mark.integration
def test_the_report_draws_the_figures_in_a_browser(
    checked: Path, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    errors: list[str] = []
    external: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("file:", "data:", "blob:", "about:"))
            else external.append(request.url)
        ),
    )
    page.goto((checked / "report.html").as_uri())
    page.locator("#figures-STS001").wait_for()
    page.locator("[data-chart=STS001] .main-svg").first.wait_for(timeout=10_000)
    assert page.locator("[data-chart] .main-svg").count() >= 10
    text = page.locator("body").inner_text()
    assert "unsuppressed counts about your own people" in text
    assert f"Compared with the previous file {PREVIOUS.name}" in text
    assert "Rows behind the biggest changes" in text
    assert page.locator("#drivers-STS001 + table tbody tr").count() >= 1
    page.locator("#figures-STS001").scroll_into_view_if_needed()
    page.screenshot(
        path=str(REPO_ROOT / "warehouse" / "test-artefacts" / "check-figures.png")
    )
    assert errors == [] and external == []
