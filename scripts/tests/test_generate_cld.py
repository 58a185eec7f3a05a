"""Tests for scripts/generate_cld.py (synthetic CLD submission generator)."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1]

import generate_cld  # noqa: E402
from cldgen.pools import (  # noqa: E402
    NhsNumbers,
    is_valid_nhs_number,
    nhs_check_digit,
)
from cldgen.vocab import (  # noqa: E402
    Vocabulary,
    all_field_keys,
    all_field_labels,
    read_defined_lists,
)

REPO = SCRIPTS.parent
LISTS = read_defined_lists(REPO / "seeds" / "cld_defined_lists.csv")
VOCABS = {"r1": Vocabulary("R1", LISTS), "r2": Vocabulary("R2", LISTS)}
CANON = generate_cld.CANONICAL_COLUMNS
KEY_TO_CANON = {generate_cld.normalise_key(c): c for c in CANON}
DATE_RE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
SMALL = ["--councils", "3", "--people", "120", "--workers", "1", "--quiet"]

REQUEST_FIELDS = ("request_route_of_access",)
ASSESSMENT_FIELDS = (
    "assessment_type",
    "eligible_needs_identified",
    "method_of_assessment",
)
SERVICE_FIELDS = (
    "service_type",
    "service_component",
    "delivery_mechanism",
    "provider_cqc_location_name",
    "provider_cqc_location_id",
    "unit_cost",
    "cost_frequency_unit_type",
    "planned_units_per_week",
)
REVIEW_FIELDS = ("review_reason", "review_outcomes_achieved", "method_of_review")
EVENT_FIELDS = (
    "event_type",
    "event_reference",
    "event_start_date",
    "event_end_date",
    "event_description",
    "event_outcome",
    *REQUEST_FIELDS,
    *ASSESSMENT_FIELDS,
    *SERVICE_FIELDS,
    *REVIEW_FIELDS,
)
FIELDS_BY_TYPE = {
    "request": REQUEST_FIELDS,
    "assessment": ASSESSMENT_FIELDS,
    "service": SERVICE_FIELDS,
    "review": REVIEW_FIELDS,
}


def run(out: Path, *args: str) -> Path:
    """Run the generator into ``out`` and return it."""
    assert generate_cld.main(["--out", str(out), *args]) == 0
    return out


def read_manifest(out: Path) -> list[dict[str, str]]:
    """Return the manifest rows."""
    with (out / "_meta" / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Return (raw header, data rows) of a submission file."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


def records(path: Path) -> Iterator[dict[str, str]]:
    """Yield data rows keyed by canonical column name."""
    header, rows = read_rows(path)
    names = [KEY_TO_CANON[generate_cld.normalise_key(h)] for h in header]
    for row in rows:
        yield dict(zip(names, row, strict=True))


def parse_date(text: str) -> date | None:
    """Parse dd/mm/yyyy strictly; None when unparseable."""
    match = DATE_RE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def age_on(dob: date, day: date) -> int:
    """Return the age in whole years on ``day``."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def tree_bytes(out: Path) -> dict[str, bytes]:
    """Return every file under ``out`` as bytes keyed by relative path."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two quarterly submissions, mixed headers and vocabularies, no defects."""
    out = tmp_path_factory.mktemp("clean")
    return run(
        out,
        *SMALL,
        "--quarters",
        "2",
        "--seed",
        "11",
        "--header-style",
        "mixed",
        "--vocabulary",
        "mixed",
        "--people",
        "400",
    )


@pytest.fixture(scope="module")
def defect_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run with a high defect rate so every kind shows up."""
    out = tmp_path_factory.mktemp("defects")
    return run(
        out, *SMALL, "--quarters", "2", "--seed", "5", "--defect-rate", "0.3",
        "--header-style", "mixed", "--vocabulary", "mixed",
    )  # fmt: skip


# --------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class RuleContext:
    """Labels and dates the severity-E checks need for one file."""

    vocab: Vocabulary
    period_start: date
    period_end: date
    received: date

    def label(self, name: str, code: str) -> str:
        return self.vocab.label(name, code)

    def labels(self, name: str, *codes: str) -> set[str]:
        return {self.vocab.label(name, c) for c in codes}


def person_failures(rec: dict[str, str], ctx: RuleContext) -> list[str]:
    """CLD-003, 006, 012, 013, 015, 018, 020, 022, 023 and 030 on one row."""
    fails = []
    if parse_date(rec["reporting_period_start_date"]) != ctx.period_start:
        fails.append("CLD-003 start")
    if parse_date(rec["reporting_period_end_date"]) != ctx.period_end:
        fails.append("CLD-003 end")
    if not rec["la_person_unique_identifier"]:
        fails.append("CLD-013")
    if rec["nhs_number"] and not is_valid_nhs_number(rec["nhs_number"]):
        fails.append("CLD-012")
    for name in (
        "date_of_birth",
        "date_of_death",
        "event_start_date",
        "event_end_date",
    ):
        if rec[name] and parse_date(rec[name]) is None:
            fails.append(f"CLD-006 {name}")
    dob = parse_date(rec["date_of_birth"])
    dod = parse_date(rec["date_of_death"])
    if dob is None or dob > ctx.period_end:
        fails.append("CLD-015 dob")
    if dod is not None and (dob is None or dod < dob or dod > ctx.period_end):
        fails.append("CLD-018")
    if not POSTCODE_RE.match(rec["postcode"]):
        fails.append("CLD-020")
    mandatory = ("gender", "ethnicity", "client_type", "has_unpaid_carer")
    fails += [
        f"CLD-022 {n}" for n in (*mandatory, "accommodation_status") if not rec[n]
    ]
    if rec["event_type"] != "Request" and not rec["primary_support_reason"]:
        fails.append("CLD-023")
    fails += [
        f"CLD-030 {name}={rec[name]!r}"
        for name in ctx.vocab.labels
        if rec.get(name) and rec[name] not in ctx.vocab.exact_labels(name)
    ]
    return fails


def event_failures(rec: dict[str, str], ctx: RuleContext) -> list[str]:
    """CLD-015, 024, 025, 040-047, 051, 060-065 on one row."""
    if rec["client_type"] == ctx.label("client_type", "carer_known_by_association"):
        linked = any(rec[f"adult_{i}_linked_person_id"] for i in (1, 2, 3))
        event_filled = any(rec[f] for f in EVENT_FIELDS)
        return [] if linked and not event_filled else ["CLD-051"]
    etype = {ctx.label("event_type", c): c for c in FIELDS_BY_TYPE}.get(
        rec["event_type"]
    )
    start = parse_date(rec["event_start_date"])
    end = parse_date(rec["event_end_date"])
    dob = parse_date(rec["date_of_birth"])
    if etype is None or start is None or dob is None:
        return ["CLD-040/041 event type or start date"]
    fails = []
    if dob > start:
        fails.append("CLD-015 dob after start")
    if end is not None and end < start:
        fails.append("CLD-042")
    if etype != "service" and end is None:
        fails.append("CLD-043")
    if start > ctx.period_end or (
        end is not None and (end > ctx.period_end or end > ctx.received)
    ):
        fails.append("CLD-044")
    financial = ctx.vocab.resolve("assessment_type", "financial_assessment")
    is_financial = etype == "assessment" and rec["assessment_type"] == financial
    if is_financial == bool(rec["event_outcome"]):
        fails.append("CLD-047")
    is_user = rec["client_type"] == ctx.label("client_type", "service_user")
    ld = rec["primary_support_reason"] == ctx.label(
        "primary_support_reason", "learning_disability"
    )
    young = any(18 <= age_on(dob, day) <= 64 for day in (start, ctx.period_end))
    if is_user and ld and young and not rec["employment_status"]:
        fails.append("CLD-024")
    needs_funding = is_financial or etype in {"service", "review"}
    if is_user and needs_funding and not rec["client_funding_status"]:
        fails.append("CLD-025")
    required = {
        "request": ("request_route_of_access",),
        "assessment": ("assessment_type",)
        + (() if is_financial else ("method_of_assessment",)),
        "review": ("review_reason", "method_of_review"),
        "service": ("service_type", "service_component"),
    }[etype]
    fails += [f"CLD-06x/070 {name}" for name in required if not rec[name]]
    planned = ctx.label("review_reason", "planned")
    if rec["review_reason"] == planned and not rec["review_outcomes_achieved"]:
        fails.append("CLD-065")
    if etype == "service":
        fails += service_failures(rec, ctx)
    return fails


def service_failures(rec: dict[str, str], ctx: RuleContext) -> list[str]:
    """CLD-074, 077 and 078 on a service row."""
    fails = []
    direct_payment = {
        ctx.label("delivery_mechanism", "direct_payment"),
        ctx.label("service_component", "direct_payment"),
    }
    if rec["service_type"] == ctx.label("service_type", "lt_prison") and (
        rec["delivery_mechanism"] in direct_payment
        or rec["service_component"] in direct_payment
    ):
        fails.append("CLD-074")
    types = ctx.labels(
        "service_type",
        "lt_nursing_care",
        "lt_residential_care",
        "lt_community",
        "lt_prison",
        "carer_support_direct_to_carer",
        "carer_support_involving_cared_for",
    )
    components = ctx.labels(
        "service_component",
        "short_term_residential_care",
        "short_term_nursing_care",
        "carer_respite",
    )
    commissioned = ctx.label("delivery_mechanism", "cassr_commissioned_support")
    required = rec["delivery_mechanism"] != commissioned and (
        rec["service_type"] in types or rec["service_component"] in components
    )
    unit_freqs = ctx.labels(
        "cost_frequency_unit_type", "per_session", "hourly", "daily"
    )
    if required and not (rec["unit_cost"] and rec["cost_frequency_unit_type"]):
        fails.append("CLD-077")
    has_units = bool(rec["planned_units_per_week"])
    if required and rec["cost_frequency_unit_type"] in unit_freqs and not has_units:
        fails.append("CLD-077 units")
    if rec["unit_cost"] and not re.match(r"^\d+(\.\d{1,2})?$", rec["unit_cost"]):
        fails.append("CLD-078")
    return fails


def error_failures(path: Path, meta: dict[str, str]) -> list[str]:
    """Check the severity-E rules of cld_spec.md section 6 on one file."""
    ctx = RuleContext(
        vocab=VOCABS[meta["vocabulary"]],
        period_start=date.fromisoformat(meta["period_start"]),
        period_end=date.fromisoformat(meta["period_end"]),
        received=date.fromisoformat(meta["submission_date"]),
    )
    header, _ = read_rows(path)
    mapped = sorted(KEY_TO_CANON.get(generate_cld.normalise_key(h), h) for h in header)
    fails = [] if mapped == sorted(CANON) else ["CLD-001 header"]
    refs: Counter[str] = Counter()
    per_file: set[tuple[str, str, str]] = set()
    for line, rec in enumerate(records(path), start=2):
        per_file.add(
            (
                rec["la_code"],
                rec["reporting_period_start_date"],
                rec["reporting_period_end_date"],
            )
        )
        if rec["event_reference"]:
            refs[rec["event_reference"]] += 1
        found = person_failures(rec, ctx) + event_failures(rec, ctx)
        fails += [f"{path.name}:{line} {rule}" for rule in found]
    if len(per_file) != 1:
        fails.append("CLD-002/003 one LA code and period per file")
    fails += [f"CLD-046 duplicate reference {r}" for r, n in refs.items() if n > 1]
    return fails


# --------------------------------------------------------------------------- tests
def test_header_constants() -> None:
    """Both header lists have 50 columns that normalise to the canonical names."""
    assert len(generate_cld.SNAKE_HEADERS) == 50
    assert len(generate_cld.SPEC_HEADERS) == 50
    for snake, spec in zip(
        generate_cld.SNAKE_HEADERS, generate_cld.SPEC_HEADERS, strict=True
    ):
        assert generate_cld.normalise_key(snake) == generate_cld.normalise_key(spec)
    assert generate_cld.SPEC_HEADERS[30] == "Request: Route of Access"
    assert generate_cld.SPEC_HEADERS[47] == "Unit Cost (£)"


def test_periods() -> None:
    """Quarter ends roll forward; rolling and cumulative periods are right."""
    ends = generate_cld.quarter_ends(date(2025, 6, 30), 4)
    assert ends == [
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
        date(2026, 3, 31),
    ]
    assert generate_cld.period_bounds(date(2025, 9, 30), "rolling") == (
        date(2024, 10, 1),
        date(2025, 9, 30),
    )
    assert generate_cld.period_bounds(date(2026, 3, 31), "cumulative") == (
        date(2025, 4, 1),
        date(2026, 3, 31),
    )
    assert generate_cld.period_bounds(date(2025, 6, 30), "cumulative")[0] == date(
        2025, 4, 1
    )


def test_nhs_number_helpers() -> None:
    """The modulus-11 helper agrees with a known valid NHS number."""
    assert nhs_check_digit("943476591") == 9
    assert is_valid_nhs_number("9434765919")
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("1111111111")
    first, second = NhsNumbers(3, 0), NhsNumbers(3, 1)
    numbers = [first.next() for _ in range(3000)] + [second.next() for _ in range(3000)]
    assert len(set(numbers)) == len(numbers)
    assert all(is_valid_nhs_number(n) for n in numbers)


def test_determinism(tmp_path: Path) -> None:
    """Same arguments give identical bytes; another seed gives other data."""
    args = [*SMALL, "--people", "60", "--quarters", "2", "--defect-rate", "0.1"]
    first = tree_bytes(run(tmp_path / "a", *args))
    again = tree_bytes(run(tmp_path / "b", *args))
    parallel = tree_bytes(run(tmp_path / "c", *args, "--workers", "2"))
    other = tree_bytes(run(tmp_path / "d", *args, "--seed", "2"))
    assert first == again
    assert first == parallel
    assert first != other


def test_clean_files_pass_error_rules(clean_run: Path) -> None:
    """A file generated without defects fails no severity-E rule."""
    manifest = read_manifest(clean_run)
    assert {m["vocabulary"] for m in manifest} == {"r1", "r2"}
    failures = [
        f
        for meta in manifest
        for f in error_failures(clean_run / meta["file_name"], meta)
    ]
    assert failures == []


def test_clean_file_properties(clean_run: Path) -> None:
    """NHS numbers, ages, CKBA rows, open services, carer links and list values."""
    for meta in read_manifest(clean_run):
        vocab = VOCABS[meta["vocabulary"]]
        ckba = vocab.label("client_type", "carer_known_by_association")
        carer = vocab.label("client_type", "carer")
        service_user = vocab.label("client_type", "service_user")
        open_outcome = vocab.label("event_outcome", "provision_of_service")
        rows = list(records(clean_run / meta["file_name"]))
        users = {
            r["la_person_unique_identifier"]
            for r in rows
            if r["client_type"] == service_user
        }
        seen_types = Counter(r["client_type"] for r in rows)
        assert seen_types[service_user] and seen_types[carer] and seen_types[ckba]
        person_values: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for r in rows:
            assert is_valid_nhs_number(r["nhs_number"])
            person_values[r["la_person_unique_identifier"]].add(
                (r["nhs_number"], r["date_of_birth"], r["ethnicity"], r["gender"])
            )
            for name in vocab.labels:
                if r.get(name):
                    assert r[name] in vocab.exact_labels(name), (name, r[name])
            if r["client_type"] == ckba:
                assert not any(r[f] for f in EVENT_FIELDS)
                continue
            dob = parse_date(r["date_of_birth"])
            start = parse_date(r["event_start_date"])
            assert dob is not None and start is not None
            assert age_on(dob, start) >= 18
            etype = r["event_type"].lower()
            for other, names in FIELDS_BY_TYPE.items():
                if other != etype:
                    assert not any(r[f] for f in names), (etype, other)
            if not r["event_end_date"]:
                assert etype == "service"
                assert r["event_outcome"] == open_outcome
            else:
                assert r["event_outcome"] != open_outcome
            if r["client_type"] == carer:
                assert r["adult_1_linked_person_id"] in users
            if r["unit_cost"]:
                assert re.match(r"^\d+\.\d{2}$", r["unit_cost"])
                assert float(r["unit_cost"]) > 0
        assert all(len(v) == 1 for v in person_values.values())


def test_every_defined_list_is_used(clean_run: Path) -> None:
    """Every coded field carries at least one value somewhere in the sample."""
    used: set[str] = set()
    for meta in read_manifest(clean_run):
        for r in records(clean_run / meta["file_name"]):
            used.update(name for name in VOCABS["r1"].labels if r.get(name))
    assert used == set(VOCABS["r1"].labels) & set(CANON)


def test_manifest_matches_files(clean_run: Path, defect_run: Path) -> None:
    """Manifest row counts equal the files' data lines; names follow the pattern."""
    for out in (clean_run, defect_run):
        manifest = read_manifest(out)
        names = {p.name for p in out.glob("*.csv")}
        assert names == {m["file_name"] for m in manifest}
        assert not list(out.glob("*/*.csv")) or all(
            p.parent.name == "_meta" for p in out.glob("*/*.csv")
        )
        for meta in manifest:
            path = out / meta["file_name"]
            _, rows = read_rows(path)
            assert int(meta["data_rows"]) == len(rows)
            text = path.read_bytes()
            assert text.startswith(b"\xef\xbb\xbf") == (meta["bom"] == "true")
            assert b"\r\n" not in text
            received = date.fromisoformat(meta["submission_date"])
            period_end = date.fromisoformat(meta["period_end"])
            assert 20 <= (received - period_end).days <= 30
            assert meta["file_name"] == f"CLD_{meta['la_code']}_{received:%Y%m%d}.csv"


@pytest.mark.parametrize(("style", "bom"), [("snake", False), ("spec", True)])
def test_header_styles(tmp_path: Path, style: str, bom: bool) -> None:
    """Snake and spec headers, with or without BOM, map to all 50 columns."""
    args = ["--councils", "1", "--people", "30", "--workers", "1", "--quiet"]
    out = run(tmp_path, *args, "--header-style", style, *(["--bom"] if bom else []))
    expected = (
        generate_cld.SNAKE_HEADERS if style == "snake" else generate_cld.SPEC_HEADERS
    )
    for meta in read_manifest(out):
        raw = (out / meta["file_name"]).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") is bom
        header, _ = read_rows(out / meta["file_name"])
        assert tuple(header) == expected
        mapped = {KEY_TO_CANON[generate_cld.normalise_key(h)] for h in header}
        assert mapped == set(CANON)


def test_mixed_headers_parse(defect_run: Path) -> None:
    """Mixed mode uses both header styles and the BOM for some councils."""
    manifest = read_manifest(defect_run)
    assert {m["header_style"] for m in manifest} == {"snake", "spec"}
    assert {m["bom"] for m in manifest} == {"true", "false"}
    for meta in manifest:
        header, _ = read_rows(defect_run / meta["file_name"])
        assert {KEY_TO_CANON[generate_cld.normalise_key(h)] for h in header} == set(
            CANON
        )


LABELS = all_field_labels(LISTS)
KEYS = all_field_keys(LISTS)


def defect_holds(
    kind: str, field: str, value: str, row: dict[str, str], end: date
) -> bool:
    """Return whether an injected value really is a defect of its kind."""
    start = parse_date(row["event_start_date"])
    parsed = parse_date(value)
    checks = {
        "list_value_variant": lambda: (
            value not in LABELS[field]
            and generate_cld.normalise_key(value) in KEYS[field]
        ),
        "invalid_list_value": lambda: (
            generate_cld.normalise_key(value) not in KEYS[field]
        ),
        "unparseable_date": lambda: parsed is None,
        "future_date": lambda: parsed is not None and parsed > end,
        "end_before_start": lambda: (
            parsed is not None and start is not None and parsed < start
        ),
        "invalid_nhs_number": lambda: not is_valid_nhs_number(value),
        "missing_mandatory": lambda: value == "",
        "under_18": lambda: (
            parsed is not None
            and start is not None
            and 16 <= age_on(parsed, start) <= 17
        ),
        "negative_cost": lambda: float(value) < 0,
        "wrong_event_type_field": lambda: (
            field not in FIELDS_BY_TYPE[row["event_type"].lower()]
        ),
    }
    return checks[kind]()


def test_defect_ground_truth(defect_run: Path) -> None:
    """Every recorded defect is found at its line and field, with its value."""
    with (defect_run / "_meta" / "defects.csv").open(newline="", encoding="utf-8") as h:
        defects = list(csv.DictReader(h))
    manifest = {m["file_name"]: m for m in read_manifest(defect_run)}
    assert {d["defect_kind"] for d in defects} == set(generate_cld.DEFECT_KINDS)
    per_file = Counter(d["file_name"] for d in defects)
    assert {name: int(m["defects"]) for name, m in manifest.items()} == {
        name: per_file[name] for name in manifest
    }
    assert len({(d["file_name"], d["line_number"]) for d in defects}) == len(defects)
    files = {name: read_rows(defect_run / name) for name in manifest}
    for d in defects:
        header, rows = files[d["file_name"]]
        names = [KEY_TO_CANON[generate_cld.normalise_key(h)] for h in header]
        index = int(d["line_number"]) - 2
        row = dict(zip(names, rows[index], strict=True))
        kind, field, value = d["defect_kind"], d["field"], d["value"]
        if kind == "duplicate_row":
            assert field == "*"
            assert rows[index] == rows[index - 1]
            continue
        assert row[field] == value, d
        end = date.fromisoformat(manifest[d["file_name"]]["period_end"])
        assert defect_holds(kind, field, value, row, end), d


def test_rolling_periods_overlap_and_close_services(clean_run: Path) -> None:
    """Later rolling files re-send events and close services open earlier."""
    manifest = read_manifest(clean_run)
    by_council: dict[str, list[dict[str, str]]] = defaultdict(list)
    for meta in manifest:
        by_council[meta["la_code"]].append(meta)
    closed_later = 0
    for metas in by_council.values():
        first, second = sorted(metas, key=lambda m: m["period_end"])
        assert first["period_start"] < second["period_start"] <= first["period_end"]
        earlier = {
            r["event_reference"]: r for r in records(clean_run / first["file_name"])
        }
        later = {
            r["event_reference"]: r for r in records(clean_run / second["file_name"])
        }
        resent = set(earlier) & set(later) - {""}
        assert resent
        for ref in resent:
            was_open = (
                earlier[ref]["event_type"] == "Service"
                and not earlier[ref]["event_end_date"]
            )
            if was_open and later[ref]["event_end_date"]:
                closed_later += 1
    assert closed_later >= 1


def test_cumulative_cadence(tmp_path: Path) -> None:
    """Cumulative files start on 1 April of the financial year."""
    out = run(
        tmp_path, "--councils", "1", "--people", "40", "--quarters", "3", "--quiet",
        "--cadence", "cumulative", "--first-period-end", "2025-09-30", "--workers", "1",
    )  # fmt: skip
    manifest = read_manifest(out)
    assert [m["period_start"] for m in manifest] == ["2025-04-01"] * 3
    assert [m["period_end"] for m in manifest] == [
        "2025-09-30",
        "2025-12-31",
        "2026-03-31",
    ]
    for meta in manifest:
        assert error_failures(out / meta["file_name"], meta) == []
