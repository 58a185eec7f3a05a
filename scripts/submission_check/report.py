"""The verdict on a file and its self-contained HTML report (pure functions).

Every value that reaches the page goes through ``html.escape``; the page has no
external assets, so it can be mailed or opened offline: its one script, when
the council's figures are shown, is Plotly's bundle, inline, for their charts.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

import plotly.graph_objects as go
import plotly.offline

from submission_check.contract import ContractCheck, ContractResult
from submission_check.dbt_run import DbtOutcome
from submission_check.drivers import (
    REPORT_PEOPLE,
    REPORT_TABLES,
    TableDrivers,
    lines_text,
)
from submission_check.figures import (
    LARGE_CHANGE_COUNT,
    LARGE_CHANGE_SHARE,
    CouncilFigures,
    FigureRows,
    change,
    chart_points,
    is_large,
)
from submission_check.findings import Findings, RuleResult, Table

EXIT_READY: Final = 0
EXIT_NOT_READY: Final = 1
EXIT_INCOMPLETE: Final = 3
LARGE_CHANGE_PERCENT: Final = round(100 * LARGE_CHANGE_SHARE)
LARGE_CHANGE_MINIMUM: Final = LARGE_CHANGE_COUNT

STYLE_SHEET: Final = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em;
  color: #1b1b1b; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 2px solid #ddd; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
table.examples td, table.examples th { font-size: 0.9em; border-color: #e3e3e3; }
.verdict { padding: 0.8em 1em; border-radius: 4px; font-weight: bold; }
.ready { background: #dff3e3; border-left: 6px solid #1e7b34; }
.not-ready { background: #fbe3e3; border-left: 6px solid #b3261e; }
.incomplete { background: #fff2d6; border-left: 6px solid #a86b00; }
.pass { color: #1e7b34; font-weight: bold; }
.fail { color: #b3261e; font-weight: bold; }
.warn { color: #a86b00; font-weight: bold; }
.muted { color: #666; }
.large { background: #fff2d6; font-weight: bold; }
"""


@dataclass(frozen=True)
class Verdict:
    """Whether the file is ready to submit, why not, and the exit code."""

    exit_code: int
    headline: str
    reasons: list[str]


@dataclass(frozen=True)
class ReportInput:
    """Everything the report shows."""

    file_name: str
    file_size_bytes: int
    encoding: str
    header_style: str
    contract: ContractResult
    contract_engine: str
    dbt: DbtOutcome
    findings: Findings | None
    failures_csv_name: str
    failures_written: int
    generated_at: datetime
    figures: CouncilFigures | None = None
    previous_file_name: str | None = None
    drivers: list[TableDrivers] | None = None


def contract_failures(checks: Iterable[ContractCheck]) -> list[ContractCheck]:
    """Critical checks of the contract that failed."""
    return [
        check for check in checks if check.severity == "critical" and not check.success
    ]


def decide(
    contract: ContractResult, dbt: DbtOutcome, findings: Findings | None
) -> Verdict:
    """The verdict: not ready on a contract failure, quarantine or error rule.

    A failed warehouse build makes the check incomplete (exit 3) unless a reason
    already found settles it: the file is then not ready whatever the missing
    figures would say, and the build failure is listed among the reasons.
    """
    reasons = []
    failed_checks = contract_failures(contract.checks)
    if failed_checks:
        reasons.append(
            f"the file contract fails {len(failed_checks)} check(s): "
            + "; ".join(check.description for check in failed_checks)
        )
    if findings is not None and findings.is_quarantined:
        reason = (findings.submission or {}).get("quarantine_reason")
        reasons.append(f"the warehouse quarantines the file ({reason})")
    if findings is not None and findings.failing_error_rules:
        rule_ids = [rule.rule_id for rule in findings.failing_error_rules]
        reasons.append(f"{len(rule_ids)} error rule(s) fail: {', '.join(rule_ids)}")
    complete = bool(dbt.succeeded and findings is not None and findings.submission)
    if reasons:
        if not complete:
            reasons.append("the warehouse build failed, so the figures are partial")
        return Verdict(EXIT_NOT_READY, "Not ready to submit", reasons)
    if not complete:
        reasons.append("the warehouse build failed before the check could conclude")
        return Verdict(EXIT_INCOMPLETE, "Check incomplete", reasons)
    return Verdict(EXIT_READY, "Ready to submit: no error found", reasons)


@dataclass(frozen=True)
class Markup:
    """HTML this module built from escaped parts, placed into a table as is."""

    html: str


def esc(value: Any) -> str:
    """Escaped text of a value for HTML; blank for None."""
    if value is None:
        return ""
    if isinstance(value, float):
        return html.escape(f"{value:,.4g}")
    if isinstance(value, int) and not isinstance(value, bool):
        return html.escape(f"{value:,}")
    if isinstance(value, date):
        return html.escape(value.strftime("%d/%m/%Y"))
    return html.escape(str(value))


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    numeric: Iterable[int] = (),
    css_class: str = "",
) -> str:
    """An HTML table of escaped cells; cells already rendered pass as Markup."""
    numeric_columns = set(numeric)
    head = "".join(f"<th>{esc(header)}</th>" for header in headers)
    body = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            attribute = ' class="number"' if index in numeric_columns else ""
            text = cell.html if isinstance(cell, Markup) else esc(cell)
            cells.append(f"<td{attribute}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    class_attribute = f' class="{css_class}"' if css_class else ""
    return (
        f"<table{class_attribute}><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def status_badge(success: bool, severity: str = "critical") -> Markup:
    """'pass', 'fail' or (for a failed warning) 'warning', coloured."""
    if success:
        return Markup('<span class="pass">pass</span>')
    if severity == "warning":
        return Markup('<span class="warn">warning</span>')
    return Markup('<span class="fail">fail</span>')


def severity_badge(severity: str | None) -> Markup:
    """A rule's severity, coloured: error red, warning amber."""
    css = "warn" if severity == "warning" else "fail"
    return Markup(f'<span class="{css}">{esc(severity or "unknown")}</span>')


def render_verdict(verdict: Verdict) -> str:
    """The banner at the top of the report."""
    css = {
        EXIT_READY: "ready",
        EXIT_NOT_READY: "not-ready",
        EXIT_INCOMPLETE: "incomplete",
    }[verdict.exit_code]
    reasons = "".join(f"<li>{esc(reason)}</li>" for reason in verdict.reasons)
    return f'<div class="verdict {css}">{esc(verdict.headline)}</div>' + (
        f"<ul>{reasons}</ul>" if reasons else ""
    )


def _period(submission: dict[str, Any]) -> str:
    start = submission.get("stated_period_start_date")
    end = submission.get("stated_period_end_date")
    if start is None and end is None:
        return "not stated"
    text = f"{esc(start) or '?'} to {esc(end) or '?'}"
    count = submission.get("stated_period_count") or 0
    return text + (f" ({count} different periods stated)" if count > 1 else "")


def render_summary(data: ReportInput) -> str:
    """File, council, period, header, encoding, row counts and status."""
    findings = data.findings
    submission = (findings.submission if findings else None) or {}
    council = submission.get("la_code")
    if council and findings and findings.council_name:
        council = f"{council} {findings.council_name}"
    rows: list[tuple[str, Any]] = [
        ("File", data.file_name),
        ("Size", f"{data.file_size_bytes:,} bytes"),
        ("Council", council or "not found"),
        ("Reporting period", Markup(_period(submission)) if submission else None),
        ("Header style", submission.get("header_style", data.header_style)),
        ("Encoding", submission.get("file_encoding", data.encoding)),
        ("Specification release", submission.get("spec_release_detected")),
        ("Rows read", submission.get("rows_read")),
        ("Rows staged", submission.get("rows_staged")),
        ("Status", submission.get("status", "unknown")),
        ("Quarantine reason", submission.get("quarantine_reason")),
    ]
    if submission:
        header_counts = (
            f"{submission.get('header_column_count', 0)} columns, "
            f"{submission.get('missing_column_count', 0)} missing, "
            f"{submission.get('unmapped_column_count', 0)} unrecognised, "
            f"{submission.get('duplicated_column_count', 0)} duplicated"
        )
        rows.insert(5, ("Header", header_counts))
    cells = "".join(
        f"<tr><th>{esc(name)}</th>"
        f"<td>{value.html if isinstance(value, Markup) else esc(value)}</td></tr>"
        for name, value in rows
    )
    return f"<h2>Summary</h2><table><tbody>{cells}</tbody></table>"


def render_contract(contract: ContractResult, engine: str) -> str:
    """Each expectation of the file contract and its outcome."""
    rows = [
        (
            status_badge(check.success, check.severity),
            check.severity,
            check.table,
            check.description,
            check.detail,
        )
        for check in contract.checks
    ]
    verdict = "passes" if contract.passed else "fails"
    return (
        "<h2>File contract</h2>"
        f"<p>Structure and column types, checked with {esc(engine)} before the "
        f"warehouse reads the file: the contract <strong>{verdict}</strong>. "
        "Findings name lines, never values.</p>"
        + table(["Result", "Severity", "Table", "Check", "Finding"], rows)
    )


def render_build(dbt: DbtOutcome) -> str:
    """The dbt build: nothing to say when it worked, every failed node otherwise."""
    if dbt.succeeded:
        return ""
    problems = table(
        ["Node", "Status", "Message"],
        [
            (problem.unique_id, problem.status, problem.message)
            for problem in dbt.problems
        ],
    )
    tail = esc("\n".join(dbt.output_tail))
    return (
        "<h2>Warehouse build failed</h2>"
        f"<p>dbt exited with code {esc(dbt.return_code)}; "
        f"{len(dbt.problems)} node(s) failed. Figures below may be missing or "
        "partial.</p>"
        + (problems if dbt.problems else "")
        + f"<p>Last lines of dbt's output:</p><pre>{tail}</pre>"
    )


def render_event_types(findings: Findings | None) -> str:
    """Staged rows per event type."""
    if findings is None or not findings.event_types:
        return "<h2>Rows by event type</h2><p class='muted'>No staged rows.</p>"
    rows = [
        (count.label or "not given or not recognised", count.code, count.rows)
        for count in findings.event_types
    ]
    total = sum(count.rows for count in findings.event_types)
    return "<h2>Rows by event type</h2>" + table(
        ["Event type", "Code", "Rows"], [*rows, ("Total", "", total)], numeric=[2]
    )


def _examples(rule: RuleResult) -> Markup:
    if not rule.examples:
        return Markup("")
    rendered = table(
        ["Line", "Event reference", "Offending value"],
        [
            (
                "" if example.line_number is None else str(example.line_number),
                example.event_reference,
                example.offending_value,
            )
            for example in rule.examples
        ],
        numeric=[0],
        css_class="examples",
    )
    return Markup(rendered)


def _rate(rule: RuleResult) -> str:
    return "" if rule.failure_rate is None else f"{rule.failure_rate:.1%}"


def render_rules(findings: Findings | None, csv_name: str, written: int) -> str:
    """Failing validation rules with counts and up to five example lines each."""
    heading = "<h2>Validation rules</h2>"
    if findings is None or not findings.rule_results:
        return heading + "<p class='muted'>No rule checked the file's rows.</p>"
    failing = findings.failing_rules
    errors = len(findings.failing_error_rules)
    summary = (
        f"<p>{len(findings.rule_results)} rules checked the file's rows; "
        f"<strong>{errors}</strong> error rule(s) and "
        f"<strong>{len(failing) - errors}</strong> warning rule(s) fail. "
        f"Every failing row and rule is in <code>{esc(csv_name)}</code> "
        f"({written:,} rows; identifiers withheld).</p>"
    )
    if not failing:
        return heading + summary
    rows = [
        (
            Markup(f'<span id="{esc(rule.rule_id)}">{esc(rule.rule_id)}</span>'),
            severity_badge(rule.severity),
            rule.module,
            rule.field_name,
            rule.description,
            rule.rows_failed,
            rule.rows_checked,
            _rate(rule),
            _examples(rule),
        )
        for rule in failing
    ]
    return (
        heading
        + summary
        + table(
            [
                "Rule",
                "Severity",
                "Module",
                "Field",
                "Description",
                "Rows failed",
                "Rows checked",
                "Rate",
                "First failing lines",
            ],
            rows,
            numeric=[5, 6, 7],
        )
    )


def render_completeness(completeness: Table | None) -> str:
    """Field completeness (dq_field_completeness), or a note that it is missing."""
    heading = "<h2>Field completeness</h2>"
    if completeness is None:
        return heading + (
            "<p class='muted'>Not available: this version of the warehouse has no "
            "<code>marts.dq_field_completeness</code>.</p>"
        )
    if not completeness.rows:
        return heading + "<p class='muted'>No staged rows to count.</p>"
    percent = {
        index
        for index, column in enumerate(completeness.columns)
        if column in completeness.percent_columns
    }
    numeric = percent | {
        index
        for index in range(len(completeness.columns))
        if any(
            isinstance(row[index], int | float) and not isinstance(row[index], bool)
            for row in completeness.rows
        )
    }
    rows = [
        tuple(
            _share(cell) if index in percent else cell for index, cell in enumerate(row)
        )
        for row in completeness.rows
    ]
    return (
        heading
        + "<p>Staged rows per field, by whether the field is mandatory, applicable "
        "or not applicable on the row, and whether its value passed.</p>"
        + table(completeness.columns, rows, numeric=numeric)
    )


def _share(value: Any) -> str:
    return "" if value is None else f"{float(value):.1%}"


def figure_chart(rows: FigureRows) -> str:
    """A small Plotly bar chart of a table (the bundle is inline, once)."""
    points = chart_points(rows)
    if not any(points.values()):
        return ""
    figure = go.Figure()
    for series, values in points.items():
        figure.add_bar(
            name=series or rows.table.values[0], x=list(values), y=list(values.values())
        )
    figure.update_layout(
        # no template: its colour scales would add ~10 kB to every chart
        template="none",
        height=260,
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        barmode="group",
        showlegend=len(points) > 1,
        yaxis_title=rows.table.values[0].replace("_", " "),
    )
    return str(
        figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"figure-{rows.table.sheet}",
            config={"displaylogo": False, "staticPlot": False},
        )
    )


def figure_value(value: float | None) -> str:
    """A figure as a count (whole numbers) or to 2 decimal places."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def figure_rows(rows: FigureRows) -> list[list[Any]]:
    """A table's non-zero rows, with the previous file's values and changes."""
    lines = []
    for labels, values in rows.rows:
        earlier = rows.previous_of(labels)
        if not any(values) and not any(earlier):
            continue
        line: list[Any] = [*labels, *(figure_value(value) for value in values)]
        if rows.previous is not None:
            for now, then in zip(values, earlier, strict=True):
                difference, share = change(now, then)
                text = "new" if then is None else figure_value(difference)
                if share is not None:
                    text += f" ({share:+.0f}%)"
                css = ' class="number large"' if is_large(now, then) else ""
                line.append(Markup(f"<span{css}>{text}</span>"))
        lines.append(line)
    return lines


def render_figures(
    figures: CouncilFigures | None, previous_file_name: str | None
) -> str:
    """The council's own figures: every table, with changes when compared."""
    if figures is None:
        return (
            "<h2>Your figures</h2><p class='muted'>Not available: the warehouse"
            " build did not finish.</p>"
        )
    parts = [
        "<h2>Your figures</h2>",
        f"<p>The central derivation's figures for this file, reporting period"
        f" {esc(figures.period)}: the same models as the national build. These are"
        " <strong>unsuppressed counts about your own people</strong>, for you to"
        " check: do not publish them as they are. Cells that are zero are left"
        " out here; the Excel workbook has every cell. No NHS number, name, date"
        " of birth or postcode is shown.</p>",
    ]
    if previous_file_name:
        parts.append(
            f"<p>Compared with the previous file {esc(previous_file_name)}: change"
            " and percent change; changes of at least"
            f" {LARGE_CHANGE_PERCENT}% and {LARGE_CHANGE_MINIMUM} are highlighted."
            " The people behind the changes are listed after the tables, in"
            " <a href='#drivers'>Rows behind the biggest changes</a>.</p>"
        )
    for rows in figures.tables:
        table_id = rows.table.sheet
        headings = [label.replace("_", " ") for label in rows.table.labels]
        headings += [value.replace("_", " ") for value in rows.table.values]
        if rows.previous is not None:
            headings += [
                f"change in {value.replace('_', ' ')}" for value in rows.table.values
            ]
        body = figure_rows(rows)
        width = len(rows.table.labels)
        title = f"{esc(table_id)}: {esc(rows.table.title)}"
        chart = figure_chart(rows)
        parts.append(
            f"<h3 id='figures-{esc(table_id)}'>{title}</h3>"
            f"<div class='chart' data-chart='{esc(table_id)}'>{chart}</div>"
            + (
                table(headings, body, numeric=range(width, len(headings)))
                if body
                else "<p class='muted'>No rows.</p>"
            )
        )
    return "".join(parts)


def units_cell(units: tuple[str, ...]) -> Markup | str:
    """A person's units in a table, one a line."""
    return Markup("<br>".join(esc(unit) for unit in units)) if units else "not counted"


def render_drivers(drivers: list[TableDrivers] | None) -> str:
    """The people behind the tables that changed most, by their lines."""
    if drivers is None:
        return ""
    parts = [
        "<h2 id='drivers'>Rows behind the biggest changes</h2>",
        "<p>For the SALT tables that changed most since the previous file, the"
        " people whose counting changed: what each was counted as before and now,"
        " and the lines of their events in each file (the header is line 1; one"
        " line per event, the copy the warehouse kept), so you can open the files"
        " there. A person counted the same way in both files"
        " is not listed. People are shown by their lines only. The workbook's"
        " sheet 'Changed rows' lists every one.</p>",
    ]
    if not drivers:
        parts.append("<p class='muted'>No SALT table changed.</p>")
    for found in drivers[:REPORT_TABLES]:
        people = len(found.drivers)
        shown = "" if people <= REPORT_PEOPLE else f", the first {REPORT_PEOPLE} here"
        parts.append(
            f"<h3 id='drivers-{esc(found.sheet)}'>{esc(found.sheet)}: largest change"
            f" in one cell {figure_value(found.largest_change)}; {people:,} people"
            f" counted differently{shown}</h3>"
        )
        body = [
            [
                units_cell(driver.before),
                units_cell(driver.now),
                lines_text(driver.lines_now),
                lines_text(driver.lines_before),
            ]
            for driver in found.drivers[:REPORT_PEOPLE]
        ]
        headings = [
            f"counted before (each {found.unit})",
            "counted now",
            "lines in this file",
            "lines in the previous file",
        ]
        parts.append(
            table(headings, body)
            if body
            else "<p class='muted'>No one is counted in another cell: units"
            " identical in person, date and cell collapse to one here.</p>"
        )
    return "".join(parts)


def render_html(data: ReportInput, verdict: Verdict) -> str:
    """The whole report as one self-contained HTML page."""
    generated = data.generated_at.strftime("%d/%m/%Y %H:%M UTC")
    # Plotly's bundle, inline and only when there are figures to draw.
    charts_script = (
        f"<script>{plotly.offline.get_plotlyjs()}</script>" if data.figures else ""
    )
    sections = [
        render_verdict(verdict),
        render_summary(data),
        render_contract(data.contract, data.contract_engine),
        render_build(data.dbt),
        render_event_types(data.findings),
        render_rules(data.findings, data.failures_csv_name, data.failures_written),
        render_completeness(data.findings.completeness if data.findings else None),
        render_figures(data.figures, data.previous_file_name),
        render_drivers(data.drivers),
    ]
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>CLD pre-submission check: {esc(data.file_name)}</title>"
        f"<style>{STYLE_SHEET}</style>{charts_script}</head><body>"
        f"<h1>CLD pre-submission check: {esc(data.file_name)}</h1>"
        f"<p class='muted'>Generated {esc(generated)} by "
        "scripts/check_submission.py from the CLD warehouse's own rules.</p>"
        + "".join(sections)
        + "</body></html>\n"
    )
