"""Write the published database for BI tools, after a successful build.

    python scripts/publish.py --duckdb warehouse/cld.duckdb --manifest \
        target/manifest.json --out warehouse

Writes `published.duckdb` and `published/<table>.parquet` in the --out folder:
exactly the tables the dbt exposure `published_database` depends on (the
`*_published` marts and the dimensions they need), copied from the build's
DuckDB file, with every model and column description from the manifest as a
DuckDB comment. The database is written under a temporary name and renamed
over the old one, and the Parquet files into a new folder swapped in whole
(scripts/swap.py), so the published files are never opened for writing: a BI
tool holding them keeps reading the previous build's data, with no lock error,
and a new connection gets the new data. The renames are atomic on POSIX file
systems (Linux, macOS), where the main job runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import swap

LOG = logging.getLogger("publish")

PUBLISHED_EXPOSURE = "published_database"
DATABASE_NAME = "published.duckdb"
PARQUET_FOLDER = "published"


@dataclass(frozen=True)
class PublishedTable:
    """A model the published database holds, with its documentation."""

    name: str
    schema: str
    description: str
    column_descriptions: dict[str, str]


@dataclass(frozen=True)
class Publication:
    """What a publication wrote."""

    database: Path
    parquet_folder: Path
    rows: dict[str, int]
    comments: int


def published_tables(manifest: dict[str, Any]) -> list[PublishedTable]:
    """The models the exposure `published_database` depends on, in its order."""
    exposures = [
        exposure
        for exposure in manifest["exposures"].values()
        if exposure["name"] == PUBLISHED_EXPOSURE
    ]
    if not exposures:
        raise SystemExit(
            f"The manifest has no exposure {PUBLISHED_EXPOSURE!r}: run dbt parse"
            " on this project first."
        )
    tables = []
    for unique_id in exposures[0]["depends_on"]["nodes"]:
        node = manifest["nodes"][unique_id]
        tables.append(
            PublishedTable(
                name=node["alias"] or node["name"],
                schema=node["schema"],
                description=node["description"].strip(),
                column_descriptions={
                    column["name"]: column["description"].strip()
                    for column in node["columns"].values()
                },
            )
        )
    return tables


def quoted_identifier(name: str) -> str:
    """A SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


def quoted_text(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def temporary_path(final: Path) -> Path:
    """A name beside `final` that no other publication uses at the same time."""
    return final.with_name(f".{final.name}.{os.getpid()}.tmp")


def copy_tables(
    connection: duckdb.DuckDBPyConnection, tables: list[PublishedTable]
) -> tuple[dict[str, int], int]:
    """Copy each table from the attached build and comment it; rows, comments."""
    rows = {}
    comments = 0
    for table in tables:
        name = quoted_identifier(table.name)
        source = f"build.{quoted_identifier(table.schema)}.{name}"
        connection.execute(f"create table {name} as select * from {source}")
        connection.execute(
            f"comment on table {name} is {quoted_text(table.description)}"
        )
        comments += 1
        stored_columns = [
            row[0]
            for row in connection.execute(
                "select column_name from information_schema.columns"
                " where table_catalog = current_database() and table_name = ?",
                [table.name],
            ).fetchall()
        ]
        for column in stored_columns:
            description = table.column_descriptions.get(column, "")
            if not description:
                raise SystemExit(
                    f"{table.name}.{column} has no description in the manifest:"
                    " every published column must say what it holds."
                )
            connection.execute(
                f"comment on column {name}.{quoted_identifier(column)}"
                f" is {quoted_text(description)}"
            )
            comments += 1
        count = connection.execute(f"select count(*) from {name}").fetchone()
        rows[table.name] = int(count[0]) if count else 0
    return rows, comments


def write_parquet(
    connection: duckdb.DuckDBPyConnection, tables: list[PublishedTable], folder: Path
) -> None:
    """One Parquet file per table, in a new folder swapped in as a whole."""
    staging = swap.staging_folder(folder)
    for table in tables:
        connection.execute(
            f"copy {quoted_identifier(table.name)}"
            f" to {quoted_text(str(staging / f'{table.name}.parquet'))}"
            " (format parquet)"
        )
    swap.swap_in(staging, folder)


def remove_abandoned(out: Path) -> None:
    """Temporary databases of publications that stopped before their rename."""
    for path in out.glob(f".{DATABASE_NAME}.*.tmp"):
        pid = path.name.split(".")[-2]
        if pid.isdigit() and not process_exists(int(pid)):
            path.unlink(missing_ok=True)


def process_exists(pid: int) -> bool:
    """Whether a process with this id is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish(build_database: Path, manifest: dict[str, Any], out: Path) -> Publication:
    """Write published.duckdb and the Parquet files from a finished build."""
    tables = published_tables(manifest)
    out.mkdir(parents=True, exist_ok=True)
    remove_abandoned(out)
    final = out / DATABASE_NAME
    temporary = temporary_path(final)
    temporary.unlink(missing_ok=True)
    with duckdb.connect(str(temporary)) as connection:
        connection.execute(
            f"attach {quoted_text(str(build_database))} as build (read_only)"
        )
        rows, comments = copy_tables(connection, tables)
        connection.execute("detach build")
        write_parquet(connection, tables, out / PARQUET_FOLDER)
    # The rename is atomic: readers of the old file keep it until they close.
    os.replace(temporary, final)
    return Publication(final, out / PARQUET_FOLDER, rows, comments)


def main(argv: list[str] | None = None) -> int:
    """Publish from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duckdb", type=Path, required=True, help="the build's file")
    parser.add_argument("--manifest", type=Path, default=Path("target/manifest.json"))
    parser.add_argument("--out", type=Path, required=True, help="folder to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    manifest = json.loads(args.manifest.read_text())
    publication = publish(args.duckdb, manifest, args.out)
    LOG.info(
        "Published %d tables (%d rows, %d comments) to %s and %s/",
        len(publication.rows),
        sum(publication.rows.values()),
        publication.comments,
        publication.database,
        publication.parquet_folder,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
