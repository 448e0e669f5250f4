"""Turn a source file of any supported format into plain report text.

Every format ends as the same thing, :class:`SourceText`: the report as lines of
text. Formats that know their table cells (HTML, DOCX, PDF) write each table row
as one line with the cells separated by TAB characters (a merged cell is written
once and its other positions left empty), which is the layout Word copies into
plain text, so the reader has one table path and glued digits never arise there.
A text file that really holds HTML markup goes through the HTML path but keeps the
format ``txt``.

Before any format is read, the size is checked (:mod:`build_scripts.inputs.text_quality`:
5 MB for text and HTML, 50 MB for DOCX/PDF); after it, the text must be at most 5 MB
(a container whose text expands past that is refused) and readable Chinese (not empty,
not whitespace, not mis-decoded bytes). :func:`read_source_file` reads only regular
files, checking the size before reading. The format readers (lxml, python-docx,
pdfplumber) are imported when a file of their format is read, not at start-up. A text file whose last UTF-8
character is cut off (a truncated download) is read without that character and says so
in ``SourceText.warnings``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from build_scripts.errors import SourceError
from build_scripts.inputs.decode import decode_bytes
from build_scripts.inputs.formats.sniff import looks_like_html
from build_scripts.inputs.text_quality import check_extracted_size, check_report_text, check_size, size_limit

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
        from build_scripts.inputs.formats.html import html_to_text

        text = html_to_text(text, name)
    return SourceText(text=text, format="txt", encoding=encoding, warnings=warnings)


MISLABELLED = "网页声明的字符集是{declared}，但内容按{used}才能读出"


def _read_html(name: str, data: bytes) -> SourceText:
    from build_scripts.inputs.formats.html import declared_charset, decode_html, html_to_text

    text, encoding = decode_html(data, name)
    declared = declared_charset(data)
    warnings = (MISLABELLED.format(declared=declared, used=encoding),) if declared and declared != encoding else ()
    return SourceText(text=html_to_text(text, name), format="html", encoding=encoding, warnings=warnings)


def _read_doc(name: str, data: bytes) -> SourceText:
    """Old binary Word. Sites often serve DOCX or HTML under a ``.doc`` name: read those."""
    if data.startswith(ZIP_MAGIC):
        return _read_docx(name, data)
    if data.lstrip()[:1] == b"<":
        return _read_html(name, data)
    raise SourceError(name, "old binary Word .doc is not supported; save it as .docx")


ZIP_MAGIC = b"PK\x03\x04"


def _read_docx(name: str, data: bytes) -> SourceText:
    from build_scripts.inputs.formats.docx import docx_to_text

    return SourceText(text=docx_to_text(data, name), format="docx")


def _read_pdf(name: str, data: bytes) -> SourceText:
    from build_scripts.inputs.formats.pdf_process import pdf_to_text_bounded

    text, warnings = pdf_to_text_bounded(data, name)
    return SourceText(text=text, format="pdf", warnings=warnings)


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
    check_extracted_size(name, source.text)
    check_report_text(name, source.text)
    return source


def read_source_file(path: Path, name: str) -> bytes:
    """The bytes of the source file at ``path`` (shown as ``name``), read only when it is a
    regular file within the size limit of its format (checked before a byte is read).

    The file is opened without blocking and checked on the open descriptor, so a FIFO, a
    device (``/dev/zero``), a socket or a directory is refused with a :class:`SourceError`,
    never read, even when it replaces a regular file between a look and the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SourceError(name, f"cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(name, f"is not a regular file but {_file_kind(info.st_mode)}; not read")
        check_size(name, info.st_size, container=is_container(name))
        data = _read_at_most(fd, size_limit(is_container(name)) + 1)
    except OSError as exc:
        raise SourceError(name, f"cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)
    check_size(name, len(data), container=is_container(name))  # it grew while being read
    return data


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(fd, min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def _read_format(name: str, data: bytes) -> SourceText:
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix == "":
        return _read_text(name, data)
    if suffix in HTML_SUFFIXES:
        return _read_html(name, data)
    if suffix == ".docx":
        return _read_docx(name, data)
    if suffix == ".doc":
        return _read_doc(name, data)
    if suffix == ".pdf":
        return _read_pdf(name, data)
    raise SourceError(name, f"unsupported file type {suffix!r} (supported: {SUPPORTED})")
