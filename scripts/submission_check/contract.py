"""The file contract of a CLD submission, checked with Great Expectations 1.x.

The contract is about structure and column types only; the validation rules of
``seeds/cld_validation_rules.csv`` run in the warehouse and are never repeated
here. Three small tables are checked, each with its own expectation suite:

* ``file``: one row of facts about the file (encoding, delimiter, naming style);
* ``header``: one row per header cell and the canonical column it names;
* ``rows``: one row per data line: its field count and the date and number
  columns as submitted (blank and placeholder values read as missing, as
  ``macros/cld/clean_text.sql`` reads them).

A type expectation asks that a column holds values of its type in most filled rows
(``TYPE_MOSTLY``): a column of the wrong kind (shifted, swapped, another date
order) breaks the file's structure, while a single bad value is the business of the
catalogue's row rules (CLD-006 dates, CLD-078 costs, ...). Findings name lines,
never values: date of birth is an identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from textwrap import shorten
from typing import Any, Final

import great_expectations as gx
import pandas as pd
from great_expectations.core.expectation_validation_result import (
    ExpectationValidationResult,
)
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.metadata_types import FailureSeverity

from submission_check.encoding import READABLE_ENCODINGS
from submission_check.headers import MIXED, NAMING_STYLES, HeaderCell
from submission_check.reading import SubmissionFile, split_fields

# Column types staging parses (macros/cld/cld_columns.sql: cld_date_fields,
# cld_numeric_fields); scripts/tests check the lists still match the macros.
DATE_COLUMNS: Final = (
    "reporting_period_start_date",
    "reporting_period_end_date",
    "date_of_birth",
    "date_of_death",
    "event_start_date",
    "event_end_date",
)
INTEGER_COLUMNS: Final = ("no_of_adults_being_cared_for",)
DECIMAL_COLUMNS: Final = (
    "unit_cost",
    "planned_units_per_week",
    "total_hrs_caring_per_week",
)
# Release 2 allows hour bands in this column (rule CLD-093), so text there is only
# a warning.
WARNING_TYPE_COLUMNS: Final = frozenset({"total_hrs_caring_per_week"})

# The formats parse_cld_date and parse_number accept (day and month unpadded).
DATE_PATTERN: Final = (
    r"^(?:(?:0?[1-9]|[12][0-9]|3[01])/(?:0?[1-9]|1[0-2])/[0-9]{4}"
    r"|[0-9]{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01]))$"
)
INTEGER_PATTERN: Final = r"^-?[0-9]+$"
DECIMAL_PATTERN: Final = r"^(?:-?[0-9]+(?:[.][0-9]*)?|-?[.][0-9]+)$"
TYPE_MOSTLY: Final = 0.95

# Read as missing by staging (clean_text): blanks and these placeholders.
PLACEHOLDER_TEXTS: Final = frozenset({"", "NULL", "N/A", "-"})
EXAMPLE_COUNT: Final = 5
LABEL_WIDTH: Final = 40
TABLES: Final = ("file", "header", "rows")
# Index names of the rows and header tables: a line number, a header position.
INDEX_NAMES: Final = ("line_number", "position")


@dataclass(frozen=True)
class ContractCheck:
    """The outcome of one expectation, ready to show."""

    table: str
    description: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    detail: str


@dataclass(frozen=True)
class ContractResult:
    """Every check of the contract; it passes when no critical check fails."""

    checks: list[ContractCheck]

    @property
    def passed(self) -> bool:
        """True when every critical expectation is met."""
        return all(
            check.success
            for check in self.checks
            if check.severity == FailureSeverity.CRITICAL.value
        )


def clean_value(text: str) -> str | None:
    """A submitted value as staging keeps it: trimmed, None when missing."""
    value = text.strip(" ")
    return None if value.upper() in PLACEHOLDER_TEXTS else value


def file_frame(submission: SubmissionFile, style: str) -> pd.DataFrame:
    """The one-row table of facts about the file."""
    return pd.DataFrame(
        {
            "file_encoding": [submission.encoding],
            "delimiter": [submission.delimiter or "none"],
            "header_style": [style],
        }
    )


def header_frame(cells: Sequence[HeaderCell]) -> pd.DataFrame:
    """One row per header cell, indexed by its position."""
    return pd.DataFrame(
        {
            "header_label": [cell.label for cell in cells],
            "column_name": [cell.column_name for cell in cells],
        },
        index=pd.Index([cell.position for cell in cells], name="position"),
        dtype=object,
    )


def typed_columns(cells: Sequence[HeaderCell]) -> dict[str, int]:
    """Date and number columns in the header, with their first position."""
    wanted = set(DATE_COLUMNS + INTEGER_COLUMNS + DECIMAL_COLUMNS)
    positions: dict[str, int] = {}
    for cell in cells:
        if cell.column_name in wanted and cell.column_name not in positions:
            positions[cell.column_name] = cell.position
    return positions


def rows_frame(submission: SubmissionFile, positions: dict[str, int]) -> pd.DataFrame:
    """One row per data line, indexed by line number: field count, typed columns."""
    columns: dict[str, list[Any]] = {"field_count": []}
    columns.update({column: [] for column in positions})
    for line in submission.data_lines:
        fields = split_fields(line.text)
        columns["field_count"].append(len(fields))
        for column, position in positions.items():
            raw = fields[position - 1] if position <= len(fields) else ""
            columns[column].append(clean_value(raw))
    index = pd.Index(
        [line.line_number for line in submission.data_lines], name="line_number"
    )
    frame = pd.DataFrame(columns, index=index)
    frame["field_count"] = frame["field_count"].astype("int64")
    return frame


def _meta(kind: str, table: str) -> dict[str, Any]:
    return {"kind": kind, "table": table}


def file_expectations() -> list[Expectation]:
    """Encoding, delimiter and header naming style."""
    return [
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="file_encoding",
            value_set=list(READABLE_ENCODINGS),
            description="Text is UTF-8 (with or without byte-order mark) or "
            "Windows-1252",
            meta=_meta("fact", "file"),
        ),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="delimiter",
            value_set=["comma"],
            description="Fields are separated by commas",
            meta=_meta("fact", "file"),
        ),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="header_style",
            value_set=[*NAMING_STYLES, MIXED],
            description="Header labels are recognised CLD column names",
            meta=_meta("fact", "file"),
        ),
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="header_style",
            value_set=list(NAMING_STYLES),
            description="Header uses one naming style (snake, spec or DSCRO) "
            "throughout",
            severity=FailureSeverity.WARNING,
            meta=_meta("fact", "file"),
        ),
    ]


def header_expectations(columns: Sequence[str]) -> list[Expectation]:
    """Every expected column present, none named twice, none unknown."""
    return [
        gx.expectations.ExpectColumnDistinctValuesToContainSet(
            column="column_name",
            value_set=list(columns),
            description=f"All {len(columns)} CLD columns are in the header",
            meta=_meta("contains", "header"),
        ),
        gx.expectations.ExpectColumnValuesToBeUnique(
            column="column_name",
            description="No column is named twice",
            meta=_meta("unique", "header"),
        ),
        gx.expectations.ExpectColumnValuesToNotBeNull(
            column="column_name",
            description="Every header cell names a CLD column (extra columns are "
            "ignored by the warehouse)",
            severity=FailureSeverity.WARNING,
            meta=_meta("unknown", "header"),
        ),
    ]


def _type_expectation(column: str) -> Expectation:
    if column in DATE_COLUMNS:
        pattern, kind = DATE_PATTERN, "dates (dd/mm/yyyy or yyyy-mm-dd)"
    elif column in INTEGER_COLUMNS:
        pattern, kind = INTEGER_PATTERN, "whole numbers"
    else:
        pattern, kind = DECIMAL_PATTERN, "numbers"
    severity = (
        FailureSeverity.WARNING
        if column in WARNING_TYPE_COLUMNS
        else FailureSeverity.CRITICAL
    )
    return gx.expectations.ExpectColumnValuesToMatchRegex(
        column=column,
        regex=pattern,
        mostly=TYPE_MOSTLY,
        description=f"{column} holds {kind} in at least {TYPE_MOSTLY:.0%} of "
        "filled rows",
        severity=severity,
        meta=_meta("type", "rows"),
    )


def rows_expectations(
    header_column_count: int, typed: Iterable[str]
) -> list[Expectation]:
    """Data present, no ragged lines, date and number columns of their type."""
    return [
        gx.expectations.ExpectTableRowCountToBeBetween(
            min_value=1,
            description="The file has at least one data line",
            meta=_meta("row_count", "rows"),
        ),
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="field_count",
            min_value=header_column_count,
            max_value=header_column_count,
            description="Every data line has as many fields as the header "
            f"({header_column_count})",
            meta=_meta("lines", "rows"),
        ),
        *(_type_expectation(column) for column in typed),
    ]


def unexpected_indexes(result: dict[str, Any]) -> list[int]:
    """Line numbers (or header positions) of a result's first unexpected rows.

    With a named index, Great Expectations gives each as a dict that also holds
    the row's value; only the index is kept.
    """
    indexes = []
    for entry in result.get("partial_unexpected_index_list") or []:
        index = (
            next((entry[name] for name in INDEX_NAMES if name in entry), None)
            if isinstance(entry, dict)
            else entry
        )
        if index is not None:
            indexes.append(int(index))
    return indexes[:EXAMPLE_COUNT]


def _line_list(result: dict[str, Any]) -> str:
    return ", ".join(str(index) for index in unexpected_indexes(result))


def describe(
    outcome: ExpectationValidationResult, frames: dict[str, pd.DataFrame]
) -> str:
    """A one-line finding for an expectation's result; never a row's value."""
    config = outcome.expectation_config
    kind = config.meta["kind"] if config and config.meta else ""
    table = config.meta["table"] if config and config.meta else ""
    exception = outcome.exception_info or {}
    if exception.get("raised_exception"):
        return f"could not be evaluated: {exception.get('exception_message')}"
    result: dict[str, Any] = dict(outcome.result or {})
    column = config.kwargs.get("column") if config else None
    if kind == "fact" and column:
        return f"found: {frames[table][column].iloc[0]}"
    if kind == "row_count":
        return f"{result.get('observed_value')} data lines"
    if outcome.success:
        return ""
    expected = config.kwargs.get("value_set") or [] if config else []
    return _describe_failure(kind, result, frames, expected)


def _describe_failure(
    kind: str,
    result: dict[str, Any],
    frames: dict[str, pd.DataFrame],
    expected: Sequence[str],
) -> str:
    count = result.get("unexpected_count", 0)
    if kind == "contains":
        named = {str(name) for name in frames["header"]["column_name"].dropna()}
        missing = [name for name in expected if name not in named]
        if len(missing) == len(expected):
            return f"none of the {len(expected)} columns is named"
        return f"{len(missing)} missing: {', '.join(missing)}"
    if kind == "unique":
        names = sorted(
            {str(name) for name in result.get("partial_unexpected_list", [])}
        )
        return f"named twice: {', '.join(names)} (columns {_line_list(result)})"
    if kind == "unknown":
        labels = frames["header"]["header_label"]
        unknown = [
            f"{position} {shorten(str(labels.loc[position]), LABEL_WIDTH)!r}"
            for position in unexpected_indexes(result)
        ]
        return f"{count} unrecognised: columns " + ", ".join(unknown)
    percent = result.get("unexpected_percent") or 0.0
    if kind == "lines":
        return (
            f"{count} lines ({percent:.1f}%) have another number of fields; "
            f"first: lines {_line_list(result)}"
        )
    return (
        f"{count} filled values ({percent:.1f}%) are not of this type; "
        f"first: lines {_line_list(result)}"
    )


def check_contract(
    submission: SubmissionFile,
    cells: Sequence[HeaderCell],
    columns: Sequence[str],
    style: str,
) -> ContractResult:
    """Run the three suites on the file and return every check's outcome."""
    positions = typed_columns(cells)
    frames = {
        "file": file_frame(submission, style),
        "header": header_frame(cells),
        "rows": rows_frame(submission, positions),
    }
    suites = {
        "file": file_expectations(),
        "header": header_expectations(columns),
        "rows": rows_expectations(len(cells), positions),
    }
    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
            store_backend_defaults=InMemoryStoreBackendDefaults(
                init_temp_docs_sites=False
            ),
        ),
    )
    source = context.data_sources.add_pandas("submission")
    checks: list[ContractCheck] = []
    for table in TABLES:
        batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe(
            "whole"
        )
        suite = context.suites.add(gx.ExpectationSuite(name=f"cld_{table}_contract"))
        for expectation in suites[table]:
            suite.add_expectation(expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"cld_{table}", data=batch, suite=suite)
        )
        results = definition.run(
            batch_parameters={"dataframe": frames[table]},
            result_format={
                "result_format": "SUMMARY",
                "partial_unexpected_count": EXAMPLE_COUNT,
            },
        )
        checks.extend(_checks(results.results, frames))
    return ContractResult(checks=_in_suite_order(checks, suites))


def _checks(
    results: Iterable[ExpectationValidationResult], frames: dict[str, pd.DataFrame]
) -> list[ContractCheck]:
    checks = []
    for outcome in results:
        config = outcome.expectation_config
        if config is None:
            continue
        checks.append(
            ContractCheck(
                table=str(config.meta["table"]) if config.meta else "",
                description=config.description or config.type,
                expectation=config.type,
                column=config.kwargs.get("column"),
                severity=FailureSeverity(config.severity).value,
                success=bool(outcome.success),
                detail=describe(outcome, frames),
            )
        )
    return checks


def _in_suite_order(
    checks: list[ContractCheck], suites: dict[str, list[Expectation]]
) -> list[ContractCheck]:
    """Checks in the order the suites list them (results come back unordered)."""
    order = {
        (table, expectation.description): rank
        for rank, (table, expectation) in enumerate(
            (table, expectation)
            for table, expectations in suites.items()
            for expectation in expectations
        )
    }
    return sorted(
        checks, key=lambda check: order.get((check.table, check.description), 0)
    )
