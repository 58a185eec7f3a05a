"""Defined lists (``seeds/cld_defined_lists.csv``) and per-release vocabularies."""

from __future__ import annotations

import csv
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Final

from cldgen.headers import normalise_key

RELEASES: Final[tuple[str, ...]] = ("R1", "R2")
VOCABULARIES: Final[dict[str, str]] = {"r1": "R1", "r2": "R2"}

# A release-specific code missing from the other release is replaced by these codes
# (tried in order) before the seed's R1 -> R2 mapping column is consulted.  The
# open-service outcome ("Provision of service" / "Continuation of support or
# services") is kept for open services only, so R1 "No change in package" and the
# R1-only progress outcomes fall back to "Progress to support planning or services"
# in Release 2 rather than to the continuation value the official mapping uses.
_FALLBACKS: Final[dict[tuple[str, str], tuple[str, ...]]] = {
    ("event_outcome", "no_change_in_package"): (
        "progress_to_support_planning_or_services",
    ),
    ("event_outcome", "progress_to_end_of_life_care"): (
        "progress_to_support_planning_or_services",
    ),
    ("event_outcome", "progress_to_financial_assessment"): (
        "progress_to_support_planning_or_services",
    ),
    ("event_outcome", "nfa_referral_to_other_la_service"): ("nfa_other",),
    ("event_outcome", "continuation_of_support_or_services"): ("provision_of_service",),
    ("event_outcome", "progress_to_assessment_review_or_reassessment"): (
        "progress_to_assessment",
    ),
    ("event_outcome", "nfa_referral_to_nhs_or_nhs_funded_care"): (
        "nfa_100_percent_nhs_funded_care",
    ),
    ("service_component", "professional_support_social_worker"): (
        "professional_support",
    ),
    ("service_component", "professional_support_other"): ("professional_support",),
    ("service_component", "professional_support"): (
        "professional_support_social_worker",
    ),
    ("client_funding_status", "unknown"): ("unknown_individual_level",),
    ("client_funding_status", "unknown_individual_level"): ("unknown",),
    ("client_funding_status", "fully_client_funded"): ("full_cost_client_18_3",),
    ("client_funding_status", "full_cost_client_18_3"): ("fully_client_funded",),
}


@dataclass(frozen=True)
class ListRow:
    """One row of the defined-lists seed."""

    field: str
    code: str
    release: str
    label: str
    release_2_code: str


def read_defined_lists(path: Path) -> list[ListRow]:
    """Read the defined-lists seed (header ``field_name,code,release,label,...``)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"field_name", "code", "release", "label", "release_2_code"} - set(
            reader.fieldnames or ()
        )
        if missing:
            msg = f"{path}: missing columns {sorted(missing)}"
            raise ValueError(msg)
        return [
            ListRow(
                field=row["field_name"].strip(),
                code=row["code"].strip(),
                release=row["release"].strip(),
                label=row["label"],
                release_2_code=(row["release_2_code"] or "").strip(),
            )
            for row in reader
            if row["field_name"] and row["label"]
        ]


def _labels_by_code(rows: Iterable[ListRow]) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in rows:
        out.setdefault(row.code, row.label)
    return out


class Vocabulary:
    """The coded values of one release, addressed by the seed's stable codes."""

    def __init__(self, release: str, rows: Sequence[ListRow]) -> None:
        """Build the vocabulary of ``release`` (``R1`` or ``R2``) from seed rows.

        Release 2 uses the R2 rows of a field; a field without R2 rows falls back to
        its R1 labels; a field whose R2 rows are only additions (fewer than half the
        R1 codes, e.g. review reason) uses the R2 rows plus the R1 labels of the
        codes R2 does not redefine.
        """
        if release not in RELEASES:
            msg = f"unknown release {release!r}"
            raise ValueError(msg)
        self.release = release
        fields = sorted({row.field for row in rows})
        r1_to_r2: dict[tuple[str, str], str] = {}
        self.labels: dict[str, dict[str, str]] = {}
        for field in fields:
            r1 = _labels_by_code(
                r for r in rows if r.field == field and r.release == "R1"
            )
            r2 = _labels_by_code(
                r for r in rows if r.field == field and r.release == "R2"
            )
            for row in rows:
                if row.field == field and row.release == "R1" and row.release_2_code:
                    r1_to_r2.setdefault((field, row.code), row.release_2_code)
            if release == "R1" or not r2:
                chosen = r1
            elif len(r2) * 2 < len(r1):
                chosen = {**r2, **{c: lab for c, lab in r1.items() if c not in r2}}
            else:
                chosen = r2
            self.labels[field] = chosen
        self._r1_to_r2 = r1_to_r2
        self._exact = {f: frozenset(codes.values()) for f, codes in self.labels.items()}

    def fields(self) -> list[str]:
        """Return the coded fields of this vocabulary."""
        return list(self.labels)

    def has(self, field: str, code: str) -> bool:
        """Return whether ``code`` is a value of ``field`` in this release."""
        return code in self.labels.get(field, {})

    def resolve_code(self, field: str, code: str) -> str | None:
        """Return ``code`` or the equivalent code this release uses, if any."""
        codes = self.labels.get(field, {})
        if code in codes:
            return code
        for alt in _FALLBACKS.get((field, code), ()):
            if alt in codes:
                return alt
        mapped = self._r1_to_r2.get((field, code))
        if mapped and mapped in codes:
            return mapped
        return None

    def resolve(self, field: str, code: str) -> str | None:
        """Return the label for ``code``, falling back to an equivalent code."""
        found = self.resolve_code(field, code)
        return None if found is None else self.labels[field][found]

    def label(self, field: str, code: str) -> str:
        """Return the label for ``code`` or raise ``KeyError``."""
        found = self.resolve(field, code)
        if found is None:
            msg = f"{self.release}: no value for {field}.{code}"
            raise KeyError(msg)
        return found

    def exact_labels(self, field: str) -> frozenset[str]:
        """Return the exact labels of ``field`` in this release."""
        return self._exact.get(field, frozenset())

    def chooser(self, field: str, weights: Mapping[str, float]) -> Chooser:
        """Build a weighted chooser over codes, merging codes that resolve alike."""
        merged: dict[str, float] = {}
        for code, weight in weights.items():
            if weight <= 0:
                continue
            found = self.resolve(field, code)
            if found is not None:
                merged[found] = merged.get(found, 0.0) + weight
        if not merged:
            msg = f"{self.release}: no usable values for {field} from {list(weights)}"
            raise KeyError(msg)
        return Chooser(list(merged.items()))

    def code_chooser(self, field: str, weights: Mapping[str, float]) -> Chooser:
        """Build a weighted chooser over the codes this release resolves them to."""
        merged: dict[str, float] = {}
        for code, weight in weights.items():
            found = self.resolve_code(field, code) if code else ""
            if weight > 0 and found is not None:
                merged[found] = merged.get(found, 0.0) + weight
        if not merged:
            msg = f"{self.release}: no usable codes for {field} from {list(weights)}"
            raise KeyError(msg)
        return Chooser(list(merged.items()))


class Chooser:
    """Weighted random choice over a fixed set of strings."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, items: Sequence[tuple[str, float]]) -> None:
        """Store the items and their cumulative weights."""
        self._items = [item for item, _ in items]
        self._cum = list(accumulate(weight for _, weight in items))
        self._total = self._cum[-1]
        self._cum[-1] = math.inf  # so a draw can never fall past the last item

    def pick(self, rng: Random) -> str:
        """Return one item drawn with the stored weights."""
        return self._items[bisect_right(self._cum, rng.random() * self._total)]

    @property
    def items(self) -> list[str]:
        """Return the items that can be drawn."""
        return list(self._items)


def all_field_labels(rows: Iterable[ListRow]) -> dict[str, frozenset[str]]:
    """Return every label of each field across all releases and variants."""
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row.field, set()).add(row.label)
    return {field: frozenset(labels) for field, labels in out.items()}


def all_field_keys(rows: Iterable[ListRow]) -> dict[str, frozenset[str]]:
    """Return the normalised keys of every label of each field."""
    return {
        field: frozenset(normalise_key(label) for label in labels)
        for field, labels in all_field_labels(rows).items()
    }
