"""Build the dashboard: a static site from the published database only.

    .venv/bin/python scripts/dashboard.py --published warehouse/published.duckdb \
        --docs target/static_index.html --out warehouse/dashboard

Pages: England (index.html), one per council (councils/<code>.html, picked from
every page), SALT tables, ASCOF measures, waiting times, activity, costs and
data quality. It reads only the published database (suppressed, rounded
tables; scripts/publish.py), so nothing unsuppressed can reach a page. Charts
are Plotly's, with its JavaScript bundle copied beside the pages, so the site
works offline from files or `python -m http.server`; each section links to its
table's page on the documentation site, copied in as docs.html. The site is
written to a new folder and swapped in whole (scripts/swap.py).
"""

from __future__ import annotations

import argparse
import datetime
import logging
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import pandas as pd
import plotly.graph_objects as go
import plotly.offline
import swap

LOG = logging.getLogger("dashboard")

TEMPLATES = Path(__file__).resolve().parent / "dashboard_templates"
ENGLAND = "E92000001"
SUPPRESSED = "[c]"
NOT_AVAILABLE = "\N{EN DASH}"
TABLE_ROWS = 25
NAVIGATION = [
    ("England", "index.html"),
    ("SALT", "salt.html"),
    ("ASCOF", "ascof.html"),
    ("Waiting times", "waiting_times.html"),
    ("Activity", "activity.html"),
    ("Costs", "costs.html"),
    ("Data quality", "data_quality.html"),
]
# The column of each SALT table the page breaks its cells down by.
SALT_CATEGORIES = {
    "salt_sts001": ("request_count", "sequel"),
    "salt_sts002a": ("episode_count", "sequel"),
    "salt_sts002b": ("episode_count", "sequel"),
    "salt_lts001a": ("people_count", "setting"),
    "salt_lts001b": ("people_count", "setting"),
    "salt_lts001c": ("people_count", "setting"),
    "salt_lts002a": ("review_count", "sequel"),
    "salt_lts002b": ("review_count", "sequel"),
    "salt_lts003": ("carer_count", "support_provided"),
    "salt_lts004": ("people_count", "status"),
}
ACTIVITIES = ["requests", "assessments", "services", "reviews", "carers"]


@dataclass
class Table:
    """A table as the page shows it: headings and formatted cells."""

    headings: list[str]
    rows: list[list[str]]
    label_columns: int = 1
    note: str = ""


@dataclass
class Section:
    """One block of a page: a chart and/or a table, defined and linked."""

    key: str
    title: str
    definition: str
    model: str
    chart: str = ""
    table: Table | None = None


@dataclass
class Tile:
    """A headline figure."""

    key: str
    label: str
    value: str
    note: str = ""


@dataclass
class Page:
    """A page of the site."""

    path: str
    title: str
    subtitle: str
    tiles: list[Tile] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def load(published: Path) -> dict[str, pd.DataFrame]:
    """Every table of the published database, as data frames."""
    with duckdb.connect(str(published), read_only=True) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "select table_name from duckdb_tables()"
                " where database_name = current_database()"
            ).fetchall()
        ]
        return {
            name: connection.execute(f'select * from "{name}"').df() for name in names
        }


def shown(value: Any, suppressed: bool = False, decimals: int = 0) -> str:
    """A published value as a page shows it: [c] when suppressed."""
    if value is None or pd.isna(value):
        return SUPPRESSED if suppressed else NOT_AVAILABLE
    if decimals:
        return f"{float(value):,.{decimals}f}"
    return f"{round(float(value)):,}"


def salt_id(table: str) -> str:
    """A SALT table's id as SALT writes it: salt_lts001a_published is LTS001a."""
    name = table.removeprefix("salt_").removesuffix("_published")
    return name[:6].upper() + name[6:]


def day(value: Any) -> str:
    """A date as YYYY-MM-DD."""
    return str(pd.Timestamp(value).date())


def chart(figure: go.Figure, key: str) -> str:
    """A Plotly figure as a div (the bundle is loaded once per page)."""
    figure.update_layout(margin={"l": 40, "r": 20, "t": 30, "b": 40}, height=380)
    return str(
        figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{key}",
            config={"displaylogo": False, "responsive": True},
        )
    )


def area_rows(frame: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """The rows of one area."""
    return frame[frame["area_code"] == area_code]


def headline_tiles(data: dict[str, pd.DataFrame], area_code: str) -> list[Tile]:
    """The area's headline figures, each from one published table."""
    tiles = []
    for table, measure, key, label in [
        (
            "salt_sts001_published",
            "request_count",
            "sts001",
            "Requests from new clients",
        ),
        (
            "salt_lts001a_published",
            "people_count",
            "lts001a",
            "People in long-term support",
        ),
    ]:
        rows = area_rows(data[table], area_code)
        suppressed = bool(rows["is_suppressed"].any())
        total = rows[measure].sum() if len(rows) else None
        note = "sum of the published (rounded) cells" + (
            f"; {int(rows['is_suppressed'].sum())} suppressed and left out"
            if suppressed
            else ""
        )
        tiles.append(Tile(key, f"SALT {salt_id(table)}: {label}", shown(total), note))
    ascof = area_rows(data["ascof_measures_published"], area_code)
    for measure_id in ["2A", "2E"]:
        row = ascof[
            (ascof["measure_id"] == measure_id)
            & (ascof["measure_part"] == "all")
            & (ascof["breakdown"] == "Total")
        ]
        value = row["measure_value"].iloc[0] if len(row) else None
        suppressed = bool(row["is_suppressed"].iloc[0]) if len(row) else False
        tiles.append(
            Tile(
                f"ascof_{measure_id}",
                f"ASCOF {measure_id}",
                shown(value, suppressed, 1) + ("" if pd.isna(value) else "%"),
                str(row["measure_name"].iloc[0]) if len(row) else "",
            )
        )
    costs = area_rows(data["activity_costs_published"], area_code)
    total_costs = costs[costs["breakdown"] == "total"]
    if len(total_costs):
        cost_row = total_costs.iloc[0]
        tiles.append(
            Tile(
                "full_year_cost",
                "Planned cost, full-year equivalent",
                "£"
                + shown(
                    cost_row["full_year_equivalent_cost"],
                    bool(cost_row["is_suppressed"]),
                ),
                f"services active {day(cost_row['window_start_date'])} to"
                f" {day(cost_row['window_end_date'])}",
            )
        )
    return tiles


def ascof_section(data: dict[str, pd.DataFrame], area_codes: list[str]) -> Section:
    """ASCOF measures (total breakdowns) for the areas, side by side."""
    ascof = data["ascof_measures_published"]
    # each measure's total; 2B and 2C have one age band and no total
    rows = ascof[
        ascof["area_code"].isin(area_codes)
        & ((ascof["breakdown"] == "Total") | ascof["measure_id"].isin(["2B", "2C"]))
    ]
    names = dict(
        zip(data["dim_areas"]["area_code"], data["dim_areas"]["area_name"], strict=True)
    )
    figure = go.Figure()
    for code in area_codes:
        own = rows[rows["area_code"] == code]
        labels = (
            own["measure_id"]
            + " "
            + own["measure_part"].where(own["measure_part"] != "all", "")
        )
        figure.add_bar(
            name=names.get(code, code), x=labels.str.strip(), y=own["measure_value"]
        )
    figure.update_layout(
        barmode="group", yaxis_title="value (percent; 2B, 2C per 100,000)"
    )
    table_rows = []
    for _, row in rows.sort_values(
        ["measure_id", "measure_part", "area_code"]
    ).iterrows():
        table_rows.append(
            [
                row["measure_id"],
                row["measure_part"],
                names.get(row["area_code"], row["area_code"]),
                shown(row["numerator"], row["is_suppressed"]),
                shown(row["denominator"], row["is_suppressed"]),
                shown(row["measure_value"], row["is_suppressed"], 1),
                row["value_unit"],
            ]
        )
    return Section(
        "ascof",
        "ASCOF measures",
        "Adult Social Care Outcomes Framework measures from CLD"
        " (1E, 2A, 2B, 2C, 2E, 3D)"
        " for the reporting period; a region's and England's values come from their"
        " councils' summed numerators and denominators.",
        "ascof_measures_published",
        chart(figure, "ascof") if len(rows) else "",
        Table(
            ["Measure", "Part", "Area", "Numerator", "Denominator", "Value", "Unit"],
            table_rows,
            label_columns=3,
        )
        if table_rows
        else None,
    )


def salt_section(data: dict[str, pd.DataFrame], table: str, area_code: str) -> Section:
    """One SALT table's cells for an area, by its main category and age band."""
    measure, category = SALT_CATEGORIES[table]
    frame = area_rows(data[f"{table}_published"], area_code)
    identifying = [
        column
        for column in frame.columns
        if column
        not in {
            "area_type",
            "area_code",
            "area_name",
            "la_code",
            "region_name",
            "period_start_date",
            "period_end_date",
            "councils_included",
            "is_suppressed",
            measure,
        }
    ]
    frame = frame[(frame[measure].fillna(1) != 0)]
    rows = []
    for _, row in frame.sort_values(
        measure, ascending=False, na_position="last"
    ).iterrows():
        rows.append(
            [
                *(str(row[column]) for column in identifying),
                shown(row[measure], row["is_suppressed"]),
            ]
        )
    totals = frame.groupby(category, dropna=False)[measure].sum().sort_values()
    figure = go.Figure(
        go.Bar(x=totals.values, y=totals.index.astype(str), orientation="h")
    )
    figure.update_layout(
        xaxis_title=f"{measure.replace('_', ' ')} (sum of shown cells)"
    )
    period = ""
    if len(frame):
        period = (
            f" Period {day(frame['period_start_date'].iloc[0])} to"
            f" {day(frame['period_end_date'].iloc[0])}."
        )
    return Section(
        table,
        f"SALT {salt_id(table)}",
        f"The cells of {table} that are not zero, largest first, by"
        f" {category.replace('_', ' ')} and the table's other columns.{period}",
        f"{table}_published",
        chart(figure, table) if len(totals) else "",
        Table(
            [
                *(column.replace("_", " ") for column in identifying),
                measure.replace("_", " "),
            ],
            rows[:TABLE_ROWS],
            label_columns=len(identifying),
            note=f"{len(rows)} cells; the first {TABLE_ROWS} shown"
            if len(rows) > TABLE_ROWS
            else "",
        )
        if rows
        else None,
    )


def waiting_section(data: dict[str, pd.DataFrame], area_codes: list[str]) -> Section:
    """Median waits by quarter for the areas, with quartiles in the table."""
    waits = data["waiting_times_published"]
    rows = waits[waits["area_code"].isin(area_codes)]
    names = dict(
        zip(data["dim_areas"]["area_code"], data["dim_areas"]["area_name"], strict=True)
    )
    figure = go.Figure()
    for (code, metric, band), own in rows.groupby(["area_code", "metric", "age_band"]):
        figure.add_scatter(
            name=f"{names.get(code, code)}: {metric}, {band}",
            x=own["quarter_start_date"].astype(str),
            y=own["median_wait_days"],
            mode="lines+markers",
        )
    figure.update_layout(
        yaxis_title="median wait (days)", xaxis_title="quarter starting"
    )
    table_rows = [
        [
            names.get(row["area_code"], row["area_code"]),
            day(row["quarter_start_date"]),
            row["metric"],
            row["age_band"],
            # a statistic is suppressed with its own count, not the other's
            shown(row["waits_count"], row["is_suppressed"]),
            shown(row["median_wait_days"], pd.isna(row["waits_count"]), 1),
            shown(row["p75_wait_days"], pd.isna(row["waits_count"]), 1),
            shown(row["p90_wait_days"], pd.isna(row["waits_count"]), 1),
            shown(row["still_waiting_count"], row["is_suppressed"]),
        ]
        for _, row in rows.sort_values(
            ["area_code", "quarter_start_date", "metric", "age_band"]
        ).iterrows()
    ]
    return Section(
        "waiting_times",
        "Waiting times",
        "DHSC's waits from a request to the first response and to the first service,"
        " by the quarter the response or service started (people aged 25 and over):"
        " median, 75th and 90th percentiles, and requests still waiting at the"
        " quarter end.",
        "waiting_times_published",
        chart(figure, "waiting_times") if len(rows) else "",
        Table(
            [
                "Area",
                "Quarter",
                "Metric",
                "Age band",
                "Waits",
                "Median days",
                "75th pct",
                "90th pct",
                "Still waiting",
            ],
            table_rows,
            label_columns=4,
        )
        if table_rows
        else None,
    )


def activity_section(data: dict[str, pd.DataFrame], area_code: str) -> Section:
    """Monthly events started per activity for an area."""
    counts = area_rows(data["activity_counts_published"], area_code)
    monthly = counts[
        (counts["period_type"] == "month") & (counts["breakdown"] == "total")
    ]
    figure = go.Figure()
    for activity in ACTIVITIES:
        own = monthly[monthly["activity"] == activity].sort_values("period_start_date")
        if len(own):
            figure.add_scatter(
                name=activity,
                x=own["period_label"],
                y=own["started_event_count"],
                mode="lines+markers",
            )
    figure.update_layout(yaxis_title="events started in the month", xaxis_title="month")
    quarterly = counts[
        (counts["period_type"] == "quarter") & (counts["breakdown"] == "total")
    ]
    table_rows = [
        [
            row["period_label"],
            row["activity"],
            shown(row["event_count"], row["is_suppressed"]),
            shown(row["people_count"], row["is_suppressed"]),
            shown(row["started_event_count"], row["is_suppressed"]),
            shown(row["ended_event_count"], row["is_suppressed"]),
        ]
        for _, row in quarterly.sort_values(
            ["period_start_date", "activity"]
        ).iterrows()
    ]
    return Section(
        "activity",
        "Activity over time",
        "Requests (received = started, completed = ended), assessments, services,"
        " reviews and carers' support, as events and people active, started and ended"
        " in each month and financial quarter that the councils' files cover in full.",
        "activity_counts_published",
        chart(figure, "activity") if len(monthly) else "",
        Table(
            [
                "Quarter",
                "Activity",
                "Events active",
                "People active",
                "Started",
                "Ended",
            ],
            table_rows,
            label_columns=2,
        )
        if table_rows
        else None,
    )


def costs_section(data: dict[str, pd.DataFrame], area_code: str) -> Section:
    """Planned costs by service type for an area."""
    costs = area_rows(data["activity_costs_published"], area_code)
    by_type = costs[costs["breakdown"].isin(["total", "service_type"])]
    figure = go.Figure(
        go.Bar(
            x=by_type[by_type["breakdown"] == "service_type"]["breakdown_value"],
            y=by_type[by_type["breakdown"] == "service_type"][
                "full_year_equivalent_cost"
            ],
        )
    )
    figure.update_layout(yaxis_title="full-year equivalent cost (£)")
    table_rows = [
        [
            row["breakdown_value"],
            shown(row["service_count"], row["is_suppressed"]),
            shown(row["people_count"], row["is_suppressed"]),
            "£" + shown(row["cost_in_window"], row["is_suppressed"]),
            "£" + shown(row["weekly_cost"], row["is_suppressed"]),
            "£" + shown(row["full_year_equivalent_cost"], row["is_suppressed"]),
            "£" + shown(row["average_weekly_cost_per_person"], row["is_suppressed"], 2),
            shown(row["not_costed_no_unit_cost_count"], row["is_suppressed"]),
        ]
        for _, row in by_type.sort_values(
            ["breakdown", "breakdown_value"], ascending=[False, True]
        ).iterrows()
    ]
    return Section(
        "costs",
        "Planned service costs",
        "DHSC's method: services active in the reporting period's last quarter,"
        " cost per week from the unit cost and its frequency, the cost in that"
        " window, and the full-year equivalent at 52.14 weeks; services with no"
        " unit cost are counted, not dropped.",
        "activity_costs_published",
        chart(figure, "costs") if len(by_type) else "",
        Table(
            [
                "Service type",
                "Services",
                "People",
                "Cost in window",
                "Weekly cost",
                "Full-year equivalent",
                "Average weekly per person",
                "Not costed: no unit cost",
            ],
            table_rows,
        )
        if table_rows
        else None,
    )


def data_quality_section(data: dict[str, pd.DataFrame], area_code: str) -> Section:
    """The area's field validity and rule failure rates beside England's."""
    quality = area_rows(data["dq_england_comparison_published"], area_code)
    worst = quality.sort_values("failure_rate", ascending=False, na_position="last")
    figure = go.Figure()
    top = worst.head(15)
    labels = top["module"] + ": " + top["field_name"]
    figure.add_bar(name="this area", x=labels, y=top["failure_rate"] * 100)
    figure.add_bar(name="England", x=labels, y=top["england_failure_rate"] * 100)
    figure.update_layout(barmode="group", yaxis_title="rows failing (%)")
    table_rows = [
        [
            row["module"],
            row["field_name"],
            shown(row["rows_checked"], row["is_suppressed"]),
            shown(
                None if pd.isna(row["valid_rate"]) else row["valid_rate"] * 100,
                row["is_suppressed"],
                1,
            ),
            shown(row["england_valid_rate"] * 100, False, 1),
            shown(
                None if pd.isna(row["failure_rate"]) else row["failure_rate"] * 100,
                row["is_suppressed"],
                1,
            ),
            shown(row["england_failure_rate"] * 100, False, 1),
        ]
        for _, row in worst.head(TABLE_ROWS).iterrows()
    ]
    return Section(
        "data_quality",
        "Data quality against England",
        "Per field of the councils' latest files: the share of values valid, and"
        " the share of rows failing a validation rule, beside England's; worst first.",
        "dq_england_comparison_published",
        chart(figure, "data_quality") if len(top) else "",
        Table(
            [
                "Module",
                "Field",
                "Values checked",
                "Valid %",
                "England valid %",
                "Failing %",
                "England failing %",
            ],
            table_rows,
            label_columns=2,
        )
        if table_rows
        else None,
    )


def area_page(
    data: dict[str, pd.DataFrame], area: pd.Series, path: str, councils: int
) -> Page:
    """Everything about one area: its figures beside its region's and England's."""
    code = str(area["area_code"])
    comparison = [code]
    if area["area_type"] == "council" and isinstance(area["region_code"], str):
        comparison.append(area["region_code"])
    if code != ENGLAND:
        comparison.append(ENGLAND)
    sections = [
        ascof_section(data, comparison),
        waiting_section(data, comparison),
        activity_section(data, code),
        costs_section(data, code),
        data_quality_section(data, code),
        salt_section(data, "salt_sts001", code),
        salt_section(data, "salt_lts001a", code),
    ]
    subtitle = (
        f"Council {area['la_code']}, {area['region_name']}."
        if area["area_type"] == "council"
        else f"{councils} councils with published figures."
    )
    return Page(
        path, str(area["area_name"]), subtitle, headline_tiles(data, code), sections
    )


def topic_pages(data: dict[str, pd.DataFrame]) -> list[Page]:
    """The national pages: England and its regions, topic by topic."""
    areas = data["dim_areas"]
    regions = areas[areas["area_type"] == "region"]["area_code"].tolist()
    everyone = [ENGLAND, *regions]
    return [
        Page(
            "salt.html",
            "SALT tables, England",
            "England's cells of each SALT table.",
            sections=[salt_section(data, table, ENGLAND) for table in SALT_CATEGORIES],
        ),
        Page(
            "ascof.html",
            "ASCOF measures",
            "England and its regions.",
            sections=[ascof_section(data, everyone)],
        ),
        Page(
            "waiting_times.html",
            "Waiting times",
            "England and its regions.",
            sections=[waiting_section(data, everyone)],
        ),
        Page(
            "activity.html",
            "Activity",
            "England.",
            sections=[activity_section(data, ENGLAND)],
        ),
        Page(
            "costs.html", "Costs", "England.", sections=[costs_section(data, ENGLAND)]
        ),
        Page(
            "data_quality.html",
            "Data quality",
            "England.",
            sections=[data_quality_section(data, ENGLAND)],
        ),
    ]


def councils_with_rows(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The councils some published table has rows for, by name."""
    present: set[str] = set()
    for name, frame in data.items():
        if name.endswith("_published") and "la_code" in frame:
            present.update(frame["la_code"].dropna().astype(str))
    areas = data["dim_areas"]
    councils = areas[
        (areas["area_type"] == "council") & areas["area_code"].isin(present)
    ]
    return councils.sort_values("area_name")


def render(pages: Iterable[Page], context: dict[str, Any], out: Path) -> int:
    """Write each page with the template; how many were written."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True
    )
    template = environment.get_template("page.html.j2")
    count = 0
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * page.path.count("/")
        target.write_text(
            template.render(
                root=root,
                title=page.title,
                subtitle=page.subtitle,
                tiles=page.tiles,
                sections=page.sections,
                **context,
            )
        )
        count += 1
    return count


def build_site(
    published: Path,
    docs: Path | None,
    out: Path,
    thresholds: tuple[int, int] = (5, 5),
    progress: Callable[[str], None] = LOG.info,
) -> int:
    """Write the whole site to a new folder and swap it in; pages written."""
    data = load(published)
    councils = councils_with_rows(data)
    areas = data["dim_areas"]
    staging = swap.staging_folder(out)
    (staging / "assets").mkdir()
    (staging / "assets" / "plotly.min.js").write_text(plotly.offline.get_plotlyjs())
    if docs is not None and docs.exists():
        shutil.copyfile(docs, staging / "docs.html")
    context = {
        "navigation": NAVIGATION,
        "councils": list(
            zip(councils["area_code"], councils["area_name"], strict=True)
        ),
        "threshold": thresholds[0],
        "rounding_base": thresholds[1],
        "built_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    england_area = areas[areas["area_code"] == ENGLAND].iloc[0]
    england = area_page(data, england_area, "index.html", len(councils))
    pages = [england, *topic_pages(data)]
    written = render(pages, context, staging)
    for number, (_, council) in enumerate(councils.iterrows(), start=1):
        if number % 25 == 0:
            progress(f"Council pages: {number} of {len(councils)}")
        page = area_page(data, council, f"councils/{council['area_code']}.html", 1)
        written += render([page], context, staging)
    swap.swap_in(staging, out)
    return written


def main(argv: list[str] | None = None) -> int:
    """Build the dashboard from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--published", type=Path, required=True, help="published.duckdb"
    )
    parser.add_argument("--docs", type=Path, help="dbt's static_index.html")
    parser.add_argument("--out", type=Path, required=True, help="the site's folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    pages = build_site(args.published, args.docs, args.out)
    LOG.info("Dashboard: %d pages in %s (open index.html)", pages, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
