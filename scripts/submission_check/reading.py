"""Read a submitted file into lines and fields the way landing and staging do.

The landing hook splits the decoded text on line feeds (a carriage return ending a
line and the byte-order mark are dropped; the empty string after a final line feed
is not a line) and staging splits each physical line as comma-separated values,
skipping blank lines. A quoted field spanning lines is therefore split too.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from submission_check.encoding import BYTE_ORDER_MARK, decode, detect_encoding

# Delimiters a council's export may use, by name (base_cld__file_checks).
CANDIDATE_DELIMITERS: Final = {
    ",": "comma",
    ";": "semicolon",
    "\t": "tab",
    "|": "vertical bar",
}


@dataclass(frozen=True)
class DataLine:
    """One non-blank line after the header: its number and its text."""

    line_number: int
    text: str


@dataclass(frozen=True)
class SubmissionFile:
    """A submitted file as landing and staging see it."""

    path: Path
    size_bytes: int
    encoding: str
    delimiter: str | None  # a name: comma, semicolon, tab, vertical bar
    header_labels: list[str]
    data_lines: list[DataLine]  # kept as text: fields are split when needed


def split_lines(text: str) -> list[str]:
    """Physical lines, without line endings or the byte-order mark."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    cleaned = [line.removesuffix("\r") for line in lines]
    if cleaned:
        cleaned[0] = cleaned[0].lstrip(BYTE_ORDER_MARK)
    return cleaned


def split_fields(line: str) -> list[str]:
    """One line's comma-separated fields, unquoted."""
    return next(csv.reader([line]), [""])


def guess_delimiter(header_line: str) -> str | None:
    """The name of the delimiter the header line uses most; None if it has none."""
    counts = Counter(
        {name: header_line.count(char) for char, name in CANDIDATE_DELIMITERS.items()}
    )
    name, count = counts.most_common(1)[0]
    return name if count > 0 else None


def read_submission(path: Path) -> SubmissionFile:
    """Read and split one file; an undecodable or empty file has no lines."""
    content = path.read_bytes()
    encoding = detect_encoding(content)
    text = decode(content, encoding)
    lines = split_lines(text) if text else []
    header_line = lines[0] if lines else ""
    data_lines = [
        DataLine(line_number=number, text=line)
        for number, line in enumerate(lines[1:], start=2)
        if line.strip(" ")
    ]
    return SubmissionFile(
        path=path,
        size_bytes=len(content),
        encoding=encoding,
        delimiter=guess_delimiter(header_line),
        header_labels=split_fields(header_line) if header_line.strip(" ") else [],
        data_lines=data_lines,
    )
