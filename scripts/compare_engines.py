"""Compare what DuckDB and Spark built from the same files, cell by cell.

Run after `dbt build` on both targets (scripts/warehouse.py test does). Every
table and view in the compared schemas must exist on both engines with the same
columns and, after sorting, the same rows. Values are compared as text after
normalising types the engines spell differently (dates, decimals, floats).

The Spark side is read through the target that built it (CLD_TARGET, or
--target): `spark_thrift` queries the Thrift server the profile names, as a
cluster user's tools would; `spark` opens the metastore the session profile
wrote, with its own settings. Either way nothing is configured twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import yaml
from pyspark.sql import SparkSession

LOG = logging.getLogger("compare_engines")
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCHEMAS = ("staging", "intermediate", "marts")
ENV_VAR_CALL = re.compile(
    r"\{\{\s*env_var\('(?P<name>[^']+)'(?:,\s*'(?P<default>[^']*)')?\)"
    r"(?:\s*\|\s*int)?\s*\}\}"
)
# Thrift returns nested values as JSON text; DuckDB as Python lists.
THRIFT_JSON_TYPES = ("ARRAY_TYPE", "MAP_TYPE", "STRUCT_TYPE")

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Relation:
    """One relation to compare: its columns and its normalised, sorted rows."""

    columns: tuple[str, ...]
    rows: list[Row]


def render_env_vars(text: str, environ: dict[str, str]) -> str:
    """Resolve the `{{ env_var('NAME', 'default') }}` calls of profiles.yml."""

    def replace(match: re.Match[str]) -> str:
        default = match.group("default")
        value = environ.get(match.group("name"), default)
        if value is None:
            raise KeyError(f"environment variable {match.group('name')} is not set")
        return value

    return ENV_VAR_CALL.sub(replace, text)


def profile_output(profiles_path: Path, target: str) -> dict[str, Any]:
    """One target's settings in profiles.yml, as written (env_var calls unrendered)."""
    profiles = yaml.safe_load(profiles_path.read_text())
    output: dict[str, Any] = next(iter(profiles.values()))["outputs"][target]
    return output


def spark_settings(profiles_path: Path, environ: dict[str, str]) -> dict[str, str]:
    """The Spark session settings of the `spark` target in profiles.yml."""
    parameters = profile_output(profiles_path, "spark")["server_side_parameters"]
    return {
        key: render_env_vars(str(value), environ) for key, value in parameters.items()
    }


def thrift_address(
    profiles_path: Path, environ: dict[str, str]
) -> tuple[str, int, str]:
    """Host, port and user of the `spark_thrift` target in profiles.yml."""
    output = profile_output(profiles_path, "spark_thrift")
    host, port, user = (
        render_env_vars(str(output[key]), environ) for key in ("host", "port", "user")
    )
    return host, int(port), user


def normalise(value: object) -> str | None:
    """Text form of a cell that is the same whichever engine produced it."""
    text: str | None
    if value is None:
        text = None
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    elif isinstance(value, float):
        text = f"{value:.6g}"
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(str(normalise(item)) for item in value) + "]"
    else:
        text = str(value)
    return text


def sort_rows(rows: Iterable[Sequence[object]]) -> list[Row]:
    """Normalise every cell and sort the rows (NULL before any text)."""
    normalised = [tuple(normalise(cell) for cell in row) for row in rows]
    return sorted(
        normalised, key=lambda row: [(cell is not None, cell or "") for cell in row]
    )


def duckdb_relations(path: Path, schemas: Sequence[str]) -> dict[str, Relation]:
    """Every table and view of the schemas in the DuckDB file."""
    connection = duckdb.connect(str(path), read_only=True)
    try:
        names = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in (select unnest(?))",
            [list(schemas)],
        ).fetchall()
        relations = {}
        for schema, table in names:
            result = connection.execute(f'select * from "{schema}"."{table}"')
            columns = tuple(column[0] for column in result.description)
            relations[f"{schema}.{table}"] = Relation(
                columns, sort_rows(result.fetchall())
            )
        return relations
    finally:
        connection.close()


def spark_relations(
    settings: dict[str, str], columns_by_name: dict[str, tuple[str, ...]]
) -> dict[str, Relation]:
    """The named relations read back from the Spark metastore.

    Columns are read in the order given when the relation has exactly those:
    Spark stores a partitioned table's partition column last.
    """
    builder = SparkSession.builder.enableHiveSupport().appName("compare_engines")
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    try:
        relations = {}
        for name, columns in columns_by_name.items():
            if not spark.catalog.tableExists(name):
                continue
            frame = spark.table(name)
            if sorted(frame.columns) == sorted(columns):
                frame = frame.select(*columns)
            rows = [tuple(row) for row in frame.collect()]
            relations[name] = Relation(tuple(frame.columns), sort_rows(rows))
        return relations
    finally:
        spark.stop()


def from_thrift(value: object, type_name: str) -> object:
    """A Thrift cell as the session would give it: nested values parsed."""
    if isinstance(value, str) and type_name in THRIFT_JSON_TYPES:
        return json.loads(value)
    return value


def thrift_relations(
    address: tuple[str, int, str], columns_by_name: dict[str, tuple[str, ...]]
) -> dict[str, Relation]:
    """The named relations read back through a Spark Thrift server.

    Columns are reordered as in spark_relations (partition columns come last).
    """
    from pyhive import hive  # noqa: PLC0415 (the Thrift client, Spark extra only)

    host, port, user = address
    connection = hive.connect(host=host, port=port, username=user)
    try:
        cursor = connection.cursor()
        stored = set()
        for schema in sorted({name.split(".")[0] for name in columns_by_name}):
            cursor.execute(f"show tables in {schema}")
            stored |= {
                f"{database}.{table}"
                for database, table, is_temporary in cursor.fetchall()
                if not is_temporary
            }
        relations = {}
        for name, columns in columns_by_name.items():
            if name not in stored:
                continue
            cursor.execute(f"select * from {name}")
            names = tuple(column[0] for column in cursor.description)
            types = [column[1] for column in cursor.description]
            order = list(range(len(names)))
            if sorted(names) == sorted(columns):
                order = [names.index(column) for column in columns]
            rows = [
                tuple(from_thrift(row[index], types[index]) for index in order)
                for row in cursor.fetchall()
            ]
            relations[name] = Relation(
                tuple(names[index] for index in order), sort_rows(rows)
            )
        return relations
    finally:
        connection.close()


def differences(name: str, left: Relation, right: Relation, limit: int) -> list[str]:
    """Readable differences between the DuckDB and Spark versions of a relation."""
    if left.columns != right.columns:
        return [
            f"{name}: columns differ: duckdb {left.columns} vs spark {right.columns}"
        ]
    found = []
    if len(left.rows) != len(right.rows):
        found.append(
            f"{name}: {len(left.rows)} rows on duckdb, {len(right.rows)} on spark"
        )
    for index, (duck_row, spark_row) in enumerate(
        zip(left.rows, right.rows, strict=False)
    ):
        for column, duck_cell, spark_cell in zip(
            left.columns, duck_row, spark_row, strict=True
        ):
            if duck_cell != spark_cell:
                found.append(
                    f"{name} row {index} column {column}: "
                    f"duckdb {duck_cell!r} vs spark {spark_cell!r}"
                )
                if len(found) >= limit:
                    return found
    return found


def main(argv: list[str] | None = None) -> int:
    """Compare the two engines' relations; non-zero exit on any difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duckdb", type=Path, required=True, help="DuckDB file")
    parser.add_argument("--profiles", type=Path, default=REPO_ROOT / "profiles.yml")
    parser.add_argument("--schemas", nargs="+", default=list(DEFAULT_SCHEMAS))
    parser.add_argument("--max-differences", type=int, default=20)
    parser.add_argument(
        "--target",
        choices=["spark", "spark_thrift"],
        default=os.environ.get("CLD_TARGET", "spark"),
        help="the Spark target that built the relations (default: CLD_TARGET)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    logging.getLogger("pyhive").setLevel(logging.WARNING)  # a line per query

    duck = duckdb_relations(args.duckdb, args.schemas)
    columns_by_name = {name: relation.columns for name, relation in duck.items()}
    if args.target == "spark_thrift":
        address = thrift_address(args.profiles, dict(os.environ))
        spark = thrift_relations(address, columns_by_name)
    else:
        settings = spark_settings(args.profiles, dict(os.environ))
        spark = spark_relations(settings, columns_by_name)
    problems = [f"{name}: missing on spark" for name in sorted(set(duck) - set(spark))]
    for name in sorted(set(duck) & set(spark)):
        problems += differences(name, duck[name], spark[name], args.max_differences)
        if len(problems) >= args.max_differences:
            break
    for problem in problems[: args.max_differences]:
        LOG.error("%s", problem)
    cells = sum(len(rel.rows) * len(rel.columns) for rel in duck.values())
    if problems:
        LOG.error("DuckDB and Spark differ (%d problem(s) shown)", len(problems))
        return 1
    LOG.info(
        "DuckDB and Spark agree: %d relations, %d cells compared", len(duck), cells
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
