"""Defect injection: at most one recorded defect per data row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Final

from cldgen.headers import COL, normalise_key
from cldgen.pools import is_valid_nhs_number, nhs_check_digit
from cldgen.simulate import ASSESSMENT, REQUEST, REVIEW, SERVICE, SERVICE_USER
from cldgen.vocab import Vocabulary

DEFECT_KINDS: Final[tuple[str, ...]] = (
    "list_value_variant",
    "invalid_list_value",
    "unparseable_date",
    "future_date",
    "end_before_start",
    "invalid_nhs_number",
    "missing_mandatory",
    "under_18",
    "duplicate_row",
    "negative_cost",
    "wrong_event_type_field",
)
WHOLE_ROW: Final = "*"
CKBA_ROW: Final = -1

MANDATORY_FIELDS: Final[tuple[str, ...]] = (
    "gender",
    "ethnicity",
    "client_type",
    "has_unpaid_carer",
    "accommodation_status",
    "la_person_unique_identifier",
    "date_of_birth",
    "event_start_date",
)
EVENT_TYPE_FIELDS: Final[dict[int, tuple[str, ...]]] = {
    REQUEST: ("request_route_of_access",),
    ASSESSMENT: (
        "assessment_type",
        "eligible_needs_identified",
        "method_of_assessment",
    ),
    SERVICE: (
        "service_type",
        "service_component",
        "delivery_mechanism",
        "cost_frequency_unit_type",
    ),
    REVIEW: ("review_reason", "review_outcomes_achieved", "method_of_review"),
}
_JUNK: Final[tuple[str, ...]] = (
    "Not recorded",
    "See case notes",
    "TBC",
    "Legacy code 7",
    "Other - please specify",
    "Awaiting data",
    "N/K",
    "XX",
    "Pending",
    "Various",
    "Code 99",
)
_BAD_DATE_PATTERNS: Final[tuple[str, ...]] = (
    "31/02/{y}",
    "30/02/{y}",
    "{y}/13/45",
    "n/a date",
    "32/{m:02d}/{y}",
    "00/{m:02d}/{y}",
    "{d:02d}/13/{y}",
    "31/04/{y}",
    "unknown",
    "{d:02d}.{m:02d}.{y} 25:61",
)


@dataclass(frozen=True, slots=True)
class RowInfo:
    """What the injector needs to know about a data row."""

    kind: int  # event kind, or CKBA_ROW
    client: int
    start: int | None
    end: int | None
    period_end: int
    has_cost: bool


Change = tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class Defect:
    """One injected defect (``field`` is ``*`` for whole-row defects)."""

    kind: str
    field: str
    value: str


def _fmt(ordinal: int) -> str:
    return date.fromordinal(ordinal).strftime("%d/%m/%Y")


class DefectInjector:
    """Chooses and applies defects to rows of one council's files."""

    def __init__(
        self,
        rng: Random,
        *,
        rate: float,
        kinds: tuple[str, ...],
        vocab: Vocabulary,
        field_labels: dict[str, frozenset[str]],
        field_keys: dict[str, frozenset[str]],
    ) -> None:
        """Store the defect rate, enabled kinds and the lists used for checks."""
        self.rng = rng
        self.rate = rate
        self.kinds = kinds
        self.vocab = vocab
        self.labels = field_labels
        self.keys = field_keys
        self.coded = tuple(f for f in COL if f in field_labels)

    def maybe(self, row: list[str], info: RowInfo) -> Defect | None:
        """With probability ``rate`` apply one applicable defect to ``row``."""
        if self.rate <= 0 or self.rng.random() >= self.rate:
            return None
        candidates = [k for k in self.kinds if self._applicable(k, row, info)]
        if not candidates:
            return None
        kind = self.rng.choice(candidates)
        change = getattr(self, f"_{kind}")(row, info)
        if change is None:
            return None
        name, value = change
        if name != WHOLE_ROW:
            row[COL[name]] = value
        return Defect(kind, name, value)

    @staticmethod
    def _applicable(kind: str, row: list[str], info: RowInfo) -> bool:
        has_event = info.kind != CKBA_ROW
        if kind in {"future_date", "wrong_event_type_field"}:
            return has_event
        if kind == "end_before_start":
            return has_event and bool(row[COL["event_end_date"]])
        if kind == "under_18":
            return has_event and info.client == SERVICE_USER
        if kind == "negative_cost":
            return info.has_cost and bool(row[COL["unit_cost"]])
        if kind == "invalid_nhs_number":
            return bool(row[COL["nhs_number"]])
        return True

    # Each method returns (field, injected value); the caller writes it into the row.
    def _duplicate_row(self, row: list[str], info: RowInfo) -> Change:
        return WHOLE_ROW, ""

    def _list_value_variant(self, row: list[str], info: RowInfo) -> Change:
        fields = [f for f in self.coded if row[COL[f]]]
        self.rng.shuffle(fields)
        for name in fields:
            value = self._variant(name, row[COL[name]])
            if value is not None:
                return name, value
        return None

    def _invalid_list_value(self, row: list[str], info: RowInfo) -> Change:
        fields = [f for f in self.coded if row[COL[f]]]
        self.rng.shuffle(fields)
        for name in fields:
            value = self._junk(name)
            if value is not None:
                return name, value
        return None

    def _unparseable_date(self, row: list[str], info: RowInfo) -> Change:
        rng = self.rng
        options = ["date_of_birth"]
        options += [f for f in ("event_start_date", "event_end_date") if row[COL[f]]]
        when = date.fromordinal(info.period_end - rng.randrange(365))
        value = rng.choice(_BAD_DATE_PATTERNS).format(
            y=when.year, m=when.month, d=when.day
        )
        return rng.choice(options), value

    def _future_date(self, row: list[str], info: RowInfo) -> Change:
        if row[COL["event_end_date"]]:
            return "event_end_date", _fmt(info.period_end + self.rng.randint(1, 180))
        # open service: it cannot start after the period end either
        return "event_start_date", _fmt(info.period_end + self.rng.randint(1, 120))

    def _end_before_start(self, row: list[str], info: RowInfo) -> Change:
        if info.start is None:
            return None
        return "event_end_date", _fmt(info.start - self.rng.randint(1, 90))

    def _invalid_nhs_number(self, row: list[str], info: RowInfo) -> Change:
        return "nhs_number", self._bad_nhs(row[COL["nhs_number"]])

    def _missing_mandatory(self, row: list[str], info: RowInfo) -> Change:
        options = [
            f
            for f in MANDATORY_FIELDS
            if row[COL[f]] and (f != "event_start_date" or info.kind != CKBA_ROW)
        ]
        return self.rng.choice(options), ""

    def _under_18(self, row: list[str], info: RowInfo) -> Change:
        if info.start is None:
            return None
        start = date.fromordinal(info.start)
        low = _years_before(start, 18).toordinal() + 1
        high = _years_before(start, 16).toordinal()
        return "date_of_birth", _fmt(self.rng.randint(low, high))

    def _negative_cost(self, row: list[str], info: RowInfo) -> Change:
        return "unit_cost", "-" + row[COL["unit_cost"]]

    def _wrong_event_type_field(self, row: list[str], info: RowInfo) -> Change:
        options = [
            f
            for kind, names in EVENT_TYPE_FIELDS.items()
            if kind != info.kind
            for f in names
            if self.vocab.labels.get(f)
        ]
        name = self.rng.choice(options)
        return name, self.rng.choice(sorted(self.vocab.labels[name].values()))

    def _variant(self, name: str, label: str) -> str | None:
        """Return a spelling of ``label`` that normalises alike but is not exact."""
        exact = self.labels[name]
        key = normalise_key(label)
        candidates = [
            label.upper(),
            label.lower(),
            label.swapcase(),
            label.title(),
            label.replace(" - ", "-"),
            label.replace(": ", " - "),
            label.replace("/", " / "),
            label.replace(" ", "  "),
            label.replace("-", " - "),
            label.replace("&", "and"),
            label.replace(" ", "_"),
            label + ".",
        ]
        self.rng.shuffle(candidates)
        for value in candidates:
            if (
                value != label
                and value not in exact
                and value.strip() not in exact
                and normalise_key(value) == key
            ):
                return value
        return None

    def _junk(self, name: str) -> str | None:
        keys = self.keys.get(name, frozenset())
        options = [
            j for j in _JUNK if normalise_key(j) and normalise_key(j) not in keys
        ]
        return self.rng.choice(options) if options else None

    def _bad_nhs(self, current: str) -> str:
        rng = self.rng
        style = rng.randrange(4)
        if style == 0 and len(current) == 10 and current.isdigit():
            good = nhs_check_digit(current[:9])
            digit = rng.choice(
                [d for d in "0123456789" if good is None or int(d) != good]
            )
            value = current[:9] + digit
        elif style == 1:
            value = current[:9]
        elif style == 2:
            value = current + str(rng.randrange(10))
        else:
            value = str(rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 9))) * 10
        if is_valid_nhs_number(value):  # pragma: no cover - defensive
            value = value[:9]
        return value


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
