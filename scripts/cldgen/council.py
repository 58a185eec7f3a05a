"""Write one council's submission files, streaming person by person."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import Any, Protocol

from cldgen.defects import CKBA_ROW, DefectInjector, RowInfo
from cldgen.headers import headers_for
from cldgen.pools import Pools
from cldgen.simulate import CARER, CKBA, SERVICE, SERVICE_USER, Person, Simulator
from cldgen.vocab import ListRow, Vocabulary, all_field_keys, all_field_labels

# Share of people by client type: service users, carers, carers known by association.
CARER_SHARE = 0.08
CKBA_SHARE = 0.02
HISTORY_DAYS = 120


@dataclass(frozen=True)
class CouncilJob:
    """One council of the run and the format choices made for it."""

    index: int
    slot: int  # position of the council in the councils seed (NHS number range)
    la_code: str
    la_name: str
    region: str
    people: int
    header_style: str
    vocabulary: str
    bom: bool


@dataclass(frozen=True)
class RunSettings:
    """Settings shared by every council of a run."""

    out_dir: Path
    seed: int
    periods: tuple[tuple[date, date], ...]
    defect_rate: float
    defect_kinds: tuple[str, ...]
    list_rows: tuple[ListRow, ...]


@dataclass
class CouncilResult:
    """Metadata rows produced by one council."""

    index: int
    la_code: str
    manifest: list[list[str]]
    defects: list[list[str]]
    rows: int
    seconds: float


class _DateText(dict[int, str]):
    """Day ordinal -> ``dd/mm/yyyy``, computed once per day."""

    def __missing__(self, key: int) -> str:
        value = date.fromordinal(key).strftime("%d/%m/%Y")
        self[key] = value
        return value


@lru_cache(maxsize=4)
def _vocabulary(release: str, rows: tuple[ListRow, ...]) -> Vocabulary:
    return Vocabulary(release, rows)


def submission_date(seed: int, la_code: str, period_end: date) -> date:
    """Return the deterministic received date, 20-30 days after the period end."""
    rng = Random(f"{seed}|{la_code}|received|{period_end.isoformat()}")
    return period_end + timedelta(days=rng.randint(20, 30))


def file_name(la_code: str, received: date) -> str:
    """Return ``CLD_<la_code>_<YYYYMMDD>.csv``."""
    return f"CLD_{la_code}_{received:%Y%m%d}.csv"


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class _CouncilWriter:
    """Streams one council's people into its submission files."""

    def __init__(self, job: CouncilJob, settings: RunSettings, pools: Pools) -> None:
        seed = settings.seed
        vocab = _vocabulary(
            "R2" if job.vocabulary == "r2" else "R1", settings.list_rows
        )
        self.periods = [(ps.toordinal(), pe.toordinal()) for ps, pe in settings.periods]
        self.fmt = _DateText()
        self.period_text = [(self.fmt[ps], self.fmt[pe]) for ps, pe in self.periods]
        self.sim = Simulator(
            vocab,
            Random(f"{seed}|{job.la_code}|data"),
            pools,
            la_code=job.la_code,
            history_start=min(ps for ps, _ in self.periods) - HISTORY_DAYS,
            horizon_end=max(pe for _, pe in self.periods),
            n_submissions=len(self.periods),
            people=job.people,
            seed=seed,
            slot=job.slot,
            region=job.region,
        )
        self.rate = settings.defect_rate
        self.injector = DefectInjector(
            Random(f"{seed}|{job.la_code}|defects"),
            rate=settings.defect_rate,
            kinds=settings.defect_kinds,
            vocab=vocab,
            field_labels=all_field_labels(settings.list_rows),
            field_keys=all_field_keys(settings.list_rows),
        )
        ref_rng = Random(f"{seed}|{job.la_code}|refs")
        self.ref_prefix = ref_rng.choice(("EV", "REF", "E", f"{job.la_code}-", "CLD"))
        self.ref_counter = ref_rng.randrange(1000, 100000)
        self.names = [
            file_name(job.la_code, submission_date(seed, job.la_code, pe))
            for _, pe in settings.periods
        ]
        n = len(self.periods)
        self.counts = [0] * n
        self.defect_counts = [0] * n
        self.lines = [1] * n
        self.defect_rows: list[list[str]] = []
        self.writers: list[_RowWriter] = []

    def emit(self, k: int, row: list[str], info: RowInfo) -> None:
        """Write a row to file ``k``, maybe with a defect (recorded)."""
        writer = self.writers[k]
        defect = self.injector.maybe(row, info)
        writer.writerow(row)
        self.lines[k] += 1
        self.counts[k] += 1
        if defect is None:
            return
        if defect.kind == "duplicate_row":
            writer.writerow(row)
            self.lines[k] += 1
            self.counts[k] += 1
        self.defect_counts[k] += 1
        self.defect_rows.append(
            [self.names[k], str(self.lines[k]), defect.field, defect.kind, defect.value]
        )

    def write_person(self, person: Person) -> list[bool]:
        """Write the person's rows to every submission; return where they appear."""
        fmt = self.fmt
        sim = self.sim
        event_type = sim.event_type
        open_outcome = sim.open_outcome
        present = [False] * len(self.periods)
        prefix = person.fixed
        block = person.carer_block
        dod = person.dod
        for k, (ps, pe) in enumerate(self.periods):
            prefix[1], prefix[2] = self.period_text[k]
            prefix[10] = person.ethnicity[k]
            prefix[12] = fmt[dod] if dod is not None and dod <= pe else ""
            prefix[16] = person.accommodation[k]
            if person.client == CKBA:
                row = [*prefix, *_BLANK_HEAD, *block, *_BLANK_TAIL]
                self.emit(k, row, RowInfo(CKBA_ROW, CKBA, None, None, pe, False))
                present[k] = True
                continue
            writerow = self.writers[k].writerow
            for event in person.events:
                end: int | None = event.end
                if event.kind == SERVICE:
                    if event.start > pe or event.end < ps:
                        continue
                    if event.end > pe:  # still open at the period end
                        end_text, outcome, end = "", open_outcome, None
                    else:
                        end_text, outcome = fmt[event.end], event.outcome
                elif ps <= event.end <= pe:
                    end_text, outcome = fmt[event.end], event.outcome
                else:
                    continue
                head = event.head
                row = [
                    *prefix,
                    event_type[event.kind],
                    event.ref,
                    fmt[event.start],
                    end_text,
                    head[0],
                    outcome,
                    head[1],
                    head[2],
                    head[3],
                    head[4],
                    *block,
                    *event.tail,
                ]
                present[k] = True
                if self.rate > 0:
                    info = RowInfo(
                        event.kind, person.client, event.start, end, pe, event.has_cost
                    )
                    self.emit(k, row, info)
                else:
                    writerow(row)
                    self.counts[k] += 1
        return present

    def next_person(self, client: int) -> Person:
        """Draw the next person and number their events."""
        person = self.sim.make_person(client, self.fmt)
        for event in person.events:
            self.ref_counter += 1
            event.ref = f"{self.ref_prefix}{self.ref_counter:08d}"
        return person

    def write_people(self, people: int) -> None:
        """Write service users, then carers and carers known by association."""
        n_carers = round(people * CARER_SHARE)
        n_ckba = round(people * CKBA_SHARE)
        linked_pool: list[str] = []
        fallback_pool: list[str] = []
        for _ in range(max(0, people - n_carers - n_ckba)):
            person = self.next_person(SERVICE_USER)
            if all(self.write_person(person)):
                # Carers link to users present in every submission (CLD-091).
                fallback_pool.append(person.la_id)
                if person.has_unpaid_carer_code == "yes":
                    linked_pool.append(person.la_id)
        if len(linked_pool) < 3:
            linked_pool = fallback_pool
        for client, count in ((CARER, n_carers), (CKBA, n_ckba)):
            if client == CKBA and not linked_pool:
                break  # CKBA rows need a linked person (CLD-051)
            for _ in range(count):
                person = self.next_person(client)
                person.carer_block = self.sim.carer_block(
                    linked_pool, ckba=client == CKBA
                )
                self.write_person(person)


_BLANK_HEAD = ("",) * 10
_BLANK_TAIL = ("",) * 11


def generate_council(
    job: CouncilJob, settings: RunSettings, pools: Pools
) -> CouncilResult:
    """Write every submission file of one council; return manifest and defects."""
    began = time.perf_counter()
    council = _CouncilWriter(job, settings, pools)
    header = headers_for(job.header_style)
    encoding = "utf-8-sig" if job.bom else "utf-8"
    with ExitStack() as stack:
        for name in council.names:
            handle = stack.enter_context(
                (settings.out_dir / name).open("w", encoding=encoding, newline="")
            )
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            council.writers.append(writer)
        council.write_people(job.people)
    manifest = [
        [
            council.names[k],
            job.la_code,
            submission_date(settings.seed, job.la_code, pe).isoformat(),
            ps.isoformat(),
            pe.isoformat(),
            job.header_style,
            job.vocabulary,
            "true" if job.bom else "false",
            str(council.counts[k]),
            str(council.defect_counts[k]),
        ]
        for k, (ps, pe) in enumerate(settings.periods)
    ]
    return CouncilResult(
        index=job.index,
        la_code=job.la_code,
        manifest=manifest,
        defects=council.defect_rows,
        rows=sum(council.counts),
        seconds=time.perf_counter() - began,
    )
