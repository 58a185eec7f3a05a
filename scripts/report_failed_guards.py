"""Say which guards failed in the last dbt build, and for which councils and why.

The guards (tests/marts/guards/, tag `guard`) fail the central team's build when
the national return is broken: a council with a file covering the period
missing from a statistics table, a period ending after the build date, a period
few councils cover, two loaded files with the same content. dbt only says how
many rows a failing test returned; this reads each failing guard's stored rows
(its `problem` column) from the DuckDB file and logs them one per line.

    .venv/bin/python scripts/report_failed_guards.py --duckdb warehouse/cld.duckdb

Exit code 1 when a guard failed, 0 when none did.
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import duckdb

LOG = logging.getLogger("report_failed_guards")

REPO_ROOT = Path(__file__).resolve().parent.parent
GUARD_TAG: Final = "guard"
FAILED_STATUSES: Final = frozenset({"fail", "error"})
MAX_PROBLEMS_PER_GUARD: Final = 50


@dataclass(frozen=True)
class FailedGuard:
    """A guard test that failed or errored in the last run."""

    name: str
    status: str
    message: str
    relation_name: str | None


def failed_guards(
    run_results: dict[str, Any], manifest: dict[str, Any]
) -> list[FailedGuard]:
    """The guards (tests tagged `guard`) of a run that failed or errored."""
    nodes = manifest.get("nodes", {})
    guards = []
    for result in run_results.get("results", []):
        node = nodes.get(str(result.get("unique_id")), {})
        if GUARD_TAG not in node.get("tags", []):
            continue
        if str(result.get("status")) not in FAILED_STATUSES:
            continue
        guards.append(
            FailedGuard(
                name=str(node.get("name")),
                status=str(result.get("status")),
                message=" ".join(str(result.get("message") or "").split()),
                relation_name=result.get("relation_name"),
            )
        )
    return guards


def stored_problems(database: Path, relation_name: str) -> list[str]:
    """The `problem` column of a guard's stored failures, at most 50 lines."""
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            f"select problem from {relation_name} order by 1 "
            f"limit {MAX_PROBLEMS_PER_GUARD}"
        ).fetchall()
    return [str(row[0]) for row in rows]


def report(guards: list[FailedGuard], database: Path | None) -> None:
    """Log each failed guard and, when its rows can be read, each problem."""
    for guard in guards:
        LOG.error("Guard %s %s: %s", guard.name, guard.status, guard.message)
        if database is None or not database.exists() or not guard.relation_name:
            continue
        try:
            problems = stored_problems(database, guard.relation_name)
        except duckdb.Error as error:
            LOG.error("  (its rows could not be read: %s)", error)
            continue
        for problem in problems:
            LOG.error("  %s", problem)


def read_json(path: Path) -> dict[str, Any]:
    """A JSON document, or an empty one when dbt did not write it."""
    if not path.exists():
        return {}
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def main(argv: list[str] | None = None) -> int:
    """Report the failed guards of the last dbt run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--target-path", type=Path, default=REPO_ROOT / "target", help="dbt target/"
    )
    parser.add_argument(
        "--duckdb", type=Path, default=None, help="the DuckDB file the build wrote"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    guards = failed_guards(
        read_json(args.target_path / "run_results.json"),
        read_json(args.target_path / "manifest.json"),
    )
    if not guards:
        return 0
    report(guards, args.duckdb)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
