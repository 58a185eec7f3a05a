"""Measure the warehouse at national scale against the floor of reading the files.

    .venv/bin/python scripts/benchmark.py --out /tmp/cld-national [--scale 2]

On the same landed files, in one run:

- the floor: DuckDB reading every landed CSV once into a table;
- the main job's build (`dbt build` without unit tests), its ratio to the
  floor, the ten slowest nodes, the dashboard's models (activity series,
  costs, data quality against England) and the peak resident memory;
- one council resubmitting: its latest file replaced by a corrected copy, and
  the build the central team then runs, with its ratio to the full build;
- a council checking its own file before submission: scripts/check_submission.py
  on the first `--check-rows` rows (default 100,000) of the largest landed file,
  its time and peak memory (`--check-only` measures just this);
- with `--scale 2`, the same at twice the data (two quarterly submission sets:
  every council's previous quarter beside its latest) and its time ratio; no
  resubmission there, as without incremental models it repeats the build;
- with `--engine spark`, after the DuckDB figures of the quarter, the same build
  and resubmission on a local Spark standalone cluster through its Thrift server
  (scripts/spark_cluster.py, started fresh and stopped at the end): wall time,
  the peak resident memory of all the cluster's processes together, and the
  ratio to the DuckDB build of the same files. Sizes come from
  CLD_SPARK_EXECUTOR_MEMORY, CLD_SPARK_DRIVER_MEMORY and
  CLD_SPARK_SHUFFLE_PARTITIONS (SPARK_DEFAULTS below unless set).

The national preset (153 councils, over five million rows a quarter) is
generated into the folder when it holds no CSV. Writes a JSON report and logs a
short table. A benchmark, not a test: nothing here passes or fails on speed.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import duckdb

LOG = logging.getLogger("benchmark")
REPO_ROOT = Path(__file__).resolve().parent.parent
TOP_NODES: Final = 10
# The models behind the councils' dashboard pages, timed in every report.
DASHBOARD_MODELS: Final = (
    "int_council_periods_covered",
    "dim_periods",
    "int_activity_events_classified",
    "int_activity_counted",
    "activity_counts",
    "activity_counts_published",
    "int_service_costs_calculated",
    "activity_costs",
    "activity_costs_published",
    "dq_england_comparison",
    "dq_england_comparison_published",
)
# Cluster sizes for a national quarter on this 2-core, 24 GB machine; the
# environment overrides each.
SPARK_DEFAULTS: Final = {
    "CLD_SPARK_EXECUTOR_MEMORY": "5g",
    "CLD_SPARK_DRIVER_MEMORY": "6g",
    "CLD_SPARK_SHUFFLE_PARTITIONS": "16",
}
# The floor: every landed file read once, as text, into one table.
FLOOR_SQL: Final = (
    "create table landed as select * from read_csv(?, header = false,"
    " all_varchar = true, null_padding = true, strict_mode = false,"
    " ignore_errors = true, filename = true)"
)


@dataclass(frozen=True)
class Measurement:
    """One measured step."""

    step: str
    wall_seconds: float
    peak_rss_mib: float


@dataclass(frozen=True)
class BuildResult:
    """A measured dbt build and its slowest nodes."""

    measurement: Measurement
    top_nodes: list[dict[str, Any]]
    dashboard_nodes: list[dict[str, Any]]


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


def landed_csvs(folder: Path) -> list[Path]:
    """The CSV files directly inside a landing folder, as the build reads them."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and path.suffix.lower() == ".csv"
    )


def ensure_generated(
    folder: Path, quarters: int, env: dict[str, str]
) -> list[Measurement]:
    """Generate the national preset into an empty folder (once)."""
    if folder.is_dir() and landed_csvs(folder):
        return []
    command = [
        sys.executable,
        "scripts/generate_cld.py",
        "--preset",
        "national",
        "--quarters",
        str(quarters),
        "--out",
        str(folder),
        "--quiet",
    ]
    return [measure(f"generate x{quarters}", command, env)]


def measure_floor(folder: Path, work: Path, env: dict[str, str]) -> Measurement:
    """DuckDB reading every landed CSV once into a table, in a fresh file."""
    database = work / "floor.duckdb"
    database.unlink(missing_ok=True)
    files = json.dumps([str(path) for path in landed_csvs(folder)])
    script = (
        "import duckdb, json, sys\n"
        "connection = duckdb.connect(sys.argv[1])\n"
        "connection.execute(sys.argv[2], [json.loads(sys.argv[3])])\n"
    )
    measurement = measure(
        "floor", [sys.executable, "-c", script, str(database), FLOOR_SQL, files], env
    )
    database.unlink(missing_ok=True)
    return measurement


def node_times(target: Path) -> list[dict[str, Any]]:
    """Every node of the last run and its seconds, slowest first (run_results)."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    nodes = sorted(
        results.get("results", []),
        key=lambda result: float(result.get("execution_time") or 0),
        reverse=True,
    )
    return [
        {"node": node["unique_id"], "seconds": round(float(node["execution_time"]), 1)}
        for node in nodes
    ]


def dashboard_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dashboard models' times (DASHBOARD_MODELS), in that order."""
    by_name = {
        node["node"].split(".")[-1]: node
        for node in nodes
        if node["node"].startswith("model.")
    }
    return [by_name[name] for name in DASHBOARD_MODELS if name in by_name]


def measure_build(
    step: str, folder: Path, database: Path, work: Path, env: dict[str, str]
) -> BuildResult:
    """The main job's `dbt build` (no unit tests) over a landing folder."""
    target = work / f"target_{step.replace(' ', '_')}"
    build_env = dict(env)
    build_env.update(CLD_LANDING_DIR=str(folder), CLD_DUCKDB_PATH=str(database))
    command = [
        str(Path(sys.executable).parent / "dbt"),
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--target-path",
        str(target),
    ]
    measurement = measure(step, command, build_env)
    nodes = node_times(target)
    return BuildResult(measurement, nodes[:TOP_NODES], dashboard_nodes(nodes))


def resubmit_one_council(folder: Path) -> Path:
    """Replace one council's latest file by a corrected copy received a week later.

    The copy drops the file's last row (a correction), so its content differs;
    returns the new file. The folder is changed in place.
    """
    files = landed_csvs(folder)
    council = files[0].name.split("_")[1]
    original = max(path for path in files if path.name.split("_")[1] == council)
    received = datetime.strptime(original.stem.split("_")[2], "%Y%m%d").date()
    later = min(received + timedelta(days=7), date.today())
    resubmitted = original.with_name(f"CLD_{council}_{later:%Y%m%d}.csv")
    with original.open(newline="", encoding="utf-8-sig") as source:
        rows = list(csv.reader(source))
    original.unlink()
    with resubmitted.open("w", newline="", encoding="utf-8") as target:
        csv.writer(target).writerows(rows[:-1])
    return resubmitted


def landed_rows(duckdb_path: Path) -> tuple[int, int, int]:
    """Files, rows read and rows staged, from dim_submissions."""
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        row = connection.execute(
            "select count(*), sum(rows_read), sum(rows_staged)"
            " from marts.dim_submissions"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1] or 0), int(row[2] or 0)


def run_scale(
    label: str,
    folder: Path,
    quarters: int,
    work: Path,
    env: dict[str, str],
    *,
    with_refresh: bool = True,
) -> dict[str, Any]:
    """Floor, full build and (optionally) one council's resubmission on a folder."""
    steps = ensure_generated(folder, quarters, env)
    floor = measure_floor(folder, work, env)
    database = work / f"{label}.duckdb"
    database.unlink(missing_ok=True)
    build = measure_build(f"build {label}", folder, database, work, env)
    files, rows_read, rows_staged = landed_rows(database)
    figures: dict[str, Any] = {
        "files": files,
        "rows_read": rows_read,
        "rows_staged": rows_staged,
        "steps": [asdict(step) for step in steps],
        "floor": asdict(floor),
        "build": asdict(build.measurement),
        "build_to_floor": round(build.measurement.wall_seconds / floor.wall_seconds, 2),
        "top_nodes": build.top_nodes,
        "dashboard_nodes": build.dashboard_nodes,
    }
    if not with_refresh:
        return figures
    resubmitted_folder = work / f"landing_{label}_resubmitted"
    shutil.rmtree(resubmitted_folder, ignore_errors=True)
    shutil.copytree(folder, resubmitted_folder)
    resubmitted = resubmit_one_council(resubmitted_folder)
    refresh = measure_build(f"refresh {label}", resubmitted_folder, database, work, env)
    shutil.rmtree(resubmitted_folder, ignore_errors=True)
    return {
        **figures,
        "refresh": {
            **asdict(refresh.measurement),
            "resubmitted_file": resubmitted.name,
            "to_full_build": round(
                refresh.measurement.wall_seconds / build.measurement.wall_seconds, 3
            ),
            "top_nodes": refresh.top_nodes,
            "dashboard_nodes": refresh.dashboard_nodes,
        },
    }


@contextmanager
def peak_cluster_memory(cluster_dir: Path) -> Iterator[list[float]]:
    """Sample the cluster's resident memory every second; yields [peak MiB]."""
    import spark_cluster  # noqa: PLC0415 (needs only the Spark environment)

    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(1.0):
            peak[0] = max(peak[0], spark_cluster.resident_mib(cluster_dir))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


def measure_spark(
    label: str, folder: Path, work: Path, env: dict[str, str], figures: dict[str, Any]
) -> None:
    """The build and a resubmission on a fresh local Spark cluster, into `figures`.

    Filled step by step, so the caller can write what was measured even when a
    later step fails.
    """
    import spark_cluster  # noqa: PLC0415 (needs only the Spark environment)

    sizes = {
        name: os.environ.get(name, value) for name, value in SPARK_DEFAULTS.items()
    }
    os.environ.update(sizes)  # read by spark_cluster.start
    cluster_dir = work / "spark-cluster"
    spark_cluster.stop(cluster_dir)
    shutil.rmtree(cluster_dir, ignore_errors=True)
    cluster_dir.mkdir(parents=True)
    port = spark_cluster.free_port()
    spark_env = {**env, **sizes, "CLD_TARGET": "spark_thrift"}
    spark_env.update(
        SPARK_THRIFT_HOST=spark_cluster.HOST,
        SPARK_THRIFT_PORT=str(port),
        SPARK_THRIFT_USER="dbt",
    )
    figures["settings"] = sizes
    try:
        started = time.perf_counter()
        spark_cluster.start(cluster_dir, port)
        figures["cluster_start_seconds"] = round(time.perf_counter() - started, 1)
        with peak_cluster_memory(cluster_dir) as peak:
            build = measure_build(
                f"spark build {label}", folder, work / "unused.duckdb", work, spark_env
            )
        figures["build"] = {
            **asdict(build.measurement),
            "cluster_peak_rss_mib": round(peak[0]),
        }
        figures["top_nodes"] = build.top_nodes
        figures["dashboard_nodes"] = build.dashboard_nodes
        resubmitted_folder = work / f"landing_{label}_spark_resubmitted"
        shutil.rmtree(resubmitted_folder, ignore_errors=True)
        shutil.copytree(folder, resubmitted_folder)
        resubmitted = resubmit_one_council(resubmitted_folder)
        with peak_cluster_memory(cluster_dir) as peak:
            refresh = measure_build(
                f"spark refresh {label}",
                resubmitted_folder,
                work / "unused.duckdb",
                work,
                spark_env,
            )
        shutil.rmtree(resubmitted_folder, ignore_errors=True)
        figures["refresh"] = {
            **asdict(refresh.measurement),
            "cluster_peak_rss_mib": round(peak[0]),
            "resubmitted_file": resubmitted.name,
            "to_full_build": round(
                refresh.measurement.wall_seconds / build.measurement.wall_seconds, 3
            ),
            "top_nodes": refresh.top_nodes,
        }
    finally:
        spark_cluster.stop(cluster_dir)


def log_summary(report: dict[str, Any]) -> None:
    """A short table of the figures the scale issue asks for."""
    for label, scale in report["scales"].items():
        LOG.info(
            "%-8s %d files, %d rows: floor %.1f s, build %.1f s (x%.2f), peak %.0f MiB",
            label,
            scale["files"],
            scale["rows_read"],
            scale["floor"]["wall_seconds"],
            scale["build"]["wall_seconds"],
            scale["build_to_floor"],
            scale["build"]["peak_rss_mib"],
        )
        if "refresh" in scale:
            LOG.info(
                "%-8s one council's resubmission %.1f s (%.1f%% of the build)",
                label,
                scale["refresh"]["wall_seconds"],
                100 * scale["refresh"]["to_full_build"],
            )
        for node in scale["top_nodes"]:
            LOG.info("    %7.1f s  %s", node["seconds"], node["node"])
        LOG.info("%-8s the dashboard's models:", label)
        for node in scale["dashboard_nodes"]:
            LOG.info("    %7.1f s  %s", node["seconds"], node["node"])
        if "spark" in scale:
            spark = scale["spark"]
            LOG.info(
                "%-8s on Spark: build %.1f s (x%.2f DuckDB's), cluster peak %d MiB",
                label,
                spark["build"]["wall_seconds"],
                spark["build_to_duckdb"],
                spark["build"]["cluster_peak_rss_mib"],
            )
            LOG.info(
                "%-8s on Spark: one council's resubmission %.1f s",
                label,
                spark["refresh"]["wall_seconds"],
            )
            for node in spark["top_nodes"]:
                LOG.info("    %7.1f s  %s", node["seconds"], node["node"])
    if "twice_to_once" in report:
        LOG.info("twice the data takes x%.2f the time", report["twice_to_once"])


def measure_check(
    folder: Path, rows: int, work: Path, env: dict[str, str]
) -> dict[str, Any]:
    """The council check on the first `rows` rows of the largest landed file."""
    largest = max(landed_csvs(folder), key=lambda path: path.stat().st_size)
    check_dir = work / "check"
    shutil.rmtree(check_dir, ignore_errors=True)
    check_dir.mkdir(parents=True)
    cut = check_dir / largest.name
    with (
        largest.open(encoding="utf-8-sig", newline="") as source,
        cut.open("w", encoding="utf-8", newline="") as target,
    ):
        for number, line in enumerate(source):
            if number > rows:
                break
            target.write(line)
    measurement = measure(
        "council check",
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "check_submission.py"),
            str(cut),
            "--output-dir",
            str(check_dir / "report"),
        ],
        env,
    )
    return {"file": largest.name, "rows": rows, **asdict(measurement)}


def write_report(path: Path, report: dict[str, Any]) -> None:
    """Write the figures so far (after each scale, so a long run keeps them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Measure the floor, the build and a refresh; at twice the data too."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/cld-national"))
    parser.add_argument(
        "--scale", type=int, choices=[1, 2], default=1, help="2: also twice the data"
    )
    parser.add_argument(
        "--work", type=Path, default=REPO_ROOT / "warehouse" / "benchmark"
    )
    parser.add_argument(
        "--report", type=Path, default=REPO_ROOT / "target" / "benchmark.json"
    )
    parser.add_argument(
        "--check-rows", type=int, default=100_000, help="rows of the council check"
    )
    parser.add_argument(
        "--check-only", action="store_true", help="measure only the council check"
    )
    parser.add_argument(
        "--engine",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="spark: also build the quarter on a local Spark cluster",
    )
    args = parser.parse_args(argv)
    if args.engine == "spark" and (args.check_only or args.scale == 2):
        parser.error(
            "--engine spark measures one quarter: no --scale 2 or --check-only"
        )
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    if args.engine == "spark":
        import spark_cluster  # noqa: PLC0415 (needs only the Spark environment)

        # A terminated run unwinds, so its cluster is stopped.
        spark_cluster.exit_on_termination()
    args.work = args.work.resolve()
    env = dict(os.environ)
    env.update(DBT_PROFILES_DIR=str(REPO_ROOT))
    env.pop("CLD_TARGET", None)
    args.work.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"cpu_count": os.cpu_count(), "scales": {}}
    if args.check_only:
        ensure_generated(args.out.resolve(), 1, env)
    else:
        report["scales"]["once"] = run_scale(
            "once", args.out.resolve(), 1, args.work, env
        )
        write_report(args.report, report)
    if args.engine == "spark":
        once = report["scales"]["once"]
        once["spark"] = {}
        try:
            measure_spark("once", args.out.resolve(), args.work, env, once["spark"])
        finally:
            if "build" in once["spark"]:
                once["spark"]["build_to_duckdb"] = round(
                    once["spark"]["build"]["wall_seconds"]
                    / once["build"]["wall_seconds"],
                    2,
                )
            write_report(args.report, report)
        log_summary(report)
        return 0
    report["council_check"] = measure_check(
        args.out.resolve(), args.check_rows, args.work, env
    )
    LOG.info(
        "council check of %d rows of %s: %.1f s, peak %.0f MiB",
        report["council_check"]["rows"],
        report["council_check"]["file"],
        report["council_check"]["wall_seconds"],
        report["council_check"]["peak_rss_mib"],
    )
    write_report(args.report, report)
    if args.check_only:
        return 0
    if args.scale == 2:
        twice = args.out.resolve().with_name(args.out.name + "-x2")
        # No resubmission here: once is enough to measure a refresh, and it keeps
        # the whole run under an hour.
        report["scales"]["twice"] = run_scale(
            "twice", twice, 2, args.work, env, with_refresh=False
        )
        report["twice_to_once"] = round(
            report["scales"]["twice"]["build"]["wall_seconds"]
            / report["scales"]["once"]["build"]["wall_seconds"],
            2,
        )
    write_report(args.report, report)
    log_summary(report)
    LOG.info("report in %s", args.report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
