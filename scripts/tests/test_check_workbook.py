"""The check's workbook holds values only, whatever the submitted text is."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from submission_check.figures import (
    FIGURE_TABLES,
    MAX_SHEET_ROWS,
    CouncilFigures,
    FigureRows,
    write_workbook,
)


def test_submitted_text_never_becomes_a_formula_or_breaks_the_file(
    tmp_path: Path,
) -> None:
    failures = tmp_path / "failures.csv"
    failures.write_text(
        "submission_id,line_number,offending_value\n"
        'x.csv,2,"=HYPERLINK(""http://example.org"")"\n'
        "x.csv,3,bad\x1achar\n",
        encoding="utf-8",
    )
    figures = CouncilFigures(
        "2024-10-01 to 2025-09-30",
        [FigureRows(FIGURE_TABLES[0], [(("18 to 64", "route", "sequel"), (3.0,))])],
    )
    path = tmp_path / "report.xlsx"
    write_workbook(figures, failures, path, "x.csv")
    workbook = openpyxl.load_workbook(path)
    cells = [cell for row in workbook["Failures"].iter_rows() for cell in row]
    assert {cell.data_type for cell in cells} == {"s"}
    values = [cell.value for cell in cells]
    assert '=HYPERLINK("http://example.org")' in values
    assert "badchar" in values
    assert [cell.value for cell in workbook["STS001"][2]] == [
        "18 to 64",
        "route",
        "sequel",
        3,
    ]


def test_the_failures_sheet_stops_at_its_cap(tmp_path: Path) -> None:
    failures = tmp_path / "failures.csv"
    lines = ["submission_id,line_number"]
    lines += [f"x.csv,{number}" for number in range(MAX_SHEET_ROWS + 5)]
    failures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "report.xlsx"
    write_workbook(CouncilFigures("p"), failures, path, "x.csv")
    sheet = openpyxl.load_workbook(path, read_only=True)["Failures"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == MAX_SHEET_ROWS + 2
    assert "failures.csv has them all" in str(rows[-1][0])
