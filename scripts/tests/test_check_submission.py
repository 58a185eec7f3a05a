"""The pre-submission check: pure parts without dbt, then three end-to-end runs.

The end-to-end tests run scripts/check_submission.py on a clean generated file, on
one with injected defects and on one missing two required columns; each runs dbt
once (about 15-30 s).
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, date, datetime
from pathlib import Path

import check_submission
import pytest
from generate_cld import SNAKE_HEADERS, SPEC_HEADERS, normalise_key
from submission_check.contract import (
    DATE_COLUMNS,
    DECIMAL_COLUMNS,
    INTEGER_COLUMNS,
    ContractCheck,
    ContractResult,
    check_contract,
    clean_value,
    unexpected_indexes,
)
from submission_check.dbt_run import (
    DbtOutcome,
    NodeProblem,
    WorkPaths,
    dbt_command,
    dbt_environment,
    landed_name,
    node_problems,
)
from submission_check.encoding import detect_encoding
from submission_check.findings import (
    EventTypeCount,
    FailureExample,
    Findings,
    RuleResult,
    Table,
    pivot_completeness,
)
from submission_check.headers import (
    HeaderAlias,
    canonical_columns,
    header_style,
    match_header,
    missing_columns,
    normalise_match_key,
    read_header_aliases,
)
from submission_check.reading import (
    guess_delimiter,
    read_submission,
    split_fields,
    split_lines,
)
from submission_check.report import (
    EXIT_INCOMPLETE,
    EXIT_NOT_READY,
    EXIT_READY,
    ReportInput,
    decide,
    render_html,
)
from test_staging_integration import generate, read_csv

REPO = Path(__file__).resolve().parents[2]
HEADER_ALIASES = REPO / "seeds" / "cld_header_aliases.csv"
COLUMN_MACROS = REPO / "macros" / "cld" / "cld_columns.sql"

CLEAN_ARGS = (
    "--councils", "1",
    "--people", "60",
    "--quarters", "1",
    "--header-style", "spec",
    "--vocabulary", "r2",
    "--bom",
    "--seed", "3",
    "--quiet",
)  # fmt: skip
DEFECT_ARGS = (
    "--councils", "1",
    "--people", "60",
    "--quarters", "1",
    "--header-style", "snake",
    "--vocabulary", "r1",
    "--defect-rate", "0.15",
    "--seed", "5",
    "--quiet",
)  # fmt: skip
MISSING_COLUMNS = ("event_type", "event_start_date")
IDENTIFIER_FIELDS = frozenset(
    {
        "nhs_number",
        "la_person_unique_identifier",
        "first_name",
        "last_name",
        "date_of_birth",
        "postcode",
    }
)

Rows = list[list[str]]


# --- helpers -----------------------------------------------------------------


@pytest.fixture(scope="module")
def aliases() -> list[HeaderAlias]:
    return read_header_aliases(HEADER_ALIASES)


@pytest.fixture(scope="module")
def clean_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated submission that breaks no error rule."""
    folder = tmp_path_factory.mktemp("clean")
    generate(folder, CLEAN_ARGS)
    return folder / read_csv(folder / "_meta" / "manifest.csv")[0]["file_name"]


def read_rows(path: Path) -> Rows:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: Rows, delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def column_position(header: list[str], column_name: str) -> int:
    """0-based position of a canonical column in any header style."""
    keys = [normalise_key(label) for label in header]
    return keys.index(normalise_key(column_name))


def without_columns(rows: Rows, columns: tuple[str, ...]) -> Rows:
    dropped = {column_position(rows[0], column) for column in columns}
    return [[cell for i, cell in enumerate(row) if i not in dropped] for row in rows]


def contract_of(path: Path, aliases: list[HeaderAlias]) -> ContractResult:
    submission = read_submission(path)
    cells = match_header(submission.header_labels, aliases)
    return check_contract(
        submission, cells, canonical_columns(aliases), header_style(cells)
    )


def failed(contract: ContractResult) -> dict[str, ContractCheck]:
    return {check.description: check for check in contract.checks if not check.success}


# --- encoding and reading ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"LA_Code\n406\n", "utf-8"),
        (b"", "utf-8"),
        ("\ufeffLA_Code\n406\n".encode(), "utf-8-bom"),
        ("Unit Cost (£)\n".encode(), "utf-8"),
        ("Unit Cost (£)\n".encode("cp1252"), "windows-1252"),
        ("Café \u2013 2\n".encode("cp1252"), "windows-1252"),
        ("LA_Code\n".encode("utf-16"), "undecodable"),
        (b"LA_Code\x00\n", "undecodable"),
        (b"caf\xe9 \x81\n", "undecodable"),
    ],
)
def test_detect_encoding_follows_landing(content: bytes, expected: str) -> None:
    assert detect_encoding(content) == expected


def test_split_lines_drops_endings_bom_and_final_empty_line() -> None:
    assert split_lines("\ufeffa,b\r\n1,2\r\n\r\n3,4\n") == ["a,b", "1,2", "", "3,4"]
    assert split_lines("a,b\r1,2\r") == ["a,b", "1,2"]
    assert split_lines("") == [""]


def test_read_submission_keeps_line_breaks_inside_quotes(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b'a,b\r\n1,"two\r\nlines"\r\n3,4\r\n')
    submission = read_submission(path)
    assert [(line.line_number, line.text) for line in submission.data_lines] == [
        (2, '1,"two\nlines"'),
        (4, "3,4"),
    ]
    assert split_fields(submission.data_lines[0].text) == ["1", "two\nlines"]


def test_read_submission_skips_blank_lines_and_keeps_line_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\r\n1,2\r\n  \r\n3,4\r\n")
    submission = read_submission(path)
    assert submission.header_labels == ["a", "b"]
    assert [line.line_number for line in submission.data_lines] == [2, 4]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("a,b;c", "comma"), ("a;b;c", "semicolon"), ("a\tb", "tab"), ("abc", None)],
)
def test_guess_delimiter(header: str, expected: str | None) -> None:
    assert guess_delimiter(header) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" 12.5 ", "12.5"), ("", None), ("  ", None), ("null", None), ("N/A", None)],
)
def test_clean_value_reads_blanks_and_placeholders_as_missing(
    raw: str, expected: str | None
) -> None:
    assert clean_value(raw) == expected


# --- headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["Request: Route of Access", "Unit Cost (£)", "No._of_adults", "A & B", "LA-Code"],
)
def test_match_key_is_the_generator_and_staging_key(label: str) -> None:
    assert normalise_match_key(label) == normalise_key(label)


def test_seed_lists_the_fifty_columns_in_specification_order(
    aliases: list[HeaderAlias],
) -> None:
    assert canonical_columns(aliases) == [label.lower() for label in SNAKE_HEADERS]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (list(SNAKE_HEADERS), "snake"),
        (list(SPEC_HEADERS), "spec"),
        ([label.upper() for label in SPEC_HEADERS], "spec"),
        (["Has Informal Carer", *SPEC_HEADERS[:18]], "mixed"),
        (["LA-Code", "Gender"], "mixed"),
        (["foo", "bar"], "unrecognised"),
        ([], "no header"),
    ],
)
def test_header_style_as_staging_names_it(
    labels: list[str], expected: str, aliases: list[HeaderAlias]
) -> None:
    assert header_style(match_header(labels, aliases)) == expected


def test_dscro_header_is_its_own_style(aliases: list[HeaderAlias]) -> None:
    labels = [alias.header_label for alias in aliases if alias.naming_style == "dscro"]
    cells = match_header(labels, aliases)
    assert header_style(cells) == "dscro"
    assert missing_columns(cells, canonical_columns(aliases)) == []


def test_match_header_maps_variants_and_reports_unknown_cells(
    aliases: list[HeaderAlias],
) -> None:
    cells = match_header([" la code ", '"Unit Cost"', "Notes"], aliases)
    assert [cell.column_name for cell in cells] == ["la_code", "unit_cost", None]
    assert [cell.position for cell in cells] == [1, 2, 3]


def _macro_names(name: str, pattern: str) -> set[str]:
    """Names matching ``pattern`` inside one macro of macros/cld/cld_columns.sql."""
    text = COLUMN_MACROS.read_text(encoding="utf-8")
    body = re.search(
        rf"{{% macro {name}\(\) %}}(.*?){{% endmacro %}}", text, flags=re.DOTALL
    )
    assert body, f"macro {name} not found in {COLUMN_MACROS}"
    return set(re.findall(pattern, body.group(1)))


def test_type_columns_are_the_ones_staging_parses() -> None:
    dates = _macro_names("cld_date_fields", r"'([a-z0-9_]+)'")
    numbers = _macro_names("cld_numeric_fields", r"'([a-z0-9_]+)'\s*:")
    assert set(DATE_COLUMNS) == dates
    assert set(INTEGER_COLUMNS + DECIMAL_COLUMNS) == numbers


# --- the file contract (Great Expectations, no dbt) ----------------------------


def test_clean_file_meets_the_contract(
    clean_file: Path, aliases: list[HeaderAlias]
) -> None:
    contract = contract_of(clean_file, aliases)
    assert contract.passed, failed(contract)
    assert not failed(contract)


def test_contract_catches_a_wrong_delimiter(
    clean_file: Path, aliases: list[HeaderAlias], tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "semicolons.csv", read_rows(clean_file), ";")
    failures = failed(contract_of(path, aliases))
    assert failures["Fields are separated by commas"].detail == "found: semicolon"
    assert "All 50 CLD columns are in the header" in failures


def test_contract_catches_missing_and_duplicated_columns(
    clean_file: Path, aliases: list[HeaderAlias], tmp_path: Path
) -> None:
    rows = without_columns(read_rows(clean_file), MISSING_COLUMNS)
    gender = column_position(rows[0], "gender")
    rows = [[*row, row[gender]] for row in rows]
    contract = contract_of(write_rows(tmp_path / "columns.csv", rows), aliases)
    failures = failed(contract)
    assert not contract.passed
    assert failures["All 50 CLD columns are in the header"].detail == (
        "2 missing: event_type, event_start_date"
    )
    assert failures["No column is named twice"].detail.startswith("named twice: gender")


def test_contract_checks_column_types_not_single_values(
    clean_file: Path, aliases: list[HeaderAlias], tmp_path: Path
) -> None:
    rows = read_rows(clean_file)
    start = column_position(rows[0], "event_start_date")
    cost = column_position(rows[0], "unit_cost")
    one_bad = [list(row) for row in rows]
    one_bad[1][start] = "31/13/2024"
    assert contract_of(write_rows(tmp_path / "one.csv", one_bad), aliases).passed
    swapped = [list(row) for row in rows]
    for row in swapped[1:]:
        if row[cost]:
            row[cost] = "twelve pounds"
        row[start] = "2024/06/30" if row[start] else row[start]
    failures = failed(contract_of(write_rows(tmp_path / "all.csv", swapped), aliases))
    start_check = next(key for key in failures if key.startswith("event_start_date"))
    assert "first: lines 2," in failures[start_check].detail
    assert any(key.startswith("unit_cost") for key in failures)
    # findings name lines, never the values
    assert "2024/06/30" not in failures[start_check].detail


def test_contract_rejects_an_undecodable_or_empty_file(
    aliases: list[HeaderAlias], tmp_path: Path
) -> None:
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("LA_Code,Gender\n406,Male\n".encode("utf-16"))
    failures = failed(contract_of(utf16, aliases))
    encoding = "Text is UTF-8 (with or without byte-order mark) or Windows-1252"
    assert failures[encoding].detail == "found: undecodable"
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    failures = failed(contract_of(empty, aliases))
    assert failures["The file has at least one data line"].detail == "0 data lines"


def test_unexpected_indexes_keep_only_the_index() -> None:
    result = {
        "partial_unexpected_index_list": [
            {"event_start_date": "secret", "line_number": 7},
            {"position": 3},
            9,
        ]
    }
    assert unexpected_indexes(result) == [7, 3, 9]


# --- the dbt run, without running dbt ------------------------------------------


def test_landed_name_keeps_names_the_landing_hook_reads() -> None:
    assert landed_name(Path("CLD_406_20250630.csv")) == "CLD_406_20250630.csv"
    assert landed_name(Path("x.CSV")) == "x.CSV"
    assert landed_name(Path("export.txt")) == "export.txt.csv"


def test_dbt_runs_in_its_own_folders(tmp_path: Path) -> None:
    work = WorkPaths(tmp_path)
    env = dbt_environment({"CLD_TARGET": "spark", "PATH": "/bin"}, REPO, work)
    assert "CLD_TARGET" not in env
    assert env["CLD_LANDING_DIR"] == str(tmp_path / "landing")
    assert env["CLD_DUCKDB_PATH"] == str(tmp_path / "warehouse.duckdb")
    assert env["DBT_PROFILES_DIR"] == str(REPO)
    command = dbt_command(Path("/venv/bin/dbt"), REPO, work)
    assert command[:2] == ["/venv/bin/dbt", "build"]
    # the national guards do not apply to one council's file
    assert command[command.index("--exclude") + 1] == "tag:guard"
    assert command[command.index("--target-path") + 1] == str(tmp_path / "target")
    assert command[command.index("--log-path") + 1] == str(tmp_path / "logs")


def test_node_problems_are_errors_and_failures_not_rule_warnings() -> None:
    run_results = {
        "results": [
            {"unique_id": "model.a", "status": "success", "message": "OK"},
            {"unique_id": "test.rules", "status": "warn", "message": "Got 3"},
            {"unique_id": "test.key", "status": "fail", "message": "Got 1\nresult"},
            {"unique_id": "model.b", "status": "error", "message": "boom"},
        ]
    }
    assert node_problems(run_results) == [
        NodeProblem("test.key", "fail", "Got 1 result"),
        NodeProblem("model.b", "error", "boom"),
    ]


def test_default_report_folder_is_git_ignored() -> None:
    folder = check_submission.output_dir_for(Path("/data/CLD_406_x.csv"), None)
    assert folder == REPO / "reports" / "CLD_406_x"
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "reports/" in ignored


# --- verdict and HTML ------------------------------------------------------------


def _check(success: bool, severity: str = "critical") -> ContractCheck:
    return ContractCheck(
        table="file",
        description="Fields are separated by commas",
        expectation="expect_column_values_to_be_in_set",
        column="delimiter",
        severity=severity,
        success=success,
        detail="found: <semicolon>",
    )


def _dbt(return_code: int = 0, problems: list[NodeProblem] | None = None) -> DbtOutcome:
    return DbtOutcome(
        return_code=return_code,
        problems=problems or [],
        output_file=Path("dbt_output.log"),
        output_tail=["Completed with 1 error <b>"],
    )


def _rule(rule_id: str, severity: str, failed_rows: int) -> RuleResult:
    return RuleResult(
        rule_id=rule_id,
        severity=severity,
        module="Events",
        field_name="event_end_date",
        description="End date <must> follow start & be valid",
        rows_checked=10,
        rows_failed=failed_rows,
        failure_rate=failed_rows / 10,
        examples=[FailureExample(4, "EV<1>", "<script>alert(1)</script>")],
    )


def _findings(
    status: str = "loaded",
    rules: list[RuleResult] | None = None,
    completeness: Table | None = None,
) -> Findings:
    return Findings(
        submission={
            "status": status,
            "quarantine_reason": "x.csv: line 1: required columns missing: gender"
            if status == "quarantined"
            else None,
            "la_code": "406",
            "stated_period_start_date": date(2024, 7, 1),
            "stated_period_end_date": date(2025, 6, 30),
            "stated_period_count": 1,
            "header_style": "spec",
            "file_encoding": "utf-8",
            "rows_read": 12,
            "rows_staged": 12,
        },
        council_name="Birmingham",
        event_types=[EventTypeCount("request", "Request", 12)],
        rule_results=rules or [],
        completeness=completeness,
    )


@pytest.mark.parametrize(
    ("contract_ok", "status", "rules", "dbt_code", "expected"),
    [
        (True, "loaded", [], 0, EXIT_READY),
        (True, "loaded", [("CLD-004", "warning", 3)], 0, EXIT_READY),
        (True, "loaded", [("CLD-042", "error", 1)], 0, EXIT_NOT_READY),
        (True, "quarantined", [], 0, EXIT_NOT_READY),
        (False, "loaded", [], 0, EXIT_NOT_READY),
        (True, "loaded", [], 1, EXIT_INCOMPLETE),
        (False, "quarantined", [], 1, EXIT_NOT_READY),
    ],
)
def test_decide(
    contract_ok: bool,
    status: str,
    rules: list[tuple[str, str, int]],
    dbt_code: int,
    expected: int,
) -> None:
    contract = ContractResult([_check(contract_ok), _check(False, "warning")])
    findings = _findings(status, [_rule(*rule) for rule in rules])
    assert decide(contract, _dbt(dbt_code), findings).exit_code == expected


def _report(findings: Findings | None, dbt: DbtOutcome | None = None) -> str:
    contract = ContractResult([_check(False)])
    dbt = dbt or _dbt()
    data = ReportInput(
        file_name="CLD_<406>.csv",
        file_size_bytes=1234,
        encoding="utf-8",
        header_style="spec",
        contract=contract,
        contract_engine="Great Expectations 1.24.1",
        dbt=dbt,
        findings=findings,
        failures_csv_name="failures.csv",
        failures_written=1,
        generated_at=datetime(2025, 7, 1, 9, 30, tzinfo=UTC),
    )
    return render_html(data, decide(contract, dbt, findings))


def test_report_escapes_everything_and_is_self_contained() -> None:
    page = _report(_findings(rules=[_rule("CLD-042", "error", 2)]))
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "CLD_&lt;406&gt;.csv" in page
    assert "End date &lt;must&gt; follow start &amp; be valid" in page
    assert "found: &lt;semicolon&gt;" in page
    assert not re.search(r"\b(src|href)=|@import|url\(", page)
    assert 'id="CLD-042"' in page
    assert "01/07/2024 to 30/06/2025" in page
    assert "406 Birmingham" in page


def test_report_without_completeness_mart_says_so() -> None:
    page = _report(_findings())
    assert "Not available" in page
    assert "dq_field_completeness" in page


def test_report_shows_completeness_when_the_mart_exists() -> None:
    completeness = Table(
        columns=["submission_id", "field_name", "field_status", "row_count"],
        rows=[("x.csv", "gender", "complete", 12), (None, "gender", "<all>", 900)],
    )
    page = _report(_findings(completeness=completeness))
    assert "<th>field_status</th>" in page
    assert "&lt;all&gt;" in page
    assert '<td class="number">900</td>' in page


def test_completeness_is_summarised_per_field_and_status() -> None:
    summary = pivot_completeness(
        [
            ("Person details", "gender", "mandatory", "passed: valid", 8),
            ("Person details", "gender", "mandatory", "failed: blank", 2),
            ("Events", "event_end_date", "applicable", "passed: blank", 5),
        ]
    )
    assert summary.columns == [
        "Module",
        "Field",
        "Field status",
        "Rows",
        "passed: blank",
        "passed: valid",
        "failed: blank",
        "Failed",
    ]
    assert summary.rows == [
        ("Events", "event_end_date", "applicable", 5, 5, 0, 0, 0.0),
        ("Person details", "gender", "mandatory", 10, 0, 8, 2, 0.2),
    ]
    page = _report(_findings(completeness=summary))
    assert '<td class="number">20.0%</td>' in page


def test_report_names_failed_dbt_nodes() -> None:
    dbt = _dbt(1, [NodeProblem("model.cld_warehouse.dim_submissions", "error", "x")])
    page = _report(None, dbt)
    assert "Warehouse build failed" in page
    assert "model.cld_warehouse.dim_submissions" in page
    assert "Completed with 1 error &lt;b&gt;" in page
    assert "the warehouse build failed, so the figures are partial" in page


# --- end to end: dbt on one file ---------------------------------------------


def run_check(path: Path, output_dir: Path) -> int:
    return check_submission.main([str(path), "--output-dir", str(output_dir)])


def source_values(path: Path, column: str) -> set[str]:
    rows = read_rows(path)
    position = column_position(rows[0], column)
    return {row[position] for row in rows[1:] if row[position]}


@pytest.mark.integration
def test_clean_file_is_ready_to_submit(clean_file: Path, tmp_path: Path) -> None:
    assert run_check(clean_file, tmp_path) == EXIT_READY
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Ready to submit" in page
    assert "utf-8-bom" in page
    failures = read_csv(tmp_path / "failures.csv")
    assert [row for row in failures if row["severity"] == "error"] == []


@pytest.mark.integration
def test_defective_file_is_not_ready_and_every_failing_rule_is_shown(
    tmp_path: Path,
) -> None:
    landing = tmp_path / "generated"
    generate(landing, DEFECT_ARGS)
    source = landing / read_csv(landing / "_meta" / "manifest.csv")[0]["file_name"]
    output = tmp_path / "report"
    assert run_check(source, output) == EXIT_NOT_READY
    page = (output / "report.html").read_text(encoding="utf-8")
    failures = read_csv(output / "failures.csv")
    assert any(row["severity"] == "error" for row in failures)
    missing = {row["rule_id"] for row in failures} - set(
        re.findall(r'id="([^"]+)"', page)
    )
    assert not missing, f"failing rules not in the report: {sorted(missing)}"
    withheld = {
        row["offending_value"]
        for row in failures
        if row["field_name"] in IDENTIFIER_FIELDS
    }
    assert withheld <= {"withheld: identifier"}
    texts = page + (output / "failures.csv").read_text(encoding="utf-8")
    leaked = [
        value
        for column in ("nhs_number", "postcode")
        for value in source_values(source, column)
        if value in texts
    ]
    assert not leaked, f"identifiers in the report: {len(leaked)}"


@pytest.mark.integration
def test_file_missing_columns_fails_the_contract_and_is_quarantined(
    clean_file: Path, tmp_path: Path
) -> None:
    rows = without_columns(read_rows(clean_file), MISSING_COLUMNS)
    path = write_rows(tmp_path / "CLD_406_missing_columns.csv", rows)
    output = tmp_path / "report"
    assert run_check(path, output) == EXIT_NOT_READY
    page = (output / "report.html").read_text(encoding="utf-8")
    assert "2 missing: event_type, event_start_date" in page
    assert "the warehouse quarantines the file" in page
    assert "required columns missing: event_type, event_start_date" in page
    assert (output / "failures.csv").exists()
