"""Write the seed of ONS mid-year population estimates by council and single age.

    python scripts/ons_population.py                      # synthetic figures
    python scripts/ons_population.py --from-mye2 mye2.csv # a real ONS file

The seed (``seeds/ons_mid_year_population.csv``) is long: one row per council,
sex ('persons') and single year of age 0 to 90 (90 = 90 and over), with the ONS
area code, name and geography as in ONS's MYE2 table, the council's CLD code
(``la_code``, the 3-digit adult social care code of ``seeds/cld_councils.csv``;
blank where that seed has none) and ``estimate_source`` saying where the
figures come from. It covers exactly the councils of ``seeds/cld_councils.csv``.

Without ``--from-mye2`` the figures are SYNTHETIC (``estimate_source`` =
'synthetic (not ONS figures)'): each council's total is roughly its real size
(England about 57 million) and the age profile is a smooth made-up curve, older
in counties and younger in London. They are deterministic, so re-running the
script gives the same file, and they are good enough to exercise ASCOF 2B/2C
but must never be published.

With ``--from-mye2`` the script converts ONS's "MYE2 - Persons" table, saved
from the mid-year estimates workbook as CSV (header row ``Code, Name,
Geography, All ages, 0, 1, ..., 90``; title rows above it are skipped), keeping
the councils of ``seeds/cld_councils.csv``. Use an estimate on April 2023
boundaries or later (mid-2023 onwards): earlier files lack Cumberland,
Westmorland and Furness, North Yorkshire and Somerset as they are now.
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

LOG = logging.getLogger("ons_population")

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_SEED: Final = REPO_ROOT / "seeds" / "ons_mid_year_population.csv"
DEFAULT_COUNCILS: Final = REPO_ROOT / "seeds" / "cld_councils.csv"
SYNTHETIC_SOURCE: Final = "synthetic (not ONS figures)"
DEFAULT_MYE2_SOURCE: Final = "ONS mid-year estimates (MYE2 - Persons)"
SEED_COLUMNS: Final = (
    "code",
    "name",
    "geography",
    "la_code",
    "sex",
    "age",
    "population",
    "estimate_source",
)
SEX: Final = "persons"
OLDEST_AGE: Final = 90  # ONS's last single age: 90 and over
LIFE_TABLE_END: Final = 110  # the synthetic 90+ group sums ages 90 to 110
# ONS area code prefix -> MYE2 geography of the councils with adult social care
GEOGRAPHIES: Final = {
    "E06": "Unitary Authority",
    "E08": "Metropolitan District",
    "E09": "London Borough",
    "E10": "County",
}
# How much older than England's profile a council type is (1 = England-like)
OLDER_FACTORS: Final = {"E06": 1.0, "E08": 0.85, "E09": 0.6, "E10": 1.15}
OLDER_JITTER: Final = 0.12  # +- per council, from its code, so councils differ

# Every council with adult social services responsibilities in England (April
# 2023 boundaries): ONS code, name as in seeds/cld_councils.csv, and roughly its
# real population in thousands (rounded mid-2022 scale; synthetic totals only).
COUNCILS: Final[tuple[tuple[str, str, float], ...]] = (
    ("E06000057", "Northumberland", 323.0),
    ("E08000037", "Gateshead", 197.0),
    ("E08000021", "Newcastle upon Tyne", 307.0),
    ("E08000022", "North Tyneside", 210.0),
    ("E08000023", "South Tyneside", 148.0),
    ("E08000024", "Sunderland", 276.0),
    ("E06000001", "Hartlepool", 93.0),
    ("E06000002", "Middlesbrough", 144.0),
    ("E06000003", "Redcar and Cleveland", 137.0),
    ("E06000004", "Stockton-on-Tees", 198.0),
    ("E06000047", "County Durham", 526.0),
    ("E06000005", "Darlington", 109.0),
    ("E08000016", "Barnsley", 247.0),
    ("E08000017", "Doncaster", 309.0),
    ("E08000018", "Rotherham", 267.0),
    ("E08000019", "Sheffield", 557.0),
    ("E08000032", "Bradford", 548.0),
    ("E08000033", "Calderdale", 207.0),
    ("E08000034", "Kirklees", 437.0),
    ("E08000035", "Leeds", 822.0),
    ("E08000036", "Wakefield", 357.0),
    ("E06000011", "East Riding of Yorkshire", 344.0),
    ("E06000010", "Kingston upon Hull", 268.0),
    ("E06000012", "North East Lincolnshire", 157.0),
    ("E06000013", "North Lincolnshire", 170.0),
    ("E06000065", "North Yorkshire", 618.0),
    ("E06000014", "York", 203.0),
    ("E08000001", "Bolton", 298.0),
    ("E08000002", "Bury", 194.0),
    ("E08000003", "Manchester", 568.0),
    ("E08000004", "Oldham", 244.0),
    ("E08000005", "Rochdale", 225.0),
    ("E08000006", "Salford", 275.0),
    ("E08000007", "Stockport", 296.0),
    ("E08000008", "Tameside", 233.0),
    ("E08000009", "Trafford", 236.0),
    ("E08000010", "Wigan", 332.0),
    ("E08000011", "Knowsley", 155.0),
    ("E08000012", "Liverpool", 496.0),
    ("E08000014", "Sefton", 280.0),
    ("E08000013", "St Helens", 184.0),
    ("E08000015", "Wirral", 321.0),
    ("E06000006", "Halton", 129.0),
    ("E06000007", "Warrington", 211.0),
    ("E10000017", "Lancashire", 1235.0),
    ("E06000008", "Blackburn with Darwen", 156.0),
    ("E06000009", "Blackpool", 141.0),
    ("E06000049", "Cheshire East", 402.0),
    ("E06000050", "Cheshire West and Chester", 360.0),
    ("E10000031", "Warwickshire", 606.0),
    ("E08000025", "Birmingham", 1157.0),
    ("E08000026", "Coventry", 349.0),
    ("E08000027", "Dudley", 323.0),
    ("E08000028", "Sandwell", 344.0),
    ("E08000029", "Solihull", 218.0),
    ("E08000030", "Walsall", 286.0),
    ("E08000031", "Wolverhampton", 265.0),
    ("E10000028", "Staffordshire", 887.0),
    ("E06000021", "Stoke-on-Trent", 259.0),
    ("E06000019", "Herefordshire", 188.0),
    ("E10000034", "Worcestershire", 606.0),
    ("E06000051", "Shropshire", 325.0),
    ("E06000020", "Telford and Wrekin", 187.0),
    ("E10000019", "Lincolnshire", 768.0),
    ("E10000007", "Derbyshire", 805.0),
    ("E06000015", "Derby", 263.0),
    ("E10000018", "Leicestershire", 721.0),
    ("E06000016", "Leicester", 374.0),
    ("E06000017", "Rutland", 41.0),
    ("E10000024", "Nottinghamshire", 829.0),
    ("E06000018", "Nottingham", 324.0),
    ("E10000015", "Hertfordshire", 1199.0),
    ("E10000020", "Norfolk", 920.0),
    ("E10000025", "Oxfordshire", 729.0),
    ("E10000029", "Suffolk", 766.0),
    ("E06000032", "Luton", 228.0),
    ("E06000060", "Buckinghamshire", 558.0),
    ("E06000042", "Milton Keynes", 291.0),
    ("E06000036", "Bracknell Forest", 126.0),
    ("E06000037", "West Berkshire", 162.0),
    ("E06000038", "Reading", 175.0),
    ("E06000039", "Slough", 159.0),
    ("E06000040", "Windsor and Maidenhead", 154.0),
    ("E06000041", "Wokingham", 178.0),
    ("E10000012", "Essex", 1503.0),
    ("E06000033", "Southend-on-Sea", 181.0),
    ("E06000034", "Thurrock", 178.0),
    ("E10000003", "Cambridgeshire", 683.0),
    ("E06000031", "Peterborough", 218.0),
    ("E06000055", "Bedford", 187.0),
    ("E06000056", "Central Bedfordshire", 298.0),
    ("E09000007", "Camden", 218.0),
    ("E09000011", "Greenwich", 291.0),
    ("E09000012", "Hackney", 261.0),
    ("E09000013", "Hammersmith and Fulham", 183.0),
    ("E09000019", "Islington", 217.0),
    ("E09000020", "Kensington and Chelsea", 143.0),
    ("E09000022", "Lambeth", 318.0),
    ("E09000023", "Lewisham", 300.0),
    ("E09000028", "Southwark", 307.0),
    ("E09000030", "Tower Hamlets", 325.0),
    ("E09000032", "Wandsworth", 328.0),
    ("E09000033", "Westminster", 205.0),
    ("E09000001", "City of London", 8.6),
    ("E09000002", "Barking and Dagenham", 220.0),
    ("E09000003", "Barnet", 390.0),
    ("E09000004", "Bexley", 247.0),
    ("E09000005", "Brent", 341.0),
    ("E09000006", "Bromley", 330.0),
    ("E09000008", "Croydon", 392.0),
    ("E09000009", "Ealing", 367.0),
    ("E09000010", "Enfield", 329.0),
    ("E09000014", "Haringey", 264.0),
    ("E09000015", "Harrow", 262.0),
    ("E09000016", "Havering", 263.0),
    ("E09000017", "Hillingdon", 309.0),
    ("E09000018", "Hounslow", 290.0),
    ("E09000021", "Kingston upon Thames", 169.0),
    ("E09000024", "Merton", 215.0),
    ("E09000025", "Newham", 351.0),
    ("E09000026", "Redbridge", 311.0),
    ("E09000027", "Richmond upon Thames", 195.0),
    ("E09000029", "Sutton", 210.0),
    ("E09000031", "Waltham Forest", 278.0),
    ("E06000046", "Isle of Wight", 141.0),
    ("E10000030", "Surrey", 1210.0),
    ("E10000032", "West Sussex", 890.0),
    ("E10000014", "Hampshire", 1410.0),
    ("E06000044", "Portsmouth", 208.0),
    ("E06000045", "Southampton", 250.0),
    ("E10000011", "East Sussex", 549.0),
    ("E06000043", "Brighton and Hove", 278.0),
    ("E06000054", "Wiltshire", 513.0),
    ("E06000030", "Swindon", 234.0),
    ("E10000016", "Kent", 1590.0),
    ("E06000035", "Medway", 282.0),
    ("E06000052", "Cornwall", 573.0),
    ("E10000013", "Gloucestershire", 645.0),
    ("E06000066", "Somerset", 576.0),
    ("E06000053", "Isles of Scilly", 2.1),
    ("E06000022", "Bath and North East Somerset", 195.0),
    ("E06000023", "Bristol", 472.0),
    ("E06000024", "North Somerset", 217.0),
    ("E06000025", "South Gloucestershire", 292.0),
    ("E10000008", "Devon", 820.0),
    ("E06000026", "Plymouth", 265.0),
    ("E06000027", "Torbay", 139.0),
    ("E06000058", "Bournemouth, Christchurch and Poole", 401.0),
    ("E06000063", "Cumberland", 274.0),
    ("E06000059", "Dorset", 380.0),
    ("E06000061", "North Northamptonshire", 363.0),
    ("E06000062", "West Northamptonshire", 428.0),
    ("E06000064", "Westmorland and Furness", 227.0),
)


@dataclass(frozen=True)
class SeedRow:
    """One row of the seed: a council's population of one single year of age."""

    code: str
    name: str
    geography: str
    la_code: str
    age: int
    population: int
    estimate_source: str

    def as_csv_row(self) -> list[str]:
        """The row's cells in SEED_COLUMNS order."""
        return [
            self.code,
            self.name,
            self.geography,
            self.la_code,
            SEX,
            str(self.age),
            str(self.population),
            self.estimate_source,
        ]


@dataclass(frozen=True)
class Mye2Area:
    """One area of an MYE2 table: its population by single age 0 to 90."""

    code: str
    name: str
    geography: str
    all_ages: int
    by_age: tuple[int, ...]


def read_councils(path: Path) -> dict[str, str]:
    """Council name -> CLD council code ('' when unknown) from cld_councils.csv."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["la_name"].strip(): (row["la_code"] or "").strip()
            for row in csv.DictReader(handle)
        }


def council_la_codes(cld_councils: Mapping[str, str]) -> dict[str, str]:
    """ONS code -> CLD council code for every council of cld_councils.csv.

    Raises ValueError naming any council that COUNCILS does not know, so the
    seed cannot silently miss one.
    """
    ons_codes = {name: code for code, name, _ in COUNCILS}
    unknown = sorted(set(cld_councils) - set(ons_codes))
    if unknown:
        raise ValueError(
            "councils without an ONS code in ons_population.COUNCILS: "
            + ", ".join(unknown)
        )
    return {ons_codes[name]: la_code for name, la_code in cld_councils.items()}


def geography_of(code: str) -> str:
    """MYE2 geography of a council from its ONS code prefix."""
    try:
        return GEOGRAPHIES[code[:3]]
    except KeyError:
        raise ValueError(f"{code} is not a council ONS code") from None


def older_factor(code: str) -> float:
    """How much older than England's profile the council's synthetic one is."""
    jitter = (zlib.crc32(code.encode()) % 2001) / 1000 - 1.0
    return OLDER_FACTORS[code[:3]] + OLDER_JITTER * jitter


def age_weight(age: int, older: float) -> float:
    """Relative size of one single year of age in a made-up, smooth profile.

    Flat for children, a working-age bulge around 35 (larger where the place is
    young), then a decline after 64; ``older`` scales the ages from 50 up,
    fully from 65, so older places have more pensioners.
    """
    if age < 18:
        return 1.12
    bulge = 0.12 * (2.0 - older) * math.exp(-(((age - 35) / 12) ** 2))
    decline = math.exp(-((max(age - 64, 0) / 19) ** 2))
    ramp = min(1.0, max(0.0, (age - 50) / 15))
    return (1.22 + bulge) * decline * math.pow(older, ramp)


def age_weights(older: float) -> list[float]:
    """Weights of ages 0 to 90, the last summing 90 to LIFE_TABLE_END."""
    weights = [age_weight(age, older) for age in range(OLDEST_AGE)]
    oldest = range(OLDEST_AGE, LIFE_TABLE_END + 1)
    weights.append(sum(age_weight(age, older) for age in oldest))
    return weights


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split total into integers proportional to weights (largest remainder)."""
    scale = total / sum(weights)
    exact = [weight * scale for weight in weights]
    parts = [math.floor(share) for share in exact]
    by_remainder = sorted(
        range(len(exact)), key=lambda index: (parts[index] - exact[index], index)
    )
    for index in by_remainder[: total - sum(parts)]:
        parts[index] += 1
    return parts


def synthetic_rows(cld_councils: Mapping[str, str]) -> list[SeedRow]:
    """Synthetic seed rows for every council of cld_councils.csv."""
    la_codes = council_la_codes(cld_councils)
    rows = []
    for code, name, thousands in COUNCILS:
        if code not in la_codes:
            continue
        by_age = apportion(round(thousands * 1000), age_weights(older_factor(code)))
        rows += [
            SeedRow(
                code=code,
                name=name,
                geography=geography_of(code),
                la_code=la_codes[code],
                age=age,
                population=population,
                estimate_source=SYNTHETIC_SOURCE,
            )
            for age, population in enumerate(by_age)
        ]
    return rows


def is_area_code(cell: str) -> bool:
    """Whether a cell is a GSS area code: a letter and 8 digits (E09000001)."""
    return len(cell) == 9 and cell[0].isalpha() and cell[1:].isdigit()


def parse_count(cell: str) -> int:
    """A population cell of an ONS table ('12,345' or '12345') as an integer."""
    return int(cell.replace(",", "").strip())


def parse_mye2(lines: Iterable[str]) -> list[Mye2Area]:
    """The areas of an MYE2 - Persons table saved as CSV.

    Rows above the header (the one whose first cell is 'Code') are skipped, as
    are rows below it without an area code (blank rows, notes). The age columns
    are '0' to '90' ('90+' accepted); a column 'Geography1' is read as Geography.
    """
    reader = csv.reader(lines)
    for header in reader:
        if header and header[0].strip().lower() == "code":
            break
    else:
        raise ValueError("no header row starting with 'Code' in the MYE2 file")
    names = [cell.strip().lower().rstrip("+") for cell in header]
    columns = {name: index for index, name in enumerate(names)}
    geography = next(
        (index for index, name in enumerate(names) if name.startswith("geography")),
        None,
    )
    wanted = ["code", "name", "all ages", *(str(age) for age in range(91))]
    missing = [name for name in wanted if name not in columns]
    if geography is None or missing:
        raise ValueError(
            "MYE2 header lacks columns: " + ", ".join(missing or ["Geography"])
        )
    ages = [columns[str(age)] for age in range(OLDEST_AGE + 1)]
    areas = []
    for row in reader:
        code = row[columns["code"]].strip() if row else ""
        if not is_area_code(code):
            continue
        try:
            areas.append(
                Mye2Area(
                    code=code,
                    name=row[columns["name"]].strip(),
                    geography=row[geography].strip(),
                    all_ages=parse_count(row[columns["all ages"]]),
                    by_age=tuple(parse_count(row[index]) for index in ages),
                )
            )
        except (IndexError, ValueError):
            raise ValueError(
                f"MYE2 row {code}: missing or non-numeric counts"
            ) from None
    return areas


def mye2_rows(
    areas: Iterable[Mye2Area], cld_councils: Mapping[str, str], estimate_source: str
) -> list[SeedRow]:
    """Seed rows of the councils of cld_councils.csv from MYE2 areas.

    Raises ValueError when the file lacks one of those councils (an estimate on
    older boundaries); logs a warning when an area's ages do not add up to its
    'All ages'.
    """
    la_codes = council_la_codes(cld_councils)
    found = {area.code: area for area in areas if area.code in la_codes}
    missing = sorted(set(la_codes) - set(found))
    if missing:
        raise ValueError(
            "MYE2 file lacks councils (use an estimate on April 2023 boundaries "
            "or later): " + ", ".join(missing)
        )
    rows = []
    for code in sorted(found):
        area = found[code]
        if sum(area.by_age) != area.all_ages:
            LOG.warning(
                "%s %s: ages add up to %d, All ages says %d",
                code,
                area.name,
                sum(area.by_age),
                area.all_ages,
            )
        rows += [
            SeedRow(
                code=code,
                name=area.name,
                geography=area.geography,
                la_code=la_codes[code],
                age=age,
                population=population,
                estimate_source=estimate_source,
            )
            for age, population in enumerate(area.by_age)
        ]
    return rows


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


def main(argv: list[str] | None = None) -> int:
    """Write the population seed, synthetic or from an ONS MYE2 CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--from-mye2",
        type=Path,
        metavar="CSV",
        help="ONS 'MYE2 - Persons' table saved as CSV (default: synthetic figures)",
    )
    parser.add_argument(
        "--estimate-source",
        default=DEFAULT_MYE2_SOURCE,
        help="estimate_source written with --from-mye2, e.g. 'ONS mid-2024 (MYE2)'",
    )
    parser.add_argument("--councils", type=Path, default=DEFAULT_COUNCILS)
    parser.add_argument("--output", type=Path, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    try:
        cld_councils = read_councils(args.councils)
        if args.from_mye2 is None:
            rows = synthetic_rows(cld_councils)
        else:
            with args.from_mye2.open(newline="", encoding="utf-8-sig") as handle:
                areas = parse_mye2(handle)
            rows = mye2_rows(areas, cld_councils, args.estimate_source)
    except (OSError, ValueError) as error:
        LOG.error("%s", error)
        return 1
    count = write_seed(rows, args.output)
    LOG.info(
        "wrote %d rows (%d councils, England total %d, %s) to %s",
        count,
        len({row.code for row in rows}),
        sum(row.population for row in rows),
        rows[0].estimate_source if rows else "no rows",
        args.output,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
