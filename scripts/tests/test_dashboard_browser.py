"""The dashboard and the documentation site, opened in a real (headless) browser.

Drives Debian's Chromium through playwright (its own browser download is not
reachable here): `scripts/warehouse.py test` installs it and passes its path as
CLD_CHROMIUM. Without it these tests fail, saying how to install it. Pages are
opened from files, and any request leaving the machine fails the test.
Screenshots go to warehouse/test-artefacts/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dashboard
import duckdb
import publish
import pytest
from playwright.sync_api import Browser, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO_ROOT / "warehouse" / "test-artefacts"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture build's published database and dashboard, built here."""
    build = os.environ.get("CLD_TEST_DUCKDB_PATH")
    manifest = REPO_ROOT / "target" / "manifest.json"
    if not build or not Path(build).exists() or not manifest.exists():
        pytest.skip("CLD_TEST_DUCKDB_PATH not set: run scripts/warehouse.py test")
    folder = tmp_path_factory.mktemp("published")
    publish.publish(Path(build), json.loads(manifest.read_text()), folder)
    docs = REPO_ROOT / "target" / "static_index.html"
    dashboard.build_site(folder / "published.duckdb", docs, folder / "dashboard")
    return folder


def opened(browser: Browser, url: str) -> tuple[Page, list[str], list[str]]:
    """A page at `url`, with the requests that left the machine and JS errors."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    external: list[str] = []
    errors: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(LOCAL_SCHEMES)
            else external.append(request.url)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, external, errors


def assert_charts_rendered(page: Page) -> int:
    """Every chart block holds a drawn Plotly figure; how many there are."""
    charts = page.locator("[data-chart]")
    for index in range(charts.count()):
        charts.nth(index).locator(".main-svg").first.wait_for(timeout=10_000)
    return charts.count()


def published_value(site: Path, sql: str, parameters: list[str]) -> object:
    """One value from the published database."""
    with duckdb.connect(str(site / "published.duckdb"), read_only=True) as connection:
        row = connection.execute(sql, parameters).fetchone()
    return row[0] if row else None


ASCOF_VALUE = (
    "select measure_value from ascof_measures_published where area_code = ?"
    " and measure_id = ? and measure_part = 'all' and breakdown = 'Total'"
)


def test_the_england_page_draws_its_charts_and_shows_the_mart_figures(
    site: Path, browser: Browser
) -> None:
    page, external, errors = opened(
        browser, (site / "dashboard" / "index.html").as_uri()
    )
    assert assert_charts_rendered(page) >= 5
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "dashboard-england.png"), full_page=True)
    value = published_value(site, ASCOF_VALUE, [dashboard.ENGLAND, "2E"])
    assert isinstance(value, float)
    shown = page.locator('[data-figure="ascof_2E"]').inner_text()
    assert shown == f"{value:,.1f}%"
    options = page.locator("#council-picker option")
    assert options.count() > 1
    assert external == [] and errors == []


def test_a_council_page_shows_its_own_figures_beside_england(
    site: Path, browser: Browser
) -> None:
    code = str(
        published_value(
            site,
            "select min(area_code) from ascof_measures_published"
            " where area_type = 'council' and measure_id = ? and not is_suppressed"
            " and measure_part = 'all' and breakdown = 'Total'"
            " and measure_value is not null",
            ["2E"],
        )
    )
    page, external, errors = opened(
        browser, (site / "dashboard" / "councils" / f"{code}.html").as_uri()
    )
    assert assert_charts_rendered(page) >= 5
    page.screenshot(path=str(ARTEFACTS / "dashboard-council.png"), full_page=True)
    value = published_value(site, ASCOF_VALUE, [code, "2E"])
    assert isinstance(value, float)
    assert page.locator('[data-figure="ascof_2E"]').inner_text() == f"{value:,.1f}%"
    legend = page.locator("[data-chart=ascof] .legend").text_content() or ""
    assert "England" in legend
    assert external == [] and errors == []


def test_the_documentation_site_draws_the_lineage_graph_offline(
    site: Path, browser: Browser
) -> None:
    docs = site / "dashboard" / "docs.html"
    assert docs.exists(), "dbt docs generate --static has not run"
    page, external, errors = opened(
        browser, docs.as_uri() + "#!/model/model.cld_warehouse.salt_sts001_published"
    )
    page.locator('[ng-click="onLauncherClick()"]').click()
    page.locator("#graph-viz-wrapper canvas").first.wait_for(timeout=10_000)
    page.screenshot(path=str(ARTEFACTS / "docs-lineage.png"))
    assert page.locator("#graph-viz-wrapper canvas").count() > 0
    assert external == [] and errors == []
