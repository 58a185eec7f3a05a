"""Read a submitted file into records and fields the way landing and staging do.

Landing (base_cld__landed_lines) splits the decoded text on line feeds, or on
carriage returns when it has none (a carriage return ending a line and the
byte-order mark are dropped; the empty string after a final line ending is not a
line); base_cld__submission_records joins the lines of a quoted field that holds
line breaks into one record, numbered by its first line; staging splits each
record as comma-separated values, skipping blank records.
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
    """One non-blank record after the header: the line it starts on, its text."""

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
    lines = text.split("\n" if "\n" in text else "\r")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    cleaned = [line.removesuffix("\r") for line in lines]
    if cleaned:
        cleaned[0] = cleaned[0].lstrip(BYTE_ORDER_MARK)
    return cleaned


def split_records(lines: list[str]) -> list[DataLine]:
    """CSV records, each numbered by its first line, its lines joined by line feeds.

    A quoted field holding line breaks keeps them: Python's csv module follows the
    quotes as base_cld__submission_records does.
    """
    records = []
    reader = csv.reader(iter(lines))
    first_line = 1
    for _ in reader:
        records.append(
            DataLine(first_line, "\n".join(lines[first_line - 1 : reader.line_num]))
        )
        first_line = reader.line_num + 1
    return records


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
    records = split_records(split_lines(text)) if text else []
    header_line = records[0].text if records else ""
    data_lines = [record for record in records[1:] if record.text.strip(" ")]
    return SubmissionFile(
        path=path,
        size_bytes=len(content),
        encoding=encoding,
        delimiter=guess_delimiter(header_line),
        header_labels=split_fields(header_line) if header_line.strip(" ") else [],
        data_lines=data_lines,
    )
