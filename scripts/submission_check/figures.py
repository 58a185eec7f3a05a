"""The council's own figures from the check's warehouse: tables, changes, Excel.

The check builds the warehouse's own models on the one file (dbt_run.py), so
these are the central build's SALT tables, ASCOF measures, waiting times,
activity and costs for that council, read from its marts. They are
unsuppressed counts about the council's own people: for the council, not for
publication. The workbook holds values, not formulas, and no identifier.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import duckdb
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from submission_check.drivers import TableDrivers, lines_text

# A change is highlighted when both are at least this large.
LARGE_CHANGE_SHARE: Final = 0.25
LARGE_CHANGE_COUNT: Final = 10
# Rows of the workbook's Failures and Changed rows sheets (failures.csv keeps
# every failure; Excel holds at most 1,048,576 rows a sheet).
MAX_SHEET_ROWS: Final = 100_000


@dataclass(frozen=True)
class FigureTable:
    """A statistics table as the check shows it: its rows' labels and values."""

    sheet: str
    relation: str
    title: str
    labels: tuple[str, ...]
    values: tuple[str, ...]
    where: str = "la_code is not null"
    # The report's chart: the value summed by the x label (and series label),
    # over the rows whose labels match `chart_rows`.
    chart_x: str = ""
    chart_series: str = ""
    chart_rows: tuple[tuple[str, str], ...] = ()

    @property
    def chart_label(self) -> str:
        """The label the chart's x axis shows: the table's last by default."""
        return self.chart_x or self.labels[-1]


FIGURE_TABLES: Final = (
    FigureTable(
        "STS001",
        "marts.salt_sts001",
        "SALT STS001: requests for support from new clients, by what followed",
        ("age_band", "route_of_access", "sequel"),
        ("request_count",),
    ),
    FigureTable(
        "STS002a",
        "marts.salt_sts002a",
        "SALT STS002a: new clients' short-term support to maximise independence",
        ("age_band", "sequel", "breakdown", "breakdown_value"),
        ("episode_count",),
    ),
    FigureTable(
        "STS002b",
        "marts.salt_sts002b",
        "SALT STS002b: existing clients' short-term support to maximise independence",
        ("age_band", "sequel"),
        ("episode_count",),
    ),
    FigureTable(
        "LTS001a",
        "marts.salt_lts001a",
        "SALT LTS001a: people receiving long-term support during the year",
        ("age_band", "primary_support_reason", "setting"),
        ("people_count",),
    ),
    FigureTable(
        "LTS001b",
        "marts.salt_lts001b",
        "SALT LTS001b: people receiving long-term support at the year end",
        ("table_part", "age_band", "breakdown", "breakdown_value", "setting"),
        ("people_count",),
    ),
    FigureTable(
        "LTS001c",
        "marts.salt_lts001c",
        "SALT LTS001c: people in long-term support for more than 12 months",
        ("age_band", "primary_support_reason", "setting"),
        ("people_count",),
    ),
    FigureTable(
        "LTS002a",
        "marts.salt_lts002a",
        "SALT LTS002a: planned and unplanned reviews of long-term support",
        ("age_band", "review_type", "support_setting", "sequel"),
        ("review_count",),
    ),
    FigureTable(
        "LTS002b",
        "marts.salt_lts002b",
        "SALT LTS002b: reviews of people in long-term support for over 12 months",
        ("age_band", "review_type", "support_setting", "sequel"),
        ("review_count",),
    ),
    FigureTable(
        "LTS003",
        "marts.salt_lts003",
        "SALT LTS003: carers supported, by the support provided",
        ("age_band", "support_provided"),
        ("carer_count",),
    ),
    FigureTable(
        "LTS004",
        "marts.salt_lts004",
        "SALT LTS004: accommodation and employment of people with learning disability",
        ("table_part", "gender", "status_group", "status"),
        ("people_count",),
    ),
    FigureTable(
        "ASCOF",
        "marts.ascof_measures",
        "ASCOF measures (1E, 2A, 2B, 2C, 2E, 3D)",
        ("measure_id", "measure_part", "breakdown"),
        ("measure_value", "numerator", "denominator"),
        chart_x="measure_id",
        chart_series="measure_part",
        chart_rows=(("breakdown", "Total"),),
    ),
    FigureTable(
        "Waits",
        "marts.waiting_times",
        "Waiting times: waits to first response and first service, by quarter",
        ("quarter_start_date", "metric", "age_band"),
        (
            "median_wait_days",
            "waits_count",
            "p75_wait_days",
            "p90_wait_days",
            "still_waiting_count",
        ),
        "area_type = 'council'",
        chart_x="quarter_start_date",
        chart_series="metric",
        chart_rows=(("age_band", "65 and above"),),
    ),
    FigureTable(
        "Activity",
        "marts.activity_counts",
        "Activity by financial quarter: events and people",
        ("period_label", "activity"),
        ("started_event_count", "ended_event_count", "event_count", "people_count"),
        "area_type = 'council' and period_type = 'quarter' and breakdown = 'total'",
        chart_x="period_label",
        chart_series="activity",
    ),
    FigureTable(
        "Costs",
        "marts.activity_costs",
        "Planned service costs in the period's last quarter, by service type",
        ("breakdown", "breakdown_value"),
        (
            "full_year_equivalent_cost",
            "service_count",
            "people_count",
            "cost_in_window",
            "average_weekly_cost_per_person",
            "not_costed_no_unit_cost_count",
        ),
        "area_type = 'council' and breakdown in ('total', 'service_type')",
        chart_rows=(("breakdown", "service_type"),),
    ),
)


@dataclass
class FigureRows:
    """One table's rows: labels and values, and the previous file's values."""

    table: FigureTable
    rows: list[tuple[tuple[str, ...], tuple[float | None, ...]]]
    previous: dict[tuple[str, ...], tuple[float | None, ...]] | None = None

    def previous_of(self, labels: tuple[str, ...]) -> tuple[float | None, ...]:
        """The previous file's values of a row (None where it had no such row)."""
        missing = tuple(None for _ in self.table.values)
        if self.previous is None:
            return missing
        return self.previous.get(labels, missing)


@dataclass
class CouncilFigures:
    """Every table of the council's figures, and the period they are for."""

    period: str
    tables: list[FigureRows] = field(default_factory=list)


def number(value: Any) -> float | None:
    """A mart value as a number (dates and labels never reach here)."""
    return None if value is None else float(value)


def read_figures(database: Path) -> CouncilFigures:
    """The council's figures from the check's DuckDB file."""
    with duckdb.connect(str(database), read_only=True) as connection:
        period_row = connection.execute(
            "select period_start_date, period_end_date"
            " from intermediate.int_reporting_periods"
        ).fetchone()
        period = f"{period_row[0]} to {period_row[1]}" if period_row else "unknown"
        figures = CouncilFigures(period)
        for table in FIGURE_TABLES:
            labels = ", ".join(f"cast({label} as varchar)" for label in table.labels)
            values = ", ".join(table.values)
            found = connection.execute(
                f"select {labels}, {values} from {table.relation}"
                f" where {table.where} order by {labels}"
            ).fetchall()
            width = len(table.labels)
            figures.tables.append(
                FigureRows(
                    table,
                    [
                        (
                            tuple(str(cell) for cell in row[:width]),
                            tuple(number(cell) for cell in row[width:]),
                        )
                        for row in found
                    ],
                )
            )
    return figures


def chart_points(rows: FigureRows) -> dict[str, dict[str, float]]:
    """The chart of a table: per series, the first value summed by x label."""
    table = rows.table
    position = {label: index for index, label in enumerate(table.labels)}
    points: dict[str, dict[str, float]] = {}
    for labels, values in rows.rows:
        if any(labels[position[name]] != wanted for name, wanted in table.chart_rows):
            continue
        series = labels[position[table.chart_series]] if table.chart_series else ""
        x = labels[position[table.chart_label]]
        line = points.setdefault(series, {})
        line[x] = line.get(x, 0.0) + (values[0] or 0.0)
    return points


def add_previous(current: CouncilFigures, previous: CouncilFigures) -> None:
    """Set each table's previous values from the previous file's figures."""
    by_sheet = {rows.table.sheet: rows for rows in previous.tables}
    for rows in current.tables:
        earlier = by_sheet.get(rows.table.sheet)
        rows.previous = dict(earlier.rows) if earlier else {}


def change(
    current: float | None, previous: float | None
) -> tuple[float | None, float | None]:
    """Change and percent change from the previous value."""
    if current is None or previous is None:
        return None, None
    difference = current - previous
    share = None if previous == 0 else 100 * difference / previous
    return difference, share


def is_large(current: float | None, previous: float | None) -> bool:
    """Whether a change is worth a look: large both in count and in share."""
    difference, share = change(current, previous)
    if difference is None:
        return False
    relative = abs(share) / 100 if share is not None else 1.0
    return abs(difference) >= LARGE_CHANGE_COUNT and relative >= LARGE_CHANGE_SHARE


def text_cell(sheet: Any, value: Any, bold: bool = False) -> Any:
    """A cell of a write-only sheet: text always as text, never as a formula.

    Submitted values reach the Failures sheet: one starting with '=' must not
    become a live formula, and characters Excel cannot hold are dropped.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_drivers_sheet(workbook: Workbook, drivers: list[TableDrivers]) -> None:
    """The sheet of every person behind a change: before, now, lines."""
    sheet = workbook.create_sheet("Changed rows")
    headings = (
        "table",
        "counted unit",
        "counted before (previous file)",
        "counted now",
        "lines in this file",
        "lines in the previous file",
    )
    sheet.append([text_cell(sheet, heading, bold=True) for heading in headings])
    written = 0
    for table in drivers:
        for driver in table.drivers:
            written += 1
            if written > MAX_SHEET_ROWS:
                note = f"Only the first {MAX_SHEET_ROWS:,} people are here."
                sheet.append([text_cell(sheet, note, bold=True)])
                return
            cells = (
                table.sheet,
                table.unit,
                "; ".join(driver.before),
                "; ".join(driver.now),
                lines_text(driver.lines_now, limit=None),
                lines_text(driver.lines_before, limit=None),
            )
            sheet.append([text_cell(sheet, cell) for cell in cells])


def write_workbook(
    figures: CouncilFigures,
    failures_csv: Path,
    path: Path,
    file_name: str,
    drivers: list[TableDrivers] | None = None,
) -> None:
    """An Excel workbook: one sheet per table (values), failures by line.

    With a previous file, also the people behind the changes ('Changed rows').
    """
    workbook = Workbook(write_only=True)
    about = workbook.create_sheet("About")
    for number, text in enumerate(
        (
            f"CLD pre-submission check of {file_name}",
            f"Reporting period: {figures.period}",
            "These are the council's own figures, not suppressed: do not publish"
            " them as they are.",
            "No NHS number, name, date of birth or postcode is in this workbook.",
            "Each sheet is one table, named by its id; values, not formulas.",
        )
    ):
        about.append([text_cell(about, text, bold=number == 0)])
    for rows in figures.tables:
        sheet = workbook.create_sheet(rows.table.sheet)
        headings = [*rows.table.labels, *rows.table.values]
        if rows.previous is not None:
            headings += [f"previous {value}" for value in rows.table.values]
            headings += [f"change in {value}" for value in rows.table.values]
        sheet.append([text_cell(sheet, heading, bold=True) for heading in headings])
        for labels, values in rows.rows:
            cells: list[Any] = [*labels, *values]
            if rows.previous is not None:
                earlier = rows.previous_of(labels)
                cells += list(earlier)
                cells += [
                    change(now, then)[0]
                    for now, then in zip(values, earlier, strict=True)
                ]
            sheet.append([text_cell(sheet, cell) for cell in cells])
    if drivers is not None:
        write_drivers_sheet(workbook, drivers)
    failures = workbook.create_sheet("Failures")
    if failures_csv.exists():
        with failures_csv.open(newline="", encoding="utf-8") as handle:
            for number, record in enumerate(csv.reader(handle)):
                if number > MAX_SHEET_ROWS:
                    failures.append(
                        [
                            text_cell(
                                failures,
                                f"Only the first {MAX_SHEET_ROWS:,} failures are"
                                " here; failures.csv has them all.",
                                bold=True,
                            )
                        ]
                    )
                    break
                failures.append(
                    [text_cell(failures, value, bold=number == 0) for value in record]
                )
    workbook.save(path)
