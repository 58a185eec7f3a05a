"""The local Spark cluster's start and stop, without starting Spark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import spark_cluster

import warehouse


@pytest.fixture
def listening_port() -> Iterator[int]:
    """A loopback port something listens on, as a user's server would."""
    with socket.socket() as server:
        server.bind((spark_cluster.HOST, 0))
        server.listen()
        yield int(server.getsockname()[1])


def test_stop_ends_marked_processes_even_without_a_state_file(tmp_path: Path) -> None:
    # An executor whose cluster lost its state file: found by its marker alone.
    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    orphan = subprocess.Popen([*sleeper, spark_cluster.marker(tmp_path)])
    other = subprocess.Popen(sleeper)
    try:
        deadline = time.monotonic() + 10
        while orphan.pid not in spark_cluster.marked_pids(tmp_path):
            assert time.monotonic() < deadline, "the marked process never showed"
            time.sleep(0.1)
        assert spark_cluster.stop(tmp_path) == 1
        assert orphan.wait(timeout=10) is not None
        assert spark_cluster.marked_pids(tmp_path) == []
        assert other.poll() is None  # another cluster's or user's process lives on
    finally:
        for process in (orphan, other):
            process.kill()
            process.wait()


def test_start_refuses_a_port_in_use(tmp_path: Path, listening_port: int) -> None:
    with pytest.raises(RuntimeError, match=f"port {listening_port} is in use"):
        spark_cluster.start(tmp_path, listening_port)
    assert not spark_cluster.state_file(tmp_path).exists()


def test_thrift_server_listens_on_loopback_with_the_clusters_state(
    tmp_path: Path,
) -> None:
    command = spark_cluster.thrift_server_command(tmp_path, "spark://x:1", 12345)
    assert command[command.index("--master") + 1] == "spark://x:1"
    assert "hive.server2.thrift.port=12345" in command
    assert "hive.server2.thrift.bind.host=127.0.0.1" in command
    settings = dict(
        command[index + 1].split("=", 1)
        for index, word in enumerate(command)
        if word == "--conf"
    )
    assert settings["spark.driver.bindAddress"] == "127.0.0.1"
    assert settings["spark.sql.warehouse.dir"] == str(tmp_path / "warehouse")
    assert spark_cluster.marker(tmp_path) in settings["spark.executor.extraJavaOptions"]
    assert "-Duser.timezone=UTC" in settings["spark.driver.extraJavaOptions"]


def test_a_thrift_build_keeps_its_stamp_per_server() -> None:
    settings = warehouse.Settings(Path("/landing"), Path("/db/cld.duckdb"))
    local = warehouse.build_stamp(settings, {"CLD_TARGET": "spark_thrift"})
    other = warehouse.build_stamp(
        settings, {"CLD_TARGET": "spark_thrift", "SPARK_THRIFT_HOST": "emr.example"}
    )
    assert local != other
    assert local.is_relative_to(warehouse.SPARK_STATE_DIR)


def test_a_broken_state_file_still_lets_stop_work(tmp_path: Path) -> None:
    spark_cluster.state_file(tmp_path).write_text('{"master_url": "spark://')
    assert spark_cluster.read_cluster(tmp_path) is None
    assert spark_cluster.stop(tmp_path) == 0
    assert not spark_cluster.state_file(tmp_path).exists()


def test_start_refuses_a_state_folder_with_a_space(tmp_path: Path) -> None:
    # Spark splits JVM options on spaces: the marker would break in two.
    with pytest.raises(RuntimeError, match="holds a space"):
        spark_cluster.start(tmp_path / "my state", spark_cluster.free_port())


def test_termination_unwinds_so_finally_blocks_stop_the_cluster() -> None:
    previous = {
        number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)
    }
    try:
        spark_cluster.exit_on_termination()
        with pytest.raises(SystemExit) as stopped:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler runs before this ends
        assert stopped.value.code == 128 + signal.SIGTERM
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
