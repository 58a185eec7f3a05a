"""The reconciliation of the principles' figures with NHS England's code's."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import duckdb
import pytest
import reconcile_methods

pytestmark = pytest.mark.integration


def test_every_differing_behaviour_is_read_from_method_choice() -> None:
    behaviours = {b.var: b for b in reconcile_methods.method_behaviours()}
    assert behaviours["request_cluster_end"].code == "requests_in_period"
    assert behaviours["lts004_include_prison"].principles is False
    assert behaviours["lts004_include_prison"].code is True
    # the same value in both methods: nothing to reconcile
    assert "ascof_2b_2c_rules" not in behaviours


def test_an_unknown_behaviour_is_refused(tmp_path: Path) -> None:
    principles = tmp_path / "cld.duckdb"
    duckdb.connect(str(principles)).close()
    code = reconcile_methods.main(
        ["--principles", str(principles), "--out", str(tmp_path), "--behaviours", "x"]
    )
    assert code == 1


@pytest.fixture(scope="module")
def reconciled(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[dict[str, str]]]:
    """The fixture warehouse reconciled for two behaviours, work kept."""
    path = os.environ.get("CLD_TEST_DUCKDB_PATH")
    if not path or not Path(path).exists():
        pytest.skip("CLD_TEST_DUCKDB_PATH not set: run scripts/warehouse.py test")
    out = tmp_path_factory.mktemp("reconciled")
    code = reconcile_methods.main(
        [
            "--principles",
            path,
            "--out",
            str(out),
            "--behaviours",
            "lts001_age_bands,sequel_rules",
            "--keep-work",
        ]
    )
    assert code == 0
    with (out / "method_reconciliation.csv").open(encoding="utf-8") as handle:
        return out, list(csv.DictReader(handle))


def test_differences_add_up_to_the_two_builds(
    reconciled: tuple[Path, list[dict[str, str]]],
) -> None:
    """Per table and council, the listed differences are the builds' difference."""
    out, rows = reconciled
    principles = os.environ["CLD_TEST_DUCKDB_PATH"]
    connection = duckdb.connect()
    connection.execute(f"attach '{principles}' as principles (read_only)")
    code = out / "work" / "code" / Path(principles).name
    connection.execute(f"attach '{code}' as code (read_only)")
    for table, measure in [
        ("salt_sts001", "request_count"),
        ("salt_lts001a", "people_count"),
    ]:
        totals = dict(
            connection.execute(
                f"""
                select la_code, sum(code_total) - sum(principles_total)
                from (
                    select la_code, {measure} as code_total, 0 as principles_total
                    from code.marts.{table}
                    union all
                    select la_code, 0, {measure} from principles.marts.{table}
                )
                group by 1
                """
            ).fetchall()
        )
        listed: dict[str, float] = {}
        for row in rows:
            if row["table_name"] == table and row["measure"] == measure:
                before = float(row["principles_value"] or 0)
                after = float(row["code_value"] or 0)
                listed[row["la_code"]] = listed.get(row["la_code"], 0) + after - before
        assert listed, f"no differing {table} cell on the fixtures"
        for la_code, change in totals.items():
            assert listed.get(la_code, 0) == pytest.approx(change), (table, la_code)


def test_each_cell_names_the_behaviour_that_changes_it(
    reconciled: tuple[Path, list[dict[str, str]]],
) -> None:
    _, rows = reconciled
    under_18 = [
        row
        for row in rows
        if row["table_name"] == "salt_lts001a" and "age_band=Under 18" in row["cell"]
    ]
    assert under_18
    assert {row["behaviours"] for row in under_18} == {"lts001_age_bands"}
    sts001 = [row for row in rows if row["table_name"] == "salt_sts001"]
    assert sts001
    # the two switched behaviours, or behaviours left at the principles acting
    assert {row["behaviours"] for row in sts001} <= {
        "sequel_rules",
        reconcile_methods.TOGETHER,
    }
    assert any(row["behaviours"] == "sequel_rules" for row in sts001)
