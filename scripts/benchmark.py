"""Measure the warehouse at national scale: wall time and peak memory per step.

    .venv/bin/python scripts/benchmark.py --out /tmp/cld-national

Generates the national preset (153 councils' quarterly submissions, over five
million rows) unless the folder already holds CSVs, then runs `dbt build` over it
on DuckDB and reports rows, wall time and the peak resident memory of each step's
process tree. A benchmark, not a test: nothing here passes or fails on speed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

LOG = logging.getLogger("benchmark")
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Measurement:
    """One measured step."""

    step: str
    wall_seconds: float
    peak_rss_mib: float


def measure(step: str, command: list[str], env: dict[str, str]) -> Measurement:
    """Run a command in a child that reports its own children's peak memory."""
    probe = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:], check=False).returncode\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
        "file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    LOG.info("%s: %s", step, " ".join(command))
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", probe, *command],
        cwd=REPO_ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    lines = completed.stderr.strip().splitlines()
    if completed.returncode != 0:
        LOG.error("%s failed:\n%s", step, "\n".join(lines[-30:]))
        raise SystemExit(completed.returncode)
    peak_kib = int(lines[-1])
    return Measurement(step, round(wall, 1), round(peak_kib / 1024, 1))


def landed_rows(duckdb_path: Path) -> tuple[int, int, int]:
    """Files, rows read and rows staged, from dim_submissions."""
    connection = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        row = connection.execute(
            "select count(*), sum(rows_read), sum(rows_staged)"
            " from marts.dim_submissions"
        ).fetchone()
    finally:
        connection.close()
    assert row is not None
    return int(row[0]), int(row[1] or 0), int(row[2] or 0)


def main(argv: list[str] | None = None) -> int:
    """Generate (if needed) and build the national sample, then report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/cld-national"))
    parser.add_argument("--preset", default="national")
    parser.add_argument(
        "--duckdb", type=Path, default=REPO_ROOT / "warehouse" / "benchmark.duckdb"
    )
    parser.add_argument(
        "--report", type=Path, default=REPO_ROOT / "target" / "benchmark.json"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    env = dict(os.environ)
    env.update(
        DBT_PROFILES_DIR=str(REPO_ROOT),
        CLD_LANDING_DIR=str(args.out.resolve()),
        CLD_DUCKDB_PATH=str(args.duckdb.resolve()),
    )
    env.pop("CLD_TARGET", None)
    bin_dir = Path(sys.executable).parent
    measurements = []
    if not any(args.out.glob("*.csv")):
        measurements.append(
            measure(
                "generate",
                [
                    sys.executable,
                    "scripts/generate_cld.py",
                    "--preset",
                    args.preset,
                    "--out",
                    str(args.out),
                    "--quiet",
                ],
                env,
            )
        )
    args.duckdb.parent.mkdir(parents=True, exist_ok=True)
    args.duckdb.unlink(missing_ok=True)
    measurements.append(measure("dbt build", [str(bin_dir / "dbt"), "build"], env))
    files, rows_read, rows_staged = landed_rows(args.duckdb)
    report = {
        "files": files,
        "rows_read": rows_read,
        "rows_staged": rows_staged,
        "cpu_count": os.cpu_count(),
        "steps": [asdict(item) for item in measurements],
    }
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2) + "\n")
    for item in measurements:
        LOG.info(
            "%-10s %8.1f s  peak %8.1f MiB",
            item.step,
            item.wall_seconds,
            item.peak_rss_mib,
        )
    LOG.info(
        "%d files, %d rows read, %d rows staged; report in %s",
        files,
        rows_read,
        rows_staged,
        args.report,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
