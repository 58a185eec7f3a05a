"""Write the population seed: adults 18 to 64 and 65 and over, per council and year.

    python scripts/ons_population.py --lookup LAD_CTYUA.csv snpp --persons SNPP.csv
    python scripts/ons_population.py mye2 --file M.csv --year 2024 --estimate-source S

S names the release, e.g. "ONS mid-2024 (MYE2)".

The seed (``seeds/ons_mid_year_population.csv``) has one row per council, year
(population at 30 June) and age band ('18 to 64', '65 and above'): the council's
ONS (GSS) area code, its CLD code (``la_code``, blank where
``seeds/cld_councils.csv`` has none), the population (rounded to a whole
person) and ``estimate_source`` naming the release. It covers exactly the
councils of ``seeds/cld_councils.csv``, whose column ``ons_area_code`` says
which ONS area each one is; a council missing from the input is an error, so
City of London and the Isles of Scilly cannot silently drop out.

``snpp`` reads ONS's subnational population projections by single year of age
(the "Z1" persons CSV: AREA_CODE, AREA_NAME, COMPONENT, SEX, AGE_GROUP, then one
column per year) and keeps the years asked for (default 2022 to 2030).
``mye2`` reads the "MYE2 - Persons" sheet of ONS's mid-year estimates workbook
saved as CSV (header row ``Code, Name, Geography, All ages, 0, ..., 90``; title
rows above it are skipped) for one year.

Both inputs may hold local authority districts rather than (or as well as) the
councils: a district is added to its council through ``--lookup`` (ONS's
"Local Authority District to County and Unitary Authority" lookup CSV, any
vintage: columns LADyyCD or LTLAyyCD and CTYUAyyCD or UTLAyyCD), after the
districts abolished in April 2023 are mapped to their unitary successors
(``SUCCESSORS_2023``). Where the input has a council's own row (a county in
MYE2), its districts are not added again.
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

LOG = logging.getLogger("ons_population")

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_SEED: Final = REPO_ROOT / "seeds" / "ons_mid_year_population.csv"
DEFAULT_COUNCILS: Final = REPO_ROOT / "seeds" / "cld_councils.csv"
DEFAULT_SNPP_SOURCE: Final = (
    "ONS 2022-based SNPP, migration category variant (2023 geography)"
)
DEFAULT_FIRST_YEAR: Final = 2022
DEFAULT_LAST_YEAR: Final = 2030
SEED_COLUMNS: Final = (
    "ons_area_code",
    "la_code",
    "year",
    "age_band",
    "population",
    "estimate_source",
)
WORKING_AGE: Final = "18 to 64"
OLDER_AGE: Final = "65 and above"
OLDEST_AGE: Final = 90  # ONS's last single age: 90 and over
# Local authority districts abolished on 1 April 2023 and the unitary council
# that took them over (the Cumbria, North Yorkshire and Somerset Structural
# Changes Orders 2022), so inputs on older boundaries reach today's councils.
SUCCESSORS_2023: Final = {
    "E07000026": "E06000063",  # Allerdale -> Cumberland
    "E07000028": "E06000063",  # Carlisle -> Cumberland
    "E07000029": "E06000063",  # Copeland -> Cumberland
    "E07000027": "E06000064",  # Barrow-in-Furness -> Westmorland and Furness
    "E07000030": "E06000064",  # Eden -> Westmorland and Furness
    "E07000031": "E06000064",  # South Lakeland -> Westmorland and Furness
    "E07000163": "E06000065",  # Craven -> North Yorkshire
    "E07000164": "E06000065",  # Hambleton -> North Yorkshire
    "E07000165": "E06000065",  # Harrogate -> North Yorkshire
    "E07000166": "E06000065",  # Richmondshire -> North Yorkshire
    "E07000167": "E06000065",  # Ryedale -> North Yorkshire
    "E07000168": "E06000065",  # Scarborough -> North Yorkshire
    "E07000169": "E06000065",  # Selby -> North Yorkshire
    "E07000187": "E06000066",  # Mendip -> Somerset
    "E07000188": "E06000066",  # Sedgemoor -> Somerset
    "E07000189": "E06000066",  # South Somerset -> Somerset
    "E07000246": "E06000066",  # Somerset West and Taunton -> Somerset
}
# Area code prefixes of English local authorities that must reach a council.
DISTRICT_PREFIXES: Final = ("E06", "E07", "E08", "E09", "E10")


@dataclass(frozen=True)
class Council:
    """One row of seeds/cld_councils.csv."""

    ons_area_code: str
    la_code: str
    la_name: str


@dataclass(frozen=True)
class AgeCount:
    """The population of one area, year and single year of age (90 = 90+)."""

    area_code: str
    year: int
    age: int
    population: float


@dataclass(frozen=True)
class SeedRow:
    """One row of the seed: a council's population of one band in one year."""

    ons_area_code: str
    la_code: str
    year: int
    age_band: str
    population: int
    estimate_source: str

    def as_csv_row(self) -> list[str]:
        """The row's cells in SEED_COLUMNS order."""
        return [
            self.ons_area_code,
            self.la_code,
            str(self.year),
            self.age_band,
            str(self.population),
            self.estimate_source,
        ]


def read_councils(lines: Iterable[str]) -> list[Council]:
    """The councils of cld_councils.csv; ValueError if one has no ONS code."""
    councils = [
        Council(
            ons_area_code=(row.get("ons_area_code") or "").strip(),
            la_code=(row.get("la_code") or "").strip(),
            la_name=row["la_name"].strip(),
        )
        for row in csv.DictReader(lines)
    ]
    unnamed = [council.la_name for council in councils if not council.ons_area_code]
    if unnamed:
        raise ValueError("councils without an ons_area_code: " + ", ".join(unnamed))
    return councils


def read_lookup(lines: Iterable[str]) -> dict[str, str]:
    """District code -> council code from an ONS LAD/LTLA to CTYUA/UTLA lookup."""
    reader = csv.reader(lines)
    header = [cell.strip().lstrip("\ufeff").upper() for cell in next(reader, [])]
    source = next(
        (
            index
            for index, name in enumerate(header)
            if name.startswith(("LAD", "LTLA")) and name.endswith("CD")
        ),
        None,
    )
    target = next(
        (
            index
            for index, name in enumerate(header)
            if name.startswith(("CTYUA", "UTLA")) and name.endswith("CD")
        ),
        None,
    )
    if source is None or target is None:
        raise ValueError(
            "lookup header needs a LAD..CD or LTLA..CD column and a CTYUA..CD or "
            "UTLA..CD column, got: " + ", ".join(header)
        )
    return {
        row[source].strip(): row[target].strip()
        for row in reader
        if len(row) > max(source, target) and row[source].strip()
    }


def parse_age(cell: str) -> int | None:
    """A single year of age from an ONS age cell ('7', '90+', '90 and over')."""
    text = cell.strip().lower().removesuffix("and over").rstrip(" +")
    return int(text) if text.isdigit() else None


def parse_count(cell: str) -> float:
    """A population cell of an ONS table ('12,345', '12345' or '1234.567')."""
    return float(cell.replace(",", "").strip())


def is_area_code(cell: str) -> bool:
    """Whether a cell is a GSS area code: a letter and 8 digits (E09000001)."""
    return len(cell) == 9 and cell[0].isalpha() and cell[1:].isdigit()


def parse_snpp(lines: Iterable[str], years: Sequence[int]) -> Iterator[AgeCount]:
    """Single-age populations of the given years from an SNPP persons CSV.

    Only rows with COMPONENT 'Population' and SEX 'persons' count; the 'All
    ages' rows are skipped. ValueError when a wanted year has no column.
    """
    reader = csv.reader(lines)
    header = [cell.strip().lstrip("\ufeff").upper() for cell in next(reader, [])]
    columns = {name: index for index, name in enumerate(header)}
    wanted = ["AREA_CODE", "AGE_GROUP", *(str(year) for year in years)]
    missing = [name for name in wanted if name not in columns]
    if missing:
        raise ValueError("SNPP header lacks columns: " + ", ".join(missing))
    component = columns.get("COMPONENT")
    sex = columns.get("SEX")
    for row in reader:
        if not row or (component is not None and row[component] != "Population"):
            continue
        if sex is not None and row[sex].strip().lower() != "persons":
            continue
        age = parse_age(row[columns["AGE_GROUP"]])
        if age is None:
            continue
        area_code = row[columns["AREA_CODE"]].strip()
        for year in years:
            yield AgeCount(area_code, year, age, parse_count(row[columns[str(year)]]))


def parse_mye2(lines: Iterable[str], year: int) -> list[AgeCount]:
    """Single-age populations of an MYE2 - Persons table saved as CSV.

    Rows above the header (the one whose first cell is 'Code') are skipped, as
    are rows below it without an area code (blank rows, notes). Ages are the
    columns '0' to '90' ('90+' accepted).
    """
    reader = csv.reader(lines)
    for header in reader:
        if header and header[0].strip().lstrip("\ufeff").lower() == "code":
            break
    else:
        raise ValueError("no header row starting with 'Code' in the MYE2 file")
    ages = {
        age: index
        for index, cell in enumerate(header)
        if (age := parse_age(cell)) is not None and age <= OLDEST_AGE
    }
    missing = [str(age) for age in range(OLDEST_AGE + 1) if age not in ages]
    if missing:
        raise ValueError("MYE2 header lacks age columns: " + ", ".join(missing))
    counts = []
    for row in reader:
        code = row[0].strip() if row else ""
        if not is_area_code(code):
            continue
        try:
            counts += [
                AgeCount(code, year, age, parse_count(row[index]))
                for age, index in ages.items()
            ]
        except (IndexError, ValueError):
            raise ValueError(
                f"MYE2 row {code}: missing or non-numeric counts"
            ) from None
    return counts


def age_band(age: int) -> str | None:
    """The ASCOF band of an age (macro working_age_band); None under 18."""
    if age < 18:
        return None
    return WORKING_AGE if age <= 64 else OLDER_AGE


def council_totals(
    counts: Iterable[AgeCount],
    council_codes: Iterable[str],
    lookup: Mapping[str, str],
) -> dict[tuple[str, int, str], float]:
    """(council ONS code, year, band) -> population, districts added to councils.

    A council's own rows win over its districts'. With a lookup, ValueError
    names English districts that reach no council (an incomplete lookup would
    lose their people); without one, districts are left out (an MYE2 file has
    the counties' own rows) and a council they alone make up is reported
    missing by seed_rows.
    """
    councils = set(council_codes)
    rows = [count for count in counts if age_band(count.age) is not None]
    direct = {count.area_code for count in rows if count.area_code in councils}
    totals: dict[tuple[str, int, str], float] = defaultdict(float)
    unmapped = set()
    for count in rows:
        code = count.area_code
        if code not in councils:
            successor = SUCCESSORS_2023.get(code, code)
            code = successor if successor in councils else lookup.get(successor, "")
        if code not in councils:
            if count.area_code.startswith(DISTRICT_PREFIXES):
                unmapped.add(count.area_code)
            continue
        if code in direct and count.area_code != code:
            continue
        totals[(code, count.year, str(age_band(count.age)))] += count.population
    if unmapped and lookup:
        raise ValueError(
            "areas that reach no council (give --lookup): "
            + ", ".join(sorted(unmapped))
        )
    if unmapped:
        LOG.info("left out %d districts (no --lookup)", len(unmapped))
    return dict(totals)


def seed_rows(
    totals: Mapping[tuple[str, int, str], float],
    councils: Sequence[Council],
    estimate_source: str,
) -> list[SeedRow]:
    """Seed rows of every council, year and band; ValueError if one is missing."""
    years = sorted({year for _, year, _ in totals})
    if not years:
        raise ValueError("the input has no population of the councils")
    missing = sorted(
        {
            council.la_name
            for council in councils
            for year in years
            for band in (WORKING_AGE, OLDER_AGE)
            if (council.ons_area_code, year, band) not in totals
        }
    )
    if missing:
        raise ValueError("the input lacks councils: " + ", ".join(missing))
    return [
        SeedRow(
            ons_area_code=council.ons_area_code,
            la_code=council.la_code,
            year=year,
            age_band=band,
            population=math.floor(totals[(council.ons_area_code, year, band)] + 0.5),
            estimate_source=estimate_source,
        )
        for council in sorted(councils, key=lambda council: council.ons_area_code)
        for year in years
        for band in (WORKING_AGE, OLDER_AGE)
    ]


def england_totals(rows: Iterable[SeedRow]) -> dict[tuple[int, str], int]:
    """(year, band) -> the councils' population added up (England)."""
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        totals[(row.year, row.age_band)] += row.population
    return dict(totals)


def write_seed(rows: Iterable[SeedRow], path: Path) -> int:
    """Write the seed CSV; the number of rows written."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SEED_COLUMNS)
        for row in rows:
            writer.writerow(row.as_csv_row())
            count += 1
    return count


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line: a subcommand (snpp or mye2) and its options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--councils", type=Path, default=DEFAULT_COUNCILS)
    parser.add_argument("--output", type=Path, default=DEFAULT_SEED)
    parser.add_argument(
        "--lookup",
        type=Path,
        help="ONS LAD (or LTLA) to CTYUA (or UTLA) lookup CSV, for district rows",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    snpp = commands.add_parser("snpp", help="2022-based (or later) SNPP persons CSV")
    snpp.add_argument("--persons", type=Path, required=True, metavar="CSV")
    snpp.add_argument("--first-year", type=int, default=DEFAULT_FIRST_YEAR)
    snpp.add_argument("--last-year", type=int, default=DEFAULT_LAST_YEAR)
    snpp.add_argument("--estimate-source", default=DEFAULT_SNPP_SOURCE)
    mye2 = commands.add_parser("mye2", help="'MYE2 - Persons' sheet saved as CSV")
    mye2.add_argument("--file", type=Path, required=True, metavar="CSV")
    mye2.add_argument("--year", type=int, required=True, help="the mid-year, e.g. 2024")
    mye2.add_argument(
        "--estimate-source", required=True, help="e.g. 'ONS mid-2024 (MYE2)'"
    )
    return parser.parse_args(argv)


def read_counts(args: argparse.Namespace) -> list[AgeCount]:
    """The single-age populations of the input file named on the command line."""
    if args.command == "snpp":
        years = list(range(args.first_year, args.last_year + 1))
        with args.persons.open(newline="", encoding="utf-8-sig") as handle:
            return list(parse_snpp(handle, years))
    with args.file.open(newline="", encoding="utf-8-sig") as handle:
        return parse_mye2(handle, args.year)


def main(argv: list[str] | None = None) -> int:
    """Write the population seed from an ONS SNPP or MYE2 CSV."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        with args.councils.open(newline="", encoding="utf-8-sig") as handle:
            councils = read_councils(handle)
        lookup: dict[str, str] = {}
        if args.lookup is not None:
            with args.lookup.open(newline="", encoding="utf-8-sig") as handle:
                lookup = read_lookup(handle)
        totals = council_totals(
            read_counts(args), (council.ons_area_code for council in councils), lookup
        )
        rows = seed_rows(totals, councils, args.estimate_source)
    except (OSError, ValueError) as error:
        LOG.error("%s", error)
        return 1
    count = write_seed(rows, args.output)
    for (year, band), population in sorted(england_totals(rows).items()):
        LOG.info("%d %s: %d in England", year, band, population)
    LOG.info("wrote %d rows (%d councils) to %s", count, len(councils), args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
