"""Turn a source file of any supported format into plain report text.

Every format ends as the same thing, :class:`SourceText`: the report as lines of
text. Formats that know their table cells (HTML, DOCX, PDF) write each table row
as one line with the cells separated by TAB characters (a merged cell is written
once and its other positions left empty), which is the layout Word copies into
plain text, so the reader has one table path and glued digits never arise there.
A text file that really holds HTML markup goes through the HTML path but keeps the
format ``txt``.

Before any format is read, the size is checked (:mod:`build_scripts.inputs.text_quality`:
5 MB for text and HTML, 50 MB for DOCX/PDF); after it, the text must be readable
Chinese (not empty, not whitespace, not mis-decoded bytes). A text file whose last UTF-8
character is cut off (a truncated download) is read without that character and says so
in ``SourceText.warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.errors import SourceError
from build_scripts.inputs.decode import decode_bytes
from build_scripts.inputs.formats.docx import docx_to_text, looks_like_zip
from build_scripts.inputs.formats.html import declared_charset, decode_html, html_to_text, looks_like_html
from build_scripts.inputs.formats.pdf import pdf_to_text
from build_scripts.inputs.text_quality import check_report_text, check_size

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
SUPPORTED = ".txt, .html/.htm, .docx, .pdf"


@dataclass(frozen=True)
class SourceText:
    text: str
    format: str  # txt | html | docx | pdf
    encoding: str | None = None
    warnings: tuple[str, ...] = ()


TRUNCATED_UTF8 = "文件在一个UTF-8字符中间结束（下载可能不完整），末尾{count}个字节未读取"


def truncated_utf8(data: bytes) -> int | None:
    """How many bytes an incomplete last character takes when that is the only flaw of UTF-8
    ``data`` (a download cut short); None otherwise."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = len(data) - exc.start
        if exc.reason == "unexpected end of data" and exc.end == len(data) and cut <= 3:
            return cut if _valid_utf8(data[: exc.start]) else None
    return None


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read_text(name: str, data: bytes) -> SourceText:
    warnings: tuple[str, ...] = ()
    cut = truncated_utf8(data)
    if cut is not None:
        data = data[:-cut]
        warnings = (TRUNCATED_UTF8.format(count=cut),)
    text, encoding = decode_bytes(data, name)
    if looks_like_html(text):
        text = html_to_text(text, name)
    return SourceText(text=text, format="txt", encoding=encoding, warnings=warnings)


MISLABELLED = "网页声明的字符集是{declared}，但内容按{used}才能读出"


def _read_html(name: str, data: bytes) -> SourceText:
    text, encoding = decode_html(data, name)
    declared = declared_charset(data)
    warnings = (MISLABELLED.format(declared=declared, used=encoding),) if declared and declared != encoding else ()
    return SourceText(text=html_to_text(text, name), format="html", encoding=encoding, warnings=warnings)


def _read_doc(name: str, data: bytes) -> SourceText:
    """Old binary Word. Sites often serve DOCX or HTML under a ``.doc`` name: read those."""
    if looks_like_zip(data):
        return SourceText(text=docx_to_text(data, name), format="docx")
    if data.lstrip()[:1] == b"<":
        return _read_html(name, data)
    raise SourceError(name, "old binary Word .doc is not supported; save it as .docx")


def is_container(name: str) -> bool:
    """DOCX/PDF (and .doc) files: their size includes images, so they get a larger limit."""
    return Path(name).suffix.lower() in (".docx", ".doc", ".pdf")


def read_source(name: str, data: bytes) -> SourceText:
    """Read ``data`` (the bytes of the file called ``name``) as report text.

    Raises :class:`SourceError` naming ``name`` when the file cannot be read or holds no
    readable report text.
    """
    check_size(name, len(data), container=is_container(name))
    source = _read_format(name, data)
    check_report_text(name, source.text)
    return source


def _read_format(name: str, data: bytes) -> SourceText:
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
