"""Check one CLD file before submitting it: the file contract and every rule.

    .venv/bin/python scripts/check_submission.py path/to/CLD_123_20250731.csv

Runs locally, without a central warehouse:

1. the file contract (encoding, delimiter, header, column types) with Great
   Expectations;
2. `dbt build` of this project on the one file, in a folder of its own
   (``warehouse/check/``: its own landing folder, DuckDB file, dbt target and
   logs; the landed copy and the DuckDB file are removed afterwards);
3. the council's own figures from the same models the central build runs: SALT
   tables, ASCOF measures, waiting times, activity and costs, unsuppressed.
   With ``--previous`` (the council's earlier file) that file is landed beside
   this one, as the central warehouse holds both (the request, ST-Max and
   waiting-time tables read the whole history), and the figures are shown
   beside those of the previous file alone, as it was, followed by the people
   counted differently in the SALT tables that changed most, by their lines in
   each file (submission_check/drivers.py);
4. a self-contained HTML report (``report.html``, with small charts), an Excel
   workbook (``report.xlsx``: one sheet per table, values, and the failures by
   line) and a CSV of every failing row and rule (``failures.csv``, identifiers
   withheld) in ``--output-dir`` (default ``reports/<file stem>/``).

Exit codes: 0 ready to submit; 1 not ready (the contract fails, the file is
quarantined, or an error-severity rule fails); 2 bad command line; 3 the
warehouse build failed before the check found any such reason, so it is
incomplete. A failed dbt node is always logged and shown in the report.
"""

from __future__ import annotations

import argparse
import fcntl
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import duckdb
import great_expectations as gx
from submission_check.contract import ContractResult, check_contract
from submission_check.dbt_run import (
    DbtOutcome,
    WorkPaths,
    clear_data,
    dbt_executable,
    land_file,
    landed_name,
    run_dbt_build,
)
from submission_check.drivers import TableDrivers, Units, find_drivers, read_units
from submission_check.figures import (
    CouncilFigures,
    add_previous,
    read_figures,
    write_workbook,
)
from submission_check.findings import Findings, read_findings, write_failures_csv
from submission_check.headers import (
    canonical_columns,
    header_style,
    match_header,
    read_header_aliases,
)
from submission_check.reading import read_submission
from submission_check.report import ReportInput, Verdict, decide, render_html

LOG = logging.getLogger("check_submission")

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
REPORTS_DIR: Final = REPO_ROOT / "reports"
HEADER_ALIASES: Final = Path("seeds") / "cld_header_aliases.csv"
REPORT_NAME: Final = "report.html"
WORKBOOK_NAME: Final = "report.xlsx"
# The check's private warehouses (git-ignored); their data is removed after each
# check, their dbt target kept so that dbt parses only what changed.
CHECK_FOLDER: Final = Path("warehouse") / "check"
FAILURES_NAME: Final = "failures.csv"
EXIT_USAGE: Final = 2


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("csv_path", type=Path, help="the CLD file to check")
    parser.add_argument(
        "--output-dir",
        type=Path,
        help="folder for report.html and failures.csv "
        "(default: reports/<file stem>/ in the repository, git-ignored)",
    )
    parser.add_argument(
        "--previous",
        type=Path,
        help="the council's previous file: its figures are shown beside this one's",
    )
    parser.add_argument(
        "--keep-warehouse",
        action="store_true",
        help="keep the temporary DuckDB file and dbt logs (their folder is logged)",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=REPO_ROOT,
        help="the dbt project to run (default: this repository)",
    )
    return parser


def output_dir_for(csv_path: Path, output_dir: Path | None) -> Path:
    """Where the report goes: the option, else reports/<file stem>/."""
    return output_dir if output_dir is not None else REPORTS_DIR / csv_path.stem


def run_contract(csv_path: Path, project_dir: Path) -> tuple[ContractResult, str, str]:
    """Read the file and apply the contract; also give its encoding and style."""
    aliases = read_header_aliases(project_dir / HEADER_ALIASES)
    submission = read_submission(csv_path)
    cells = match_header(submission.header_labels, aliases)
    style = header_style(cells)
    LOG.info(
        "Read %s: %s, header style %s, %d data lines",
        csv_path.name,
        submission.encoding,
        style,
        len(submission.data_lines),
    )
    began = time.perf_counter()
    contract = check_contract(submission, cells, canonical_columns(aliases), style)
    LOG.info(
        "File contract %s (%.1f s)",
        "passes" if contract.passed else "FAILS",
        time.perf_counter() - began,
    )
    return contract, submission.encoding, style


def run_warehouse(
    csv_path: Path,
    project_dir: Path,
    work: WorkPaths,
    output_dir: Path,
    earlier: Path | None = None,
) -> tuple[DbtOutcome, Findings | None, int]:
    """Build the warehouse on the file; read its findings and write the CSV.

    An earlier file of the council is landed beside it, as the central
    warehouse holds it: the request, ST-Max and waiting-time tables read the
    whole history, so the figures are the ones the central build will make.
    Findings and failures are the file's own.
    """
    submission_id = land_file(csv_path, work)
    if earlier is not None:
        landed_earlier = work.landing / land_file(earlier, work)
        # Received a day before this file, whatever the copies' times: when the
        # names carry no date, the later receipt is what makes this file the
        # latest submission.
        received = (work.landing / submission_id).stat().st_mtime - 86_400
        os.utime(landed_earlier, (received, received))
    (output_dir / work.output.name).unlink(missing_ok=True)  # from an earlier run
    LOG.info(
        "Running dbt build on the file (about 15 s for a small file, a minute for "
        "100,000 rows)"
    )
    began = time.perf_counter()
    outcome = run_dbt_build(project_dir, work)
    if outcome.succeeded:
        LOG.info("dbt build succeeded (%.0f s)", time.perf_counter() - began)
    else:
        LOG.error(
            "dbt build FAILED (exit %d, %d failed nodes); dbt's output: %s",
            outcome.return_code,
            len(outcome.problems),
            output_dir / work.output.name,
        )
        for problem in outcome.problems:
            LOG.error("  %s: %s %s", problem.unique_id, problem.status, problem.message)
        shutil.copyfile(work.output, output_dir / work.output.name)
    written = write_failures_csv(
        work.database, submission_id, output_dir / FAILURES_NAME
    )
    if not work.database.exists():
        return outcome, None, written
    return outcome, read_findings(work.database, submission_id), written


@contextmanager
def one_check_at_a_time(folder: Path) -> Iterator[None]:
    """Hold the check folder's lock: two checks would share its warehouses."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(
                f"Another check is running (it holds {folder / '.lock'}):"
                " wait for it to finish, then run this one again."
            ) from None
        yield


def figures_of(
    database: Path, outcome: DbtOutcome, label: str, with_units: bool = False
) -> tuple[CouncilFigures | None, Units | None]:
    """The council's figures from a check's warehouse, if its build finished.

    With `with_units`, also the units each SALT table counts, to compare builds.
    """
    if not outcome.succeeded or not database.exists():
        LOG.warning("No figures for %s: the warehouse build did not finish", label)
        return None, None
    try:
        figures = read_figures(database)
    except duckdb.Error as error:
        LOG.warning("No figures for %s: %s", label, error)
        return None, None
    if not with_units:
        return figures, None
    began = time.perf_counter()
    try:
        units = read_units(database)
    except duckdb.Error as error:  # the figures still show, without the drivers
        LOG.warning("No changed rows for %s: %s", label, error)
        return figures, None
    LOG.info("Read the units SALT counts (%.1f s)", time.perf_counter() - began)
    return figures, units


def previous_figures(
    previous: Path, project_dir: Path
) -> tuple[CouncilFigures | None, Units | None]:
    """The previous file's figures and units, from a warehouse built on it alone."""
    LOG.info("Building the warehouse on the previous file %s", previous.name)
    work = WorkPaths(project_dir / CHECK_FOLDER / "previous")
    clear_data(work)
    try:
        land_file(previous, work)
        outcome = run_dbt_build(project_dir, work)
        return figures_of(work.database, outcome, previous.name, with_units=True)
    finally:
        clear_data(work)


def compare_with_previous(
    figures: CouncilFigures,
    units: Units | None,
    csv_path: Path,
    previous: Path,
    project_dir: Path,
) -> list[TableDrivers] | None:
    """Add the previous file's figures; give the people behind the changes."""
    earlier, earlier_units = previous_figures(previous, project_dir)
    if earlier is None:
        return None
    add_previous(figures, earlier)
    if units is None or earlier_units is None:
        return None
    file_ids = (landed_name(csv_path), landed_name(previous))
    return find_drivers(units, earlier_units, figures, file_ids)


def check(
    csv_path: Path,
    output_dir: Path,
    project_dir: Path,
    keep_warehouse: bool,
    previous: Path | None = None,
) -> Verdict:
    """The whole check of one file; writes the reports and returns the verdict."""
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / WORKBOOK_NAME).unlink(missing_ok=True)  # from an earlier run
    contract, encoding, style = run_contract(csv_path, project_dir)
    work = WorkPaths(project_dir / CHECK_FOLDER / "file")
    clear_data(work)
    try:
        outcome, findings, written = run_warehouse(
            csv_path, project_dir, work, output_dir, previous
        )
        figures, units = figures_of(
            work.database, outcome, csv_path.name, with_units=previous is not None
        )
    finally:
        if keep_warehouse:
            LOG.info("Warehouse kept: %s (DuckDB file %s)", work.root, work.database)
        else:
            clear_data(work)
    drivers = None
    if figures is not None and previous is not None:
        drivers = compare_with_previous(figures, units, csv_path, previous, project_dir)
    verdict = decide(contract, outcome, findings)
    report = ReportInput(
        file_name=csv_path.name,
        file_size_bytes=csv_path.stat().st_size,
        encoding=encoding,
        header_style=style,
        contract=contract,
        contract_engine=f"Great Expectations {gx.__version__}",
        dbt=outcome,
        findings=findings,
        failures_csv_name=FAILURES_NAME,
        failures_written=written,
        generated_at=datetime.now(UTC),
        figures=figures,
        previous_file_name=previous.name if previous else None,
        drivers=drivers,
    )
    (output_dir / REPORT_NAME).write_text(
        render_html(report, verdict), encoding="utf-8"
    )
    if figures is not None:
        write_workbook(
            figures,
            output_dir / FAILURES_NAME,
            output_dir / WORKBOOK_NAME,
            csv_path.name,
            drivers,
        )
    return verdict


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, check the file, log the verdict and the report."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    csv_path: Path = args.csv_path
    if not csv_path.is_file():
        LOG.error("No such file: %s", csv_path)
        return EXIT_USAGE
    if not dbt_executable().exists():
        LOG.error(
            "dbt is not installed beside %s; run `python3 scripts/warehouse.py "
            "setup` and use .venv/bin/python",
            sys.executable,
        )
        return EXIT_USAGE
    output_dir = output_dir_for(csv_path, args.output_dir)
    if args.previous is not None and not args.previous.is_file():
        LOG.error("No such previous file: %s", args.previous)
        return EXIT_USAGE
    if args.previous is not None and landed_name(args.previous) == landed_name(
        csv_path
    ):
        LOG.error("The previous file must have its own name: %s", args.previous)
        return EXIT_USAGE
    project_dir = args.project_dir.resolve()
    with one_check_at_a_time(project_dir / CHECK_FOLDER):
        verdict = check(
            csv_path, output_dir, project_dir, args.keep_warehouse, args.previous
        )
    log = LOG.info if verdict.exit_code == 0 else LOG.error
    log("%s", verdict.headline)
    for reason in verdict.reasons:
        log("  %s", reason)
    LOG.info("Report: %s", output_dir / REPORT_NAME)
    LOG.info("Failures: %s", output_dir / FAILURES_NAME)
    if (output_dir / WORKBOOK_NAME).exists():
        LOG.info("Workbook: %s", output_dir / WORKBOOK_NAME)
    return verdict.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
