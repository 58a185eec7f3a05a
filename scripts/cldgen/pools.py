"""Precomputed pools (names, GP practices, providers) and identifier helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from random import Random
from typing import Final

from faker import Faker

# Postcode areas of England, used to give each council a plausible outward code.
POSTCODE_AREAS: Final[tuple[str, ...]] = (
    "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "CA", "CB", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DE", "DH", "DL", "DN", "DT", "DY",
    "E", "EN", "EX", "GL", "GU", "HA", "HD", "HG", "HP", "HR", "HU", "HX", "IP",
    "KT", "L", "LA", "LE", "LN", "LS", "LU", "M", "ME", "MK", "N", "NE", "NG",
    "NN", "NR", "NW", "OL", "OX", "PE", "PL", "PO", "PR", "RG", "RH", "RM", "S",
    "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "TA",
    "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WD", "WF", "WN", "WR",
    "WS", "WV", "YO",
)  # fmt: skip
# Postcode areas by English region (a council draws its areas from its region).
REGION_AREAS: Final[dict[str, tuple[str, ...]]] = {
    "North East": ("NE", "DH", "SR", "TS", "DL"),
    "North West": (
        "M",
        "L",
        "WA",
        "WN",
        "BL",
        "BB",
        "PR",
        "LA",
        "CA",
        "CH",
        "CW",
        "OL",
    ),
    "Yorkshire and The Humber": ("LS", "BD", "HX", "HD", "WF", "S", "DN", "HU", "YO"),
    "East Midlands": ("NG", "DE", "LE", "LN", "NN"),
    "West Midlands": ("B", "CV", "DY", "WS", "WV", "ST", "TF", "WR", "HR"),
    "East of England": ("CB", "CM", "CO", "IP", "NR", "PE", "SG", "AL", "LU", "SS"),
    "London": ("E", "N", "NW", "SE", "SW", "W", "BR", "CR", "HA", "RM", "SM", "UB"),
    "South East": ("BN", "CT", "GU", "ME", "MK", "OX", "PO", "RG", "RH", "SL", "SO"),
    "South West": ("BA", "BH", "BS", "DT", "EX", "GL", "PL", "SN", "SP", "TA", "TR"),
}
_INWARD_LETTERS: Final[str] = "ABDEFGHJLNPQRSTUWXYZ"
_ODS_LETTERS: Final[str] = "ABCDEFGHJKLMNPY"
_NHS_WEIGHTS: Final[tuple[int, ...]] = (10, 9, 8, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class Pools:
    """Name and organisation pools drawn once from a seeded Faker."""

    first_female: tuple[str, ...]
    first_male: tuple[str, ...]
    last: tuple[str, ...]
    gp_practices: tuple[tuple[str, str], ...]
    care_homes: tuple[tuple[str, str], ...]
    agencies: tuple[tuple[str, str], ...]


def _unique(rng: Random, make: Callable[[Random], str], taken: set[str]) -> str:
    while True:
        value = make(rng)
        if value not in taken:
            taken.add(value)
            return value


def build_pools(seed: int, size: int = 2000) -> Pools:
    """Draw ``size`` first names (per sex), last names and organisations."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = Random(f"{seed}|pools")
    first_female = tuple(fake.first_name_female() for _ in range(size))
    first_male = tuple(fake.first_name_male() for _ in range(size))
    last = tuple(fake.last_name() for _ in range(size))

    codes: set[str] = set()
    gp: list[tuple[str, str]] = []
    gp_styles = (
        "{s} Surgery",
        "{l} Medical Centre",
        "{c} Health Centre",
        "The {s} Practice",
        "{c} Family Practice",
        "{l} and Partners",
    )
    for _ in range(size):
        name = rng.choice(gp_styles).format(
            s=fake.street_name(), l=fake.last_name(), c=fake.city()
        )
        code = _unique(
            rng,
            lambda r: r.choice(_ODS_LETTERS) + f"{r.randrange(100000):05d}",
            codes,
        )
        gp.append((name, code))

    cqc_ids: set[str] = set()

    def cqc_id(r: Random) -> str:
        return f"1-{r.randrange(10**8, 10**10)}"

    home_styles = (
        "{l} House",
        "{s} Lodge",
        "{c} Court Care Home",
        "{l} Nursing Home",
        "The {l} Care Centre",
        "{s} Manor",
    )
    agency_styles = (
        "{l} Home Care Ltd",
        "{c} Homecare Services",
        "{l} Care at Home",
        "{c} Reablement Service",
        "{l} Support Services",
        "{c} Supported Living",
    )
    homes = tuple(
        (
            rng.choice(home_styles).format(
                s=fake.street_name(), l=fake.last_name(), c=fake.city()
            ),
            _unique(rng, cqc_id, cqc_ids),
        )
        for _ in range(size)
    )
    agencies = tuple(
        (
            rng.choice(agency_styles).format(l=fake.last_name(), c=fake.city()),
            _unique(rng, cqc_id, cqc_ids),
        )
        for _ in range(size)
    )
    return Pools(first_female, first_male, last, tuple(gp), homes, agencies)


def nhs_check_digit(first_nine: str) -> int | None:
    """Return the modulus-11 check digit for nine digits, or None if 10 (invalid)."""
    total = sum(int(d) * w for d, w in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str) -> bool:
    """Return whether ``value`` is a 10-digit NHS number with a valid check digit."""
    if len(value) != 10 or not value.isdigit() or len(set(value)) == 1:
        return False
    return nhs_check_digit(value[:9]) == int(value[9])


NHS_SPACE: Final = 3 * 10**8  # nine-digit stems starting 4, 6 or 7
NHS_SLOT_WIDTH: Final = 1_800_000  # stems reserved per council slot (166 slots)
_MASK15: Final = (1 << 15) - 1


class NhsNumbers:
    """Valid NHS numbers, unique across councils and runs with one seed.

    Council ``slot`` numbers its people 0, 1, 2, ...; a keyed permutation of
    ``slot * NHS_SLOT_WIDTH + n`` over the stem space gives the first nine digits, so
    two people never share a number, whatever councils or workers generate them.
    Stems whose check digit would be 10 (or all-identical digits) are skipped.
    """

    def __init__(self, seed: int, slot: int) -> None:
        """Prepare the permutation keys and this council's range of stems."""
        rng = Random(f"{seed}|nhs")
        self._keys = tuple(rng.getrandbits(15) for _ in range(4))
        self._next = slot * NHS_SLOT_WIDTH
        self._end = self._next + NHS_SLOT_WIDTH
        if self._end > NHS_SPACE:
            msg = f"council slot {slot} is beyond the NHS number space"
            raise ValueError(msg)

    def _permute(self, value: int) -> int:
        # Four-round Feistel network on 30 bits, cycle-walked into [0, NHS_SPACE).
        while True:
            left, right = value >> 15, value & _MASK15
            for key in self._keys:
                mixed = ((right ^ key) * 0x45D9F3B + key) >> 7
                left, right = right, left ^ (mixed & _MASK15)
            value = (left << 15) | right
            if value < NHS_SPACE:
                return value

    def next(self) -> str:
        """Return the next NHS number of this council."""
        while self._next < self._end:
            stem_index = self._permute(self._next)
            self._next += 1
            first, rest = divmod(stem_index, 10**8)
            stem = f"{'467'[first]}{rest:08d}"
            check = nhs_check_digit(stem)
            if check is not None and len(set(stem)) > 1:
                return f"{stem}{check}"
        msg = "council ran out of NHS numbers; lower --people"
        raise RuntimeError(msg)


def random_postcode(rng: Random, areas: tuple[str, ...]) -> str:
    """Draw a postcode ``AREA<district> <digit><2 letters>`` in one of ``areas``."""
    district = rng.randint(1, 29)
    return (
        f"{rng.choice(areas)}{district} {rng.randrange(10)}"
        f"{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    )
