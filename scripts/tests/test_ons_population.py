"""Tests for the ONS population seed writer (synthetic figures and MYE2 files)."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import pytest
from ons_population import (
    COUNCILS,
    SEED_COLUMNS,
    SYNTHETIC_SOURCE,
    Mye2Area,
    apportion,
    council_la_codes,
    main,
    mye2_rows,
    parse_mye2,
    synthetic_rows,
)

ALL_COUNCILS = {name: "" for _, name, _ in COUNCILS}
AGES = [str(age) for age in range(91)]


def write_councils(path: Path) -> Path:
    """A two-council cld_councils.csv: a borough with a code, one without."""
    path.write_text(
        "la_code,la_name,region\n"
        "714,City of London,London\n"
        ',"Bournemouth, Christchurch and Poole",South West\n',
        encoding="utf-8",
    )
    return path


def mye2_line(code: str, name: str, geography: str, by_age: list[int]) -> str:
    """One MYE2 data row with thousands separators, as Excel saves them."""
    cells = [code, name, geography, f"{sum(by_age):,}", *(f"{n:,}" for n in by_age)]
    return ",".join(f'"{cell}"' for cell in cells)


def write_mye2(path: Path) -> Path:
    """A tiny MYE2 - Persons CSV: title rows, header, England, two councils."""
    header = ",".join(["Code", "Name", "Geography", "All ages", *AGES[:-1], "90+"])
    path.write_text(
        "\n".join(
            [
                "MYE2: Population estimates: Persons by single year of age,,,",
                "",
                header,
                mye2_line("E92000001", "England", "Country", [1000] * 91),
                mye2_line("E09000001", "City of London", "London Borough", [90] * 91),
                mye2_line(
                    "E06000058",
                    "Bournemouth, Christchurch and Poole",
                    "Unitary Authority",
                    [4000 + age for age in range(91)],
                ),
                ",,,",
                "Source: Office for National Statistics,,,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def write_mye2_lines() -> list[str]:
    """MYE2 lines with a Geography1 column, a blank row and a note row."""
    header = ",".join(["Code", "Name", "Geography1", "All ages", *AGES])
    return [
        "Title row,,,",
        header,
        mye2_line("E09000001", "City of London", "London Borough", [90] * 91),
        "",
        mye2_line("E06000058", "BCP", "Unitary Authority", [1] * 91),
        "Notes: the figures are rounded,,",
    ]


def read_seed(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_apportion_sums_exactly_and_follows_weights() -> None:
    assert apportion(10, [1.0, 1.0, 1.0]) == [4, 3, 3]
    assert apportion(2100, [0.5, 0.25, 0.25]) == [1050, 525, 525]
    assert sum(apportion(8600, [1.3] * 90 + [7.1])) == 8600


def test_council_la_codes_maps_names_to_ons_codes() -> None:
    codes = council_la_codes({"City of London": "714", "Dorset": ""})
    assert codes == {"E09000001": "714", "E06000059": ""}


def test_council_la_codes_rejects_an_unknown_council() -> None:
    with pytest.raises(ValueError, match="Atlantis"):
        council_la_codes({"Atlantis": "999"})


def test_synthetic_rows_cover_every_council_and_age_once() -> None:
    rows = synthetic_rows(ALL_COUNCILS)
    keys = {(row.code, row.age) for row in rows}
    assert len(keys) == len(rows) == len(COUNCILS) * 91 < 15_000
    assert {row.estimate_source for row in rows} == {SYNTHETIC_SOURCE}
    assert {row.age for row in rows} == set(range(91))


def test_synthetic_rows_are_plausible_and_deterministic() -> None:
    rows = synthetic_rows(ALL_COUNCILS)
    assert rows == synthetic_rows(ALL_COUNCILS)
    england = sum(row.population for row in rows)
    assert 55_000_000 < england < 59_000_000
    older = sum(row.population for row in rows if row.age >= 65) / england
    assert 0.16 < older < 0.22

    def share_65_plus(code: str) -> float:
        council = [row for row in rows if row.code == code]
        total = sum(row.population for row in council)
        return sum(row.population for row in council if row.age >= 65) / total

    # a London borough (Camden) is younger than a county (Kent)
    assert share_65_plus("E09000007") < 0.15 < share_65_plus("E10000016")


def test_parse_mye2_skips_title_and_note_rows() -> None:
    lines = write_mye2_lines()
    areas = parse_mye2(lines)
    assert [area.code for area in areas] == ["E09000001", "E06000058"]
    city = areas[0]
    assert city.geography == "London Borough"
    assert city.all_ages == 90 * 91
    assert city.by_age[90] == 90
    assert len(city.by_age) == 91


def test_parse_mye2_rejects_a_file_without_ages() -> None:
    with pytest.raises(ValueError, match="lacks columns: 90"):
        parse_mye2(["Code,Name,Geography,All ages," + ",".join(AGES[:-1])])
    with pytest.raises(ValueError, match="no header row"):
        parse_mye2(["Area,Population", "E09000001,8600"])


def test_mye2_rows_keep_the_councils_and_their_cld_codes() -> None:
    areas = parse_mye2(write_mye2_lines())
    cld_councils = {"City of London": "714", "Bournemouth, Christchurch and Poole": ""}
    rows = mye2_rows(areas, cld_councils, "ONS mid-2024")
    assert len(rows) == 2 * 91
    city = [row for row in rows if row.code == "E09000001"]
    assert {row.la_code for row in city} == {"714"}
    assert {row.estimate_source for row in rows} == {"ONS mid-2024"}


def test_mye2_rows_fail_when_a_council_is_missing() -> None:
    areas = [Mye2Area("E09000001", "City of London", "London Borough", 91, (1,) * 91)]
    with pytest.raises(ValueError, match="E06000059"):
        mye2_rows(areas, {"City of London": "714", "Dorset": ""}, "ONS")


def test_mye2_rows_warn_when_ages_do_not_add_up(
    caplog: pytest.LogCaptureFixture,
) -> None:
    areas = [Mye2Area("E09000001", "City of London", "London Borough", 92, (1,) * 91)]
    with caplog.at_level(logging.WARNING, logger="ons_population"):
        mye2_rows(areas, {"City of London": "714"}, "ONS")
    assert "ages add up to 91, All ages says 92" in caplog.text


def test_main_writes_the_synthetic_seed(tmp_path: Path) -> None:
    councils = write_councils(tmp_path / "councils.csv")
    output = tmp_path / "seed.csv"
    assert main(["--councils", str(councils), "--output", str(output)]) == 0
    rows = read_seed(output)
    assert list(rows[0]) == list(SEED_COLUMNS)
    assert len(rows) == 2 * 91
    city = [row for row in rows if row["code"] == "E09000001"]
    assert {row["la_code"] for row in city} == {"714"}
    assert sum(int(row["population"]) for row in city) == 8600
    assert {row["sex"] for row in rows} == {"persons"}
    assert {row["estimate_source"] for row in rows} == {SYNTHETIC_SOURCE}
    bcp = [row for row in rows if row["code"] == "E06000058"]
    assert {row["la_code"] for row in bcp} == {""}
    assert {row["geography"] for row in bcp} == {"Unitary Authority"}


def test_main_converts_an_mye2_file(tmp_path: Path) -> None:
    councils = write_councils(tmp_path / "councils.csv")
    mye2 = write_mye2(tmp_path / "mye2.csv")
    output = tmp_path / "seed.csv"
    argv = ["--from-mye2", str(mye2), "--councils", str(councils)]
    argv += ["--output", str(output), "--estimate-source", "ONS mid-2024 (MYE2)"]
    assert main(argv) == 0
    rows = read_seed(output)
    assert len(rows) == 2 * 91  # England itself is not a council
    bcp = {int(row["age"]): row for row in rows if row["code"] == "E06000058"}
    assert bcp[90]["population"] == "4090"
    assert bcp[0]["name"] == "Bournemouth, Christchurch and Poole"
    assert {row["estimate_source"] for row in rows} == {"ONS mid-2024 (MYE2)"}


def test_main_fails_cleanly_on_a_missing_file(tmp_path: Path) -> None:
    councils = write_councils(tmp_path / "councils.csv")
    argv = ["--from-mye2", str(tmp_path / "absent.csv"), "--councils", str(councils)]
    assert main([*argv, "--output", str(tmp_path / "seed.csv")]) == 1
    assert not (tmp_path / "seed.csv").exists()
