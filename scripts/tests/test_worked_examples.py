"""End to end: the worked examples of salt_ascof_rules.md §10 from CLD submissions.

``tests/fixtures/worked_examples`` holds one council per example or variant (its
README says which), so each test reads one council's figures. dbt builds the whole
folder once, for 2023-04-01 to 2024-03-31 with NHS England's proxy age.

The reference's examples follow NHS England's script unless marked; the warehouse
follows its own decisions where they differ (vars sequel_rules = principles,
lts001c_cutoff = principles, ascof_2b_2c_rules = code, and the decisions in the
model docs). Each expected value that differs from the reference's text says so
in a comment. Labels are the warehouse's: defined-list values in Release 2 wording
(int_defined_list_labels), SALT columns and settings as the marts name them.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_staging_integration import dbt_build, fetch_dicts

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "worked_examples"
DATABASE = "warehouse.duckdb"
DBT_VARS = '{period_start: "2023-04-01", period_end: "2024-03-31", age_method: proxy}'

Row = dict[str, Any]
Rows = Callable[[str, str], list[Row]]

ST_MAX = "Short Term Support to Maximise Independence"
SIGNPOSTED = "Universal Services/ Signposted to other services"
OTHER_REASON = "No Services Provided - other reason"
NO_SERVICES_OTHER = "No services provided \u2013 other"
ANY_SETTING = "Long Term Support (any setting)"
SELF_FUNDING = "No services provided \u2013 needs identified but self-funding"
ROUTE = "Community / Other route"
OLDER = "65 and above"
WORKING_AGE = "18 to 64"
COMMISSIONED = "Community: CASSR Commissioned Support"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The work folder of one `dbt build` of the fixtures (target/, the database)."""
    work = tmp_path_factory.mktemp("worked_examples")
    # Unit tests read no landed file (the main build runs them): skipped here.
    dbt_build(
        FIXTURES,
        work / DATABASE,
        work,
        ["--vars", DBT_VARS, "--exclude-resource-type", "unit_test"],
    )
    return work


@pytest.fixture(scope="module")
def warehouse(build: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(build / DATABASE), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def rows(warehouse: duckdb.DuckDBPyConnection) -> Rows:
    """A council's rows of a mart (each mart read once)."""
    tables: dict[str, list[Row]] = {}

    def council_rows(mart: str, la_code: str) -> list[Row]:
        if mart not in tables:
            tables[mart] = fetch_dicts(warehouse, f"select * from marts.{mart}")
        return [row for row in tables[mart] if row["la_code"] == la_code]

    return council_rows


def tally(table: list[Row], keys: tuple[str, ...], value: str) -> dict[Any, Any]:
    """``value`` by the tuple of the ``keys`` columns; a key must not repeat.

    Cells at 0 are left out: the marts give a council with a file covering the
    period every cell of the table (macro council_cells_filled), and the worked
    examples state the cells that count someone.
    """
    tallied: dict[Any, Any] = {}
    for row in table:
        if row[value] == 0:
            continue
        key = tuple(row[k] for k in keys)
        assert key not in tallied, f"two rows for {key}"
        tallied[key] = row[value]
    return tallied


def sts001(rows: Rows, la_code: str) -> dict[Any, Any]:
    return tally(
        rows("salt_sts001", la_code),
        ("age_band", "route_of_access", "sequel"),
        "request_count",
    )


def sts002a(rows: Rows, la_code: str) -> dict[Any, Any]:
    total = [
        row for row in rows("salt_sts002a", la_code) if row["breakdown"] == "Total"
    ]
    return tally(total, ("age_band", "sequel"), "episode_count")


def lts001b_table_1(rows: Rows, la_code: str) -> dict[Any, Any]:
    table_1 = [
        row for row in rows("salt_lts001b", la_code) if row["table_part"] == "Table 1"
    ]
    return tally(table_1, ("age_band", "breakdown_value", "setting"), "people_count")


def by_reason(rows: Rows, mart: str, la_code: str) -> dict[Any, Any]:
    return tally(
        rows(mart, la_code),
        ("age_band", "primary_support_reason", "setting"),
        "people_count",
    )


def measure(
    rows: Rows, la_code: str, measure_id: str, part: str, breakdown: str = "Total"
) -> tuple[int, int]:
    """(numerator, denominator) of one ASCOF row; (0, 0) when there is none."""
    found = [
        (row["numerator"], row["denominator"])
        for row in rows("ascof_measures", la_code)
        if (row["measure_id"], row["measure_part"], row["breakdown"])
        == (measure_id, part, breakdown)
    ]
    assert len(found) <= 1, f"{la_code} has {len(found)} rows of {measure_id}"
    return found[0] if found else (0, 0)


def measure_value(
    rows: Rows, la_code: str, measure_id: str, part: str, breakdown: str = "Total"
) -> float:
    [value] = [
        row["measure_value"]
        for row in rows("ascof_measures", la_code)
        if (row["measure_id"], row["measure_part"], row["breakdown"])
        == (measure_id, part, breakdown)
    ]
    return float(value)


def test_every_fixture_file_loads_whole(warehouse: duckdb.DuckDBPyConnection) -> None:
    files = {path.name: path for path in FIXTURES.glob("*.csv")}
    loaded = {
        row["submission_id"]: (row["status"], row["rows_staged"])
        for row in fetch_dicts(warehouse, "select * from marts.dim_submissions")
    }
    expected = {
        name: ("loaded", len(path.read_text(encoding="utf-8").splitlines()) - 1)
        for name, path in files.items()
    }
    assert loaded == expected


def test_build_ran_with_the_period_and_proxy_age(
    build: Path, warehouse: duckdb.DuckDBPyConnection
) -> None:
    run_results = json.loads((build / "target" / "run_results.json").read_text())
    assert run_results["args"]["vars"] == {
        "period_start": "2023-04-01",
        "period_end": "2024-03-31",
        "age_method": "proxy",
    }
    periods = warehouse.execute(
        "select distinct period_start_date, period_end_date from marts.salt_lts001a"
    ).fetchall()
    assert periods == [(date(2023, 4, 1), date(2024, 3, 31))]


# 10.1 Person ID -----------------------------------------------------------------------


def test_10_1_person_id(rows: Rows) -> None:
    people = {row["person_key"]: row for row in rows("dim_people", "111")}
    # r1 = N1, r3 = L2, r5 = N2; r2 (L1, also seen with an NHS number) and r4
    # (neither identifier) are dropped.
    assert Counter(row["person_id_source"] for row in people.values()) == {
        "nhs_number": 2,
        "la_person_id": 1,
    }
    requests = rows("fct_requests", "111")
    source_by_request = {
        row["cluster_start_date"]: people[row["person_key"]]["person_id_source"]
        for row in requests
    }
    assert source_by_request == {
        date(2023, 6, 1): "nhs_number",  # r1
        date(2023, 8, 1): "la_person_id",  # r3
        date(2023, 10, 2): "nhs_number",  # r5
    }
    assert len({row["person_key"] for row in requests}) == 3
    [identifiers] = rows("dq_person_identifiers", "111")
    assert identifiers["rows_dropped_without_identifier"] == 2


def test_10_1_marts_hold_no_raw_identifiers(rows: Rows) -> None:
    with (FIXTURES / "CLD_111_20240515.csv").open(encoding="utf-8") as handle:
        raw_ids = {
            value
            for row in csv.DictReader(handle)
            for value in (row["NHS_Number"], row["LA_Person_Unique_Identifier"])
            if value
        }
    assert len(raw_ids) == 4  # two NHS numbers, L1 and L2
    for mart in ("dim_people", "fct_requests"):
        values = {str(value) for row in rows(mart, "111") for value in row.values()}
        assert not raw_ids & values, f"{mart} holds a raw identifier"


# 10.2 Age -----------------------------------------------------------------------------


def test_10_2_age(rows: Rows) -> None:
    # The third case (born 1956-03, 64 on 2021-03-01) needs a reference date that
    # no output of this period uses.
    ages = sorted(
        (row["age_at_period_end"] for row in rows("dim_people", "112")),
        key=lambda age: -1 if age is None else age,
    )
    assert ages == [None, None, 17, 64]  # two without a birth date; 2006-04; 1959-04
    expected_lts = {
        (WORKING_AGE, "Residential"): 1,  # born 1959-04: 64 on 2024-03-31
        ("Under 18", COMMISSIONED): 1,  # born 2006-04: 17, in neither SALT band
        # Decision (9): no birth date is kept, in band Unknown (the script drops it).
        ("Unknown", COMMISSIONED): 1,
    }
    lts001a = tally(
        rows("salt_lts001a", "112"), ("age_band", "setting"), "people_count"
    )
    assert lts001a == expected_lts
    lts001b = {
        (age_band, setting): count
        for (age_band, _, setting), count in lts001b_table_1(rows, "112").items()
    }
    assert lts001b == expected_lts
    # Born 1959-04: 65 on 2024-04-01, the 2B/2C snapshot.
    assert measure(rows, "112", "2C", "all", OLDER)[0] == 1
    assert measure(rows, "112", "2B", "all", WORKING_AGE)[0] == 0
    # Decision (9): a request of someone without a birth date counts, band Unknown.
    assert sts001(rows, "112") == {("Unknown", ROUTE, SIGNPOSTED): 1}


# 10.3 STS001 -> STS002a -> 2A (client A and variants) --------------------------------

CLIENT_A_CASES = [
    # council, STS002a sequel, 2A (numerator, denominator)
    pytest.param("113", ANY_SETTING, (0, 1), id="A"),
    pytest.param("114", NO_SERVICES_OTHER, (1, 1), id="V1"),
    # Decision (1), principles: the open S3 starts 6 days after the ST-Max, outside
    # the 3-day window (the script's open-first-event rule, §8.B #6, would give
    # Long Term Support (any setting) and 2A denominator only).
    pytest.param("116", NO_SERVICES_OTHER, (1, 1), id="V2"),
    pytest.param("117", SELF_FUNDING, (0, 0), id="V3"),
    # Decision (2): the label keeps the en dash and counts in 2A (the script's
    # hyphen label drops it from 2A).
    pytest.param("204", NO_SERVICES_OTHER, (1, 1), id="V4"),
]


@pytest.mark.parametrize(("la_code", "sequel", "ascof_2a"), CLIENT_A_CASES)
def test_10_3_client_a(
    rows: Rows, la_code: str, sequel: str, ascof_2a: tuple[int, int]
) -> None:
    # R1 and R2 are one request; ST-Max wins the chain whatever follows it.
    assert sts001(rows, la_code) == {(OLDER, ROUTE, ST_MAX): 1}
    assert sts002a(rows, la_code) == {(OLDER, sequel): 1}
    assert measure(rows, la_code, "2A", "all") == ascof_2a


def test_10_3_st_max_episode_clusters_s1_and_s2(rows: Rows) -> None:
    [episode] = rows("fct_st_max_episodes", "113")
    assert (episode["cluster_start_date"], episode["cluster_end_date"]) == (
        date(2023, 6, 28),
        date(2023, 7, 25),
    )
    assert episode["service_count"] == 2
    assert episode["follows_new_client_request"]


# 10.4 Existing clients ----------------------------------------------------------------


def test_10_4_existing_clients(rows: Rows) -> None:
    requests = rows("fct_requests", "205")
    assert len(requests) == 2
    assert not any(row["is_new_client"] for row in requests)  # B and B2
    assert sts001(rows, "205") == {}
    assert sts002a(rows, "205") == {}
    assert sum(row["episode_count"] for row in rows("salt_sts002b", "205")) == 1


# 10.5 NFA in the chronology (client C and variants) -----------------------------------

CLIENT_C_CASES = [
    pytest.param("206", SIGNPOSTED, id="C"),
    pytest.param("207", OTHER_REASON, id="V1"),
    # The reference's 'No Service Found': the warehouse's one column for requests
    # whose sequel cannot be classified.
    pytest.param("209", "Unable to classify", id="V2"),
    # Decision (1), principles: only NFA outcomes can conflict, and there is one
    # (the script counts the review ending the same day: 'NFA- Other', §8.B #7).
    pytest.param("210", SIGNPOSTED, id="V3"),
]


@pytest.mark.parametrize(("la_code", "sequel"), CLIENT_C_CASES)
def test_10_5_client_c(rows: Rows, la_code: str, sequel: str) -> None:
    assert sts001(rows, la_code) == {(OLDER, ROUTE, sequel): 1}


# 10.6 No chronology; superseding request ----------------------------------------------


def test_10_6_client_d_no_chronology(rows: Rows) -> None:
    assert sts001(rows, "211") == {(OLDER, ROUTE, OTHER_REASON): 1}


def test_10_6_client_e_superseded_request(rows: Rows) -> None:
    # Decision (1), principles: R1 is superseded by R2 and not counted itself (the
    # script counts two rows, R1 as 'No_Chronology_Unable_To_Classify').
    assert sts001(rows, "212") == {(OLDER, ROUTE, SIGNPOSTED): 1}


# 10.7 A request cluster straddling the period end -------------------------------------


def test_10_7_straddling_request_not_counted(rows: Rows) -> None:
    [cluster] = rows("fct_requests", "213")
    assert cluster["cluster_end_date"] == date(2024, 4, 10)
    # Decision (1), principles: the cluster ends after the period, so it is not
    # counted in 2023/24 (the script counts it as Unable to classify).
    assert not cluster["is_in_period"]
    assert sts001(rows, "213") == {}


# 10.8 LTS001a/b setting hierarchy and PSR (client F and variants) ---------------------

CLIENT_F_CASES = [
    # Only the residential row's PSR counts: Unknown, not E1's known reason.
    pytest.param("214", "Unknown", id="F"),
    pytest.param("215", "Mental health support", id="Unknown+MH"),
    # Decision (3): an invalid PSR never wins (the script: two values, Unknown).
    pytest.param("217", "Mental health support", id="MH+invalid"),
]


@pytest.mark.parametrize(("la_code", "reason"), CLIENT_F_CASES)
def test_10_8_client_f(rows: Rows, la_code: str, reason: str) -> None:
    expected = {(OLDER, reason, "Residential"): 1}
    assert by_reason(rows, "salt_lts001a", la_code) == expected
    assert lts001b_table_1(rows, la_code) == expected


def test_10_8_client_f_not_in_lts001c(rows: Rows) -> None:
    # E1 and E2 chain from 2023-05-01, less than 12 months before the snapshot.
    assert by_reason(rows, "salt_lts001c", "214") == {}


# 10.9 LTS001c cut-off -----------------------------------------------------------------


def test_10_9_lts001c_cut_off(rows: Rows) -> None:
    settings = tally(
        rows("salt_lts001c", "218"), ("age_band", "setting"), "people_count"
    )
    assert settings == {
        # G: from 2023-03-31. Decision (6), lts001c_cutoff = principles (on or
        # before the snapshot minus one year): in (the script's < would leave G out).
        (OLDER, COMMISSIONED): 1,
        (OLDER, "Nursing"): 1,  # H: the chain restarts 2023-01-17
        (OLDER, "Residential"): 1,  # I: one chain from 2022-06-01
    }


# 10.10 ASCOF 2B/2C --------------------------------------------------------------------


def test_10_10_care_home_admissions(rows: Rows) -> None:
    # Decision (7), ascof_2b_2c_rules = code: H, K and M count; I (earlier stay
    # still open), J (closed before the snapshot) and L (closed by the later
    # import) do not. The denominators come from the population seed.
    assert measure(rows, "219", "2C", "all", OLDER)[0] == 3
    assert measure(rows, "219", "2B", "all", WORKING_AGE)[0] == 0


# 10.11 ASCOF 2E -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "la_code",
    [
        # Known beats unknown on the latest start: Registered care home, unsettled.
        pytest.param("304", id="AA"),
        # Decision (8): two different known statuses give Unknown, even if settled.
        pytest.param("305", id="AA-variant"),
    ],
)
def test_10_11_client_aa(rows: Rows, la_code: str) -> None:
    assert measure(rows, la_code, "2E", "all") == (0, 1)
    assert measure(rows, la_code, "2E", "all", "Male") == (0, 1)


def test_10_11_unknown_gender_in_total_only(rows: Rows) -> None:
    # The reference leaves a client of gender Unknown out of every 2E total; the
    # warehouse's Total counts everyone (documented in _ascof__docs.md), so the
    # client is in Total only, settled (Tenant).
    assert measure(rows, "306", "2E", "all") == (1, 1)
    assert measure(rows, "306", "2E", "all", "Male") == (0, 0)
    assert measure(rows, "306", "2E", "all", "Female") == (0, 0)


# 10.12 ASCOF 3D clients ---------------------------------------------------------------


def test_10_12_self_directed_support_clients(rows: Rows) -> None:
    # N, O, P, R in community support (Q is in nursing care): 1a N, O, P; 2a N, O.
    assert measure(rows, "307", "3D", "1a") == (3, 4)
    assert measure(rows, "307", "3D", "2a") == (2, 4)
    assert measure_value(rows, "307", "3D", "1a") == pytest.approx(75.0)
    assert measure_value(rows, "307", "3D", "2a") == pytest.approx(50.0)


# 10.13 Carers -------------------------------------------------------------------------


def test_10_13_carers_lts003(rows: Rows) -> None:
    carers = Counter[str]()
    for row in rows("salt_lts003", "308"):
        if row["carer_count"]:  # cells at 0 fill the table (see tally)
            carers[row["support_provided"]] += row["carer_count"]
    assert carers == {
        "Direct Payment only": 1,  # S
        "CASSR Managed Personal Budget": 1,  # T
        "CASSR Commissioned Support only": 1,  # U
        "Information, Advice and Other Universal Services / Signposting": 1,  # V
    }


def test_10_13_carers_3d(rows: Rows) -> None:
    # Decision (4): T (managed personal budget, no component) is kept, so the
    # denominator is 3, 1b = 2, 2b = 1 (the script drops T: 2, 1 and 1).
    assert measure(rows, "308", "3D", "1b") == (2, 3)
    assert measure(rows, "308", "3D", "2b") == (1, 3)


# 10.14 LTS004, old 1E and old 1G ------------------------------------------------------


def test_10_14_lts004(rows: Rows) -> None:
    statuses = tally(
        rows("salt_lts004", "309"),
        ("table_part", "gender", "status_group", "status"),
        "people_count",
    )
    assert statuses == {
        ("Table 1", "Male", "Paid", "Paid: 16 or more hours a week"): 1,  # W
        ("Table 1", "Male", "NULL/Invalid", "NULL/Invalid"): 1,  # Z
        (
            "Table 2a",
            "Male",
            "Settled",
            "Tenant: Local authority or other social housing provider",
        ): 1,  # W
        ("Table 2b", "Male", "Unsettled", "Registered care home"): 1,  # Z
    }


def test_10_14_old_1e_and_1g(rows: Rows) -> None:
    part = "learning disability 18 to 64"
    # Decision (5): SALT's denominator, W and Z (the script's Table 1 gives 1/1).
    assert measure(rows, "309", "1E", part) == (1, 2)
    assert measure(rows, "309", "2E", part) == (1, 2)  # old 1G
