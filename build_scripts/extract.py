"""Report text → record (the front matter of DESIGN.md)."""

from __future__ import annotations

from typing import Any

from build_scripts.schema import new_record
from build_scripts.source_text import SourceText


def extract_record(source: SourceText, *, file: str, sha256: str) -> dict[str, Any]:
    """The record of one report. Pure: same input, same record."""
    record = new_record(file=file, sha256=sha256, fmt=source.format)
    return record
