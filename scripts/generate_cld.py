"""Generate synthetic Adult Social Care Client Level Data (CLD) submissions.

Writes one CSV per council per quarterly submission into ``--out`` and metadata
(``manifest.csv``, ``defects.csv``) into ``--out/_meta``.  Output is deterministic:
the same arguments give byte-identical files, whatever ``--workers`` is.

Examples::

    python scripts/generate_cld.py --out data/sample --preset sample
    python scripts/generate_cld.py --out data/national --preset national --workers 2
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
import multiprocessing
import os
import time
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any, Final

from cldgen.council import (
    CouncilJob,
    CouncilResult,
    RunSettings,
    generate_council,
)
from cldgen.defects import DEFECT_KINDS
from cldgen.headers import CANONICAL_COLUMNS, SNAKE_HEADERS, SPEC_HEADERS, normalise_key
from cldgen.pools import Pools, build_pools
from cldgen.vocab import read_defined_lists

__all__ = [
    "CANONICAL_COLUMNS",
    "DEFECT_KINDS",
    "SNAKE_HEADERS",
    "SPEC_HEADERS",
    "main",
    "normalise_key",
    "period_bounds",
    "quarter_ends",
]

LOG = logging.getLogger("generate_cld")
REPO_ROOT: Final = Path(__file__).resolve().parent.parent
META_DIR: Final = "_meta"
MANIFEST_HEADER: Final = (
    "file_name",
    "la_code",
    "submission_date",
    "period_start",
    "period_end",
    "header_style",
    "vocabulary",
    "bom",
    "data_rows",
    "defects",
)
DEFECTS_HEADER: Final = ("file_name", "line_number", "field", "defect_kind", "value")

# National sizing: one quarterly submission set (rolling 12 months) must hold at
# least 5 million event rows.  EVENT_ROWS_PER_PERSON was measured on this generator:
# event rows (CKBA rows excluded) per simulated person in a one-quarter run with
# mixed vocabularies (people whose events all fall outside the window count too).
NATIONAL_TARGET_EVENT_ROWS: Final = 5_150_000
EVENT_ROWS_PER_PERSON: Final = 1.78

BASE_DEFAULTS: Final[dict[str, Any]] = {
    "councils": 3,
    "people": 400,
    "quarters": 1,
    "cadence": "rolling",
    "header_style": "snake",
    "vocabulary": "r1",
    "defect_rate": 0.0,
}
PRESETS: Final[dict[str, dict[str, Any]]] = {
    "none": {},
    "sample": {
        "councils": 3,
        "people": 400,
        "quarters": 2,
        "defect_rate": 0.02,
        "header_style": "mixed",
        "vocabulary": "mixed",
    },
    "national": {
        "councils": 153,
        "people": None,  # sized from NATIONAL_TARGET_EVENT_ROWS
        "quarters": 1,
        "header_style": "mixed",
        "vocabulary": "mixed",
    },
}


@dataclass(frozen=True)
class Council:
    """One row of ``seeds/cld_councils.csv``."""

    slot: int
    la_code: str
    la_name: str
    region: str


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        msg = f"not a YYYY-MM-DD date: {text!r}"
        raise argparse.ArgumentTypeError(msg) from exc


def _add_months(day: date, months: int, *, month_end: bool) -> date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    last = monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, last if month_end else min(day.day, last))


def quarter_ends(first: date, count: int) -> list[date]:
    """Return ``count`` quarter ends starting at ``first`` (month ends stay so)."""
    month_end = (first + timedelta(days=1)).day == 1
    return [_add_months(first, 3 * i, month_end=month_end) for i in range(count)]


def period_bounds(end: date, cadence: str) -> tuple[date, date]:
    """Return the reporting period ending at ``end`` for a cadence.

    ``rolling``: the 12 months ending at ``end``; ``cumulative``: 1 April of the
    financial year containing ``end`` up to ``end``.
    """
    if cadence == "rolling":
        month_end = (end + timedelta(days=1)).day == 1
        return _add_months(end, -12, month_end=month_end) + timedelta(days=1), end
    if cadence == "cumulative":
        year = end.year if end.month >= 4 else end.year - 1
        return date(year, 4, 1), end
    msg = f"unknown cadence {cadence!r}"
    raise ValueError(msg)


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(
        description="Generate deterministic synthetic CLD submission files."
    )
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default="none",
        help="sample: 3 councils x 2 quarters, defects 2%%; national: every council,"
        " >= 5M event rows in one quarter (explicit flags override)",
    )
    parser.add_argument("--councils", type=int, help="number of councils")
    parser.add_argument("--people", type=int, help="mean people per council")
    parser.add_argument(
        "--quarters", type=int, help="quarterly submissions per council"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--first-period-end",
        type=_parse_date,
        default=date(2025, 6, 30),
        help="YYYY-MM-DD end of the first reporting period (default 2025-06-30)",
    )
    parser.add_argument(
        "--cadence",
        choices=("rolling", "cumulative"),
        help="rolling 12 months (default) or year to date from 1 April",
    )
    parser.add_argument(
        "--header-style",
        choices=("snake", "spec", "mixed"),
        help="national snake names (default), spec names, or chosen per council",
    )
    parser.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="UTF-8 BOM on every file (default: none, or some councils when mixed)",
    )
    parser.add_argument(
        "--vocabulary",
        choices=("r1", "r2", "mixed"),
        help="defined-list release of the values (default r1; mixed = per council)",
    )
    parser.add_argument(
        "--defect-rate", type=float, help="probability of a defect per row (default 0)"
    )
    parser.add_argument(
        "--defect-kinds",
        default=",".join(DEFECT_KINDS),
        help="comma-separated defect kinds (default: all)",
    )
    parser.add_argument("--workers", type=int, default=0, help="0 = one per CPU")
    parser.add_argument(
        "--councils-csv", type=Path, help="default: seeds/cld_councils.csv"
    )
    parser.add_argument(
        "--defined-lists-csv", type=Path, help="default: seeds/cld_defined_lists.csv"
    )
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument(
        "--progress",
        dest="quiet",
        action="store_false",
        help="log each council (default)",
    )
    verbosity.add_argument(
        "--quiet", dest="quiet", action="store_true", help="log warnings only"
    )
    parser.set_defaults(quiet=False)
    return parser


def read_councils(path: Path) -> list[Council]:
    """Read ``la_code,la_name,...`` rows; councils without a code are skipped."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    councils = [
        Council(
            slot=i,
            la_code=r["la_code"].strip(),
            la_name=r["la_name"].strip(),
            region=(r.get("region") or "").strip(),
        )
        for i, r in enumerate(rows)
    ]
    skipped = [c.la_name for c in councils if not c.la_code]
    if skipped:
        LOG.warning("councils without la_code skipped: %s", ", ".join(skipped))
    return [c for c in councils if c.la_code]


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    merged = {**BASE_DEFAULTS, **PRESETS[args.preset]}
    for key in BASE_DEFAULTS:
        value = getattr(args, key)
        if value is not None:
            merged[key] = value
    return merged


def _pick(rng: Random, options: tuple[str, ...], style: str) -> str:
    return rng.choice(options) if style == "mixed" else style


def plan_councils(
    councils: Sequence[Council],
    *,
    count: int,
    people: int,
    seed: int,
    header_style: str,
    vocabulary: str,
    bom: bool | None,
) -> list[CouncilJob]:
    """Choose councils, their sizes (log-normal around ``people``) and formats."""
    rng = Random(f"{seed}|councils")
    if count >= len(councils):
        chosen = list(councils)
    else:
        chosen = [councils[i] for i in sorted(rng.sample(range(len(councils)), count))]
    sigma = 0.6 if len(chosen) >= 10 else 0.25
    weights = [rng.lognormvariate(0, sigma) for _ in chosen]
    scale = people * len(chosen) / sum(weights)
    styles, vocabs, boms = [], [], []
    for council in chosen:
        fmt_rng = Random(f"{seed}|{council.la_code}|format")
        styles.append(_pick(fmt_rng, ("snake", "spec"), header_style))
        vocabs.append(_pick(fmt_rng, ("r1", "r2"), vocabulary))
        draw = fmt_rng.random()
        boms.append(bom if bom is not None else header_style == "mixed" and draw < 0.3)
    if len(chosen) >= 2:
        # Mixed modes must show both options even with few councils.
        if header_style == "mixed" and len(set(styles)) == 1:
            styles[1] = "spec" if styles[1] == "snake" else "snake"
        if vocabulary == "mixed" and len(set(vocabs)) == 1:
            vocabs[1] = "r2" if vocabs[1] == "r1" else "r1"
        if bom is None and header_style == "mixed" and len(set(boms)) == 1:
            boms[0] = not boms[0]
    return [
        CouncilJob(
            index=i,
            slot=council.slot,
            la_code=council.la_code,
            la_name=council.la_name,
            region=council.region,
            people=max(10, round(weight * scale)),
            header_style=styles[i],
            vocabulary=vocabs[i],
            bom=boms[i],
        )
        for i, (council, weight) in enumerate(zip(chosen, weights, strict=True))
    ]


_WORKER: dict[str, Any] = {}


def _init_worker(settings: RunSettings, pools: Pools) -> None:
    _WORKER["settings"] = settings
    _WORKER["pools"] = pools


def _run_job(job: CouncilJob) -> CouncilResult:
    return generate_council(job, _WORKER["settings"], _WORKER["pools"])


def _run(
    jobs: list[CouncilJob], settings: RunSettings, pools: Pools, workers: int
) -> list[CouncilResult]:
    results: list[CouncilResult] = []
    began = time.perf_counter()
    total_rows = 0

    def report(result: CouncilResult) -> None:
        nonlocal total_rows
        total_rows += result.rows
        LOG.info(
            "[%d/%d] LA %s: %d files, %d rows in %.1f s (%.0f rows/s); total %d rows",
            len(results),
            len(jobs),
            result.la_code,
            len(result.manifest),
            result.rows,
            result.seconds,
            result.rows / max(result.seconds, 1e-9),
            total_rows,
        )

    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            results.append(generate_council(job, settings, pools))
            report(results[-1])
    else:
        ordered = sorted(jobs, key=lambda j: -j.people)  # largest first balances load
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, _init_worker, (settings, pools)) as pool:
            for result in pool.imap_unordered(_run_job, ordered):
                results.append(result)
                report(result)
    results.sort(key=lambda r: r.index)
    elapsed = time.perf_counter() - began
    LOG.info(
        "generated %d rows in %.1f s (%.0f rows/s)",
        total_rows,
        elapsed,
        total_rows / max(elapsed, 1e-9),
    )
    return results


def _write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Run the generator; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    opts = _settings(args)
    kinds = tuple(k.strip() for k in args.defect_kinds.split(",") if k.strip())
    unknown = sorted(set(kinds) - set(DEFECT_KINDS))
    if unknown:
        parser.error(f"unknown defect kinds: {', '.join(unknown)}")
    if not 0.0 <= opts["defect_rate"] <= 1.0:
        parser.error("--defect-rate must be between 0 and 1")
    if opts["councils"] < 1 or opts["quarters"] < 1:
        parser.error("--councils and --quarters must be at least 1")

    councils_csv = args.councils_csv or REPO_ROOT / "seeds" / "cld_councils.csv"
    lists_csv = args.defined_lists_csv or REPO_ROOT / "seeds" / "cld_defined_lists.csv"
    try:
        councils = read_councils(councils_csv)
        list_rows = tuple(read_defined_lists(lists_csv))
    except (OSError, KeyError, ValueError) as exc:
        LOG.error("cannot read seeds: %s", exc)
        return 2
    if not councils:
        LOG.error("no councils with an la_code in %s", councils_csv)
        return 2

    count = min(opts["councils"], len(councils))
    if count < opts["councils"]:
        LOG.warning(
            "only %d councils available (asked for %d)", count, opts["councils"]
        )
    people = opts["people"]
    if people is None:
        people = math.ceil(NATIONAL_TARGET_EVENT_ROWS / (count * EVENT_ROWS_PER_PERSON))
    if people < 1:
        parser.error("--people must be at least 1")

    ends = quarter_ends(args.first_period_end, opts["quarters"])
    periods = tuple(period_bounds(end, opts["cadence"]) for end in ends)
    jobs = plan_councils(
        councils,
        count=count,
        people=people,
        seed=args.seed,
        header_style=opts["header_style"],
        vocabulary=opts["vocabulary"],
        bom=args.bom,
    )
    out_dir: Path = args.out
    (out_dir / META_DIR).mkdir(parents=True, exist_ok=True)
    settings = RunSettings(
        out_dir=out_dir,
        seed=args.seed,
        periods=periods,
        defect_rate=opts["defect_rate"],
        defect_kinds=kinds,
        list_rows=list_rows,
    )
    workers = args.workers or min(os.cpu_count() or 1, len(jobs))
    LOG.info(
        "%d councils x %d submissions, ~%d people each, seed %d, %d worker(s)",
        len(jobs),
        len(periods),
        people,
        args.seed,
        workers,
    )
    pools = build_pools(args.seed)
    results = _run(jobs, settings, pools, workers)
    _write_csv(
        out_dir / META_DIR / "manifest.csv",
        MANIFEST_HEADER,
        [row for result in results for row in result.manifest],
    )
    _write_csv(
        out_dir / META_DIR / "defects.csv",
        DEFECTS_HEADER,
        [row for result in results for row in result.defects],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
