"""Turn a source file of any supported format into plain report text.

Every format ends as the same thing, :class:`SourceText`: the report as lines of
text. Formats that know their table cells (HTML, DOCX, PDF) write each table row
as one line with the cells separated by TAB characters (a merged cell is written
once and its other positions left empty), which is the layout Word copies into
plain text, so the reader has one table path and glued digits never arise there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.decode import decode_bytes
from build_scripts.errors import SourceError

TEXT_SUFFIXES = (".txt", ".text", ".md")


@dataclass(frozen=True)
class SourceText:
    text: str
    format: str  # txt | html | docx | pdf
    encoding: str | None = None


def read_source(name: str, data: bytes) -> SourceText:
    """Read ``data`` (the bytes of the file called ``name``) as report text.

    Raises :class:`SourceError` naming ``name`` when the file cannot be read.
    """
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        text, encoding = decode_bytes(data, name)
        return SourceText(text=text, format="txt", encoding=encoding)
    raise SourceError(name, f"unsupported file type {suffix!r} (supported: .txt)")
