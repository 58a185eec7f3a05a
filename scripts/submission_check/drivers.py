"""The rows behind the biggest changes between a council's file and its previous one.

Each SALT table counts units (a request cluster, an ST-Max episode, a person,
a review, a carer) that the warehouse's intermediate models list one per row.
Here each unit is read with the cell it is counted in, from both check builds:
the file (with its previous file landed beside it) and the previous file
alone. A person whose units or cells differ between the two is behind the
change; the people in the cells that changed most come first, with the lines
of their rows in each file, so a data lead can open the file at those lines.

The queries read the intermediate models the marts read, with the marts'
filters and labels under the default method (the check passes no vars);
test_check_drivers.py keeps them honest: each query's units, counted by
cell, must equal its mart's cells. A person's lines are those of their
events (int_events_deduplicated: one line per event, the copy kept). People are
shown by their lines only: no identifier, not even the pseudonym, leaves the
warehouse.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import duckdb

if TYPE_CHECKING:  # figures.py imports this module to write the workbook
    from submission_check.figures import CouncilFigures, FigureRows

# The report lists this many tables, people a table and lines a file.
REPORT_TABLES: Final = 5
REPORT_PEOPLE: Final = 10
REPORT_LINES: Final = 8
CELL_SEPARATOR: Final = " | "

Cell = tuple[str, ...]

_PERIOD = "cross join intermediate.int_reporting_periods as periods"
_PEOPLE = (
    "left join intermediate.int_people_resolved as people"
    " on units.la_code = people.la_code and units.person_id = people.person_id"
)
_IS_ALIVE = "coalesce(people.date_of_death >= periods.period_start_date, true)"


def _working_age_band(age: str) -> str:
    """The marts' working-age band (macro working_age_band)."""
    return (
        f"case when {age} is null then 'Unknown' when {age} < 18 then 'Under 18'"
        f" when {age} <= 64 then '18 to 64' else '65 and above' end"
    )


def _carer_age_band(age: str) -> str:
    """LTS003's own age bands (salt_lts003.sql)."""
    return (
        f"case when {age} is null then 'Unknown' when {age} < 18 then 'Under 18'"
        f" when {age} <= 25 then '18 to 25' when {age} <= 64 then '26 to 64'"
        f" when {age} <= 84 then '65 to 84' else '85 and above' end"
    )


def _label(field_name: str, code: str, alias: str, missing: str) -> tuple[str, str]:
    """A join to a defined list's labels, and the label (or `missing`)."""
    join = (
        f"left join intermediate.int_defined_list_labels as {alias}"
        f" on {alias}.field_name = '{field_name}' and {alias}.code = {code}"
    )
    return join, f"coalesce({alias}.display_label, '{missing}')"


def _date(column: str) -> str:
    return f"strftime({column}, '%d/%m/%Y')"


def _select(detail: str, cells: list[str], source: str) -> str:
    """person_id, the unit's detail and its cell's labels (cell_1, cell_2, ...)."""
    columns = ", ".join(f"{cell} as cell_{n}" for n, cell in enumerate(cells, 1))
    return f"select units.person_id, {detail} as detail, {columns} {source}"


@dataclass(frozen=True)
class UnitQuery:
    """How one SALT table's units are read: one row per unit counted.

    `sql` selects person_id, a detail naming the unit and its cell's labels:
    the table's `cell_labels`, on the mart rows matching `rows`.
    """

    sheet: str
    unit: str
    sql: str
    cell_labels: tuple[str, ...]
    rows: tuple[tuple[str, str], ...] = ()

    def cell_of(self, table_labels: tuple[str, ...], labels: Cell) -> Cell | None:
        """A mart row's cell in this query's terms (None: not one of its rows)."""
        value = dict(zip(table_labels, labels, strict=True))
        if any(value[name] != wanted for name, wanted in self.rows):
            return None
        return tuple(value[name] for name in self.cell_labels)


def _requests() -> UnitQuery:
    join, route = _label(
        "request_route_of_access",
        "units.request_route_of_access_code",
        "routes",
        "Not recorded or invalid",
    )
    sql = _select(
        f"'request from ' || {_date('units.cluster_start_date')}",
        [_working_age_band("units.age_at_period_end"), route, "units.sequel"],
        f"from intermediate.int_request_sequels as units {_PERIOD} {_PEOPLE} {join}"
        " where units.is_in_period and units.is_new_client"
        f" and units.sequel is not null and {_IS_ALIVE}",
    )
    return UnitQuery(
        "STS001", "request", sql, ("age_band", "route_of_access", "sequel")
    )


def _st_max(sheet: str, client_condition: str) -> UnitQuery:
    sql = _select(
        f"'ST-Max from ' || {_date('units.cluster_start_date')}",
        [_working_age_band("units.age_at_period_end"), "units.sequel"],
        f"from intermediate.int_st_max_sequels as units {_PERIOD} {_PEOPLE}"
        f" where units.is_in_period and units.{client_condition}"
        f" and units.sequel is not null and {_IS_ALIVE}",
    )
    # STS002a splits each episode by several breakdowns; its total is one.
    rows = (("breakdown", "Total"),) if sheet == "STS002a" else ()
    return UnitQuery(sheet, "ST-Max episode", sql, ("age_band", "sequel"), rows)


def _long_term(sheet: str, window_code: str) -> UnitQuery:
    join, reason = _label(
        "primary_support_reason",
        "units.primary_support_reason_code",
        "reasons",
        "Invalid/NULL",
    )
    sql = _select(
        "'long-term support'",
        [
            _working_age_band("units.age_at_period_end"),
            reason,
            "units.salt_setting",
        ],
        f"from intermediate.int_long_term_clients_resolved as units {join}"
        f" where units.window_code = '{window_code}'",
    )
    if sheet == "LTS001b":  # Table 1 counts each person once, by reason
        return UnitQuery(
            sheet,
            "person",
            sql,
            ("age_band", "breakdown_value", "setting"),
            (("table_part", "Table 1"),),
        )
    return UnitQuery(
        sheet, "person", sql, ("age_band", "primary_support_reason", "setting")
    )


def _reviews(sheet: str, window_code: str) -> UnitQuery:
    join, reason = _label(
        "review_reason", "units.review_reason_code", "reasons", "reason invalid"
    )
    review_type = (
        "case units.review_type when 'planned' then 'Planned'"
        " when 'unplanned' then 'Unplanned' else 'Other or not recorded' end"
    )
    # The sequel as salt_reviews_by_sequel labels it.
    sequel = (
        f"case when units.review_type = 'unplanned' then {reason}"
        " when units.sequel = 'Nursing' then 'Admitted to nursing care'"
        " when units.sequel = 'Residential' then 'Admitted to residential care'"
        " when units.review_type = 'planned' then 'No care home admission found'"
        " else 'Not derivable from CLD' end"
    )
    sql = _select(
        f"'review ended ' || {_date('units.event_end_date')}",
        [
            _working_age_band("clients.age_at_period_end"),
            review_type,
            "coalesce(units.support_setting, 'No long-term support on the review day')",
            sequel,
        ],
        f"from intermediate.int_review_sequels as units {_PERIOD}"
        " inner join intermediate.int_long_term_clients_resolved as clients"
        " on units.la_code = clients.la_code and units.person_id = clients.person_id"
        f" and clients.window_code = '{window_code}' {join}"
        " where units.event_end_date"
        " between periods.period_start_date and periods.period_end_date",
    )
    return UnitQuery(
        sheet,
        "review",
        sql,
        ("age_band", "review_type", "support_setting", "sequel"),
    )


def _carers() -> UnitQuery:
    sql = _select(
        "'carer'",
        [_carer_age_band("units.age_at_period_end"), "units.support_provided"],
        "from intermediate.int_carers_best_supported as units",
    )
    return UnitQuery("LTS003", "carer", sql, ("age_band", "support_provided"))


def _statuses() -> UnitQuery:
    gender_join, gender = _label(
        "gender", "units.gender_code", "genders", "Invalid/NULL"
    )
    status_join, status = _label(
        "employment_status",
        "units.employment_status_code",
        "statuses",
        "NULL/Invalid",
    )
    sql = _select(
        "'learning disability support'",
        [gender, status],
        "from intermediate.int_long_term_statuses_resolved as units"
        f" {gender_join} {status_join} where units.cohort_code = 'lts004'",
    )
    # Table 1 (employment) counts each person once.
    return UnitQuery(
        "LTS004", "person", sql, ("gender", "status"), (("table_part", "Table 1"),)
    )


UNIT_QUERIES: Final = (
    _requests(),
    _st_max("STS002a", "follows_new_client_request"),
    _st_max("STS002b", "is_existing_client"),
    _long_term("LTS001a", "in_year"),
    _long_term("LTS001b", "snapshot"),
    _long_term("LTS001c", "over_12_months"),
    _reviews("LTS002a", "in_year"),
    _reviews("LTS002b", "over_12_months"),
    _carers(),
    _statuses(),
)


@dataclass
class Units:
    """One build's units and the lines of each person's rows.

    `by_sheet`: per table, (person, detail, cell) rows; `lines`: per person and
    landed file, the line numbers of the person's rows.
    """

    by_sheet: dict[str, list[tuple[str, str, Cell]]] = field(default_factory=dict)
    lines: dict[str, dict[str, set[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )


def read_units(database: Path) -> Units:
    """Every SALT table's units from a check's DuckDB file, and the lines."""
    units = Units()
    with duckdb.connect(str(database), read_only=True) as connection:
        for query in UNIT_QUERIES:
            units.by_sheet[query.sheet] = [
                (row[0], row[1], tuple(row[2:]))
                for row in connection.execute(query.sql).fetchall()
            ]
        rows = connection.execute(
            "select person_id, submission_id, line_number"
            " from intermediate.int_events_deduplicated"
        ).fetchall()
    for person_id, submission_id, line_number in rows:
        units.lines[person_id][submission_id].add(line_number)
    return units


def units_by_cell(units: Units, sheet: str) -> Counter[Cell]:
    """How many units a table counts in each cell (for the reconciliation)."""
    return Counter(cell for _, _, cell in units.by_sheet.get(sheet, []))


def cell_changes(query: UnitQuery, rows: FigureRows) -> dict[Cell, float]:
    """The table's absolute change in each of the query's cells."""
    changes: dict[Cell, float] = defaultdict(float)
    labels = {labels for labels, _ in rows.rows} | set(rows.previous or {})
    now = {labels: values[0] for labels, values in rows.rows}
    for row in labels:
        cell = query.cell_of(rows.table.labels, row)
        if cell is not None:
            changes[cell] += (now.get(row) or 0.0) - (rows.previous_of(row)[0] or 0.0)
    return {cell: abs(value) for cell, value in changes.items() if value}


@dataclass(frozen=True)
class Driver:
    """A person counted differently in a table: before, now, and their lines."""

    before: tuple[str, ...]
    now: tuple[str, ...]
    lines_now: tuple[int, ...]
    lines_before: tuple[int, ...]
    weight: float


@dataclass(frozen=True)
class TableDrivers:
    """The people behind one table's changes, most changed cells first."""

    sheet: str
    unit: str
    largest_change: float
    drivers: tuple[Driver, ...]


def described(detail: str, cell: Cell) -> str:
    """A unit as the report shows it: 'request from 01/05/2025: 18 to 64 | ...'."""
    return f"{detail}: {CELL_SEPARATOR.join(cell)}"


def table_drivers(
    query: UnitQuery,
    changes: dict[Cell, float],
    current: Units,
    previous: Units,
    file_ids: tuple[str, str],
) -> TableDrivers:
    """The people whose units in a table differ between the two builds."""
    # Multisets: two like units (a person's two reviews ending on one day) are
    # two, so a cell going from two to one still shows its person.
    now = Counter(current.by_sheet.get(query.sheet, []))
    before = Counter(previous.by_sheet.get(query.sheet, []))
    people: dict[str, tuple[list[tuple[str, Cell]], ...]] = defaultdict(
        lambda: ([], [])
    )
    for side, found in ((0, before - now), (1, now - before)):
        for person_id, detail, cell in sorted(found.elements()):
            people[person_id][side].append((detail, cell))
    file_id, previous_id = file_ids
    drivers = []
    for person_id, (gone, came) in people.items():
        moved = Counter(cell for _, cell in gone)
        moved.subtract(cell for _, cell in came)
        if not any(moved.values()):
            continue  # the same cells, only a unit's detail changed
        drivers.append(
            Driver(
                tuple(described(detail, cell) for detail, cell in gone),
                tuple(described(detail, cell) for detail, cell in came),
                tuple(sorted(current.lines[person_id][file_id])),
                tuple(
                    sorted(
                        current.lines[person_id][previous_id]
                        | previous.lines[person_id][previous_id]
                    )
                ),
                sum(changes.get(cell, 0.0) for cell, count in moved.items() if count),
            )
        )
    drivers.sort(
        key=lambda driver: (
            -driver.weight,
            (driver.lines_now or driver.lines_before or (0,))[0],
        )
    )
    return TableDrivers(
        query.sheet, query.unit, max(changes.values(), default=0.0), tuple(drivers)
    )


def find_drivers(
    current: Units,
    previous: Units,
    figures: CouncilFigures,
    file_ids: tuple[str, str],
) -> list[TableDrivers]:
    """The SALT tables that changed, largest change first, each with its people.

    `file_ids` are the submission ids (landed names) of the file and of the
    previous file. A person weighs the changes of the cells they moved in or
    out of, so those in the most changed cells come first.
    """
    by_sheet = {rows.table.sheet: rows for rows in figures.tables}
    found = []
    for query in UNIT_QUERIES:
        rows = by_sheet.get(query.sheet)
        if rows is None or rows.previous is None:
            continue
        changes = cell_changes(query, rows)
        if changes:
            found.append(table_drivers(query, changes, current, previous, file_ids))
    found.sort(key=lambda table: -table.largest_change)
    return found


def lines_text(lines: tuple[int, ...], limit: int | None = REPORT_LINES) -> str:
    """Lines as '12, 15, 40 and 3 more' (all of them when `limit` is None)."""
    if not lines:
        return "none"
    shown = lines if limit is None else lines[:limit]
    text = ", ".join(str(line) for line in shown)
    if len(lines) > len(shown):
        text += f" and {len(lines) - len(shown)} more"
    return text
