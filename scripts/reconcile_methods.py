"""Reconcile the principles' figures with NHS England's code's, cell by cell.

Starts from a warehouse built with the default method (`principles`) and builds
beside it, in a work folder:

- the same warehouse with `method: nhs_england_code` (every behaviour var set to
  the code's choice, macro `method_choice`), and
- one warehouse per behaviour var, with only that var set to the code's choice.

Each is a copy of the principles' DuckDB file in which only the models that read
a changed var (and the models downstream of them) are rebuilt, so the rest of
the build is shared. Every SALT table and ASCOF measure is then compared cell by
cell: `method_reconciliation.csv` lists each council's cells whose figures
differ, with the principles' figure, the code's figure and the behaviours that
separate them: each behaviour whose own switch changes that cell. A cell that
no single switch changes differs only through behaviours acting together (or,
with `--behaviours`, through one not attributed), and says so.
`method_reconciliation.md` sums it up per table and per behaviour.

Usage: python scripts/reconcile_methods.py --principles warehouse/cld.duckdb
(after a build; `python3 scripts/warehouse.py reconcile` runs it on the main
warehouse). Pass `--vars` with the vars the principles build used, if any. The
work folder (`--out`/work, one copy of the file per build) is removed at the
end unless `--keep-work` is given. Measured: 2 min 59 s on the test fixtures
with ten behaviours (before person_id_scope made eleven); 3 min 17 s with
eleven on a generated 6-council, 4-quarter sample.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import check_project
import duckdb

LOG = logging.getLogger("reconcile_methods")

REPO_ROOT = Path(__file__).resolve().parent.parent
METHOD_CHOICE_MACRO = REPO_ROOT / "macros" / "cld" / "method_choice.sql"
CHOICES_BLOCK = re.compile(r"\{%-?\s*set choices = (\{.*?\})\s*-?%\}", re.DOTALL)
DEFAULT_OUT = REPO_ROOT / "reports" / "method_reconciliation"
CODE_METHOD = "nhs_england_code"
STATISTICS_PREFIXES = ("salt_", "ascof_")
PUBLISHED_SUFFIX = "_published"
MARTS_SCHEMA = "marts"
NUMERIC_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "REAL",
    "DOUBLE",
    "DECIMAL",
)
TOGETHER = "no single behaviour (several together, or one not attributed)"
CSV_HEADER = (
    "table_name",
    "la_code",
    "cell",
    "measure",
    "principles_value",
    "code_value",
    "difference",
    "behaviours",
)


class ReconcileError(Exception):
    """The inputs cannot be reconciled; the message says why."""


@dataclass(frozen=True)
class Behaviour:
    """A behaviour var and the value each method gives it."""

    var: str
    principles: object
    code: object


def method_behaviours(macro: Path = METHOD_CHOICE_MACRO) -> list[Behaviour]:
    """The behaviour vars whose principles' and code's values differ.

    Read from the one table of choices in macro `method_choice`, so the two
    cannot drift apart.
    """
    match = CHOICES_BLOCK.search(macro.read_text(encoding="utf-8"))
    if match is None:
        raise ReconcileError(f"no `set choices = {{...}}` table in {macro}")
    literal = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", match[1]))
    try:
        table = ast.literal_eval(literal)
    except (SyntaxError, ValueError) as error:
        raise ReconcileError(f"cannot read the choices table of {macro}") from error
    return [
        Behaviour(var, values["principles"], values[CODE_METHOD])
        for var, values in table.items()
        if values["principles"] != values[CODE_METHOD]
    ]


def readers_of(
    manifest: Mapping[str, object], behaviours: Iterable[Behaviour]
) -> dict[str, set[str]]:
    """Behaviour var -> names of the models whose own SQL or macros read it."""
    project = check_project.build_project(manifest)
    wanted = {b.var for b in behaviours}
    readers: dict[str, set[str]] = defaultdict(set)
    for uid, variables in check_project.method_vars_read(project).items():
        for var in variables & wanted:
            readers[var].add(str(project.models[uid]["name"]))
    return readers


def dbt_run(
    database: Path, variables: Mapping[str, object], models: Iterable[str], work: Path
) -> None:
    """Rebuild `models` and everything downstream of them in `database`."""
    env = dict(os.environ)
    env["DBT_PROFILES_DIR"] = str(REPO_ROOT)
    env["CLD_DUCKDB_PATH"] = str(database)
    env["CLD_TARGET"] = "duckdb"  # the copies are DuckDB files, whatever the shell says
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    dbt = Path(sys.executable).with_name("dbt")
    command = [
        str(dbt),
        "run",
        "--quiet",
        "--full-refresh",
        "--vars",
        json.dumps(dict(variables)),
        "--select",
        *sorted(f"{model}+" for model in models),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    LOG.info("Building %s with %s", database.parent.name, json.dumps(variables))
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env, check=False)
    if completed.returncode != 0:
        raise ReconcileError(
            f"dbt run failed for {database.parent.name}: see {work / 'logs'}"
        )


def sql_text(path: Path) -> str:
    """A path as an SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def copy_warehouse(principles: Path, folder: Path) -> Path:
    """A copy of the principles' file, same name (DuckDB's catalog is its stem)."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / principles.name
    shutil.copyfile(principles, copy)
    return copy


def statistics_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The SALT and ASCOF marts of the attached principles' warehouse."""
    rows = connection.execute(
        "select table_name from duckdb_tables() "
        "where database_name = 'principles' and schema_name = ?",
        [MARTS_SCHEMA],
    ).fetchall()
    return sorted(
        name
        for (name,) in rows
        if name.startswith(STATISTICS_PREFIXES) and not name.endswith(PUBLISHED_SUFFIX)
    )


def cell_sql(
    connection: duckdb.DuckDBPyConnection, database: str, table: str
) -> str | None:
    """SQL of a table's cells in long form: la_code, cell, measure, value."""
    columns = connection.execute(
        "select column_name, data_type from duckdb_columns() "
        "where database_name = ? and schema_name = ? and table_name = ? "
        "order by column_index",
        [database, MARTS_SCHEMA, table],
    ).fetchall()
    if not columns:
        return None
    measures = [n for n, t in columns if t.upper().startswith(NUMERIC_TYPES)]
    labels = [n for n, t in columns if n != "la_code" and n not in measures]
    cell = (
        " || '; ' || ".join(
            f"'{name}=' || coalesce(cast(\"{name}\" as varchar), '')" for name in labels
        )
        or "''"
    )
    return " union all ".join(
        f"select la_code, {cell} as cell, '{measure}' as measure, "
        f'cast("{measure}" as double) as value '
        f"from {database}.{MARTS_SCHEMA}.{table}"
        for measure in measures
    )


def differing_cells(
    connection: duckdb.DuckDBPyConnection, left: str, right: str, table: str
) -> dict[tuple[str, str, str], tuple[float | None, float | None]]:
    """(la_code, cell, measure) -> (left, right) for the cells that differ."""
    left_sql = cell_sql(connection, left, table)
    right_sql = cell_sql(connection, right, table)
    if left_sql is None or right_sql is None:
        return {}
    rows = connection.execute(
        f"""
        with left_cells as ({left_sql}), right_cells as ({right_sql})
        select
            coalesce(left_cells.la_code, right_cells.la_code),
            coalesce(left_cells.cell, right_cells.cell),
            coalesce(left_cells.measure, right_cells.measure),
            left_cells.value,
            right_cells.value
        from left_cells
        full outer join right_cells
            on left_cells.la_code is not distinct from right_cells.la_code
            and left_cells.cell = right_cells.cell
            and left_cells.measure = right_cells.measure
        where left_cells.value is distinct from right_cells.value
        """
    ).fetchall()
    return {(row[0], row[1], row[2]): (row[3], row[4]) for row in rows}


def reconcile(
    principles: Path,
    out: Path,
    behaviours: list[Behaviour],
    readers: Mapping[str, set[str]],
    base_vars: Mapping[str, object],
) -> list[dict[str, object]]:
    """Build the code's and each behaviour's warehouse; the differing cells.

    `behaviours` are those attributed; the code's build switches every one
    (`readers` holds them all).
    """
    work = out / "work"
    shutil.rmtree(work, ignore_errors=True)
    builds = {"code": copy_warehouse(principles, work / "code")}
    every_reader = set().union(*readers.values())
    dbt_run(
        builds["code"],
        {**base_vars, "method": CODE_METHOD},
        every_reader,
        work / "code",
    )
    for behaviour in behaviours:
        models = readers.get(behaviour.var, set())
        if not models:
            LOG.warning("No model reads var %s: skipped", behaviour.var)
            continue
        folder = work / behaviour.var
        builds[behaviour.var] = copy_warehouse(principles, folder)
        dbt_run(
            builds[behaviour.var],
            {**base_vars, behaviour.var: behaviour.code},
            models,
            folder,
        )
    connection = duckdb.connect()
    connection.execute(f"attach {sql_text(principles)} as principles (read_only)")
    for label, path in builds.items():
        connection.execute(f'attach {sql_text(path)} as "{label}" (read_only)')
    found: list[dict[str, object]] = []
    for table in statistics_tables(connection):
        changed_by = {
            b.var: differing_cells(connection, "principles", b.var, table)
            for b in behaviours
            if b.var in builds
        }
        cells = differing_cells(connection, "principles", "code", table)
        for (la_code, cell, measure), (before, after) in sorted(
            cells.items(), key=lambda item: tuple(str(part) for part in item[0])
        ):
            names = [
                v for v, diff in changed_by.items() if (la_code, cell, measure) in diff
            ]
            found.append(
                {
                    "table_name": table,
                    "la_code": la_code,
                    "cell": cell,
                    "measure": measure,
                    "principles_value": before,
                    "code_value": after,
                    "difference": None
                    if before is None or after is None
                    else after - before,
                    "behaviours": "; ".join(names) or TOGETHER,
                }
            )
    connection.close()
    return found


def write_outputs(rows: list[dict[str, object]], out: Path) -> tuple[Path, Path]:
    """The CSV of differing cells and a Markdown summary."""
    out.mkdir(parents=True, exist_ok=True)
    table_path = out / "method_reconciliation.csv"
    with table_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    by_table: dict[str, int] = defaultdict(int)
    by_behaviour: dict[str, int] = defaultdict(int)
    for row in rows:
        by_table[str(row["table_name"])] += 1
        for name in str(row["behaviours"]).split("; "):
            by_behaviour[name] += 1
    lines = [
        "# Principles against NHS England's code",
        "",
        f"{len(rows)} council cells differ. Per table:",
        "",
        "| Table | Cells that differ |",
        "|---|---|",
        *(f"| {name} | {count} |" for name, count in sorted(by_table.items())),
        "",
        "Cells each behaviour changes on its own (a cell can have several):",
        "",
        "| Behaviour | Cells |",
        "|---|---|",
        *(f"| {name} | {count} |" for name, count in sorted(by_behaviour.items())),
        "",
    ]
    summary_path = out / "method_reconciliation.md"
    summary_path.write_text("\n".join(lines), encoding="utf-8")
    return table_path, summary_path


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and reconcile."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--principles",
        type=Path,
        required=True,
        help="DuckDB file built with the default method",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--behaviours", help="comma-separated behaviour vars (default: every one)"
    )
    parser.add_argument(
        "--vars", default="{}", help="dbt vars the principles' build used, as JSON"
    )
    parser.add_argument(
        "--keep-work",
        action="store_true",
        help="keep the work folder's warehouses (one copy of the file per build)",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        default=REPO_ROOT / "target" / "manifest.json",
        help="dbt manifest of the project (dbt parse)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        if not args.principles.is_file():
            raise ReconcileError(f"{args.principles} not found: build it first")
        every_behaviour = method_behaviours()
        behaviours = every_behaviour
        if args.behaviours:
            wanted = {name.strip() for name in args.behaviours.split(",")}
            unknown = wanted - {b.var for b in behaviours}
            if unknown:
                raise ReconcileError(
                    f"unknown behaviour vars: {', '.join(sorted(unknown))}"
                )
            behaviours = [b for b in behaviours if b.var in wanted]
        manifest = check_project.load_manifest(args.manifest)
        base_vars = json.loads(args.vars) if args.vars.strip() else {}
        rows = reconcile(
            args.principles.resolve(),
            args.out.resolve(),
            behaviours,
            readers_of(manifest, every_behaviour),
            base_vars,
        )
    except (ReconcileError, check_project.ConfigError, json.JSONDecodeError) as error:
        LOG.error("%s", error)
        return 1
    finally:
        if not args.keep_work:
            shutil.rmtree(args.out.resolve() / "work", ignore_errors=True)
    table_path, summary_path = write_outputs(rows, args.out)
    LOG.info("%d differing cells: %s, %s", len(rows), table_path, summary_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
