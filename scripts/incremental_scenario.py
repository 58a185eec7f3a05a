"""Landing folders for proving that an incremental build equals a full one.

The scenario ends at a given landing folder (the test fixtures) and starts one
change of each kind away from it, all councils' other files unchanged:

- added: a council's resubmission arrives (absent at the start);
- replaced: a file is landed again under the same name with new bytes (at the
  start it holds its first rows only);
- removed: a later resubmission, selected at the start, is withdrawn (absent at
  the end);
- touched: the same bytes landed again with a later modification time; the
  file's name holds no date, so the time is its received date.

Unchanged files are copied with their modification times, so an incremental
build sees them as already read. Standard library only: the test command's
runner (scripts/warehouse.py) uses it before anything is installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ADDED_FILE = "CLD_216_20251021.csv"
REPLACED_FILE = "CLD_317_20251025.csv"
# Council 104's file less its last rows, received after the final folder's:
# the council's selected submission until it is removed.
REMOVED_FILE = "CLD_104_20251105.csv"
REMOVED_FILE_SOURCE = "CLD_104_20251020.csv"
ROWS_CUT = 3
TOUCHED_FILE = "lincolnshire_export_windows1252.csv"
TOUCHED_SECONDS_EARLIER = 3 * 24 * 3600


@dataclass(frozen=True)
class Step:
    """One landing change: its name and how to make it in a folder."""

    name: str
    apply: Callable[[Path], None]


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def write_start(final: Path, start: Path) -> None:
    """Fill `start` with the scenario's first landing folder."""
    start.mkdir(parents=True, exist_ok=True)
    for path in sorted(final.glob("*.csv")):
        if path.name == ADDED_FILE:
            continue
        if path.name == REPLACED_FILE:
            (start / path.name).write_bytes(b"".join(_lines(path)[:-ROWS_CUT]))
        else:
            shutil.copy2(path, start / path.name)
        if path.name == TOUCHED_FILE:
            modified = path.stat().st_mtime - TOUCHED_SECONDS_EARLIER
            os.utime(start / path.name, (modified, modified))
    source = final / REMOVED_FILE_SOURCE
    (start / REMOVED_FILE).write_bytes(b"".join(_lines(source)[:-ROWS_CUT]))


def steps(final: Path) -> list[Step]:
    """The changes that turn write_start's folder into `final`, in order."""

    def add(folder: Path) -> None:
        shutil.copy2(final / ADDED_FILE, folder / ADDED_FILE)

    def replace(folder: Path) -> None:
        shutil.copy2(final / REPLACED_FILE, folder / REPLACED_FILE)

    def remove(folder: Path) -> None:
        (folder / REMOVED_FILE).unlink()

    def touch(folder: Path) -> None:
        shutil.copy2(final / TOUCHED_FILE, folder / TOUCHED_FILE)

    return [
        Step("added", add),
        Step("replaced", replace),
        Step("removed", remove),
        Step("touched", touch),
    ]
