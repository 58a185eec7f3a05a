"""Match a file's header to the canonical CLD columns, as staging does.

The spellings councils use are the rows of ``seeds/cld_header_aliases.csv``
(``header_label``, ``column_name``, ``naming_style``: snake, spec, dscro or
legacy). A header cell names a column when its match key equals the key of one of
those labels; the key is the one ``macros/cross_db/normalise_match_key.sql``
computes: lower case, '&' read as 'and', every character other than a-z and 0-9
dropped. The file's naming style follows ``base_cld__file_layouts``: the one style
whose exact labels (ignoring case) account for every mapped cell, else 'mixed'.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

NAMING_STYLES: Final = ("snake", "spec", "dscro")
UNRECOGNISED: Final = "unrecognised"
MIXED: Final = "mixed"
NO_HEADER: Final = "no header"

_NON_ALPHANUMERIC: Final = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True)
class HeaderAlias:
    """One accepted spelling of a column's header."""

    header_label: str
    column_name: str
    naming_style: str


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a file's header line and the canonical column it names."""

    position: int
    label: str
    column_name: str | None
    styles: frozenset[str]


def normalise_match_key(text: str) -> str:
    """The match key of a header label or defined-list value (see module doc)."""
    return _NON_ALPHANUMERIC.sub("", text.lower().replace("&", "and"))


def read_header_aliases(path: Path) -> list[HeaderAlias]:
    """The rows of the header-alias seed."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [
            HeaderAlias(
                header_label=row["header_label"],
                column_name=row["column_name"],
                naming_style=row["naming_style"],
            )
            for row in csv.DictReader(handle)
        ]


def canonical_columns(aliases: Iterable[HeaderAlias]) -> list[str]:
    """The canonical column names, in the seed's (specification) order."""
    return list(dict.fromkeys(alias.column_name for alias in aliases))


def match_header(
    labels: Sequence[str], aliases: Sequence[HeaderAlias]
) -> list[HeaderCell]:
    """Each header label (already unquoted) with its column and naming styles."""
    column_by_key: dict[str, str] = {}
    for alias in aliases:
        key = normalise_match_key(alias.header_label)
        column_by_key[key] = min(
            column_by_key.get(key, alias.column_name), alias.column_name
        )
    styles_by_label: dict[str, set[str]] = {}
    for alias in aliases:
        styles_by_label.setdefault(alias.header_label.lower(), set()).add(
            alias.naming_style
        )
    cells = []
    for position, raw_label in enumerate(labels, start=1):
        label = raw_label.strip(" ")
        cells.append(
            HeaderCell(
                position=position,
                label=label,
                column_name=column_by_key.get(normalise_match_key(label)),
                styles=frozenset(styles_by_label.get(label.lower(), set())),
            )
        )
    return cells


def header_style(cells: Sequence[HeaderCell]) -> str:
    """The file's naming style: snake, spec, dscro, mixed or unrecognised."""
    mapped = [cell for cell in cells if cell.column_name is not None]
    if not cells:
        return NO_HEADER
    if not mapped:
        return UNRECOGNISED
    for style in NAMING_STYLES:
        if sum(style in cell.styles for cell in cells) == len(mapped):
            return style
    return MIXED


def missing_columns(cells: Sequence[HeaderCell], columns: Sequence[str]) -> list[str]:
    """Canonical columns no header cell names, in canonical order."""
    named = {cell.column_name for cell in cells}
    return [column for column in columns if column not in named]
