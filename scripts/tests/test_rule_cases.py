"""Every validation rule has a fixture row that fails it and one that passes it.

tests/fixtures/rule_cases.csv names rows of the fixture submissions
(tests/fixtures/landing/) per rule of seeds/cld_validation_rules.csv: a `fails`
row must be in marts.dq_failures under that rule, a `passes` row is one the rule
checks and must not be. File-level rules report on line 1, the header. The
coverage checks read only the CSV files; the warehouse checks need the fixture
warehouse that `python3 scripts/warehouse.py test` builds and passes as
CLD_TEST_DUCKDB_PATH, and are skipped without it.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from types import MappingProxyType
from typing import Final

import duckdb
import pytest

# Rules that need not have both kinds of case, each with the reason; every other
# catalogued rule must. `.*` would stand for every sub-rule. Only CLD-032 ids are
# here, and they have `passes` cases: CLD-032 flags a spelling found in Release 1
# (or v4) but not in Release 2, and only for fields whose Release 1 and Release 2
# lists are both `complete` in seeds/cld_defined_list_releases.csv
# (base_cld__coded_value_matches.release_signal), so these fields cannot fail
# until the seed knows both lists. test_pending_old_release_rules_cannot_fail
# checks that each still cannot.
_NOT_BOTH_LISTS = "Release 1 and Release 2 lists not both complete in the seed"
PENDING_RULES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "CLD-032.gender": _NOT_BOTH_LISTS + " (R2 partial)",
        "CLD-032.autism_spectrum_disorder_asd": _NOT_BOTH_LISTS + " (R2 partial)",
        "CLD-032.visual_impairment": _NOT_BOTH_LISTS + " (R2 absent)",
        "CLD-032.hearing_impairment": _NOT_BOTH_LISTS + " (R1 and R2 partial)",
        "CLD-032.client_funding_status": _NOT_BOTH_LISTS + " (R1 partial)",
        "CLD-032.request_route_of_access": _NOT_BOTH_LISTS + " (R2 absent)",
        "CLD-032.assessment_type": _NOT_BOTH_LISTS + " (R1 partial)",
        "CLD-032.method_of_assessment": _NOT_BOTH_LISTS + " (R2 absent)",
        "CLD-032.review_reason": _NOT_BOTH_LISTS + " (R2 partial)",
        "CLD-032.review_outcomes_achieved": _NOT_BOTH_LISTS + " (R2 absent)",
        "CLD-032.method_of_review": _NOT_BOTH_LISTS + " (R2 absent)",
        "CLD-032.cost_frequency_unit_type": _NOT_BOTH_LISTS + " (R2 partial)",
        "CLD-032.event_type": (
            "both lists complete, but Release 1, Release 2 and v4 spell the four"
            " event types alike, so no spelling is Release 1 only"
        ),
    }
)

# Rules of family 'submissions' (int_submissions_profiled): one check per file,
# reported on line 1.
FILE_LEVEL_RULES = ("CLD-001", "CLD-005.*", "CLD-007", "CLD-009", "CLD-083")

REPO_ROOT = Path(__file__).resolve().parents[2]
RULE_CASES = REPO_ROOT / "tests" / "fixtures" / "rule_cases.csv"
RULE_CATALOGUE = REPO_ROOT / "seeds" / "cld_validation_rules.csv"
LIST_RELEASES = REPO_ROOT / "seeds" / "cld_defined_list_releases.csv"
DEFINED_LISTS = REPO_ROOT / "seeds" / "cld_defined_lists.csv"
LANDING_DIR = REPO_ROOT / "tests" / "fixtures" / "landing"
EXPECTED_VALUES = ("fails", "passes")


@dataclass(frozen=True)
class RuleCase:
    """One row of rule_cases.csv."""

    submission_id: str
    line_number: int
    rule_id: str
    expected: str
    note: str

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.submission_id, self.line_number, self.rule_id)

    def __str__(self) -> str:
        return (
            f"{self.submission_id} line {self.line_number} {self.rule_id}"
            f" {self.expected} ({self.note})"
        )


def read_rule_cases() -> list[RuleCase]:
    with RULE_CASES.open(newline="", encoding="utf-8") as file:
        return [
            RuleCase(
                submission_id=row["submission_id"],
                line_number=int(row["line_number"]),
                rule_id=row["rule_id"],
                expected=row["expected"],
                note=row["note"],
            )
            for row in csv.DictReader(file)
        ]


def catalogued_rule_ids() -> list[str]:
    with RULE_CATALOGUE.open(newline="", encoding="utf-8") as file:
        return [row["rule_id"] for row in csv.DictReader(file)]


def is_pending(rule_id: str) -> bool:
    return any(fnmatchcase(rule_id, pattern) for pattern in PENDING_RULES)


def is_file_level(rule_id: str) -> bool:
    return any(fnmatchcase(rule_id, pattern) for pattern in FILE_LEVEL_RULES)


def physical_line_count(path: Path) -> int:
    return len(path.read_bytes().splitlines())


@pytest.fixture(scope="module")
def cases() -> list[RuleCase]:
    return read_rule_cases()


@pytest.fixture(scope="module")
def warehouse(
    fixture_warehouse: duckdb.DuckDBPyConnection,
) -> duckdb.DuckDBPyConnection:
    return fixture_warehouse


# --- the case file itself -----------------------------------------------------


def test_cases_name_catalogued_rules_and_data_lines(cases: list[RuleCase]) -> None:
    catalogue = set(catalogued_rule_ids())
    line_counts: dict[str, int] = {}
    problems = []
    for case in cases:
        if case.rule_id not in catalogue:
            problems.append(f"{case}: rule not in {RULE_CATALOGUE.name}")
        if case.expected not in EXPECTED_VALUES:
            problems.append(f"{case}: expected must be one of {EXPECTED_VALUES}")
        if not case.note.strip():
            problems.append(f"{case}: no note saying why")
        fixture = LANDING_DIR / case.submission_id
        if not fixture.is_file():
            problems.append(f"{case}: no fixture file {fixture.name}")
            continue
        if case.submission_id not in line_counts:
            line_counts[case.submission_id] = physical_line_count(fixture)
        if is_file_level(case.rule_id):
            if case.line_number != 1:
                problems.append(f"{case}: a file-level rule reports on line 1")
        elif not 2 <= case.line_number <= line_counts[case.submission_id]:
            problems.append(f"{case}: not a data line of the file (header is 1)")
    assert not problems, "\n".join(problems)


def test_each_case_is_listed_once(cases: list[RuleCase]) -> None:
    seen: set[tuple[str, int, str]] = set()
    repeated = []
    for case in cases:
        if case.key in seen:
            repeated.append(str(case))
        seen.add(case.key)
    assert not repeated, "\n".join(repeated)


def test_every_rule_has_a_failing_and_a_passing_case(cases: list[RuleCase]) -> None:
    covered = {(case.rule_id, case.expected) for case in cases}
    missing = [
        f"{rule_id}: no {expected} case"
        for rule_id in catalogued_rule_ids()
        if not is_pending(rule_id)
        for expected in EXPECTED_VALUES
        if (rule_id, expected) not in covered
    ]
    assert not missing, "\n".join(missing)


def test_pending_rules_name_catalogued_rules() -> None:
    catalogue = catalogued_rule_ids()
    unknown = sorted(
        pattern
        for pattern in [*PENDING_RULES, *FILE_LEVEL_RULES]
        if not any(fnmatchcase(rule_id, pattern) for rule_id in catalogue)
    )
    assert not unknown, f"entries matching no catalogued rule: {unknown}"


def test_pending_old_release_rules_cannot_fail() -> None:
    # A pending CLD-032 field can only fail once the seed holds both its lists
    # in full and a spelling found in Release 1 or v4 but not in Release 2.
    with LIST_RELEASES.open(newline="", encoding="utf-8") as file:
        complete = {
            (row["field_name"], row["release"])
            for row in csv.DictReader(file)
            if row["list_status"] == "complete"
        }
    labels: dict[tuple[str, str], set[str]] = {}
    with DEFINED_LISTS.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            labels.setdefault((row["field_name"], row["release"]), set()).add(
                row["label"]
            )
    can_fail = []
    for rule_id in PENDING_RULES:
        field = rule_id.removeprefix("CLD-032.")
        if {(field, "R1"), (field, "R2")} <= complete:
            older = labels.get((field, "R1"), set()) | labels.get((field, "v4"), set())
            if older - labels.get((field, "R2"), set()):
                can_fail.append(rule_id)
    assert not can_fail, (
        f"can fail now: add their failing cases and unpend them: {can_fail}"
    )


# --- the cases against the fixture warehouse -----------------------------------


def reported_failures(
    warehouse: duckdb.DuckDBPyConnection,
) -> set[tuple[str, int, str]]:
    rows = warehouse.execute(
        "select submission_id, line_number, rule_id from marts.dq_failures"
    ).fetchall()
    return {(submission_id, line, rule_id) for submission_id, line, rule_id in rows}


def test_failing_cases_are_reported(
    warehouse: duckdb.DuckDBPyConnection, cases: list[RuleCase]
) -> None:
    failures = reported_failures(warehouse)
    unreported = [
        str(case)
        for case in cases
        if case.expected == "fails" and case.key not in failures
    ]
    assert not unreported, "not in marts.dq_failures:\n" + "\n".join(unreported)


def test_passing_cases_are_not_reported(
    warehouse: duckdb.DuckDBPyConnection, cases: list[RuleCase]
) -> None:
    failures = reported_failures(warehouse)
    reported = [
        str(case)
        for case in cases
        if case.expected == "passes" and case.key in failures
    ]
    assert not reported, "in marts.dq_failures:\n" + "\n".join(reported)


def test_passing_cases_are_checked_by_their_rule(
    warehouse: duckdb.DuckDBPyConnection, cases: list[RuleCase]
) -> None:
    # dq_rule_results counts checked rows per submission, not per line: this
    # catches a passing case in a file where the rule checks no row at all.
    rows = warehouse.execute(
        "select submission_id, rule_id from marts.dq_rule_results"
        " where rows_checked > 0"
    ).fetchall()
    checked = {(submission_id, rule_id) for submission_id, rule_id in rows}
    unchecked = [
        str(case)
        for case in cases
        if case.expected == "passes"
        and (case.submission_id, case.rule_id) not in checked
    ]
    assert not unchecked, "rule checks no row of the file:\n" + "\n".join(unchecked)
