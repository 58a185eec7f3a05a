"""Tests for scripts/check_project.py over small synthetic manifests."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

import pytest

SCRIPTS = Path(__file__).resolve().parents[1]

import check_project  # noqa: E402

PROJECT = "demo"
HEADER = "rule,node_pattern,comment\n"


# --- a small, clean project: source -> stg -> int -> dim -------------------------


def model(
    name: str,
    folder: str,
    parents: list[str],
    *,
    materialized: str = "view",
    public: bool = False,
    columns: dict[str, str] | None = None,
    raw_code: str = "select 1 as id",
) -> dict[str, Any]:
    uid = f"model.{PROJECT}.{name}"
    return {
        "unique_id": uid,
        "name": name,
        "resource_type": "model",
        "package_name": PROJECT,
        "original_file_path": f"{folder}/{name}.sql",
        "patch_path": f"{PROJECT}://{folder}/_models.yml",
        "description": f"One row per {name}.",
        "config": {
            "materialized": materialized,
            "access": "public" if public else "protected",
            "contract": {"enforced": public},
        },
        "access": "public" if public else "protected",
        "contract": {"enforced": public},
        "columns": {
            col: {"name": col, "description": text, "constraints": []}
            for col, text in (columns or {"id": "Key."}).items()
        },
        "constraints": [],
        "depends_on": {"nodes": parents},
        "language": "sql",
        "raw_code": raw_code,
    }


def data_test(
    kind: str, model_uid: str, folder: str, column: str | None = "id"
) -> dict[str, Any]:
    name = model_uid.rsplit(".", 1)[-1]
    uid = f"test.{PROJECT}.{kind}_{name}_{column}"
    return {
        "unique_id": uid,
        "name": f"{kind}_{name}_{column}",
        "resource_type": "test",
        "package_name": PROJECT,
        "original_file_path": f"{folder}/_models.yml",
        "column_name": column,
        "attached_node": model_uid,
        "test_metadata": {"name": kind, "kwargs": {}},
        "depends_on": {"nodes": [model_uid]},
        "config": {"severity": "ERROR"},
    }


SOURCE = f"source.{PROJECT}.crm.customers"
STG = f"model.{PROJECT}.stg_crm__customers"
INT = f"model.{PROJECT}.int_customers_deduplicated"
DIM = f"model.{PROJECT}.dim_customers"
STG_DIR = "models/staging/crm"
INT_DIR = "models/intermediate/customers"
DIM_DIR = "models/marts/customers"


def clean_manifest() -> dict[str, Any]:
    """A project that breaks no rule."""
    nodes = [
        model("stg_crm__customers", STG_DIR, [SOURCE]),
        model("int_customers_deduplicated", INT_DIR, [STG]),
        model("dim_customers", DIM_DIR, [INT], materialized="table", public=True),
        data_test("unique", STG, STG_DIR),
        data_test("not_null", STG, STG_DIR),
        data_test("unique_combination_of_columns", INT, INT_DIR, None),
        data_test("unique", DIM, DIM_DIR),
        data_test("not_null", DIM, DIM_DIR),
        data_test("expression_is_true", DIM, DIM_DIR, None),
    ]
    source = {
        "unique_id": SOURCE,
        "name": "customers",
        "source_name": "crm",
        "resource_type": "source",
        "package_name": PROJECT,
        "original_file_path": f"{STG_DIR}/_crm__sources.yml",
        "description": "One row per customer.",
        "source_description": "The CRM export.",
        "database": "dev",
        "schema": "raw_crm",
        "identifier": "customers",
        "freshness": {"warn_after": {"count": 1, "period": "day"}},
        "config": {},
    }
    return {
        "metadata": {"project_name": PROJECT},
        "nodes": {node["unique_id"]: node for node in nodes},
        "sources": {SOURCE: source},
        "exposures": {},
    }


def add(manifest: dict[str, Any], *nodes: dict[str, Any]) -> dict[str, Any]:
    for node in nodes:
        manifest["nodes"][node["unique_id"]] = node
    return manifest


def rules_hit(manifest: dict[str, Any], rule: str) -> list[str]:
    """Node names a rule flags."""
    project = check_project.build_project(copy.deepcopy(manifest))
    return sorted(f.name for f in check_project.CHECKS[rule](project))


def all_findings(manifest: dict[str, Any]) -> list[check_project.Finding]:
    return check_project.run_checks(check_project.build_project(manifest))


def write(tmp_path: Path, manifest: dict[str, Any], waivers: str = HEADER) -> list[str]:
    """Write manifest and exceptions; return the CLI arguments pointing at them."""
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (tmp_path / "exceptions.csv").write_text(waivers, encoding="utf-8")
    return [
        "--manifest",
        str(tmp_path / "manifest.json"),
        "--exceptions",
        str(tmp_path / "exceptions.csv"),
        "--project-dir",
        str(tmp_path),
    ]


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="check_project")
    return caplog


# --- the clean project ------------------------------------------------------------


def test_clean_project_has_no_findings(tmp_path: Path, log: Any) -> None:
    assert all_findings(clean_manifest()) == []
    assert check_project.main([*write(tmp_path, clean_manifest()), "--strict"]) == 0
    assert "0 finding(s)" in log.text


# --- DAG rules ----------------------------------------------------------------------


def leaf(name: str) -> dict[str, Any]:
    return model(name, DIM_DIR, [DIM], materialized="table")


def test_model_fanout_above_threshold_only() -> None:
    three = add(clean_manifest(), *(leaf(f"fct_leaf_{i}") for i in range(3)))
    assert rules_hit(three, "fct_model_fanout") == []
    four = add(clean_manifest(), *(leaf(f"fct_leaf_{i}") for i in range(4)))
    assert rules_hit(four, "fct_model_fanout") == ["dim_customers"]


def test_source_fanout() -> None:
    second = model("stg_crm__customers_again", STG_DIR, [SOURCE])
    assert rules_hit(clean_manifest(), "fct_source_fanout") == []
    assert rules_hit(add(clean_manifest(), second), "fct_source_fanout") == [
        "crm.customers"
    ]


def test_mart_dependent_on_source() -> None:
    manifest = clean_manifest()
    manifest["nodes"][DIM]["depends_on"]["nodes"] = [INT, SOURCE]
    rule = "fct_marts_or_intermediate_dependent_on_source"
    assert rules_hit(clean_manifest(), rule) == []
    assert rules_hit(manifest, rule) == ["dim_customers"]
    assert rules_hit(manifest, "fct_direct_join_to_source") == ["dim_customers"]


def test_seed_is_not_a_source() -> None:
    seed = {
        "unique_id": f"seed.{PROJECT}.countries",
        "name": "countries",
        "resource_type": "seed",
        "package_name": PROJECT,
        "original_file_path": "seeds/countries.csv",
    }
    manifest = add(clean_manifest(), seed)
    manifest["nodes"][DIM]["depends_on"]["nodes"] = [INT, seed["unique_id"]]
    assert [f for f in all_findings(manifest) if f.name == "dim_customers"] == []


def test_staging_dependent_on_staging_and_on_marts() -> None:
    manifest = add(
        clean_manifest(),
        model("stg_crm__orders", STG_DIR, [STG]),
        model("base_crm__addresses", f"{STG_DIR}/base", [DIM]),
    )
    assert rules_hit(manifest, "fct_staging_dependent_on_staging") == [
        "stg_crm__orders"
    ]
    assert rules_hit(manifest, "fct_staging_dependent_on_marts_or_intermediate") == [
        "base_crm__addresses"
    ]


def test_base_chain_into_staging_is_allowed() -> None:
    manifest = clean_manifest()
    lines = model("base_crm__lines", f"{STG_DIR}/base", [SOURCE])
    rows = model("base_crm__rows", f"{STG_DIR}/base", [lines["unique_id"]])
    manifest["nodes"][STG]["depends_on"]["nodes"] = [rows["unique_id"]]
    add(manifest, lines, rows)
    hit = {f.rule for f in all_findings(manifest)}
    assert "fct_staging_dependent_on_staging" not in hit
    assert "fct_model_directories" not in hit


def test_rejoining_of_upstream_concepts() -> None:
    manifest = clean_manifest()
    manifest["nodes"][DIM]["depends_on"]["nodes"] = [INT, STG]
    assert rules_hit(manifest, "fct_rejoining_of_upstream_concepts") == [
        "dim_customers"
    ]
    # Once the middle model has another child, the rejoin is a reuse, not a loop.
    add(manifest, model("fct_other", DIM_DIR, [INT], materialized="table"))
    assert rules_hit(manifest, "fct_rejoining_of_upstream_concepts") == []


def test_chained_views_longer_than_threshold() -> None:
    manifest = clean_manifest()
    parent = INT
    for i in range(4):  # stg, int + 4 more views = 6 views above dim_customers
        view = model(f"int_step_{i}", INT_DIR, [parent])
        add(manifest, view)
        parent = view["unique_id"]
    manifest["nodes"][DIM]["depends_on"]["nodes"] = [parent]
    assert rules_hit(manifest, "fct_chained_views_dependencies") == ["dim_customers"]
    manifest["nodes"][INT]["config"]["materialized"] = "table"
    assert rules_hit(manifest, "fct_chained_views_dependencies") == []


def test_hard_coded_references() -> None:
    refs = check_project.hard_coded_references
    assert refs("select * from {{ ref('a') }} -- from raw.orders\n") == []
    assert refs("select extract(year from born_on) from people") == []
    assert refs("select 'from x.y ' as note from {{ source('a', 'b') }}") == []
    assert refs("select * from raw.orders\n") == ["raw.orders"]
    assert refs("select * from read_csv('x.csv')") == ["read_csv"]
    assert refs("select * from {{ var('table') }}") == ["table"]


def test_root_and_unused_sources() -> None:
    manifest = add(clean_manifest(), model("int_dates_spined", INT_DIR, []))
    manifest["nodes"][STG]["depends_on"]["nodes"] = []
    assert rules_hit(manifest, "fct_root_models") == [
        "int_dates_spined",
        "stg_crm__customers",
    ]
    assert rules_hit(manifest, "fct_unused_sources") == ["crm.customers"]


# --- tests and documentation ------------------------------------------------------


def without_test(manifest: dict[str, Any], kind: str, model_uid: str) -> None:
    name = model_uid.rsplit(".", 1)[-1]
    del manifest["nodes"][f"test.{PROJECT}.{kind}_{name}_id"]


def test_missing_primary_key_test() -> None:
    manifest = clean_manifest()
    without_test(manifest, "not_null", STG)
    assert rules_hit(manifest, "fct_missing_primary_key_tests") == [
        "stg_crm__customers"
    ]
    # A not_null constraint on the unique column counts instead of the test.
    manifest["nodes"][STG]["columns"]["id"]["constraints"] = [{"type": "not_null"}]
    assert rules_hit(manifest, "fct_missing_primary_key_tests") == []


def test_unique_and_not_null_on_different_columns_is_no_key() -> None:
    manifest = clean_manifest()
    without_test(manifest, "not_null", STG)
    add(manifest, data_test("not_null", STG, STG_DIR, column="name"))
    assert rules_hit(manifest, "fct_missing_primary_key_tests") == [
        "stg_crm__customers"
    ]


def test_test_and_documentation_coverage() -> None:
    manifest = clean_manifest()
    without_test(manifest, "unique", STG)
    without_test(manifest, "not_null", STG)
    manifest["nodes"][INT]["description"] = "  "
    assert rules_hit(manifest, "fct_test_coverage") == ["stg_crm__customers"]
    assert rules_hit(manifest, "fct_undocumented_models") == [
        "int_customers_deduplicated"
    ]
    assert rules_hit(manifest, "fct_documentation_coverage") == [
        "int_customers_deduplicated"
    ]


def test_sources_without_freshness_or_description() -> None:
    manifest = clean_manifest()
    source = manifest["sources"][SOURCE]
    source["freshness"] = {"warn_after": {"count": None}, "error_after": {}}
    source["description"] = ""
    source["source_description"] = ""
    assert rules_hit(manifest, "fct_sources_without_freshness") == ["crm.customers"]
    assert rules_hit(manifest, "fct_undocumented_source_tables") == ["crm.customers"]
    assert rules_hit(manifest, "fct_undocumented_sources") == ["crm"]


def test_mart_without_expression_is_true() -> None:
    manifest = clean_manifest()
    del manifest["nodes"][f"test.{PROJECT}.expression_is_true_dim_customers_None"]
    assert rules_hit(manifest, "mart_missing_expression_is_true") == ["dim_customers"]


def test_test_defined_outside_model_folder() -> None:
    manifest = clean_manifest()
    test_uid = f"test.{PROJECT}.unique_stg_crm__customers_id"
    manifest["nodes"][test_uid]["original_file_path"] = "models/schema.yml"
    assert rules_hit(manifest, "fct_test_directories") == ["stg_crm__customers"]


# --- governance ---------------------------------------------------------------------


def test_undocumented_public_model() -> None:
    manifest = clean_manifest()
    manifest["nodes"][DIM]["columns"]["id"]["description"] = ""
    assert rules_hit(manifest, "fct_undocumented_public_models") == ["dim_customers"]
    assert rules_hit(clean_manifest(), "fct_undocumented_public_models") == []


def test_public_model_without_contract() -> None:
    manifest = clean_manifest()
    manifest["nodes"][DIM]["contract"] = {"enforced": False}
    manifest["nodes"][DIM]["config"]["contract"] = {"enforced": False}
    assert rules_hit(manifest, "fct_public_models_without_contract") == [
        "dim_customers"
    ]


def test_exposure_rules() -> None:
    manifest = clean_manifest()
    manifest["exposures"]["exposure.demo.board_pack"] = {
        "unique_id": "exposure.demo.board_pack",
        "name": "board_pack",
        "resource_type": "exposure",
        "package_name": PROJECT,
        "depends_on": {"nodes": [DIM, INT]},
    }
    assert rules_hit(manifest, "fct_exposures_dependent_on_private_models") == [
        "board_pack"
    ]
    assert rules_hit(manifest, "fct_exposure_parents_materializations") == [
        "board_pack"
    ]


# --- naming and folders -------------------------------------------------------------


def test_unregistered_prefix_and_staging_name() -> None:
    manifest = add(
        clean_manifest(),
        model("customer_report", DIM_DIR, [DIM], materialized="table"),
        model("salt_sts001", DIM_DIR, [DIM], materialized="table"),
        model("stg_customers", STG_DIR, [STG]),
    )
    assert rules_hit(manifest, "fct_model_naming_conventions") == [
        "customer_report",
        "stg_customers",
    ]


def test_model_directories() -> None:
    manifest = add(
        clean_manifest(),
        model("fct_orders", INT_DIR, [INT], materialized="table"),
        model("int_orders_joined", DIM_DIR, [INT]),
        model("base_crm__accounts", STG_DIR, [STG]),
        model("stg_erp__orders", STG_DIR, [STG]),
    )
    assert rules_hit(manifest, "fct_model_directories") == [
        "base_crm__accounts",
        "fct_orders",
        "int_orders_joined",
        "stg_erp__orders",
    ]


def test_staging_folder_follows_the_source_read() -> None:
    manifest = clean_manifest()
    manifest["sources"][SOURCE]["source_name"] = "crm_landing"
    assert rules_hit(manifest, "fct_model_directories") == ["stg_crm__customers"]
    assert rules_hit(manifest, "fct_source_directories") == ["crm_landing.customers"]


# --- the legacy tests: key ----------------------------------------------------------


def test_legacy_tests_key_read_from_property_yaml(tmp_path: Path, log: Any) -> None:
    folder = tmp_path / STG_DIR
    folder.mkdir(parents=True)
    (folder / "_models.yml").write_text(
        "models:\n"
        "  - name: stg_crm__customers\n"
        "    columns:\n"
        "      - name: id\n"
        "        tests: [unique]\n",
        encoding="utf-8",
    )
    assert check_project.main(write(tmp_path, clean_manifest())) == 0
    assert "legacy_tests_key model.demo.stg_crm__customers: uses `tests:`" in log.text


# --- waivers and exit codes -------------------------------------------------------


def broken() -> dict[str, Any]:
    manifest = clean_manifest()
    del manifest["nodes"][f"test.{PROJECT}.expression_is_true_dim_customers_None"]
    return manifest


def test_strict_exit_code(tmp_path: Path, log: Any) -> None:
    arguments = write(tmp_path, broken())
    assert check_project.main(arguments) == 0
    assert check_project.main([*arguments, "--strict"]) == 1
    assert (
        "mart_missing_expression_is_true model.demo.dim_customers: mart has no"
        in log.text
    )
    assert "1 finding(s), 1 unwaived, 0 waived" in log.text


def test_waiver_applied(tmp_path: Path, log: Any) -> None:
    waivers = HEADER + "mart_missing_expression_is_true,dim_*,Invariant lands in #12\n"
    assert check_project.main([*write(tmp_path, broken(), waivers), "--strict"]) == 0
    assert "1 finding(s), 0 unwaived, 1 waived" in log.text


def test_unused_waiver_is_reported(tmp_path: Path, log: Any) -> None:
    waivers = HEADER + "fct_root_models,model.demo.int_date_spine,A date spine.\n"
    arguments = write(tmp_path, clean_manifest(), waivers)
    assert check_project.main([*arguments, "--strict"]) == 1
    assert "unused_exception exceptions.csv:2:" in log.text


def test_waiver_without_comment_rejected(tmp_path: Path, log: Any) -> None:
    waivers = HEADER + "mart_missing_expression_is_true,dim_customers,  \n"
    assert check_project.main(write(tmp_path, broken(), waivers)) == 2
    assert "has no comment" in log.text


def test_waiver_for_unknown_rule_or_bad_header_rejected(tmp_path: Path) -> None:
    unknown = HEADER + "fct_no_such_rule,dim_customers,Because.\n"
    assert check_project.main(write(tmp_path, clean_manifest(), unknown)) == 2
    bad_header = "rule,pattern\n"
    assert check_project.main(write(tmp_path, clean_manifest(), bad_header)) == 2


def test_missing_manifest(tmp_path: Path, log: Any) -> None:
    assert check_project.main(["--manifest", str(tmp_path / "nope.json")]) == 2
    assert "run `dbt parse` first" in log.text


def test_mart_method_behaviour_undocumented() -> None:
    """A statistics mart must list each method var its SQL, macros or parents read."""
    manifest = clean_manifest()
    reader = model(
        "int_customers_ranked",
        INT_DIR,
        [INT],
        raw_code="select {{ method_choice('tie_rule') }} as id",
    )
    mart = model("salt_customers", DIM_DIR, [reader["unique_id"]], public=True)
    mart["depends_on"]["macros"] = [f"macro.{PROJECT}.age_of"]
    manifest["macros"] = {
        f"macro.{PROJECT}.age_of": {
            "unique_id": f"macro.{PROJECT}.age_of",
            "package_name": PROJECT,
            "macro_sql": "{{ method_choice('age_rule') }}",
            "depends_on": {"macros": []},
        }
    }
    published = model("salt_customers_published", DIM_DIR, [mart["unique_id"]])
    add(manifest, reader, mart, published)
    rule = "mart_method_behaviour_undocumented"
    assert rules_hit(manifest, rule) == [
        "salt_customers:age_rule",
        "salt_customers:tie_rule",
    ]
    mart["description"] += " | (`age_rule`) | ... | (`tie_rule`) |"
    assert rules_hit(manifest, rule) == []
