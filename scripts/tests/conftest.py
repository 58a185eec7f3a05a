"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Browser, sync_playwright


@pytest.fixture(scope="module")
def fixture_warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """The DuckDB file the test command builds from tests/fixtures/landing.

    `python3 scripts/warehouse.py test` passes its path as CLD_TEST_DUCKDB_PATH;
    outside that job the tests using it are skipped.
    """
    path = os.environ.get("CLD_TEST_DUCKDB_PATH")
    if not path or not Path(path).exists():
        pytest.skip("CLD_TEST_DUCKDB_PATH not set: run scripts/warehouse.py test")
    connection = duckdb.connect(path, read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium, from CLD_CHROMIUM or Debian's path."""
    executable = Path(os.environ.get("CLD_CHROMIUM", "/usr/bin/chromium"))
    if not executable.exists():
        pytest.fail(
            f"No Chromium at {executable}: install it (as root: apt-get install -y"
            " chromium) or run `python3 scripts/warehouse.py test`, which does."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(executable), args=["--no-sandbox"]
        )
        yield launched
        launched.close()
