"""Turn a source file of any supported format into plain report text.

Every format ends as the same thing, :class:`SourceText`: the report as lines of
text. Formats that know their table cells (HTML, DOCX, PDF) write each table row
as one line with the cells separated by TAB characters (a merged cell is written
once and its other positions left empty), which is the layout Word copies into
plain text, so the reader has one table path and glued digits never arise there.
A text file that really holds HTML markup goes through the HTML path but keeps the
format ``txt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.decode import decode_bytes
from build_scripts.errors import SourceError
from build_scripts.formats.docx import docx_to_text, looks_like_zip
from build_scripts.formats.html import decode_html, html_to_text, looks_like_html
from build_scripts.formats.pdf import pdf_to_text

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
SUPPORTED = ".txt, .html/.htm, .docx, .pdf"


@dataclass(frozen=True)
class SourceText:
    text: str
    format: str  # txt | html | docx | pdf
    encoding: str | None = None


def _read_text(name: str, data: bytes) -> SourceText:
    text, encoding = decode_bytes(data, name)
    if looks_like_html(text):
        text = html_to_text(text, name)
    return SourceText(text=text, format="txt", encoding=encoding)


def _read_html(name: str, data: bytes) -> SourceText:
    text, encoding = decode_html(data, name)
    return SourceText(text=html_to_text(text, name), format="html", encoding=encoding)


def _read_doc(name: str, data: bytes) -> SourceText:
    """Old binary Word. Sites often serve DOCX or HTML under a ``.doc`` name: read those."""
    if looks_like_zip(data):
        return SourceText(text=docx_to_text(data, name), format="docx")
    if data.lstrip()[:1] == b"<":
        return _read_html(name, data)
    raise SourceError(name, "old binary Word .doc is not supported; save it as .docx")


def read_source(name: str, data: bytes) -> SourceText:
    """Read ``data`` (the bytes of the file called ``name``) as report text.

    Raises :class:`SourceError` naming ``name`` when the file cannot be read.
    """
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        return _read_text(name, data)
    if suffix in HTML_SUFFIXES:
        return _read_html(name, data)
    if suffix == ".docx":
        return SourceText(text=docx_to_text(data, name), format="docx")
    if suffix == ".doc":
        return _read_doc(name, data)
    if suffix == ".pdf":
        return SourceText(text=pdf_to_text(data, name), format="pdf")
    raise SourceError(name, f"unsupported file type {suffix!r} (supported: {SUPPORTED})")
