"""What the warehouse found in the file: read from the marts dbt built.

Only published marts and staging's event-type codes are read; identifiers never
are (``dq_failures`` already withholds them). A relation a failed build did not
create is skipped, so a partial warehouse still gives a partial report.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import duckdb

EXAMPLES_PER_RULE: Final = 5
FAILURE_COLUMNS: Final = (
    "submission_id",
    "la_code",
    "line_number",
    "event_reference",
    "rule_id",
    "module",
    "field_name",
    "severity",
    "offending_value",
)
COMPLETENESS_ORDER: Final = ("submission_id", "module", "field_name")
# Columns of dq_field_completeness the per-field summary needs; a mart without
# them is shown as it is.
COMPLETENESS_KEYS: Final = ("module", "field_name", "field_status")
COMPLETENESS_COLUMNS: Final = frozenset(
    {"submission_id", *COMPLETENESS_KEYS, "field_validity", "row_count"}
)
FAILED_PREFIX: Final = "failed"
FETCH_SIZE: Final = 10_000


@dataclass(frozen=True)
class FailureExample:
    """One failing line of a rule, as dq_failures shows it."""

    line_number: int | None
    event_reference: str | None
    offending_value: str | None


@dataclass(frozen=True)
class RuleResult:
    """One validation rule's outcome on the file."""

    rule_id: str
    severity: str | None
    module: str | None
    field_name: str | None
    description: str | None
    rows_checked: int
    rows_failed: int
    failure_rate: float | None
    examples: list[FailureExample]


@dataclass(frozen=True)
class EventTypeCount:
    """Staged rows of one event type (code None: not given or not recognised)."""

    code: str | None
    label: str | None
    rows: int


@dataclass(frozen=True)
class Table:
    """Rows to show as they are; ``percent_columns`` hold shares from 0 to 1."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    percent_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Findings:
    """Everything the report shows from the warehouse."""

    submission: dict[str, Any] | None
    council_name: str | None
    event_types: list[EventTypeCount]
    rule_results: list[RuleResult]
    completeness: Table | None

    @property
    def failing_rules(self) -> list[RuleResult]:
        """Rules with at least one failing row: errors first, then most failures."""
        failing = [rule for rule in self.rule_results if rule.rows_failed > 0]
        return sorted(
            failing,
            key=lambda rule: (
                rule.severity != "error",
                -rule.rows_failed,
                rule.rule_id,
            ),
        )

    @property
    def failing_error_rules(self) -> list[RuleResult]:
        """Failing rules of severity error."""
        return [rule for rule in self.failing_rules if rule.severity == "error"]

    @property
    def is_quarantined(self) -> bool:
        """True when dim_submissions marks the file quarantined."""
        return bool(self.submission and self.submission.get("status") == "quarantined")


def relation_exists(
    connection: duckdb.DuckDBPyConnection, schema: str, name: str
) -> bool:
    """Whether the warehouse holds this table or view."""
    found = connection.execute(
        "select count(*) from information_schema.tables"
        " where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return bool(found and found[0])


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def read_submission_row(
    connection: duckdb.DuckDBPyConnection, submission_id: str
) -> dict[str, Any] | None:
    """The file's row of dim_submissions."""
    if not relation_exists(connection, "marts", "dim_submissions"):
        return None
    rows = _dicts(
        connection.execute(
            "select * from marts.dim_submissions where submission_id = ?",
            [submission_id],
        )
    )
    return rows[0] if rows else None


def read_council_name(
    connection: duckdb.DuckDBPyConnection, la_code: str | None
) -> str | None:
    """The council's name from the councils seed."""
    if la_code is None or not relation_exists(connection, "seeds", "cld_councils"):
        return None
    found = connection.execute(
        "select la_name from seeds.cld_councils where la_code = ?", [la_code]
    ).fetchone()
    return str(found[0]) if found else None


def read_event_types(
    connection: duckdb.DuckDBPyConnection, submission_id: str
) -> list[EventTypeCount]:
    """Staged rows per event type code (codes and labels only)."""
    if not relation_exists(connection, "staging", "stg_cld__submission_rows"):
        return []
    rows = connection.execute(
        "select event_type_code, max(event_type), count(*)"
        " from staging.stg_cld__submission_rows where submission_id = ?"
        " group by 1 order by 3 desc, 1",
        [submission_id],
    ).fetchall()
    return [EventTypeCount(code=row[0], label=row[1], rows=int(row[2])) for row in rows]


def _read_examples(
    connection: duckdb.DuckDBPyConnection, submission_id: str
) -> dict[str, list[FailureExample]]:
    if not relation_exists(connection, "marts", "dq_failures"):
        return {}
    rows = connection.execute(
        "select rule_id, line_number, event_reference, offending_value from ("
        "  select *, row_number() over ("
        "    partition by rule_id order by line_number) as example_rank"
        "  from marts.dq_failures where submission_id = ?"
        ") as ranked where example_rank <= ? order by rule_id, line_number",
        [submission_id, EXAMPLES_PER_RULE],
    ).fetchall()
    examples: dict[str, list[FailureExample]] = {}
    for rule_id, line_number, event_reference, offending_value in rows:
        examples.setdefault(rule_id, []).append(
            FailureExample(line_number, event_reference, offending_value)
        )
    return examples


def read_rule_results(
    connection: duckdb.DuckDBPyConnection, submission_id: str
) -> list[RuleResult]:
    """Every rule that checked the file's rows, with up to 5 failing lines each."""
    if not relation_exists(connection, "marts", "dq_rule_results"):
        return []
    has_catalogue = relation_exists(connection, "seeds", "cld_validation_rules")
    description = "rules.description" if has_catalogue else "null"
    catalogue_join = (
        "left join seeds.cld_validation_rules as rules"
        " on results.rule_id = rules.rule_id"
        if has_catalogue
        else ""
    )
    rows = connection.execute(
        "select results.rule_id, results.severity, results.module,"
        f" results.field_name, {description}, results.rows_checked,"
        " results.rows_failed, results.failure_rate"
        f" from marts.dq_rule_results as results {catalogue_join}"
        " where results.submission_id = ? order by results.rule_id",
        [submission_id],
    ).fetchall()
    examples = _read_examples(connection, submission_id)
    return [
        RuleResult(
            rule_id=row[0],
            severity=row[1],
            module=row[2],
            field_name=row[3],
            description=row[4],
            rows_checked=int(row[5] or 0),
            rows_failed=int(row[6] or 0),
            failure_rate=None if row[7] is None else float(row[7]),
            examples=examples.get(row[0], []),
        )
        for row in rows
    ]


def pivot_completeness(rows: Iterable[tuple[Any, ...]]) -> Table:
    """One row per module, field and field status; one column per validity.

    ``rows`` are (module, field_name, field_status, field_validity, row_count).
    Validities that passed come first; the last column is the failed share.
    """
    counts: dict[tuple[str, str, str], dict[str, int]] = {}
    for module, field_name, field_status, validity, row_count in rows:
        by_validity = counts.setdefault(
            (str(module), str(field_name), str(field_status)), {}
        )
        by_validity[str(validity)] = by_validity.get(str(validity), 0) + int(row_count)
    validities = sorted(
        {validity for by_validity in counts.values() for validity in by_validity},
        key=lambda validity: (validity.startswith(FAILED_PREFIX), validity),
    )
    table_rows = []
    for key, by_validity in sorted(counts.items()):
        total = sum(by_validity.values())
        failed = sum(
            count
            for validity, count in by_validity.items()
            if validity.startswith(FAILED_PREFIX)
        )
        table_rows.append(
            (
                *key,
                total,
                *(by_validity.get(validity, 0) for validity in validities),
                failed / total if total else None,
            )
        )
    return Table(
        columns=["Module", "Field", "Field status", "Rows", *validities, "Failed"],
        rows=table_rows,
        percent_columns=("Failed",),
    )


def read_completeness(
    connection: duckdb.DuckDBPyConnection, submission_id: str
) -> Table | None:
    """The file's field completeness from dq_field_completeness, if it exists.

    Summarised per field by ``pivot_completeness``; England totals are left out,
    as in a warehouse of one file they repeat the file's own counts. A mart
    without the expected columns is shown whole.
    """
    if not relation_exists(connection, "marts", "dq_field_completeness"):
        return None
    columns = [
        str(row[0])
        for row in connection.execute("describe marts.dq_field_completeness").fetchall()
    ]
    if COMPLETENESS_COLUMNS.issubset(columns):
        rows = connection.execute(
            "select module, field_name, field_status, field_validity, row_count"
            " from marts.dq_field_completeness where submission_id = ?",
            [submission_id],
        ).fetchall()
        return pivot_completeness(rows)
    order = [f'"{name}"' for name in COMPLETENESS_ORDER if name in columns]
    order_by = f" order by {', '.join(order)} nulls last" if order else ""
    whole = connection.execute(
        f"select * from marts.dq_field_completeness{order_by}"
    ).fetchall()
    return Table(columns=columns, rows=whole)


def read_findings(database: Path, submission_id: str) -> Findings:
    """Read everything the report needs from the warehouse dbt built."""
    with duckdb.connect(str(database), read_only=True) as connection:
        submission = read_submission_row(connection, submission_id)
        la_code = submission.get("la_code") if submission else None
        return Findings(
            submission=submission,
            council_name=read_council_name(connection, la_code),
            event_types=read_event_types(connection, submission_id),
            rule_results=read_rule_results(connection, submission_id),
            completeness=read_completeness(connection, submission_id),
        )


def write_failures_csv(database: Path, submission_id: str, path: Path) -> int:
    """Write every failure of the file (dq_failures) to a CSV; return the count.

    The CSV always exists: with only its header when the warehouse has no
    failures table.
    """
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FAILURE_COLUMNS)
        if not database.exists():
            return 0
        with duckdb.connect(str(database), read_only=True) as connection:
            if not relation_exists(connection, "marts", "dq_failures"):
                return 0
            cursor = connection.execute(
                f"select {', '.join(FAILURE_COLUMNS)} from marts.dq_failures"
                " where submission_id = ? order by line_number, rule_id",
                [submission_id],
            )
            while batch := cursor.fetchmany(FETCH_SIZE):
                writer.writerows(batch)
                written += len(batch)
    return written
