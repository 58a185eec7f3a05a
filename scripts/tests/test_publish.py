"""The published database: the right tables, documented, swapped in whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import publish
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# A reader that holds the published file open, as a BI tool does: it counts,
# waits for a line on stdin, then counts again on the same connection.
READER = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
query = "select count(*) from dim_areas"
print(connection.execute(query).fetchone()[0], flush=True)
sys.stdin.readline()
print(connection.execute(query).fetchone()[0], flush=True)
"""


def tiny_manifest() -> dict[str, Any]:
    """A manifest with one published exposure over two documented models."""
    nodes = {
        "model.cld_warehouse.dim_areas": {
            "name": "dim_areas",
            "alias": "dim_areas",
            "schema": "marts",
            "description": "One row per area.",
            "columns": {
                "area_code": {"name": "area_code", "description": "The area's code."},
                "area_name": {
                    "name": "area_name",
                    "description": "Its 'quote'.",
                },
            },
        },
        "model.cld_warehouse.salt_sts001_published": {
            "name": "salt_sts001_published",
            "alias": "salt_sts001_published",
            "schema": "marts",
            "description": "Requests, suppressed.",
            "columns": {
                "request_count": {"name": "request_count", "description": "Count."}
            },
        },
        "model.cld_warehouse.salt_sts001": {
            "name": "salt_sts001",
            "alias": "salt_sts001",
            "schema": "marts",
            "description": "Requests, unsuppressed: never published.",
            "columns": {},
        },
    }
    exposure = {
        "name": publish.PUBLISHED_EXPOSURE,
        "depends_on": {
            "nodes": [
                "model.cld_warehouse.salt_sts001_published",
                "model.cld_warehouse.dim_areas",
            ]
        },
    }
    return {"nodes": nodes, "exposures": {"exposure.x": exposure}}


def tiny_build(path: Path, areas: int) -> Path:
    """A build's DuckDB file with `areas` areas and the request tables."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema if not exists marts")
        connection.execute(
            "create or replace table marts.dim_areas as select cast(i as varchar)"
            " as area_code, 'Area ' || i as area_name from range(?) as t(i)",
            [areas],
        )
        connection.execute(
            "create or replace table marts.salt_sts001_published"
            " as select 5 as request_count"
        )
        connection.execute(
            "create or replace table marts.salt_sts001 as select 3 as request_count"
        )
    return path


def test_publishes_exactly_the_exposure_tables_with_comments(tmp_path: Path) -> None:
    build = tiny_build(tmp_path / "cld.duckdb", areas=3)
    publication = publish.publish(build, tiny_manifest(), tmp_path)
    assert publication.rows == {"salt_sts001_published": 1, "dim_areas": 3}
    assert publication.comments == 2 + 3
    with duckdb.connect(str(publication.database), read_only=True) as connection:
        tables = connection.execute(
            "select table_name, comment from duckdb_tables()"
            " where database_name = current_database() order by 1"
        ).fetchall()
        columns = connection.execute(
            "select column_name, comment from duckdb_columns()"
            " where database_name = current_database()"
            " and table_name = 'dim_areas' order by 1"
        ).fetchall()
    assert tables == [
        ("dim_areas", "One row per area."),
        ("salt_sts001_published", "Requests, suppressed."),
    ]
    assert columns == [
        ("area_code", "The area's code."),
        ("area_name", "Its 'quote'."),
    ]
    parquet = sorted(path.name for path in publication.parquet_folder.iterdir())
    assert parquet == ["dim_areas.parquet", "salt_sts001_published.parquet"]
    with duckdb.connect() as connection:
        assert connection.execute(
            f"select count(*) from '{publication.parquet_folder}/dim_areas.parquet'"
        ).fetchone() == (3,)
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_undocumented_column_stops_the_publication(tmp_path: Path) -> None:
    build = tiny_build(tmp_path / "cld.duckdb", areas=1)
    manifest = tiny_manifest()
    del manifest["nodes"]["model.cld_warehouse.dim_areas"]["columns"]["area_name"]
    with pytest.raises(SystemExit, match=r"dim_areas\.area_name has no description"):
        publish.publish(build, manifest, tmp_path / "out")
    assert not (tmp_path / "out" / publish.DATABASE_NAME).exists()


def test_a_reader_keeps_the_old_data_while_a_new_one_gets_the_new(
    tmp_path: Path,
) -> None:
    build = tiny_build(tmp_path / "cld.duckdb", areas=2)
    published = publish.publish(build, tiny_manifest(), tmp_path / "out").database
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stdin is not None
    try:
        assert reader.stdout.readline().strip() == "2"
        # The next build publishes while the reader's connection is open.
        tiny_build(build, areas=7)
        publish.publish(build, tiny_manifest(), tmp_path / "out")
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "2"
    finally:
        _, errors = reader.communicate(timeout=30)
    assert reader.returncode == 0, errors
    with duckdb.connect(str(published), read_only=True) as connection:
        assert connection.execute("select count(*) from dim_areas").fetchone() == (7,)


def test_the_fixture_build_publishes_every_column_documented(tmp_path: Path) -> None:
    path = os.environ.get("CLD_TEST_DUCKDB_PATH")
    manifest_path = REPO_ROOT / "target" / "manifest.json"
    if not path or not Path(path).exists() or not manifest_path.exists():
        pytest.skip("CLD_TEST_DUCKDB_PATH not set: run scripts/warehouse.py test")
    manifest = json.loads(manifest_path.read_text())
    publication = publish.publish(Path(path), manifest, tmp_path)
    names = {table.name for table in publish.published_tables(manifest)}
    assert {"dim_areas", "dim_periods", "salt_sts001_published"} <= names
    assert not any(name.startswith(("stg_", "int_", "fct_")) for name in names)
    with duckdb.connect(str(publication.database), read_only=True) as connection:
        undocumented = connection.execute(
            "select count(*) from duckdb_columns()"
            " where database_name = current_database()"
            " and (comment is null or comment = '')"
        ).fetchone()
        tables = connection.execute(
            "select count(*) from duckdb_tables()"
            " where database_name = current_database()"
        ).fetchone()
    with duckdb.connect(path, read_only=True) as build:
        for name, rows in publication.rows.items():
            assert build.execute(f"select count(*) from marts.{name}").fetchone() == (
                rows,
            )
    assert undocumented == (0,)
    assert tables == (len(names),)
