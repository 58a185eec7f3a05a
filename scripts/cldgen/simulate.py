"""Person journeys for one council: requests, assessments, services and reviews.

Dates are day ordinals (``date.toordinal()``).  A person's timeline spans every
submission of the run; the council writer decides which events each submission
shows (requests, assessments and reviews that ended in the period, services active
in it) and whether a service is still open at the period end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from random import Random
from typing import Final

from cldgen.pools import (
    POSTCODE_AREAS,
    REGION_AREAS,
    NhsNumbers,
    Pools,
    random_postcode,
)
from cldgen.vocab import Chooser, Vocabulary
from cldgen.weights import CARING_HOURS, CHOOSERS, COSTS

REQUEST: Final = 0
ASSESSMENT: Final = 1
SERVICE: Final = 2
REVIEW: Final = 3
EVENT_TYPE_CODES: Final = ("request", "assessment", "service", "review")

SERVICE_USER: Final = 0
CARER: Final = 1
CKBA: Final = 2
CLIENT_TYPE_CODES: Final = ("service_user", "carer", "carer_known_by_association")

LONG_TERM_TYPES: Final = frozenset(
    {"lt_nursing_care", "lt_residential_care", "lt_community", "lt_prison"}
)
CARER_TYPES: Final = frozenset(
    {"carer_support_direct_to_carer", "carer_support_involving_cared_for"}
)
COST_REQUIRED_COMPONENTS: Final = frozenset(
    {"short_term_residential_care", "short_term_nursing_care", "carer_respite"}
)
UNIT_FREQUENCIES: Final = frozenset({"per_session", "hourly", "daily"})
COMMISSIONED: Final = "cassr_commissioned_support"
DIRECT_PAYMENT: Final = "direct_payment"
REGULATED: Final = frozenset(
    {
        "reablement",
        "home_support",
        "short_term_residential_care",
        "short_term_nursing_care",
        "long_term_residential_care",
        "long_term_nursing_care",
        "shared_lives",
        "community_supported_living",
        "extra_care_housing",
        "end_of_life_care",
    }
)
CARE_HOME_COMPONENTS: Final = frozenset(
    {
        "short_term_residential_care",
        "short_term_nursing_care",
        "long_term_residential_care",
        "long_term_nursing_care",
    }
)
SETTING_ACCOMMODATION: Final = {
    "lt_residential_care": "registered_care_home",
    "lt_nursing_care": "registered_nursing_home",
    "lt_prison": "prison_yoi_or_detention_centre",
}
MEAN_DAYS: Final = {
    "lt_community": 1100,
    "lt_residential_care": 800,
    "lt_nursing_care": 500,
    "lt_prison": 300,
}

# Event outcome code (either release) -> what happens next.
NEXT_ACTION: Final[dict[str, str]] = {
    "progress_to_reablement_st_max": "reablement",
    "progress_to_assessment": "assessment",
    "progress_to_reassessment_or_unplanned_review": "assessment",
    "progress_to_assessment_review_or_reassessment": "assessment",
    "progress_to_support_planning_or_services": "plan",
    "progress_to_financial_assessment": "financial",
    "progress_to_end_of_life_care": "end_of_life",
    "no_change_in_package": "plan",
    "admitted_to_hospital": "hospital",
}
DESCRIPTIONS: Final[dict[tuple[int, bool], tuple[str, ...]]] = {
    (REQUEST, False): (
        "Initial conversation",
        "Contact - initial conversation",
        "Referral received",
        "Hospital discharge referral",
        "Self referral",
        "Referral from GP",
        "Family referral",
        "Front door contact",
    ),
    (ASSESSMENT, False): (
        "Care Act assessment",
        "Needs assessment",
        "OT assessment",
        "Proportionate assessment",
    ),
    (SERVICE, False): (
        "Care package",
        "Support plan service",
        "Commissioned service",
        "Personal budget service",
    ),
    (REVIEW, False): (
        "Annual review",
        "6-8 week review",
        "Review of care and support plan",
    ),
    (REQUEST, True): (
        "Carer contact",
        "Carer referral",
        "Initial conversation - carer",
    ),
    (ASSESSMENT, True): ("Carer's assessment", "Joint carer assessment"),
    (SERVICE, True): ("Carer support", "Carer's personal budget", "Carer break"),
    (REVIEW, True): ("Carer's review", "Annual carer review"),
}
EMPTY_HEAD: Final = ("", "", "", "", "")
EMPTY_TAIL: Final = ("",) * 11


@dataclass(slots=True)
class Event:
    """One event of a person's timeline (dates are day ordinals).

    ``head`` holds description, route of access, assessment type, eligible needs
    and method of assessment; ``tail`` the eleven service, review and cost columns.
    ``outcome`` is the outcome once the event has ended (blank for financial
    assessments).
    """

    kind: int
    start: int
    end: int
    outcome: str
    head: tuple[str, str, str, str, str]
    tail: tuple[str, ...]
    has_cost: bool = False
    ref: str = ""


@dataclass(slots=True)
class Person:
    """A person's column values (per submission where they change) and timeline."""

    client: int
    la_id: str
    fixed: list[str]
    ethnicity: list[str]
    accommodation: list[str]
    dod: int | None
    has_unpaid_carer_code: str
    events: list[Event]
    carer_block: list[str] = field(default_factory=lambda: [""] * 5)


@dataclass(slots=True)
class _State:
    adult_from: int
    prison: bool = False
    setting: str = ""
    end_of_life: int | None = None
    request_days: set[int] = field(default_factory=set)


def add_years(day: date, years: int) -> date:
    """Return the same calendar day ``years`` later (29 Feb becomes 28 Feb)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Simulator:
    """Draws people and their journeys for one council with one vocabulary."""

    def __init__(
        self,
        vocab: Vocabulary,
        rng: Random,
        pools: Pools,
        *,
        la_code: str,
        history_start: int,
        horizon_end: int,
        n_submissions: int,
        people: int,
        seed: int = 1,
        slot: int = 0,
        region: str = "",
    ) -> None:
        """Prepare choosers, the council's pools and the simulation horizon."""
        self.v = vocab
        self.rng = rng
        self.la_code = la_code
        self.h0 = history_start
        self.h1 = horizon_end
        self.n_subs = n_submissions
        self.horizon_years = max(0.25, (horizon_end - history_start) / 365.25)
        youngest = add_years(date.fromordinal(history_start), -18).toordinal() - 1
        self.max_dob = min(youngest, date(2006, 12, 31).toordinal())
        oldest = add_years(date.fromordinal(horizon_end), -104).toordinal()
        self.min_dob = max(date(1925, 1, 1).toordinal(), oldest)
        self.pools = pools
        self.ch: dict[str, Chooser] = {
            name: (vocab.code_chooser if codes else vocab.chooser)(field_name, weights)
            for name, field_name, weights, codes in CHOOSERS
        }
        self.cost_choosers = {
            comp: Chooser([(str(i), option[1]) for i, option in enumerate(options)])
            for comp, options in COSTS.items()
        }
        self.client_type = [vocab.label("client_type", c) for c in CLIENT_TYPE_CODES]
        self.event_type = [vocab.label("event_type", c) for c in EVENT_TYPE_CODES]
        self.open_outcome = vocab.label("event_outcome", "provision_of_service")
        self.outcomes = vocab.labels["event_outcome"]
        self.deceased = vocab.label("event_outcome", "nfa_deceased")
        self.male = vocab.label("gender", "male")
        self.female = vocab.label("gender", "female")
        self.psr_carer = vocab.label(
            "primary_support_reason", "social_support_to_carer"
        )
        self.planned_reason = vocab.label("review_reason", "planned")
        short_review = "review_of_short_term_support"
        self.short_term_reason = vocab.label(
            "review_reason",
            short_review if vocab.has("review_reason", short_review) else "planned",
        )
        self.review_no_change = (
            vocab.resolve_code("event_outcome", "no_change_in_package") or ""
        )
        self.has_financial = vocab.has("assessment_type", "financial_assessment")
        self.route_prison = vocab.resolve_code("request_route_of_access", "prison")
        self.eligible_code = "eligible_needs_identified"
        self._council_pools(people, REGION_AREAS.get(region, POSTCODE_AREAS))
        self.next_id = rng.randrange(100000, 900000)
        self.id_step = rng.randint(1, 7)
        self.id_prefix = rng.choice(("", "", "", "P", "LA", "C"))
        self.nhs = NhsNumbers(seed, slot)
        self._service_keys: set[tuple[str, str, int]] = set()

    def _council_pools(self, people: int, areas: tuple[str, ...]) -> None:
        rng = self.rng
        self.areas = tuple(rng.sample(areas, rng.randint(1, 3)))
        self.gps = rng.sample(
            self.pools.gp_practices,
            min(len(self.pools.gp_practices), people // 1500 + 4),
        )
        self.homes = rng.sample(
            self.pools.care_homes, min(len(self.pools.care_homes), people // 300 + 4)
        )
        self.agencies = rng.sample(
            self.pools.agencies, min(len(self.pools.agencies), people // 500 + 4)
        )

    def lab(self, field_name: str, code: str) -> str:
        """Return the label of ``code`` in this vocabulary ('' for the blank code)."""
        return self.v.labels[field_name][code] if code else ""

    def pick(self, chooser: str) -> str:
        """Draw from a named chooser."""
        return self.ch[chooser].pick(self.rng)

    # ---------------------------------------------------------------- people
    def _new_la_id(self) -> str:
        self.next_id += self.id_step
        return f"{self.id_prefix}{self.next_id}"

    def _dob(self, age_low: int, age_high: int) -> int:
        rng = self.rng
        age = rng.uniform(age_low, age_high)
        dob = self.h1 - int(age * 365.25) - rng.randrange(365)
        return min(self.max_dob, max(self.min_dob, dob))

    def _person_dob(self, client: int, psr_code: str) -> int:
        if client != SERVICE_USER:
            return self._dob(22, 88) if client == CARER else self._dob(25, 90)
        band = self.rng.random()
        if psr_code == "learning_disability" and band < 0.85:
            return self._dob(18, 62)
        if band < 0.3:
            return self._dob(18, 64)
        return self._dob(65, 84) if band < 0.7 else self._dob(85, 100)

    def make_person(self, client: int, fmt: Mapping[int, str]) -> Person:
        """Draw a person of ``client`` type (0 user, 1 carer, 2 CKBA) and timeline."""
        rng = self.rng
        psr_code = self.pick("psr_su") if client == SERVICE_USER else ""
        dob = self._person_dob(client, psr_code)
        state = _State(adult_from=add_years(date.fromordinal(dob), 18).toordinal())
        self._service_keys.clear()
        events: list[Event] = []
        if client == SERVICE_USER:
            self._service_user_timeline(events, state)
        elif client == CARER:
            self._carer_timeline(events, state)
        age = (self.h1 - dob) / 365.25
        dod = self._death(events, state, age, client)
        events.sort(key=lambda e: (e.start, e.kind, e.end))
        gender = self.pick("gender_su" if client == SERVICE_USER else "gender_carer")
        if gender == self.male or (gender != self.female and rng.random() < 0.5):
            first = rng.choice(self.pools.first_male)
        else:
            first = rng.choice(self.pools.first_female)
        gp_name, gp_code = rng.choice(self.gps) if rng.random() < 0.96 else ("", "")
        attrs = self._attributes(client, psr_code, state.setting, age)
        ethnicity = self.pick("ethnicity")
        la_id = self._new_la_id()
        fixed = [
            self.la_code,
            "",  # period start, set per submission
            "",  # period end
            self.nhs.next(),
            la_id,
            first,
            rng.choice(self.pools.last),
            gp_name,
            gp_code,
            gender,
            "",  # ethnicity, per submission
            fmt[dob],
            "",  # date of death, per submission
            self.client_type[client],
            attrs["psr"],
            random_postcode(rng, self.areas),
            "",  # accommodation, per submission
            attrs["employment"],
            self.lab("has_unpaid_carer", attrs["has_carer"]),
            attrs["asd"],
            attrs["visual"],
            attrs["hearing"],
            attrs["dementia"],
            attrs["funding"],
        ]
        eth_by_sub = [ethnicity] * self.n_subs
        acc_by_sub = [attrs["accommodation"]] * self.n_subs
        if self.n_subs > 1:
            # Later submissions correct a few person values.
            if rng.random() < 0.03:
                at = rng.randint(1, self.n_subs - 1)
                eth_by_sub[at:] = [self.pick("ethnicity")] * (self.n_subs - at)
            if rng.random() < 0.03 and not state.setting:
                at = rng.randint(1, self.n_subs - 1)
                acc_by_sub[at:] = [self.pick("accommodation")] * (self.n_subs - at)
        return Person(
            client=client,
            la_id=la_id,
            fixed=fixed,
            ethnicity=eth_by_sub,
            accommodation=acc_by_sub,
            dod=dod,
            has_unpaid_carer_code=attrs["has_carer"],
            events=events,
        )

    def _attributes(
        self, client: int, psr_code: str, setting: str, age: float
    ) -> dict[str, str]:
        rng = self.rng
        if client != SERVICE_USER:
            return {
                "psr": self.psr_carer,
                "accommodation": self.pick("accommodation_carer"),
                "employment": self.pick("employment_carer")
                if rng.random() < 0.7
                else "",
                "has_carer": self.pick("has_carer_carer"),
                "asd": "",
                "visual": "",
                "hearing": "",
                "dementia": "",
                "funding": "",
            }
        ld = psr_code == "learning_disability"
        if setting in SETTING_ACCOMMODATION:
            accommodation = self.lab(
                "accommodation_status", SETTING_ACCOMMODATION[setting]
            )
        else:
            accommodation = self.pick("accommodation_ld" if ld else "accommodation")
        if ld:
            # Mandatory for service users aged 18-64 with LD support (CLD-024).
            employment = self.pick("employment_ld")
        elif age < 66:
            employment = self.pick("employment_young") if rng.random() < 0.8 else ""
        else:
            employment = self.pick("employment_old") if rng.random() < 0.4 else ""
        return {
            "psr": self.lab("primary_support_reason", psr_code),
            "accommodation": accommodation,
            "employment": employment,
            "has_carer": self.pick("has_carer_su"),
            "asd": self.pick("asd_ld" if ld else "asd"),
            "visual": self.pick("visual"),
            "hearing": self.pick("hearing"),
            "dementia": self.pick("dementia_old" if age >= 80 else "dementia"),
            "funding": self.pick("funding"),
        }

    def carer_block(self, linked_pool: list[str], *, ckba: bool) -> list[str]:
        """Return hours caring, number of adults cared for and linked person ids."""
        rng = self.rng
        roll = rng.random()
        adults = 1 if roll < 0.8 else 2 if roll < 0.95 else 3
        wanted = adults if rng.random() < 0.85 else max(1, adults - 1)
        linked = rng.sample(linked_pool, min(wanted, len(linked_pool)))
        hours = "" if ckba and rng.random() < 0.5 else str(rng.choice(CARING_HOURS))
        return [hours, str(max(adults, len(linked))), *[*linked, "", "", ""][:3]]

    # ------------------------------------------------------------- timelines
    def _service_user_timeline(self, events: list[Event], state: _State) -> None:
        rng = self.rng
        earliest = max(self.h0, state.adult_from)
        state.prison = rng.random() < 0.006
        if rng.random() < 0.36:
            back = int(rng.triangular(30, 8 * 365, 200))
            start = max(state.adult_from, self.h0 - back)
            self._long_term(events, state, start, existing=True)
            contacts = 1 if rng.random() < 0.3 else 0
        else:
            contacts = 1
            while rng.random() < 0.25:
                contacts += 1
        for _ in range(contacts):
            self._request(events, state, rng.randint(earliest, self.h1), 0)

    def _carer_timeline(self, events: list[Event], state: _State) -> None:
        rng = self.rng
        earliest = max(self.h0, state.adult_from)
        if rng.random() < 0.35:
            back = int(rng.triangular(30, 4 * 365, 100))
            self._carer_service(
                events, state, max(state.adult_from, self.h0 - back), ongoing=True
            )
            contacts = 1 if rng.random() < 0.2 else 0
        else:
            contacts = 1 if rng.random() < 0.9 else 2
        for _ in range(contacts):
            self._carer_request(events, state, rng.randint(earliest, self.h1))

    def _death(
        self, events: list[Event], state: _State, age: float, client: int
    ) -> int | None:
        """Maybe end the person's life in the horizon; crop their timeline."""
        if not events:
            return None
        rng = self.rng
        hazard = 0.01
        if client == SERVICE_USER:
            hazard = 0.02 if age < 65 else 0.07 if age < 85 else 0.15
            hazard *= {"lt_residential_care": 2.5, "lt_nursing_care": 4.0}.get(
                state.setting, 1.0
            )
        first = max(self.h0, min(e.start for e in events))
        if state.end_of_life is not None:
            dod = state.end_of_life
        elif first < self.h1 and rng.random() < min(0.8, hazard * self.horizon_years):
            dod = rng.randint(first + 1, self.h1)
        else:
            return None
        kept = []
        for event in events:
            if event.start > dod:
                continue
            if event.end > dod or (event.kind == SERVICE and event.end == dod):
                event.end = dod
                if event.outcome:
                    event.outcome = self.deceased
            kept.append(event)
        events[:] = kept
        return dod if kept else None

    # ---------------------------------------------------------------- events
    def _desc(self, kind: int, carer: bool) -> str:
        rng = self.rng
        return "" if rng.random() < 0.12 else rng.choice(DESCRIPTIONS[kind, carer])

    def _request(self, events: list[Event], state: _State, t: int, depth: int) -> None:
        while t in state.request_days:
            t += 1  # one request per person per day and route keeps events unique
        if t > self.h1 or depth > 4:
            return
        state.request_days.add(t)
        rng = self.rng
        if state.prison and self.route_prison and rng.random() < 0.7:
            route = self.route_prison
        else:
            route = self.pick("route_su")
        hospital = route in {
            "discharge_from_hospital",
            "diversion_from_hospital_services",
        }
        code = self.pick("request_outcome_hospital" if hospital else "request_outcome")
        end = t if rng.random() < 0.45 else t + rng.randint(1, 21)
        head = (
            self._desc(REQUEST, False),
            self.lab("request_route_of_access", route),
            "",
            "",
            "",
        )
        events.append(Event(REQUEST, t, end, self.outcomes[code], head, EMPTY_TAIL))
        self._follow(events, state, code, end + rng.randint(0, 3), depth)

    def _follow(
        self, events: list[Event], state: _State, code: str, t: int, depth: int
    ) -> None:
        action = NEXT_ACTION.get(code, "")
        if action == "reablement":
            self._st_max(events, state, t, depth)
        elif action == "assessment":
            self._assessment(events, state, t, depth)
        elif action == "plan":
            self._short_term(events, state, t, depth)
        elif action == "end_of_life":
            self._end_of_life(events, state, t)

    def _assessment(
        self, events: list[Event], state: _State, t: int, depth: int
    ) -> None:
        if t > self.h1:
            return
        rng = self.rng
        long_term = rng.random() < 0.68
        if long_term:
            end = t + rng.randint(3, 42)
            eligible = self.pick("eligible")
            code = self.pick(
                "assess_eligible"
                if eligible == self.eligible_code
                else "assess_not_eligible"
            )
            atype = self.v.label("assessment_type", "long_term")
        else:
            end = t + rng.randint(0, 21)
            eligible = self.pick("eligible") if rng.random() < 0.35 else ""
            code = self.pick("assess_short")
            atype = self.v.label("assessment_type", "short_term")
        head = (
            self._desc(ASSESSMENT, False),
            "",
            atype,
            self.lab("eligible_needs_identified", eligible),
            self.pick("method_su"),
        )
        events.append(Event(ASSESSMENT, t, end, self.outcomes[code], head, EMPTY_TAIL))
        nxt = end + rng.randint(0, 3)
        action = NEXT_ACTION.get(code, "")
        if action == "financial" and self.has_financial:
            fin_end = self._financial(events, nxt)
            self._long_term(events, state, fin_end + rng.randint(0, 7), depth=depth + 1)
        elif action in {"plan", "financial"} and long_term:
            self._long_term(events, state, nxt, depth=depth + 1)
        elif action:
            self._follow(events, state, code, nxt, depth + 1)

    def _financial(self, events: list[Event], t: int) -> int:
        """Add a financial assessment (Release 1 only; no outcome, no method)."""
        rng = self.rng
        end = t + rng.randint(1, 28)
        head = (
            "Financial assessment" if rng.random() < 0.7 else "",
            "",
            self.v.label("assessment_type", "financial_assessment"),
            "",
            "",
        )
        events.append(Event(ASSESSMENT, t, end, "", head, EMPTY_TAIL))
        return end

    def _reassessment(self, events: list[Event], t: int, *, carer: bool) -> int:
        rng = self.rng
        end = t + rng.randint(3, 35)
        if carer:
            description = self._desc(ASSESSMENT, True)
        else:
            description = "Reassessment" if rng.random() < 0.6 else ""
        head = (
            description,
            "",
            self.v.label("assessment_type", "long_term"),
            self.lab("eligible_needs_identified", self.pick("eligible")),
            self.pick("method_carer" if carer else "method_su"),
        )
        outcome = self.v.label(
            "event_outcome", "progress_to_support_planning_or_services"
        )
        events.append(Event(ASSESSMENT, t, end, outcome, head, EMPTY_TAIL))
        return end

    def _service(
        self,
        events: list[Event],
        *,
        stype: str,
        comp: str,
        start: int,
        end: int,
        end_code: str,
        mech: str,
        carer: bool = False,
    ) -> None:
        """Add a service row with its cost block and provider."""
        rng = self.rng
        while (stype, comp, start) in self._service_keys:
            start, end = start + 1, end + 1  # keep service events unique (CLD-052)
        self._service_keys.add((stype, comp, start))
        # CLD-077: cost block required unless commissioned, for long-term and carer
        # services and short-term residential/nursing or respite; most others too.
        required = mech != COMMISSIONED and (
            stype in LONG_TERM_TYPES
            or stype in CARER_TYPES
            or comp in COST_REQUIRED_COMPONENTS
        )
        cost = freq = units = ""
        if required or rng.random() < 0.85:
            options = COSTS[comp]
            freq_code, _, low, high, u_low, u_high = options[
                int(self.cost_choosers[comp].pick(rng))
            ]
            cost = f"{rng.uniform(low, high):.2f}"
            freq = self.lab("cost_frequency_unit_type", freq_code)
            if freq_code == "hourly":
                units = f"{rng.randint(u_low * 2, u_high * 2) / 2:.2f}"
            elif freq_code in UNIT_FREQUENCIES:
                units = f"{rng.randint(u_low, u_high):.2f}"
        provider = ("", "")
        if (
            comp in REGULATED
            and (mech != DIRECT_PAYMENT or rng.random() < 0.3)
            and rng.random() < 0.88
        ):
            provider = rng.choice(
                self.homes if comp in CARE_HOME_COMPONENTS else self.agencies
            )
        tail = (
            self.lab("service_type", stype),
            self.lab("service_component", comp),
            self.lab("delivery_mechanism", mech),
            provider[0],
            provider[1],
            "",
            "",
            "",
            cost,
            freq,
            units,
        )
        head = (self._desc(SERVICE, carer), "", "", "", "")
        events.append(
            Event(SERVICE, start, end, self.outcomes[end_code], head, tail, bool(cost))
        )

    def _st_max(self, events: list[Event], state: _State, t: int, depth: int) -> None:
        if t > self.h1:
            return
        rng = self.rng
        end = t + rng.randint(7, 42)
        code = self.pick("st_end")
        self._service(
            events,
            stype="st_max",
            comp="reablement",
            start=t,
            end=end,
            end_code=code,
            mech=self.pick("mech_st_max"),
        )
        if rng.random() < 0.08:
            self._review(events, end - rng.randint(0, 3), short_term=True)
        nxt = end + rng.randint(0, 2)
        if code == "support_ended_as_planned":
            roll = rng.random()
            if roll < 0.33:
                self._long_term(events, state, nxt, setting="lt_community", depth=depth)
            elif roll < 0.45:
                self._short_term(events, state, nxt, depth, low_level=True)
        elif code == "admitted_to_hospital" and rng.random() < 0.5:
            self._request(events, state, end + rng.randint(5, 40), depth + 1)

    def _short_term(
        self,
        events: list[Event],
        state: _State,
        t: int,
        depth: int,
        *,
        low_level: bool | None = None,
    ) -> None:
        if t > self.h1:
            return
        rng = self.rng
        if low_level is None:
            low_level = rng.random() < 0.5
        if low_level:
            stype = "st_ongoing_low_level"
            comp = self.pick("low_level_component")
            end = t + (
                rng.randint(0, 3) if comp == "equipment" else rng.randint(14, 300)
            )
        else:
            stype = "st_other_short_term"
            comp = self.pick("other_short_component")
            end = t + rng.randint(3, 60)
        self._service(
            events,
            stype=stype,
            comp=comp,
            start=t,
            end=end,
            end_code=self.pick("st_end"),
            mech=self.pick("mech_short"),
        )
        if rng.random() < 0.1:
            self._review(events, end - rng.randint(0, 2), short_term=True)
        if comp in CARE_HOME_COMPONENTS and rng.random() < 0.3:
            setting = (
                "lt_nursing_care"
                if comp == "short_term_nursing_care"
                else "lt_residential_care"
            )
            self._long_term(events, state, end + 1, setting=setting, depth=depth + 1)

    def _end_of_life(self, events: list[Event], state: _State, t: int) -> None:
        if t > self.h1:
            return
        rng = self.rng
        end = t + rng.randint(3, 60)
        self._service(
            events,
            stype="st_other_short_term",
            comp="end_of_life_care",
            start=t,
            end=end,
            end_code="support_ended_as_planned",
            mech=self.pick("mech_short"),
        )
        if end <= self.h1 and rng.random() < 0.8:
            state.end_of_life = end

    def _long_term_mix(self, setting: str) -> tuple[str, str]:
        """Return (component, delivery mechanism) codes for a long-term setting."""
        rng = self.rng
        if setting == "lt_community":
            comp = self.pick("community_component")
            mech = self.pick("mech_lt_community")
            dp_component = self.v.resolve_code("service_component", DIRECT_PAYMENT)
            if mech == DIRECT_PAYMENT and dp_component and rng.random() < 0.7:
                comp = dp_component
            elif comp == DIRECT_PAYMENT:
                mech = DIRECT_PAYMENT
            return comp, mech
        if setting == "lt_prison":
            return self.pick("prison_component"), self.pick("mech_lt_prison")
        comp = (
            "long_term_nursing_care"
            if setting == "lt_nursing_care"
            else "long_term_residential_care"
        )
        return comp, self.pick("mech_care_home")

    def _long_term(
        self,
        events: list[Event],
        state: _State,
        start: int,
        *,
        setting: str = "",
        existing: bool = False,
        depth: int = 0,
    ) -> None:
        if start > self.h1 or depth > 4:
            return
        rng = self.rng
        if not setting:
            setting = "lt_prison" if state.prison else self.pick("lt_setting")
        state.setting = setting
        natural_end = start + 14 + int(rng.expovariate(1 / MEAN_DAYS[setting]))
        comp, mech = self._long_term_mix(setting)
        end, end_code, change = self._reviews_during(
            events, state, start, natural_end, self.pick("lt_end")
        )
        self._service(
            events,
            stype=setting,
            comp=comp,
            start=start,
            end=end,
            end_code=end_code,
            mech=mech,
        )
        if setting == "lt_community" and rng.random() < 0.3:
            extra_start = start + rng.randint(0, 120)
            extra_comp = self.pick("community_extra")
            if extra_start <= min(end, self.h1) and extra_comp != comp:
                extra_end = min(end, extra_start + 30 + int(rng.expovariate(1 / 500)))
                self._service(
                    events,
                    stype=setting,
                    comp=extra_comp,
                    start=extra_start,
                    end=extra_end,
                    end_code=end_code
                    if extra_end == end
                    else "support_ended_as_planned",
                    mech=COMMISSIONED if mech == DIRECT_PAYMENT else mech,
                )
        if change:
            new_setting = rng.choice(
                ("lt_residential_care", "lt_nursing_care", "lt_community")
            )
            self._long_term(
                events, state, end + 1, setting=new_setting, depth=depth + 1
            )
        if self.has_financial and existing and rng.random() < 0.25:
            when = max(start, self.h0) + rng.randint(0, 365)
            if when <= min(end, self.h1):
                self._financial(events, when)

    def _reviews_during(
        self,
        events: list[Event],
        state: _State,
        start: int,
        end: int,
        end_code: str,
        *,
        carer: bool = False,
    ) -> tuple[int, str, bool]:
        """Add reviews while a service runs; return (end, end outcome, changed).

        A review may lead to a reassessment and a change of service (the service
        ends soon after, ``changed`` is True) or to the support ending early.
        """
        rng = self.rng
        limit = min(end, self.h1)
        times: list[tuple[int, bool]] = []
        t = start + (rng.randint(300, 420) if carer else rng.randint(42, 90))
        while t <= limit:
            times.append((t, True))
            t += rng.randint(300, 420)
        rate = (0.05 if carer else 0.15) / 365
        t = start + int(rng.expovariate(rate))
        while t <= limit:
            times.append((t, False))
            t += 30 + int(rng.expovariate(rate))
        times.sort()
        for when, planned in times:
            if when + 28 < self.h0:
                continue  # never reported: skip the work
            r_end, code = self._review(events, when, planned=planned, carer=carer)
            action = NEXT_ACTION.get(code, "")
            if action == "assessment":
                a_start = r_end + rng.randint(0, 7)
                if a_start > self.h1:
                    continue
                a_end = self._reassessment(events, a_start, carer=carer)
                if not carer and a_end + 1 < end and rng.random() < 0.35:
                    return a_end + rng.randint(1, 14), "support_ended_as_planned", True
            elif action == "reablement" and not carer:
                self._st_max(events, state, r_end + rng.randint(0, 3), 3)
            elif not action and code.startswith(("nfa", "support_ended")):
                return r_end + rng.randint(0, 14), code, False
        return end, end_code, False

    def _review(
        self,
        events: list[Event],
        t: int,
        *,
        planned: bool = True,
        carer: bool = False,
        short_term: bool = False,
    ) -> tuple[int, str]:
        rng = self.rng
        end = t + (0 if rng.random() < 0.3 else rng.randint(1, 28))
        if short_term:
            reason = self.short_term_reason
            planned = reason == self.planned_reason
            code = self.review_no_change
        else:
            reason = self.planned_reason if planned else self.pick("unplanned_reason")
            code = self.pick("review_outcome_carer" if carer else "review_outcome")
        # CLD-065: outcomes achieved are mandatory on planned reviews.
        achieved = (
            self.pick("outcomes_achieved") if planned or rng.random() < 0.3 else ""
        )
        method = self.pick("review_method_carer" if carer else "review_method_su")
        tail = ("", "", "", "", "", reason, achieved, method, "", "", "")
        head = (self._desc(REVIEW, carer), "", "", "", "")
        events.append(Event(REVIEW, t, end, self.outcomes[code], head, tail))
        return end, code

    # ---------------------------------------------------------------- carers
    def _carer_request(self, events: list[Event], state: _State, t: int) -> None:
        while t in state.request_days:
            t += 1
        if t > self.h1:
            return
        state.request_days.add(t)
        rng = self.rng
        end = t if rng.random() < 0.5 else t + rng.randint(1, 14)
        code = self.pick("request_outcome_carer")
        head = (
            self._desc(REQUEST, True),
            self.lab("request_route_of_access", self.pick("route_carer")),
            "",
            "",
            "",
        )
        events.append(Event(REQUEST, t, end, self.outcomes[code], head, EMPTY_TAIL))
        nxt = end + rng.randint(0, 3)
        action = NEXT_ACTION.get(code, "")
        if action == "assessment":
            self._carer_assessment(events, state, nxt)
        elif action == "plan":
            self._carer_service(events, state, nxt, ongoing=False)

    def _carer_assessment(self, events: list[Event], state: _State, t: int) -> None:
        if t > self.h1:
            return
        rng = self.rng
        end = t + rng.randint(1, 35)
        code = self.pick("assess_carer")
        head = (
            self._desc(ASSESSMENT, True),
            "",
            self.v.label("assessment_type", "long_term"),
            self.lab("eligible_needs_identified", self.pick("eligible")),
            self.pick("method_carer"),
        )
        events.append(Event(ASSESSMENT, t, end, self.outcomes[code], head, EMPTY_TAIL))
        if NEXT_ACTION.get(code) == "plan":
            self._carer_service(events, state, end + rng.randint(0, 7), ongoing=False)

    def _carer_service(
        self, events: list[Event], state: _State, start: int, *, ongoing: bool
    ) -> None:
        if start > self.h1:
            return
        rng = self.rng
        if rng.random() < 0.65:
            stype = "carer_support_direct_to_carer"
            comp = self.pick("carer_direct_component")
        else:
            stype = "carer_support_involving_cared_for"
            comp = self.pick("carer_involving_component")
        if not ongoing and rng.random() < 0.4:
            end = start + rng.randint(0, 2)  # one-off support
            code = "support_ended_as_planned"
        else:
            natural_end = start + 30 + int(rng.expovariate(1 / 500))
            end, code, _ = self._reviews_during(
                events,
                state,
                start,
                natural_end,
                self.pick("carer_service_end"),
                carer=True,
            )
        self._service(
            events,
            stype=stype,
            comp=comp,
            start=start,
            end=end,
            end_code=code,
            mech=self.pick("mech_carer"),
            carer=True,
        )
