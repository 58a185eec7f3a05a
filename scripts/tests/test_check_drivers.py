"""The people behind the biggest changes: who is listed, in what order, and
that each table's units add up to its mart, cell by cell."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import duckdb
import openpyxl
import pytest
from submission_check.drivers import (
    UNIT_QUERIES,
    Units,
    find_drivers,
    lines_text,
    read_units,
    units_by_cell,
)
from submission_check.figures import (
    FIGURE_TABLES,
    CouncilFigures,
    FigureRows,
    write_workbook,
)

STS001 = next(table for table in FIGURE_TABLES if table.sheet == "STS001")
FILES = ("CLD_999_20251025.csv", "CLD_999_20250730.csv")
OLD_CELL = ("65 and above", "Community / Other route", "Ongoing Low Level Support")
NEW_CELL = ("65 and above", "Community / Other route", "Long Term Support")
OTHER_CELL = ("18 to 64", "Self-Funder", "Ongoing Low Level Support")


def units(rows: list[tuple[str, str, tuple[str, ...]]], lines: dict) -> Units:
    """A build's units of STS001 and the lines of its people."""
    found = Units()
    found.by_sheet["STS001"] = rows
    for person_id, by_file in lines.items():
        for file_id, numbers in by_file.items():
            found.lines[person_id][file_id].update(numbers)
    return found


def sts001(now: dict, before: dict) -> CouncilFigures:
    """Figures of STS001 alone, with the previous file's values."""
    rows = FigureRows(STS001, [(cell, (value,)) for cell, value in now.items()])
    rows.previous = {cell: (value,) for cell, value in before.items()}
    return CouncilFigures("p", [rows])


def test_people_in_the_most_changed_cells_come_first() -> None:
    previous = units(
        [
            ("moved", "request from 01/05/2025", OLD_CELL),
            ("gone", "request from 02/05/2025", OTHER_CELL),
            ("same", "request from 03/05/2025", OLD_CELL),
            ("redated", "request from 04/05/2025", OLD_CELL),
        ],
        {"moved": {FILES[1]: {7}}, "gone": {FILES[1]: {9, 10}}},
    )
    current = units(
        [
            ("moved", "request from 01/05/2025", NEW_CELL),
            ("same", "request from 03/05/2025", OLD_CELL),
            # the same cell on another date changes no figure
            ("redated", "request from 05/05/2025", OLD_CELL),
            ("new", "request from 06/05/2025", NEW_CELL),
        ],
        {"moved": {FILES[0]: {12, 13}}, "new": {FILES[0]: {40}}},
    )
    figures = sts001(
        {OLD_CELL: 2.0, NEW_CELL: 2.0, OTHER_CELL: 0.0},
        {OLD_CELL: 3.0, NEW_CELL: 0.0, OTHER_CELL: 1.0},
    )
    (table,) = find_drivers(current, previous, figures, FILES)
    assert table.sheet == "STS001"
    assert table.largest_change == 2.0
    # moved weighs 1 (old cell) + 2 (new cell); new 2; gone 1; redated is out
    assert [driver.weight for driver in table.drivers] == [3.0, 2.0, 1.0]
    moved, new, gone = table.drivers
    assert moved.before == (
        "request from 01/05/2025: 65 and above | Community / Other route"
        " | Ongoing Low Level Support",
    )
    assert moved.now[0].endswith("| Long Term Support")
    assert (moved.lines_now, moved.lines_before) == ((12, 13), (7,))
    assert (new.before, new.lines_now, new.lines_before) == ((), (40,), ())
    assert (gone.now, gone.lines_before) == ((), (9, 10))


def test_a_table_whose_figures_did_not_change_is_left_out() -> None:
    same = units([("a", "request from 01/05/2025", OLD_CELL)], {})
    figures = sts001({OLD_CELL: 1.0}, {OLD_CELL: 1.0})
    assert find_drivers(same, same, figures, FILES) == []


def test_lines_are_shortened_in_the_report_and_whole_in_the_workbook(
    tmp_path: Path,
) -> None:
    assert lines_text(()) == "none"
    assert lines_text(tuple(range(2, 12)), limit=3) == "2, 3, 4 and 7 more"
    assert lines_text((5, 6), limit=None) == "5, 6"
    previous = units([("a", "request from 01/05/2025", OLD_CELL)], {})
    current = units(
        [("a", "request from 01/05/2025", NEW_CELL)],
        {"a": {FILES[0]: set(range(2, 20))}},
    )
    figures = sts001({NEW_CELL: 1.0}, {OLD_CELL: 1.0})
    drivers = find_drivers(current, previous, figures, FILES)
    path = tmp_path / "report.xlsx"
    write_workbook(figures, tmp_path / "none.csv", path, FILES[0], drivers)
    sheet = openpyxl.load_workbook(path, read_only=True)["Changed rows"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "table"
    assert rows[1][:2] == ("STS001", "request")
    assert rows[1][4] == ", ".join(str(line) for line in range(2, 20))
    assert rows[1][5] == "none"


@pytest.mark.integration
def test_each_tables_units_add_up_to_its_mart_cell_by_cell() -> None:
    """The unit queries mirror the marts' filters and labels: on the fixture
    build, every council's units by cell equal the mart's counts."""
    path = os.environ.get("CLD_TEST_DUCKDB_PATH")
    if not path or not Path(path).exists():
        pytest.skip("CLD_TEST_DUCKDB_PATH not set: run scripts/warehouse.py test")
    found = read_units(Path(path))
    tables = {table.sheet: table for table in FIGURE_TABLES}
    counted = []
    with duckdb.connect(path, read_only=True) as connection:
        for query in UNIT_QUERIES:
            table = tables[query.sheet]
            labels = ", ".join(f"cast({label} as varchar)" for label in table.labels)
            marts: Counter[tuple[str, ...]] = Counter()
            for row in connection.execute(
                f"select {labels}, {table.values[0]} from {table.relation}"
                f" where {table.where}"
            ).fetchall():
                cell = query.cell_of(table.labels, tuple(row[:-1]))
                if cell is not None and row[-1]:
                    marts[cell] += row[-1]
            assert units_by_cell(found, query.sheet) == marts, query.sheet
            counted += [query.sheet] if marts else []
    # The fixtures have no existing client's ST-Max (STS002b); every other
    # table has units, so the equalities above are not of empty tables.
    assert len(counted) >= len(UNIT_QUERIES) - 1, counted


def test_a_cell_going_from_two_like_units_to_one_lists_the_person() -> None:
    review = ("a", "request from 01/05/2025", OLD_CELL)
    previous = units([review, review], {})
    current = units([review], {})
    figures = sts001({OLD_CELL: 1.0}, {OLD_CELL: 2.0})
    (table,) = find_drivers(current, previous, figures, FILES)
    (driver,) = table.drivers
    assert len(driver.before) == 1 and driver.now == ()
