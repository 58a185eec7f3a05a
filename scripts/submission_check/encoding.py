"""Which text encoding a submitted file is in, decided as landing does.

``macros/landing/landed_file_lines.sql`` reads a file as UTF-8 (with or without a
byte-order mark) when its bytes decode as UTF-8, otherwise as Windows-1252; a file
holding NUL bytes, or bytes Windows-1252 leaves undefined, is 'undecodable'. The
names below are the ``file_encoding`` values of ``marts.dim_submissions``.
"""

from __future__ import annotations

from typing import Final

UTF8: Final = "utf-8"
UTF8_BOM: Final = "utf-8-bom"
WINDOWS_1252: Final = "windows-1252"
UNDECODABLE: Final = "undecodable"
READABLE_ENCODINGS: Final = (UTF8, UTF8_BOM, WINDOWS_1252)

BYTE_ORDER_MARK: Final = "\ufeff"
# NUL, and the five bytes Windows-1252 gives no character.
_NOT_WINDOWS_1252: Final = frozenset(b"\x00\x81\x8d\x8f\x90\x9d")


def detect_encoding(content: bytes) -> str:
    """The encoding name landing gives these bytes."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        if _NOT_WINDOWS_1252.intersection(content):
            return UNDECODABLE
        return WINDOWS_1252
    if "\x00" in text:
        return UNDECODABLE
    return UTF8_BOM if text.startswith(BYTE_ORDER_MARK) else UTF8


def decode(content: bytes, encoding: str) -> str | None:
    """The file's text in a detected encoding; None when it is undecodable."""
    if encoding in (UTF8, UTF8_BOM):
        return content.decode("utf-8")
    if encoding == WINDOWS_1252:
        return content.decode("cp1252")
    return None
