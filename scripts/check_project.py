"""Check the project's structure from dbt's manifest: the evaluator's rules, our own.

Run after `dbt parse`; reads `target/manifest.json` and reports one line per finding,
`RULE node: message`, then a summary line. It replaces dbt-project-evaluator (which
cannot be installed here, STYLE §0) with the 29 rules of STYLE §11, by the
evaluator's names, plus the project's own checks:

- `mart_missing_expression_is_true`: every model under models/marts/ has at least
  one `expression_is_true` data test (STYLE §6);
- `mart_method_behaviour_undocumented`: each SALT and ASCOF mart's description
  names (as `var`) every method behaviour var its SQL, its macros or its lineage
  reads through `method_choice`, so its docs table of where NHS England's
  principles and code differ stays complete (finding name `mart:var`);
- `legacy_tests_key`: no model, seed, snapshot or source property uses the
  deprecated `tests:` key. The manifest does not record which key a test came
  from, so this check reads the property YAML files the manifest names
  (`patch_path` of each node, `original_file_path` of each source).

Model naming and folder rules are rules 22 and 24, configured by MODEL_PREFIXES.
Everything comes from the manifest's graph and properties; the single exception is
rule 8 (hard-coded references), which, as in the evaluator, can only look at the
text: it scans each model's `raw_code` as stored in the manifest.

Waivers live in scripts/project_check_exceptions.csv (`rule,node_pattern,comment`):
`node_pattern` is an fnmatch pattern over the finding's node (unique id, or name);
the comment is mandatory. Exit status: 0 (findings are warnings), 1 with --strict
when an unwaived finding remains, 2 when the manifest or the waiver file is unusable.
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import json
import logging
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

LOG = logging.getLogger("check_project")

# Thresholds and targets (the evaluator's defaults, STYLE §11).
MODELS_FANOUT_THRESHOLD = 3  # flag a model with more than this many leaf children
TOO_MANY_JOINS_THRESHOLD = 7  # flag a model with this many direct parents or more
CHAINED_VIEWS_THRESHOLD = 5  # flag a chain of views/ephemerals longer than this
TEST_COVERAGE_TARGET = 100.0  # % of models with at least one data test
DOCUMENTATION_COVERAGE_TARGET = 100.0  # % of models with a description

# Registered model-name prefixes and the layer each one belongs to (STYLE §1, §3).
# A new prefix is added here, and only here.
MODEL_PREFIXES: dict[str, str] = {
    "stg_": "staging",
    "base_": "base",
    "int_": "intermediate",
    "fct_": "marts",
    "dim_": "marts",
    # Published report tables, named as analysts search for them.
    "salt_": "marts",
    "ascof_": "marts",
    "waiting_": "marts",
    "dq_": "marts",
    "activity_": "marts",
}
STAGING_LAYERS = frozenset({"staging", "base"})  # base models count as staging
MODELS_DIR = PurePosixPath("models")
STAGING_DIR = MODELS_DIR / "staging"
BASE_DIR_NAME = "base"
LAYER_DIRS: dict[str, PurePosixPath] = {
    "staging": STAGING_DIR,
    "intermediate": MODELS_DIR / "intermediate",
    "marts": MODELS_DIR / "marts",
}
MARTS_DIR = LAYER_DIRS["marts"]

DEFAULT_MANIFEST = Path("target/manifest.json")
DEFAULT_EXCEPTIONS = Path(__file__).resolve().parent / "project_check_exceptions.csv"
EXCEPTIONS_HEADER = ["rule", "node_pattern", "comment"]

# Resource types that take part in the DAG (tests, unit tests and hooks do not).
DAG_TYPES = frozenset({"model", "seed", "snapshot", "source", "exposure", "metric"})
VIEW_MATERIALIZATIONS = frozenset({"view", "ephemeral"})
# Property-file sections whose entries can carry data tests -> resource type.
SECTION_TYPES = {
    "models": "model",
    "seeds": "seed",
    "snapshots": "snapshot",
    "analyses": "analysis",
}
# Statistics marts whose docs list each method behaviour their lineage reads.
METHOD_DOCUMENTED_PREFIXES = ("salt_", "ascof_")
PUBLISHED_SUFFIX = "_published"
METHOD_CHOICE = re.compile(r"method_choice\(\s*['\"](\w+)['\"]\s*\)")
UNIQUE_TESTS = frozenset({"unique"})
NOT_NULL_TESTS = frozenset({"not_null"})
COMBINATION_KEY_TESTS = frozenset({"unique_combination_of_columns"})
INVARIANT_TESTS = frozenset({"expression_is_true"})

Node = dict[str, Any]


@dataclass(frozen=True)
class Finding:
    """One rule broken by one node: `node` is a unique id, `name` its short name."""

    rule: str
    node: str
    name: str
    message: str


@dataclass(frozen=True)
class Waiver:
    """One row of the exceptions file."""

    rule: str
    node_pattern: str
    comment: str
    line: int

    def matches(self, finding: Finding) -> bool:
        """Whether this waiver covers the finding (same rule, node id or name)."""
        return self.rule == finding.rule and (
            fnmatch.fnmatchcase(finding.node, self.node_pattern)
            or fnmatch.fnmatchcase(finding.name, self.node_pattern)
        )


@dataclass(frozen=True)
class Result:
    """A finding and the waiver that covers it, if any."""

    finding: Finding
    waiver: Waiver | None = None


@dataclass
class Project:
    """The parts of the manifest the checks read, for the root project only."""

    name: str
    resources: dict[str, Node]
    models: dict[str, Node]
    sources: dict[str, Node]
    exposures: dict[str, Node]
    tests: list[Node]
    parents: dict[str, list[str]]
    property_files: dict[str, Any] = field(default_factory=dict)
    macros: dict[str, Node] = field(default_factory=dict)
    children: dict[str, list[str]] = field(init=False)
    attached_tests: dict[str, list[Node]] = field(init=False)

    def __post_init__(self) -> None:
        """Index children (from the parent lists) and tests by the node they test."""
        children: dict[str, list[str]] = defaultdict(list)
        for child, parents in self.parents.items():
            for parent in parents:
                children[parent].append(child)
        self.children = {uid: sorted(kids) for uid, kids in children.items()}
        attached: dict[str, list[Node]] = defaultdict(list)
        for test in self.tests:
            if test.get("attached_node"):
                attached[str(test["attached_node"])].append(test)
        self.attached_tests = dict(attached)

    def resource_type(self, uid: str) -> str:
        """Resource type of any node, source or exposure in the manifest."""
        node = self.resources.get(uid)
        if node is not None:
            return str(node.get("resource_type", ""))
        return uid.split(".", 1)[0]

    def dag_parents(self, uid: str) -> list[str]:
        """Direct parents that are DAG resources."""
        return [
            p for p in self.parents.get(uid, []) if self.resource_type(p) in DAG_TYPES
        ]

    def dag_children(self, uid: str, *, exposures: bool = True) -> list[str]:
        """Direct children that are DAG resources (optionally without exposures)."""
        kinds = DAG_TYPES if exposures else DAG_TYPES - {"exposure", "metric"}
        return [c for c in self.children.get(uid, []) if self.resource_type(c) in kinds]

    def tests_on(self, uid: str) -> list[Node]:
        """Generic data tests attached to a node."""
        return self.attached_tests.get(uid, [])

    def display_name(self, uid: str) -> str:
        """Short name of a resource: model name, or source_name.table."""
        node = self.resources.get(uid)
        if node is None:
            return uid
        if node.get("resource_type") == "source":
            return f"{node.get('source_name')}.{node.get('name')}"
        return str(node.get("name", uid))


# --- small accessors -------------------------------------------------------------


def file_dir(node: Node) -> PurePosixPath:
    """Folder of the file that defines a node, relative to the project root."""
    return PurePosixPath(str(node.get("original_file_path", ""))).parent


def is_under(path: PurePosixPath, folder: PurePosixPath) -> bool:
    """Whether a path is the folder itself or inside it."""
    return path == folder or folder in path.parents


def is_described(text: object) -> bool:
    """Whether a description has any content."""
    return isinstance(text, str) and bool(text.strip())


def config_of(node: Node) -> Mapping[str, Any]:
    """A node's config (empty when absent)."""
    config = node.get("config")
    return config if isinstance(config, dict) else {}


def materialization(node: Node) -> str:
    """A node's materialization, e.g. view or table."""
    return str(config_of(node).get("materialized") or "")


def access_of(node: Node) -> str:
    """A model's access level (dbt's default is protected)."""
    return str(node.get("access") or config_of(node).get("access") or "protected")


def contract_enforced(node: Node) -> bool:
    """Whether a model's contract is enforced."""
    for holder in (node, config_of(node)):
        contract = holder.get("contract")
        if isinstance(contract, dict) and contract.get("enforced"):
            return True
    return False


def registered_prefix(name: str) -> str | None:
    """The longest registered prefix a model name starts with, if any."""
    matches = [prefix for prefix in MODEL_PREFIXES if name.startswith(prefix)]
    return max(matches, key=len) if matches else None


def folder_layer(path: PurePosixPath) -> str | None:
    """Layer implied by a model's folder, if it is inside a layer folder."""
    for layer, folder in LAYER_DIRS.items():
        if is_under(path, folder):
            if layer == "staging" and path.name == BASE_DIR_NAME:
                return "base"
            return layer
    return None


def model_type(node: Node) -> str:
    """Model type as the evaluator defines it: by prefix, else folder, else other."""
    prefix = registered_prefix(str(node.get("name", "")))
    if prefix is not None:
        return MODEL_PREFIXES[prefix]
    return folder_layer(file_dir(node)) or "other"


def staging_source_token(name: str) -> str | None:
    """The <source> in stg_<source>__<entity> / base_<source>__<entity>."""
    prefix = registered_prefix(name)
    if prefix is None or MODEL_PREFIXES[prefix] not in STAGING_LAYERS:
        return None
    source, separator, entity = name[len(prefix) :].partition("__")
    return source if separator and source and entity else None


def test_name(test: Node) -> str:
    """Name of the generic test behind a test node ('' for singular tests)."""
    metadata = test.get("test_metadata")
    return str(metadata.get("name", "")) if isinstance(metadata, dict) else ""


def test_column(test: Node) -> str | None:
    """Column a generic test is about, lower-cased, if it has one."""
    column = test.get("column_name")
    if not column:
        metadata = test.get("test_metadata") or {}
        column = (metadata.get("kwargs") or {}).get("column_name")
    return str(column).strip('"`').lower() if column else None


def not_null_constrained_columns(node: Node) -> set[str]:
    """Columns a model constrains to not null (column- or model-level)."""
    columns: set[str] = set()
    for name, column in (node.get("columns") or {}).items():
        for constraint in column.get("constraints") or []:
            if constraint.get("type") == "not_null":
                columns.add(str(column.get("name") or name).lower())
    for constraint in node.get("constraints") or []:
        if constraint.get("type") == "not_null":
            columns.update(str(c).lower() for c in constraint.get("columns") or [])
    return columns


def finding(project: Project, rule: str, uid: str, message: str) -> Finding:
    """A finding about a resource of the project."""
    return Finding(rule, uid, project.display_name(uid), message)


def names(project: Project, uids: Iterable[str]) -> str:
    """Comma-separated short names."""
    return ", ".join(sorted(project.display_name(uid) for uid in uids))


# --- the evaluator's rules (STYLE §11) ------------------------------------------


def check_staging_dependent_on_staging(project: Project) -> list[Finding]:
    """1: a stg_ model feeds another staging-layer model (stg_ or base_)."""
    found = []
    for uid, node in project.models.items():
        if model_type(node) not in STAGING_LAYERS:
            continue
        for parent in project.dag_parents(uid):
            parent_node = project.models.get(parent)
            if parent_node is not None and model_type(parent_node) == "staging":
                found.append(
                    finding(
                        project,
                        "fct_staging_dependent_on_staging",
                        uid,
                        f"refs staging model {project.display_name(parent)}; "
                        "staging models read sources (or base models) only",
                    )
                )
    return found


def source_children(project: Project, source: str) -> list[str]:
    """Models reading a source directly."""
    return [c for c in project.children.get(source, []) if c in project.models]


def check_source_fanout(project: Project) -> list[Finding]:
    """2: one source table feeds more than one model."""
    found = []
    for uid in project.sources:
        readers = source_children(project, uid)
        if len(readers) > 1:
            found.append(
                finding(
                    project,
                    "fct_source_fanout",
                    uid,
                    f"read by {len(readers)} models ({names(project, readers)}); "
                    "one staging model per source table",
                )
            )
    return found


def check_rejoining_of_upstream_concepts(project: Project) -> list[Finding]:
    """3: a parent's child is also its grandchild through a single-use model."""
    found = []
    for parent in sorted(project.resources):
        children = set(project.dag_children(parent, exposures=False))
        for middle in sorted(children):
            middle_children = project.dag_children(middle, exposures=False)
            if len(middle_children) != 1 or middle_children[0] not in children:
                continue
            child = middle_children[0]
            if child not in project.models:
                continue
            found.append(
                finding(
                    project,
                    "fct_rejoining_of_upstream_concepts",
                    child,
                    f"refs {project.display_name(parent)} directly and again through "
                    f"{project.display_name(middle)}, whose only child it is; fold "
                    f"{project.display_name(middle)} into it or stop the direct ref",
                )
            )
    return found


def check_model_fanout(project: Project) -> list[Finding]:
    """4: a model has more than MODELS_FANOUT_THRESHOLD direct leaf children."""
    found = []
    for uid in project.models:
        leaves = [
            child
            for child in project.dag_children(uid)
            if child in project.models and not project.dag_children(child)
        ]
        if len(leaves) > MODELS_FANOUT_THRESHOLD:
            found.append(
                finding(
                    project,
                    "fct_model_fanout",
                    uid,
                    f"{len(leaves)} leaf children ({names(project, leaves)}), more "
                    f"than {MODELS_FANOUT_THRESHOLD}; an exposure/BI layer may be "
                    "doing the modelling",
                )
            )
    return found


def source_parents(project: Project, uid: str) -> list[str]:
    """Sources a node reads directly."""
    return [p for p in project.parents.get(uid, []) if p in project.sources]


def check_marts_or_intermediate_dependent_on_source(
    project: Project,
) -> list[Finding]:
    """5: an intermediate or mart model reads a source."""
    return [
        finding(
            project,
            "fct_marts_or_intermediate_dependent_on_source",
            uid,
            f"{model_type(node)} model reads source {project.display_name(source)}; "
            "read its staging model instead",
        )
        for uid, node in project.models.items()
        if model_type(node) in {"intermediate", "marts"}
        for source in source_parents(project, uid)
    ]


def check_direct_join_to_source(project: Project) -> list[Finding]:
    """6: a model refs both a model (or snapshot) and a source."""
    found = []
    for uid in project.models:
        sources = source_parents(project, uid)
        models = [
            p
            for p in project.parents.get(uid, [])
            if project.resource_type(p) in {"model", "snapshot"}
        ]
        if sources and models:
            found.append(
                finding(
                    project,
                    "fct_direct_join_to_source",
                    uid,
                    f"joins source {names(project, sources)} to model "
                    f"{names(project, models)}; stage the source first",
                )
            )
    return found


def source_location(node: Node) -> str:
    """database.schema.identifier of a source, lower-cased."""
    parts = [node.get("database"), node.get("schema")]
    parts.append(node.get("identifier") or node.get("name"))
    return ".".join(str(part).lower() for part in parts if part)


def check_duplicate_sources(project: Project) -> list[Finding]:
    """7: two source definitions point at the same database object."""
    by_location: dict[str, list[str]] = defaultdict(list)
    for uid, node in project.sources.items():
        by_location[source_location(node)].append(uid)
    found = []
    for location, uids in sorted(by_location.items()):
        if len(uids) > 1:
            for uid in uids:
                others = [other for other in uids if other != uid]
                found.append(
                    finding(
                        project,
                        "fct_duplicate_sources",
                        uid,
                        f"points at {location}, as does {names(project, others)}",
                    )
                )
    return found


# Rule 8 reads the model's SQL text as stored in the manifest (raw_code), like the
# evaluator: the graph has no trace of a relation named outside ref()/source().
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_SQL_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_STRING = re.compile(r"(\b(?:from|join)\s+)?('(?:[^']|'')*')", re.IGNORECASE)
_NAME = r"[\[`\"]?\w+-?\w*[\]`\"]?"
_FROM = r"(?<!distinct\s)\b(?:from|join)\s+"
_HARD_CODED = (
    # from {{ var('table') }}
    re.compile(_FROM + r"\{\{\s*var\s*\(\s*['\"]?([^)'\"]+)", re.IGNORECASE),
    # from schema.table, from database.schema.table (quoted or not)
    re.compile(_FROM + rf"({_NAME}(?:\.{_NAME}){{1,2}})(?=\s|;|$)", re.IGNORECASE),
    # from "table"
    re.compile(_FROM + r"([\[`\"]\w+-?\w+[\]`\"])(?=\s|;|$)", re.IGNORECASE),
    # DuckDB file scans: from 'file.csv', from read_csv(...)
    re.compile(_FROM + r"('(?:[^']|'')+')", re.IGNORECASE),
    re.compile(_FROM + r"((?:read|parquet|csv|json)_\w*)\s*\(", re.IGNORECASE),
)


def hard_coded_references(sql: str) -> list[str]:
    """Relations a model's SQL names directly instead of through ref()/source()."""
    text = _SQL_COMMENT.sub(" ", _JINJA_COMMENT.sub(" ", sql))
    references = [m.group(1).strip() for m in _HARD_CODED[0].finditer(text)]
    text = _JINJA.sub(" ", text)
    # Blank string literals unless they follow from/join (a DuckDB file scan).
    text = _STRING.sub(lambda m: m.group(0) if m.group(1) else "''", text)
    for pattern in _HARD_CODED[1:]:
        references.extend(m.group(1) for m in pattern.finditer(text))
    return sorted(set(references))


def check_hard_coded_references(project: Project) -> list[Finding]:
    """8: a model names a relation directly instead of using ref/source."""
    found = []
    for uid, node in project.models.items():
        if node.get("language", "sql") != "sql":
            continue
        references = hard_coded_references(str(node.get("raw_code") or ""))
        if references:
            found.append(
                finding(
                    project,
                    "fct_hard_coded_references",
                    uid,
                    f"names {', '.join(references)} directly; use ref() or source()",
                )
            )
    return found


def check_multiple_sources_joined(project: Project) -> list[Finding]:
    """9: a model references more than one source."""
    found = []
    for uid in project.models:
        sources = source_parents(project, uid)
        if len(sources) > 1:
            found.append(
                finding(
                    project,
                    "fct_multiple_sources_joined",
                    uid,
                    f"reads {len(sources)} sources ({names(project, sources)}); "
                    "stage each source in its own model",
                )
            )
    return found


def check_root_models(project: Project) -> list[Finding]:
    """10: a model has no parents (metricflow time spines excepted)."""
    return [
        finding(
            project,
            "fct_root_models",
            uid,
            "has no parents: it reads no ref() or source()",
        )
        for uid, node in project.models.items()
        if not project.parents.get(uid) and not node.get("time_spine")
    ]


def check_staging_dependent_on_marts_or_intermediate(
    project: Project,
) -> list[Finding]:
    """11: a staging-layer model refs an intermediate or mart model."""
    found = []
    for uid, node in project.models.items():
        if model_type(node) not in STAGING_LAYERS:
            continue
        for parent in project.parents.get(uid, []):
            parent_node = project.models.get(parent)
            if parent_node is not None and model_type(parent_node) in {
                "intermediate",
                "marts",
            }:
                found.append(
                    finding(
                        project,
                        "fct_staging_dependent_on_marts_or_intermediate",
                        uid,
                        f"staging model refs {model_type(parent_node)} model "
                        f"{project.display_name(parent)}; data flows staging -> "
                        "intermediate -> marts",
                    )
                )
    return found


def check_unused_sources(project: Project) -> list[Finding]:
    """12: a declared source table has no children (tests do not count)."""
    return [
        finding(
            project,
            "fct_unused_sources",
            uid,
            "declared but not read by any model",
        )
        for uid in project.sources
        if not project.dag_children(uid)
    ]


def check_too_many_joins(project: Project) -> list[Finding]:
    """13: a model has TOO_MANY_JOINS_THRESHOLD direct parents or more."""
    found = []
    for uid in project.models:
        parents = set(project.dag_parents(uid))
        if len(parents) >= TOO_MANY_JOINS_THRESHOLD:
            found.append(
                finding(
                    project,
                    "fct_too_many_joins",
                    uid,
                    f"references {len(parents)} models/sources (threshold "
                    f"{TOO_MANY_JOINS_THRESHOLD}); split it into intermediate models",
                )
            )
    return found


def is_primary_key_tested(project: Project, uid: str) -> bool:
    """Whether a model has a tested primary key.

    That is unique + not_null on one column, a unique_combination_of_columns test,
    or a not_null constraint + unique on one column.
    """
    tests = project.tests_on(uid)
    if any(test_name(t) in COMBINATION_KEY_TESTS for t in tests):
        return True
    unique = {test_column(t) for t in tests if test_name(t) in UNIQUE_TESTS}
    not_null = {test_column(t) for t in tests if test_name(t) in NOT_NULL_TESTS}
    not_null |= not_null_constrained_columns(project.models[uid])
    return bool((unique & not_null) - {None})


def check_missing_primary_key_tests(project: Project) -> list[Finding]:
    """14: a model has no tested primary key."""
    return [
        finding(
            project,
            "fct_missing_primary_key_tests",
            uid,
            "no primary-key test: unique + not_null on one column, "
            "unique_combination_of_columns, or a not_null constraint + unique",
        )
        for uid in project.models
        if not is_primary_key_tested(project, uid)
    ]


def has_freshness(node: Node) -> bool:
    """Whether a source has a warn_after or error_after count."""
    for holder in (node, config_of(node)):
        freshness = holder.get("freshness")
        if not isinstance(freshness, dict):
            continue
        for key in ("warn_after", "error_after"):
            after = freshness.get(key)
            if isinstance(after, dict) and after.get("count") is not None:
                return True
    return False


def check_sources_without_freshness(project: Project) -> list[Finding]:
    """15: a source table has no freshness (warn_after/error_after)."""
    return [
        finding(
            project,
            "fct_sources_without_freshness",
            uid,
            "no freshness: set config.freshness.warn_after or error_after",
        )
        for uid, node in project.sources.items()
        if not has_freshness(node)
    ]


def tested_models(project: Project) -> set[str]:
    """Models with at least one data test (generic, or singular reading them)."""
    tested = set()
    for test in project.tests:
        attached = test.get("attached_node")
        if attached:
            tested.add(str(attached))
        elif not test.get("test_metadata"):
            tested.update(project.parents.get(str(test.get("unique_id")), []))
    return tested & set(project.models)


def coverage_findings(
    project: Project, rule: str, covered: set[str], target: float, what: str
) -> list[Finding]:
    """One finding per uncovered model when coverage is below its target."""
    if not project.models:
        return []
    percent = 100.0 * len(covered) / len(project.models)
    if percent >= target:
        return []
    return [
        finding(
            project,
            rule,
            uid,
            f"{what}; coverage {percent:.1f}% "
            f"({len(covered)} of {len(project.models)} models) is below {target:g}%",
        )
        for uid in project.models
        if uid not in covered
    ]


def check_test_coverage(project: Project) -> list[Finding]:
    """16: the share of models with a data test is below TEST_COVERAGE_TARGET."""
    return coverage_findings(
        project,
        "fct_test_coverage",
        tested_models(project),
        TEST_COVERAGE_TARGET,
        "no data test",
    )


def check_undocumented_models(project: Project) -> list[Finding]:
    """17: a model has no description."""
    return [
        finding(project, "fct_undocumented_models", uid, "has no description")
        for uid, node in project.models.items()
        if not is_described(node.get("description"))
    ]


def check_documentation_coverage(project: Project) -> list[Finding]:
    """18: the share of described models is below DOCUMENTATION_COVERAGE_TARGET."""
    documented = {
        uid
        for uid, node in project.models.items()
        if is_described(node.get("description"))
    }
    return coverage_findings(
        project,
        "fct_documentation_coverage",
        documented,
        DOCUMENTATION_COVERAGE_TARGET,
        "no description",
    )


def check_undocumented_source_tables(project: Project) -> list[Finding]:
    """19: a source table has no description."""
    return [
        finding(project, "fct_undocumented_source_tables", uid, "has no description")
        for uid, node in project.sources.items()
        if not is_described(node.get("description"))
    ]


def check_undocumented_sources(project: Project) -> list[Finding]:
    """20: a source (the group of tables) has no description."""
    undocumented = sorted(
        {
            (str(node.get("package_name")), str(node.get("source_name")))
            for node in project.sources.values()
            if not is_described(node.get("source_description"))
        }
    )
    return [
        Finding(
            "fct_undocumented_sources",
            f"source.{package}.{source}",
            source,
            "source has no description",
        )
        for package, source in undocumented
    ]


def check_test_directories(project: Project) -> list[Finding]:
    """21: a model's generic test is defined in YAML outside the model's folder."""
    found = []
    for test in project.tests:
        model = project.models.get(str(test.get("attached_node")))
        if model is None or not test.get("test_metadata"):
            continue
        if file_dir(test) != file_dir(model):
            found.append(
                finding(
                    project,
                    "fct_test_directories",
                    str(model["unique_id"]),
                    f"test {test.get('name')} is defined in "
                    f"{test.get('original_file_path')}, outside the model's folder "
                    f"{file_dir(model)}/",
                )
            )
    return found


def check_model_naming_conventions(project: Project) -> list[Finding]:
    """22: a model's name lacks a registered prefix, or a staging name its source."""
    found = []
    registered = ", ".join(MODEL_PREFIXES)
    for uid, node in project.models.items():
        name = str(node.get("name"))
        prefix = registered_prefix(name)
        if prefix is None:
            message = f"name has no registered prefix ({registered})"
        elif MODEL_PREFIXES[prefix] in STAGING_LAYERS and not staging_source_token(
            name
        ):
            message = f"staging names are {prefix}<source>__<entity>s"
        else:
            continue
        found.append(finding(project, "fct_model_naming_conventions", uid, message))
    return found


def check_source_directories(project: Project) -> list[Finding]:
    """23: a source is defined outside models/staging/<source_name>/."""
    found = []
    for uid, node in project.sources.items():
        expected = STAGING_DIR / str(node.get("source_name"))
        if file_dir(node) != expected:
            found.append(
                finding(
                    project,
                    "fct_source_directories",
                    uid,
                    f"defined in {node.get('original_file_path')}, expected in "
                    f"{expected}/ (folder named after the source)",
                )
            )
    return found


def staging_folder(project: Project, uid: str, node: Node) -> PurePosixPath | None:
    """The folder of a staging-layer model: models/staging/<source>[/base].

    <source> is the source the model reads, else the <source> in its name; None if
    neither is known.
    """
    read = {
        str(project.sources[s].get("source_name")) for s in source_parents(project, uid)
    }
    source = read.pop() if len(read) == 1 else staging_source_token(str(node["name"]))
    if source is None:
        return None
    folder = STAGING_DIR / source
    return folder / BASE_DIR_NAME if model_type(node) == "base" else folder


def misplaced(project: Project, uid: str, node: Node) -> str | None:
    """The folder a model should be in, when it is not there."""
    here = file_dir(node)
    layer = model_type(node)
    if layer in STAGING_LAYERS:
        folder = staging_folder(project, uid, node)
        if folder is None:  # no source known: any models/staging/<source>/ will do
            inside = STAGING_DIR in here.parents
            return None if inside else f"{STAGING_DIR}/<source>/"
        return None if here == folder else f"{folder}/"
    folder = LAYER_DIRS.get(layer)
    return None if folder is None or is_under(here, folder) else f"{folder}/"


def check_model_directories(project: Project) -> list[Finding]:
    """24: a model is outside the folder for its type."""
    found = []
    for uid, node in project.models.items():
        expected = misplaced(project, uid, node)
        if expected is not None:
            found.append(
                finding(
                    project,
                    "fct_model_directories",
                    uid,
                    f"{model_type(node)} model in {file_dir(node)}/, expected in "
                    f"{expected}",
                )
            )
    return found


def view_chains(project: Project) -> dict[str, list[str]]:
    """For each view/ephemeral model, the longest chain of such models ending at it."""
    chains: dict[str, list[str]] = {}

    def chain(uid: str) -> list[str]:
        if uid not in chains:
            upstream = [
                chain(parent)
                for parent in project.parents.get(uid, [])
                if parent in project.models
                and materialization(project.models[parent]) in VIEW_MATERIALIZATIONS
            ]
            chains[uid] = [*max(upstream, key=len, default=[]), uid]
        return chains[uid]

    for uid, node in project.models.items():
        if materialization(node) in VIEW_MATERIALIZATIONS:
            chain(uid)
    return chains


def check_chained_views_dependencies(project: Project) -> list[Finding]:
    """25: a model sits below a chain of views/ephemerals longer than the threshold."""
    chains = view_chains(project)
    found = []
    for uid in project.models:
        upstream = [chains[p] for p in project.parents.get(uid, []) if p in chains]
        longest = max(upstream, key=len, default=[])
        if len(longest) > CHAINED_VIEWS_THRESHOLD:
            path = " -> ".join(project.display_name(u) for u in [*longest, uid])
            found.append(
                finding(
                    project,
                    "fct_chained_views_dependencies",
                    uid,
                    f"depends on a chain of {len(longest)} views/ephemerals "
                    f"(more than {CHAINED_VIEWS_THRESHOLD}): {path}; materialise "
                    "one of them as a table",
                )
            )
    return found


def check_exposure_parents_materializations(project: Project) -> list[Finding]:
    """26: an exposure depends on a source or a view/ephemeral model."""
    found = []
    for uid in project.exposures:
        for parent in project.parents.get(uid, []):
            kind = project.resource_type(parent)
            node = project.resources.get(parent, {})
            if kind == "source" or (
                kind == "model" and materialization(node) in VIEW_MATERIALIZATIONS
            ):
                what = "source" if kind == "source" else materialization(node)
                found.append(
                    finding(
                        project,
                        "fct_exposure_parents_materializations",
                        uid,
                        f"depends on {what} {project.display_name(parent)}; "
                        "exposures read tables",
                    )
                )
    return found


def check_public_models_without_contract(project: Project) -> list[Finding]:
    """27: a public model does not enforce its contract."""
    return [
        finding(
            project,
            "fct_public_models_without_contract",
            uid,
            "access: public without contract: {enforced: true}",
        )
        for uid, node in project.models.items()
        if access_of(node) == "public" and not contract_enforced(node)
    ]


def check_exposures_dependent_on_private_models(project: Project) -> list[Finding]:
    """28: an exposure's parent is not a public model."""
    found = []
    for uid in project.exposures:
        for parent in project.parents.get(uid, []):
            node = project.resources.get(parent, {})
            if project.resource_type(parent) == "model" and access_of(node) == "public":
                continue
            kind = project.resource_type(parent)
            what = f"{access_of(node)} model" if kind == "model" else kind
            found.append(
                finding(
                    project,
                    "fct_exposures_dependent_on_private_models",
                    uid,
                    f"depends on {what} {project.display_name(parent)}; "
                    "exposures depend on public marts only",
                )
            )
    return found


def check_undocumented_public_models(project: Project) -> list[Finding]:
    """29: a public model lacks a description, or a column lacks one."""
    found = []
    for uid, node in project.models.items():
        if access_of(node) != "public":
            continue
        columns = node.get("columns") or {}
        missing = [
            str(column.get("name") or name)
            for name, column in columns.items()
            if not is_described(column.get("description"))
        ]
        problems = []
        if not is_described(node.get("description")):
            problems.append("no model description")
        if not columns:
            problems.append("no columns declared")
        if missing:
            problems.append(f"undescribed columns: {', '.join(missing)}")
        if problems:
            found.append(
                finding(
                    project,
                    "fct_undocumented_public_models",
                    uid,
                    f"public model with {'; '.join(problems)}",
                )
            )
    return found


# --- the project's own checks ----------------------------------------------------


def check_mart_expression_is_true(project: Project) -> list[Finding]:
    """Every model under models/marts/ has an expression_is_true data test."""
    return [
        finding(
            project,
            "mart_missing_expression_is_true",
            uid,
            "mart has no model-level invariant: add an expression_is_true data test",
        )
        for uid, node in project.models.items()
        if is_under(file_dir(node), MARTS_DIR)
        and not any(test_name(t) in INVARIANT_TESTS for t in project.tests_on(uid))
    ]


def method_vars_read(project: Project) -> dict[str, frozenset[str]]:
    """The method behaviour vars each model's own SQL or macros read.

    A var is read where the model's SQL, or a project macro it calls (at any
    depth), calls ``method_choice('<var>')``.
    """
    macro_vars: dict[str, frozenset[str]] = {}

    def of_macro(uid: str, seen: frozenset[str]) -> frozenset[str]:
        if uid in macro_vars:
            return macro_vars[uid]
        macro = project.macros.get(uid)
        if macro is None or uid in seen:
            return frozenset()
        found = set(METHOD_CHOICE.findall(str(macro.get("macro_sql", ""))))
        for called in (macro.get("depends_on") or {}).get("macros") or []:
            found |= of_macro(str(called), seen | {uid})
        macro_vars[uid] = frozenset(found)
        return macro_vars[uid]

    read = {}
    for uid, node in project.models.items():
        found = set(METHOD_CHOICE.findall(str(node.get("raw_code", ""))))
        for called in (node.get("depends_on") or {}).get("macros") or []:
            found |= of_macro(str(called), frozenset())
        read[uid] = frozenset(found)
    return read


def method_vars_of(project: Project) -> dict[str, frozenset[str]]:
    """The method behaviour vars each model reads, itself or through its lineage."""
    read = method_vars_read(project)
    reached: dict[str, frozenset[str]] = {}

    def of_model(uid: str) -> frozenset[str]:
        if uid not in reached:
            found = set(read[uid])
            for parent in project.parents.get(uid, []):
                if parent in project.models:
                    found |= of_model(parent)
            reached[uid] = frozenset(found)
        return reached[uid]

    return {uid: of_model(uid) for uid in project.models}


def check_method_behaviours_documented(project: Project) -> list[Finding]:
    """Each SALT/ASCOF mart's description names every method var it reads."""
    found = []
    reads = method_vars_of(project)
    for uid, node in project.models.items():
        name = str(node.get("name", ""))
        if not (
            is_under(file_dir(node), MARTS_DIR)
            and name.startswith(METHOD_DOCUMENTED_PREFIXES)
            and not name.endswith(PUBLISHED_SUFFIX)
        ):
            continue
        description = str(node.get("description") or "")
        for var in sorted(reads[uid]):
            if f"`{var}`" not in description:
                found.append(
                    Finding(
                        "mart_method_behaviour_undocumented",
                        uid,
                        f"{name}:{var}",
                        f"reads method var {var} but its docs do not list it: add "
                        f'{{{{ doc("method_{var}") }}}} to its behaviour table',
                    )
                )
    return found


def legacy_keys_in_entry(entry: Mapping[str, Any]) -> list[str]:
    """Where a property entry (model, seed, source table, ...) uses `tests:`."""
    places = ["its own properties"] if "tests" in entry else []
    holders: list[Mapping[str, Any]] = [entry]
    holders += [v for v in entry.get("versions") or [] if isinstance(v, dict)]
    for holder in holders:
        for column in holder.get("columns") or []:
            if isinstance(column, dict) and "tests" in column:
                places.append(f"column {column.get('name')}")
    return places


def property_entries(
    project: Project, path: str, document: Mapping[str, Any]
) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(unique id, name, entry) for every model/seed/snapshot/source-table entry."""
    by_name = {
        (str(node.get("resource_type")), str(node.get("name"))): uid
        for uid, node in project.resources.items()
        if node.get("package_name") == project.name
    }
    for section, resource_type in SECTION_TYPES.items():
        for entry in document.get(section) or []:
            if isinstance(entry, dict):
                name = str(entry.get("name"))
                uid = by_name.get((resource_type, name))
                yield uid or f"{path}:{name}", name, entry
    for source in document.get("sources") or []:
        if not isinstance(source, dict):
            continue
        source_name = str(source.get("name"))
        if "tests" in source:
            yield f"source.{project.name}.{source_name}", source_name, source
        for table in source.get("tables") or []:
            if isinstance(table, dict):
                name = f"{source_name}.{table.get('name')}"
                yield f"source.{project.name}.{name}", name, table


def check_legacy_tests_key(project: Project) -> list[Finding]:
    """No property uses the deprecated `tests:` key (it is `data_tests:`)."""
    found = []
    for path, document in sorted(project.property_files.items()):
        if not isinstance(document, dict):
            continue
        if "tests" in document:
            found.append(
                Finding(
                    "legacy_tests_key",
                    path,
                    path,
                    "top-level `tests:` block, which dbt ignores; use generic or "
                    "singular data tests",
                )
            )
        for uid, name, entry in property_entries(project, path, document):
            places = legacy_keys_in_entry(entry)
            if places:
                found.append(
                    Finding(
                        "legacy_tests_key",
                        uid,
                        name,
                        f"uses `tests:` in {', '.join(places)} ({path}); "
                        "rename it to `data_tests:`",
                    )
                )
    return found


Check = Callable[[Project], list[Finding]]

# Rule name -> check, in STYLE §11 order, then the project's own checks.
CHECKS: dict[str, Check] = {
    "fct_staging_dependent_on_staging": check_staging_dependent_on_staging,
    "fct_source_fanout": check_source_fanout,
    "fct_rejoining_of_upstream_concepts": check_rejoining_of_upstream_concepts,
    "fct_model_fanout": check_model_fanout,
    "fct_marts_or_intermediate_dependent_on_source": (
        check_marts_or_intermediate_dependent_on_source
    ),
    "fct_direct_join_to_source": check_direct_join_to_source,
    "fct_duplicate_sources": check_duplicate_sources,
    "fct_hard_coded_references": check_hard_coded_references,
    "fct_multiple_sources_joined": check_multiple_sources_joined,
    "fct_root_models": check_root_models,
    "fct_staging_dependent_on_marts_or_intermediate": (
        check_staging_dependent_on_marts_or_intermediate
    ),
    "fct_unused_sources": check_unused_sources,
    "fct_too_many_joins": check_too_many_joins,
    "fct_missing_primary_key_tests": check_missing_primary_key_tests,
    "fct_sources_without_freshness": check_sources_without_freshness,
    "fct_test_coverage": check_test_coverage,
    "fct_undocumented_models": check_undocumented_models,
    "fct_documentation_coverage": check_documentation_coverage,
    "fct_undocumented_source_tables": check_undocumented_source_tables,
    "fct_undocumented_sources": check_undocumented_sources,
    "fct_test_directories": check_test_directories,
    "fct_model_naming_conventions": check_model_naming_conventions,
    "fct_source_directories": check_source_directories,
    "fct_model_directories": check_model_directories,
    "fct_chained_views_dependencies": check_chained_views_dependencies,
    "fct_exposure_parents_materializations": check_exposure_parents_materializations,
    "fct_public_models_without_contract": check_public_models_without_contract,
    "fct_exposures_dependent_on_private_models": (
        check_exposures_dependent_on_private_models
    ),
    "fct_undocumented_public_models": check_undocumented_public_models,
    "mart_missing_expression_is_true": check_mart_expression_is_true,
    "mart_method_behaviour_undocumented": check_method_behaviours_documented,
    "legacy_tests_key": check_legacy_tests_key,
}
# Reported about the waiver file itself; never waivable.
UNUSED_WAIVER_RULE = "unused_exception"
RULE_ORDER = {rule: index for index, rule in enumerate([*CHECKS, UNUSED_WAIVER_RULE])}


# --- reading the manifest, the property files and the waivers --------------------


class ConfigError(Exception):
    """The manifest or the exceptions file cannot be used."""


def load_manifest(path: Path) -> dict[str, Any]:
    """Read a dbt manifest, or raise ConfigError saying why not."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"{path} not found: run `dbt parse` first") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("nodes"), dict):
        raise ConfigError(f"{path} is not a dbt manifest (no nodes)")
    return manifest


def build_project(manifest: Mapping[str, Any]) -> Project:
    """The root project's resources and their dependencies, from a manifest."""
    metadata = manifest.get("metadata") or {}
    nodes: dict[str, Node] = dict(manifest.get("nodes") or {})
    sources: dict[str, Node] = dict(manifest.get("sources") or {})
    exposures: dict[str, Node] = dict(manifest.get("exposures") or {})
    name = str(metadata.get("project_name") or "")
    resources = {**nodes, **sources, **exposures}

    def own(group: Mapping[str, Node], kind: str | None = None) -> dict[str, Node]:
        return {
            uid: node
            for uid, node in group.items()
            if node.get("package_name", name) == name
            and (kind is None or node.get("resource_type", kind) == kind)
        }

    parents = {
        uid: list(dict.fromkeys((node.get("depends_on") or {}).get("nodes") or []))
        for uid, node in {**nodes, **exposures}.items()
    }
    return Project(
        name=name,
        resources=resources,
        models=own(nodes, "model"),
        sources=own(sources),
        exposures=own(exposures),
        tests=list(own(nodes, "test").values()),
        parents=parents,
        macros=own(dict(manifest.get("macros") or {})),
    )


def property_file_paths(project: Project) -> list[str]:
    """Property YAML files named by the root project's nodes and sources."""
    paths = set()
    for node in project.resources.values():
        if node.get("package_name") != project.name:
            continue
        if node.get("resource_type") == "source":
            paths.add(str(node.get("original_file_path")))
        elif node.get("patch_path"):
            paths.add(str(node["patch_path"]).split("://", 1)[-1])
    return sorted(p for p in paths if p.endswith((".yml", ".yaml")))


def read_property_files(project: Project, project_dir: Path) -> dict[str, Any]:
    """Parsed property YAML files: relative path -> document.

    Files that cannot be read are logged and left out.
    """
    documents: dict[str, Any] = {}
    for relative in property_file_paths(project):
        path = project_dir / relative
        try:
            documents[relative] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            LOG.warning(
                "cannot read %s (legacy_tests_key skipped there): %s", path, error
            )
    return documents


def read_waivers(path: Path) -> list[Waiver]:
    """Waivers from the exceptions file; ConfigError lists every bad row."""
    if not path.exists():
        LOG.debug("no exceptions file at %s", path)
        return []
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    if not rows or [cell.strip() for cell in rows[0]] != EXCEPTIONS_HEADER:
        raise ConfigError(f"{path}: the header must be {','.join(EXCEPTIONS_HEADER)}")
    waivers, errors = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path.name}:{line}"
        if len(row) != len(EXCEPTIONS_HEADER):
            errors.append(f"{where}: expected 3 fields, got {len(row)} (quote commas)")
            continue
        rule, pattern, comment = (cell.strip() for cell in row)
        if rule not in CHECKS:
            errors.append(f"{where}: unknown rule {rule!r}")
        if not pattern:
            errors.append(f"{where}: empty node_pattern")
        if not comment:
            errors.append(f"{where}: waiver of {rule} for {pattern} has no comment")
        if rule in CHECKS and pattern and comment:
            waivers.append(Waiver(rule, pattern, comment, line))
    if errors:
        raise ConfigError("\n".join(errors))
    return waivers


# --- running and reporting --------------------------------------------------------


def run_checks(project: Project) -> list[Finding]:
    """Every check over the project, sorted by rule then node."""
    findings = {f for check in CHECKS.values() for f in check(project)}
    return sorted(findings, key=lambda f: (RULE_ORDER[f.rule], f.node, f.message))


def apply_waivers(
    findings: list[Finding], waivers: list[Waiver], source: str
) -> list[Result]:
    """Pair each finding with its waiver; report waivers that cover nothing."""
    results = []
    used: set[Waiver] = set()
    for item in findings:
        waiver = next((w for w in waivers if w.matches(item)), None)
        if waiver is not None:
            used.add(waiver)
        results.append(Result(item, waiver))
    for waiver in waivers:
        if waiver not in used:
            where = f"{source}:{waiver.line}"
            message = (
                f"waiver of {waiver.rule} for {waiver.node_pattern} matches no "
                "finding; remove it"
            )
            results.append(Result(Finding(UNUSED_WAIVER_RULE, where, where, message)))
    return results


def report(results: list[Result], project: Project) -> int:
    """Log one line per finding and a summary; return the unwaived count."""
    unwaived = [r for r in results if r.waiver is None]
    for result in unwaived:
        item = result.finding
        LOG.warning("%s %s: %s", item.rule, item.node, item.message)
    for result in results:
        if result.waiver is not None:
            item = result.finding
            LOG.debug(
                "waived %s %s: %s (%s)",
                item.rule,
                item.node,
                item.message,
                result.waiver.comment,
            )
    evaluator_rules = sum(rule.startswith("fct_") for rule in CHECKS)
    LOG.info(
        "check_project: %d finding(s), %d unwaived, %d waived; %d evaluator rules "
        "and %d project checks over %d models, %d sources, %d exposures",
        len(results),
        len(unwaived),
        len(results) - len(unwaived),
        evaluator_rules,
        len(CHECKS) - evaluator_rules,
        len(project.models),
        len(project.sources),
        len(project.exposures),
    )
    return len(unwaived)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--manifest",
        type=Path,
        default=DEFAULT_MANIFEST,
        help="dbt manifest to check (default: %(default)s)",
    )
    parser.add_argument(
        "--exceptions",
        type=Path,
        default=DEFAULT_EXCEPTIONS,
        help="waivers: rule,node_pattern,comment "
        "(default: scripts/project_check_exceptions.csv)",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=Path(),
        help="dbt project root, for the property YAML files (default: current dir)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when any unwaived finding remains (CI)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also list waived findings"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Check the project; see the module docstring for rules and exit status."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(message)s",
        stream=sys.stdout,
    )
    try:
        manifest = load_manifest(args.manifest)
        waivers = read_waivers(args.exceptions)
    except ConfigError as error:
        for line in str(error).splitlines():
            LOG.error("check_project: %s", line)
        return 2
    project = build_project(manifest)
    project.property_files = read_property_files(project, args.project_dir)
    results = apply_waivers(run_checks(project), waivers, args.exceptions.name)
    unwaived = report(results, project)
    return 1 if args.strict and unwaived else 0


if __name__ == "__main__":
    raise SystemExit(main())
