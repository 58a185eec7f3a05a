"""Tests for the population seed writer (ONS SNPP and MYE2 files)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from ons_population import (
    SEED_COLUMNS,
    AgeCount,
    Council,
    SeedRow,
    council_totals,
    england_totals,
    main,
    parse_age,
    parse_mye2,
    parse_snpp,
    read_councils,
    read_lookup,
    seed_rows,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ons_population"
COUNCILS = FIXTURES / "councils.csv"
LOOKUP = FIXTURES / "lookup.csv"
SNPP = FIXTURES / "snpp_persons.csv"
COUNCIL_CODES = ("E09000001", "E06000063", "E10000016")
AGES = [str(age) for age in range(91)]


def mye2_line(code: str, name: str, geography: str, by_age: list[int]) -> str:
    """One MYE2 data row with thousands separators, as Excel saves them."""
    cells = [code, name, geography, f"{sum(by_age):,}", *(f"{n:,}" for n in by_age)]
    return ",".join(f'"{cell}"' for cell in cells)


def one_age(age: int, count: int) -> list[int]:
    """Populations of ages 0 to 90 with `count` people of one age, none else."""
    return [count if each == age else 0 for each in range(91)]


def mye2_lines() -> list[str]:
    """A tiny MYE2 - Persons CSV: title rows, header, England, councils, notes.

    Kent has its own (county) row and a district row: only the county counts.
    Cumberland comes as one of its pre-2023 districts (Allerdale).
    """
    header = ",".join(["Code", "Name", "Geography", "All ages", *AGES[:-1], "90+"])
    return [
        "MYE2: Population estimates: Persons by single year of age,,,",
        "",
        header,
        mye2_line("E92000001", "England", "Country", [1000] * 91),
        mye2_line("E09000001", "City of London", "London Borough", [90] * 91),
        mye2_line("E10000016", "Kent", "County", one_age(70, 5000)),
        mye2_line("E07000105", "Ashford", "Non-metropolitan District", one_age(70, 9)),
        mye2_line("E07000026", "Allerdale", "Non-metropolitan District", [10] * 91),
        ",,,",
        "Source: Office for National Statistics,,,",
    ]


def read_seed(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def by_key(rows: list[dict[str, str]]) -> dict[tuple[str, str, str], str]:
    return {
        (row["ons_area_code"], row["year"], row["age_band"]): row["population"]
        for row in rows
    }


def test_read_councils_keeps_codes_and_blank_la_codes() -> None:
    with COUNCILS.open(encoding="utf-8") as handle:
        councils = read_councils(handle)
    assert [council.ons_area_code for council in councils] == list(COUNCIL_CODES)
    assert councils[1] == Council("E06000063", "", "Cumberland")


def test_read_councils_rejects_a_council_without_an_ons_code() -> None:
    with pytest.raises(ValueError, match="Atlantis"):
        read_councils(["la_code,la_name,ons_area_code", "999,Atlantis,"])


def test_read_lookup_takes_any_vintage_of_the_ons_lookup() -> None:
    with LOOKUP.open(encoding="utf-8-sig") as handle:
        lookup = read_lookup(handle)
    assert lookup["E07000105"] == "E10000016"
    older = ["\ufeffLTLA22CD,LTLA22NM,UTLA22CD,UTLA22NM", "E07000026,A,E10000006,C"]
    assert read_lookup(older) == {"E07000026": "E10000006"}
    with pytest.raises(ValueError, match="lookup header"):
        read_lookup(["code,name,parent"])


@pytest.mark.parametrize(
    ("cell", "age"),
    [("0", 0), (" 64 ", 64), ("90+", 90), ("90 and over", 90), ("All ages", None)],
)
def test_parse_age(cell: str, age: int | None) -> None:
    assert parse_age(cell) == age


def test_parse_snpp_keeps_persons_population_single_ages() -> None:
    with SNPP.open(encoding="utf-8") as handle:
        counts = list(parse_snpp(handle, [2023]))
    city = [count for count in counts if count.area_code == "E09000001"]
    assert [count.age for count in city] == [17, 18, 64, 65, 90]  # not 'All ages'
    assert city[1] == AgeCount("E09000001", 2023, 18, 101.0)
    canterbury_80 = [c for c in counts if c.area_code == "E07000106" and c.age == 80]
    assert [count.population for count in canterbury_80] == [301.0]  # not males


def test_parse_snpp_rejects_a_year_it_does_not_have() -> None:
    with SNPP.open(encoding="utf-8") as handle, pytest.raises(ValueError, match="2031"):
        list(parse_snpp(handle, [2031]))


def test_parse_mye2_skips_title_and_note_rows() -> None:
    counts = parse_mye2(mye2_lines(), 2024)
    assert {count.area_code for count in counts} == {
        "E92000001",
        "E09000001",
        "E10000016",
        "E07000105",
        "E07000026",
    }
    city = [count for count in counts if count.area_code == "E09000001"]
    assert len(city) == 91
    assert {count.year for count in city} == {2024}
    assert sum(count.population for count in city) == 90 * 91


def test_parse_mye2_rejects_a_file_without_ages() -> None:
    with pytest.raises(ValueError, match="lacks age columns: 90"):
        parse_mye2(["Code,Name,Geography,All ages," + ",".join(AGES[:-1])], 2024)
    with pytest.raises(ValueError, match="no header row"):
        parse_mye2(["Area,Population", "E09000001,8600"], 2024)


def test_council_totals_band_ages_and_reach_councils() -> None:
    counts = parse_mye2(mye2_lines(), 2024)
    totals = council_totals(counts, COUNCIL_CODES, {"E07000105": "E10000016"})
    assert totals[("E09000001", 2024, "18 to 64")] == 90 * 47  # ages 18 to 64
    assert totals[("E09000001", 2024, "65 and above")] == 90 * 26  # 65 to 90+
    # Kent's own row wins over its district Ashford's
    assert totals[("E10000016", 2024, "65 and above")] == 5000
    # Allerdale (abolished April 2023) reaches Cumberland without a lookup
    assert totals[("E06000063", 2024, "18 to 64")] == 10 * 47
    assert ("E92000001", 2024, "18 to 64") not in totals


def test_council_totals_fail_on_a_district_reaching_no_council() -> None:
    counts = [AgeCount("E07000106", 2024, 40, 1.0)]
    lookup = {"E07000105": "E10000016"}  # lacks Canterbury
    with pytest.raises(ValueError, match="E07000106"):
        council_totals(counts, COUNCIL_CODES, lookup)
    assert council_totals(counts, COUNCIL_CODES, {}) == {}  # MYE2: counties' rows


def test_seed_rows_round_and_require_every_council() -> None:
    councils = [Council("E09000001", "714", "City of London")]
    totals = {
        ("E09000001", 2024, "18 to 64"): 190.5,
        ("E09000001", 2024, "65 and above"): 86.49,
    }
    rows = seed_rows(totals, councils, "ONS")
    assert [(row.age_band, row.population) for row in rows] == [
        ("18 to 64", 191),
        ("65 and above", 86),
    ]
    with pytest.raises(ValueError, match="lacks councils: Dorset"):
        seed_rows(totals, [*councils, Council("E06000059", "", "Dorset")], "ONS")


def test_main_writes_the_seed_from_an_snpp_file(tmp_path: Path) -> None:
    output = tmp_path / "seed.csv"
    argv = ["--councils", str(COUNCILS), "--lookup", str(LOOKUP)]
    argv += ["--output", str(output), "snpp", "--persons", str(SNPP)]
    assert main([*argv, "--first-year", "2022", "--last-year", "2023"]) == 0
    rows = read_seed(output)
    assert list(rows[0]) == list(SEED_COLUMNS)
    assert len(rows) == 3 * 2 * 2  # councils x years x bands
    assert by_key(rows) == {
        ("E06000063", "2022", "18 to 64"): "1000",
        ("E06000063", "2022", "65 and above"): "3000",
        ("E06000063", "2023", "18 to 64"): "1001",
        ("E06000063", "2023", "65 and above"): "3001",
        ("E09000001", "2022", "18 to 64"): "191",
        ("E09000001", "2022", "65 and above"): "87",
        ("E09000001", "2023", "18 to 64"): "192",
        ("E09000001", "2023", "65 and above"): "89",
        ("E10000016", "2022", "18 to 64"): "1101",
        ("E10000016", "2022", "65 and above"): "700",
        ("E10000016", "2023", "18 to 64"): "1102",
        ("E10000016", "2023", "65 and above"): "702",
    }
    city = [row for row in rows if row["ons_area_code"] == "E09000001"]
    assert {row["la_code"] for row in city} == {"714"}
    cumberland = [row for row in rows if row["ons_area_code"] == "E06000063"]
    assert {row["la_code"] for row in cumberland} == {""}
    assert {row["estimate_source"] for row in rows} == {
        "ONS 2022-based SNPP, migration category variant (2023 geography)"
    }


def test_main_writes_the_seed_from_an_mye2_file(tmp_path: Path) -> None:
    mye2 = tmp_path / "mye2.csv"
    mye2.write_text("\n".join(mye2_lines()) + "\n", encoding="utf-8")
    output = tmp_path / "seed.csv"
    argv = ["--councils", str(COUNCILS), "--output", str(output), "mye2"]
    argv += ["--file", str(mye2), "--year", "2024"]
    assert main([*argv, "--estimate-source", "ONS mid-2024 (MYE2)"]) == 0
    rows = read_seed(output)
    assert len(rows) == 3 * 2
    assert by_key(rows)[("E10000016", "2024", "65 and above")] == "5000"
    assert by_key(rows)[("E10000016", "2024", "18 to 64")] == "0"
    assert {row["estimate_source"] for row in rows} == {"ONS mid-2024 (MYE2)"}


def test_main_fails_cleanly_on_a_missing_file(tmp_path: Path) -> None:
    output = tmp_path / "seed.csv"
    argv = ["--councils", str(COUNCILS), "--output", str(output), "snpp"]
    assert main([*argv, "--persons", str(tmp_path / "absent.csv")]) == 1
    assert not output.exists()


def test_main_fails_when_a_council_is_missing(tmp_path: Path) -> None:
    output = tmp_path / "seed.csv"
    argv = ["--councils", str(COUNCILS), "--output", str(output), "snpp"]
    # without the lookup Kent's districts reach no council
    assert main([*argv, "--persons", str(SNPP)]) == 1
    assert not output.exists()


def test_england_totals_add_up_councils_per_year_and_band() -> None:
    rows = [
        SeedRow("E09000001", "714", 2024, "18 to 64", 100, "ONS"),
        SeedRow("E06000053", "906", 2024, "18 to 64", 50, "ONS"),
        SeedRow("E06000053", "906", 2024, "65 and above", 7, "ONS"),
    ]
    assert england_totals(rows) == {(2024, "18 to 64"): 150, (2024, "65 and above"): 7}
