"""Say in ten seconds what a build found: files, rows, rules, England's figures.

    .venv/bin/python scripts/build_summary.py --duckdb warehouse/cld.duckdb \
        [--step build=412.3 --step publish=2.1 ...] [--json warehouse/summary.json]

Reads the build's DuckDB file (read-only) after a successful build: the files
loaded, quarantined and duplicated (with each reason), rows staged, the five
rules with most failing rows in the councils' latest files, the reporting
period, England's headline figures (SALT STS001 requests from new clients and
LTS001a people in long-term support, from the councils' exact counts; ASCOF 2A
and 2E; median waits in the latest quarter), where the outputs are, and how long
each step took. Prints the summary and optionally writes it as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

LOG = logging.getLogger("build_summary")

TOP_RULES = 5
ENGLAND = "E92000001"


@dataclass
class Summary:
    """What the build found, ready to print or to write as JSON."""

    files: dict[str, int] = field(default_factory=dict)
    set_aside: list[dict[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    period: dict[str, Any] = field(default_factory=dict)
    top_rules: list[dict[str, Any]] = field(default_factory=list)
    england: dict[str, Any] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)


def records(
    connection: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any] | None = None
) -> list[dict[str, Any]]:
    """Rows of a query as dictionaries."""
    cursor = connection.execute(sql, parameters or [])
    names = [column[0] for column in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def scalar(connection: duckdb.DuckDBPyConnection, sql: str) -> Any:
    """The one value of a query."""
    row = connection.execute(sql).fetchone()
    return row[0] if row else None


def file_counts(connection: duckdb.DuckDBPyConnection, summary: Summary) -> None:
    """Files by status, the ones set aside and why, and the rows they held."""
    for row in records(
        connection,
        "select status, count(*) as files from marts.dim_submissions group by 1",
    ):
        summary.files[str(row["status"])] = int(row["files"])
    summary.set_aside = [
        {
            "file": str(row["file_name"]),
            "status": str(row["status"]),
            "reason": str(row["reason"]),
        }
        for row in records(
            connection,
            "select file_name, status, coalesce(quarantine_reason,"
            " 'same content as ' || duplicate_of_submission_id, status) as reason"
            " from marts.dim_submissions where status <> 'loaded' order by 1",
        )
    ]
    totals = records(
        connection,
        "select coalesce(sum(rows_read), 0) as read,"
        " coalesce(sum(rows_staged), 0) as staged,"
        " coalesce(sum(rows_quarantined), 0) as quarantined"
        " from marts.dim_submissions",
    )[0]
    summary.rows = {name: int(value) for name, value in totals.items()}


def reporting_period(connection: duckdb.DuckDBPyConnection, summary: Summary) -> None:
    """The period the SALT, ASCOF and waiting-times figures are for."""
    row = records(
        connection,
        "select period_start_date, period_end_date, period_choice,"
        " councils_covering, councils_active"
        " from intermediate.int_reporting_periods",
    )[0]
    summary.period = {
        "start": str(row["period_start_date"]),
        "end": str(row["period_end_date"]),
        "choice": str(row["period_choice"]),
        "councils_covering": int(row["councils_covering"]),
        "councils_active": int(row["councils_active"]),
    }


def most_failed_rules(connection: duckdb.DuckDBPyConnection, summary: Summary) -> None:
    """The rules with most failing rows in the councils' latest files."""
    summary.top_rules = [
        {
            "rule": str(row["rule_id"]),
            "severity": str(row["severity"]),
            "rows_failed": int(row["rows_failed"]),
            "files": int(row["files"]),
            "description": str(row["description"] or ""),
        }
        for row in records(
            connection,
            "select results.rule_id, results.severity,"
            " sum(results.rows_failed) as rows_failed,"
            " count(distinct results.submission_id) as files,"
            " max(rules.description) as description"
            " from marts.dq_rule_results as results"
            " left join seeds.cld_validation_rules as rules"
            " on rules.rule_id"
            " in (results.rule_id, split_part(results.rule_id, '.', 1))"
            " where results.is_latest_loaded and results.rows_failed > 0"
            " group by 1, 2 order by 3 desc, 1 limit ?",
            [TOP_RULES],
        )
    ]


def england_figures(connection: duckdb.DuckDBPyConnection, summary: Summary) -> None:
    """England's headline figures: exact sums, ASCOF values, latest medians."""
    england = summary.england
    england["sts001_new_client_requests"] = int(
        scalar(
            connection, "select coalesce(sum(request_count), 0) from marts.salt_sts001"
        )
    )
    england["lts001a_people_long_term_support"] = int(
        scalar(
            connection, "select coalesce(sum(people_count), 0) from marts.salt_lts001a"
        )
    )
    for row in records(
        connection,
        "select measure_id, measure_value, numerator, denominator"
        " from marts.ascof_measures_published"
        " where area_code = ? and measure_id in ('2A', '2E')"
        " and measure_part = 'all' and breakdown = 'Total'",
        [ENGLAND],
    ):
        england[f"ascof_{row['measure_id']}_percent"] = row["measure_value"]
    waits = records(
        connection,
        "select quarter_start_date, quarter_end_date, metric, age_band,"
        " waits_count, median_wait_days from marts.waiting_times"
        " where area_code = ? and quarter_end_date = (select max(quarter_end_date)"
        " from marts.waiting_times where area_code = ?) order by metric, age_band",
        [ENGLAND, ENGLAND],
    )
    england["median_waits_latest_quarter"] = [
        {
            "quarter": f"{row['quarter_start_date']} to {row['quarter_end_date']}",
            "metric": str(row["metric"]),
            "age_band": str(row["age_band"]),
            "waits": int(row["waits_count"]),
            "median_days": row["median_wait_days"],
        }
        for row in waits
    ]


def summarise(
    database: Path, steps: dict[str, float], locations: dict[str, str]
) -> Summary:
    """Everything the summary says, read from the build's DuckDB file."""
    summary = Summary(steps=steps, locations=locations)
    with duckdb.connect(str(database), read_only=True) as connection:
        file_counts(connection, summary)
        reporting_period(connection, summary)
        most_failed_rules(connection, summary)
        england_figures(connection, summary)
    return summary


def number(value: Any) -> str:
    """A count with thousands separators, or a value to 1 decimal place."""
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(value):,.1f}"


def shortened(text: str, width: int = 80) -> str:
    """The text cut at a word to fit `width`, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0] + "…"


def formatted(summary: Summary) -> str:
    """The summary as lines a person reads in ten seconds."""
    files = ", ".join(
        f"{count} {status}" for status, count in sorted(summary.files.items())
    )
    lines = [
        "Build summary",
        f"  Files: {files}",
        *(
            f"    {item['status']}: "
            + (
                item["reason"]
                if item["reason"].startswith(item["file"])
                else f"{item['file']}: {item['reason']}"
            )
            for item in summary.set_aside
        ),
        f"  Rows: {number(summary.rows['staged'])} staged of"
        f" {number(summary.rows['read'])} read"
        f" ({number(summary.rows['quarantined'])} in files set aside)",
        f"  Reporting period: {summary.period['start']} to {summary.period['end']}"
        f" ({summary.period['choice']}: {summary.period['councils_covering']} of"
        f" {summary.period['councils_active']} councils cover it)",
        "  Most failed rules (councils' latest files):",
        *(
            f"    {rule['rule']} ({rule['severity']}): {number(rule['rows_failed'])}"
            f" rows in {rule['files']} files. {shortened(rule['description'])}"
            for rule in summary.top_rules
        ),
        "  England:",
        "    STS001 requests from new clients:"
        f" {number(summary.england['sts001_new_client_requests'])}",
        "    LTS001a people in long-term support:"
        f" {number(summary.england['lts001a_people_long_term_support'])}",
        f"    ASCOF 2A: {number(summary.england.get('ascof_2A_percent'))}%,"
        f" 2E: {number(summary.england.get('ascof_2E_percent'))}%",
        *(
            f"    Median {wait['metric'].lower()}, {wait['age_band']}:"
            f" {number(wait['median_days'])} days ({number(wait['waits'])} waits,"
            f" {wait['quarter']})"
            for wait in summary.england["median_waits_latest_quarter"]
        ),
    ]
    if summary.locations:
        lines.append("  Outputs:")
        lines += [f"    {name}: {place}" for name, place in summary.locations.items()]
    if summary.steps:
        times = [f"{step} {seconds:.0f} s" for step, seconds in summary.steps.items()]
        total = sum(summary.steps.values())
        lines.append(f"  Time: {', '.join(times)}; total {total:.0f} s")
    return "\n".join(lines)


def named_values(pairs: list[str], kind: type[float] | type[str]) -> dict[str, Any]:
    """name=value arguments as a dictionary, in order."""
    values: dict[str, Any] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        values[name] = kind(value)
    return values


def main(argv: list[str] | None = None) -> int:
    """Print the summary of the build in --duckdb."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duckdb", type=Path, required=True, help="the build's file")
    parser.add_argument(
        "--step", action="append", default=[], help="name=seconds, once per step"
    )
    parser.add_argument(
        "--output", action="append", default=[], help="name=where, once per output"
    )
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    summary = summarise(
        args.duckdb, named_values(args.step, float), named_values(args.output, str)
    )
    LOG.info("%s", formatted(summary))
    if args.json:
        args.json.write_text(json.dumps(asdict(summary), indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
