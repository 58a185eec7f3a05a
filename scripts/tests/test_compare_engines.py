"""Tests for the DuckDB/Spark comparison (pure functions; no engine started)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from compare_engines import (
    Relation,
    differences,
    from_thrift,
    normalise,
    render_env_vars,
    sort_rows,
    spark_settings,
    thrift_address,
)


def test_normalise_spells_engine_types_alike() -> None:
    assert normalise(Decimal("21.50")) == normalise(Decimal("21.5")) == "21.5"
    assert normalise(dt.date(2025, 6, 30)) == "2025-06-30"
    assert normalise(dt.datetime(2025, 6, 30, 12, 0)) == "2025-06-30 12:00:00"
    assert normalise(True) == "true"
    assert normalise(None) is None
    assert normalise(0.1 + 0.2) == normalise(0.3)
    assert normalise(["a", None]) == "[a, None]"


def test_sort_rows_puts_null_first_and_ignores_input_order() -> None:
    assert sort_rows([("b", 2), (None, 1), ("a", 3)]) == [
        (None, "1"),
        ("a", "3"),
        ("b", "2"),
    ]
    assert sort_rows([(1,), (2,)]) == sort_rows([(2,), (1,)])


def test_differences_reports_cells_counts_and_columns() -> None:
    left = Relation(("id", "value"), [("1", "x"), ("2", "y")])
    same = Relation(("id", "value"), [("1", "x"), ("2", "y")])
    changed = Relation(("id", "value"), [("1", "x"), ("2", "z")])
    shorter = Relation(("id", "value"), [("1", "x")])
    renamed = Relation(("id", "other"), [("1", "x"), ("2", "y")])
    assert differences("t", left, same, 10) == []
    assert differences("t", left, changed, 10) == [
        "t row 1 column value: duckdb 'y' vs spark 'z'"
    ]
    assert differences("t", left, shorter, 10) == ["t: 2 rows on duckdb, 1 on spark"]
    assert "columns differ" in differences("t", left, renamed, 10)[0]


def test_render_env_vars_uses_environment_then_default() -> None:
    text = "{{ env_var('A', 'x') }}/{{ env_var('B', 'y') }}"
    assert render_env_vars(text, {"A": "1"}) == "1/y"
    with pytest.raises(KeyError):
        render_env_vars("{{ env_var('MISSING') }}", {})


def test_spark_settings_come_from_the_profile(tmp_path: Path) -> None:
    settings = spark_settings(
        Path(__file__).resolve().parents[2] / "profiles.yml",
        {"CLD_SPARK_STATE_DIR": str(tmp_path)},
    )
    assert settings["spark.driver.bindAddress"] == "127.0.0.1"
    assert settings["spark.sql.warehouse.dir"] == f"{tmp_path}/warehouse"


def test_thrift_address_comes_from_the_profile() -> None:
    profiles = Path(__file__).resolve().parents[2] / "profiles.yml"
    assert thrift_address(profiles, {}) == ("127.0.0.1", 10001, "dbt")
    assert thrift_address(profiles, {"SPARK_THRIFT_PORT": "12345"})[1] == 12345


def test_thrift_nested_values_read_as_the_session_gives_them() -> None:
    assert normalise(from_thrift('["a",null]', "ARRAY_TYPE")) == "[a, None]"
    assert from_thrift("2025-06-30", "DATE_TYPE") == "2025-06-30"
    assert normalise(from_thrift("2025-06-30", "DATE_TYPE")) == normalise(
        dt.date(2025, 6, 30)
    )
