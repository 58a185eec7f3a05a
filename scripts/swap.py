"""Swap a freshly written folder in under a fixed name, in one rename.

The name (e.g. warehouse/dashboard) is a symbolic link to a hidden folder
beside it; a new folder is written under its own hidden name and the link is
replaced with os.replace, which is atomic on POSIX file systems: a reader sees
the old folder or the new one, never half of each, and never no folder.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path


def staging_folder(final: Path) -> Path:
    """A new, empty hidden folder beside `final` for the next version."""
    folder = final.with_name(f".{final.name}.{time.time_ns()}.{os.getpid()}")
    folder.mkdir(parents=True)
    return folder


def swap_in(staging: Path, final: Path) -> None:
    """Make `final` show `staging`; remove the folder it showed before."""
    previous: Path | None = None
    if final.is_symlink():
        previous = final.resolve()
    elif final.exists():
        # A plain folder from before the link: moved aside, then removed.
        previous = final.with_name(f".{final.name}.replaced.{os.getpid()}")
        final.rename(previous)
    link = final.with_name(f".{final.name}.{os.getpid()}.link")
    link.unlink(missing_ok=True)
    link.symlink_to(staging.name)
    os.replace(link, final)
    if previous is not None and previous != staging.resolve():
        shutil.rmtree(previous, ignore_errors=True)
