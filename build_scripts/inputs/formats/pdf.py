"""PDF reports with a text layer → report text, through pdfplumber.

Per page, ruled tables are found with ``page.find_tables()`` and written as TAB rows;
the text outside them is read as lines and re-joined into paragraphs (a line that runs
to the right margin continues on the next line unless that one is indented, as Chinese
paragraphs are). Tables and paragraphs are emitted top to bottom. Page numbers
("— 1 —", "- 1 -", "第1页 共3页", "1/3") and running headers or footers repeated in the
page margins are not content and are dropped. A PDF without a text layer (a scan) is
refused with a message saying it needs OCR.

Bounds: a PDF of more than :data:`MAX_PDF_PAGES` pages is refused after counting its pages
(nothing else is read), and each page's layout is released once the page is read. The time
and memory bounds are the child process's (:mod:`build_scripts.inputs.formats.pdf_process`).
A PDF encrypted with an empty user password (only an owner password: copying or printing
restricted, any viewer opens it) is read; when decrypting gives no readable text (generators
that leave the strings unencrypted), it is read again without decryption, and when neither
gives text the message says it is encrypted rather than that it needs OCR.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from build_scripts.errors import SourceError
from build_scripts.inputs.formats.layout import collapse_whitespace, join_cell_lines, join_lines, table_lines
from build_scripts.inputs.formats.pdf_process import check_pdf_header, memory_message
from build_scripts.inputs.text_quality import check_report_text

#: Real reports have 3–60 pages; a compilation of many reports is not one report.
MAX_PDF_PAGES = 300

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－~～·.\s]*\d{1,4}[-—–－~～·.\s]*"
    r"|第\s*\d{1,4}\s*页\s*(?:[,，、/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page\s*)?\d{1,4}\s*of\s*\d{1,4})\s*$",
    re.I,
)
_MARGIN = 0.08  # share of the page height at top and bottom where headers and footers live
_CID = re.compile(r"\(cid:\d+\)")
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9,.;:!?)]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z(]")


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class _Block:
    """Something placed on a page: a run of text lines or a table."""

    top: float
    lines: tuple[str, ...]
    first: _Line | None = None  # a paragraph's first and last printed line; None for tables
    last: _Line | None = None


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _text_lines(page: pdfplumber.page.Page, boxes: list[tuple[float, float, float, float]]) -> list[_Line]:
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    lines = []
    for found in outside.extract_text_lines(strip=True, return_chars=True):
        text = found["text"]
        if not text.strip():
            continue
        sizes = [char.get("size", 0.0) for char in found["chars"]] or [0.0]
        lines.append(_Line(text, found["x0"], found["x1"], found["top"], found["bottom"], max(sizes)))
    return lines


def _is_margin(line: _Line, height: float) -> bool:
    return line.bottom < height * _MARGIN or line.top > height * (1 - _MARGIN)


def _margin_key(text: str) -> str:
    """A running header or footer with its page number blanked out."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _joins(previous: _Line, line: _Line, left: float, right: float, *, same_page: bool = True) -> bool:
    """Whether ``line`` continues the paragraph that ``previous`` ends (a wrapped line)."""
    size = max(previous.size, line.size, 1.0)
    reaches_margin = previous.x1 >= right - 1.5 * size
    indented = line.x0 > left + 1.5 * size
    close = not same_page or line.top - previous.bottom < 1.2 * size
    return reaches_margin and not indented and close


def _join_pages(pages: list[list[_Block]], left: float, right: float) -> list[_Block]:
    """All blocks in reading order; a paragraph broken by a page break is made whole again."""
    blocks: list[_Block] = []
    for page in pages:
        for index, block in enumerate(page):
            previous = blocks[-1] if blocks else None
            if (
                index == 0
                and previous is not None
                and previous.last is not None
                and block.first is not None
                and _joins(previous.last, block.first, left, right, same_page=False)
            ):
                text = _join_wrapped([previous.lines[0], block.lines[0]])
                blocks[-1] = _Block(previous.top, (text,), previous.first, block.last)
            else:
                blocks.append(block)
    return blocks


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    for line in lines:
        if paragraphs and _joins(paragraphs[-1][-1], line, left, right):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _join_wrapped(parts: list[str]) -> str:
    """Wrapped lines of one paragraph; a space only between two Latin words."""
    text = ""
    for part in parts:
        part = collapse_whitespace(part)
        if text and _ASCII_WORD_END.search(text) and _ASCII_WORD_START.search(part):
            text += " "
        text += part
    return text


def _text_blocks(lines: list[_Line], left: float, right: float) -> list[_Block]:
    return [
        _Block(
            paragraph[0].top, (_join_wrapped([line.text for line in paragraph]),), paragraph[0], paragraph[-1]
        )
        for paragraph in _paragraphs(lines, left, right)
    ]


def _table_block(table: pdfplumber.table.Table) -> _Block:
    grid = [[join_cell_lines((cell or "").split("\n")) for cell in row] for row in table.extract()]
    return _Block(top=table.bbox[1], lines=tuple(table_lines(grid)))


@dataclass(frozen=True)
class _Page:
    height: float
    lines: list[_Line]
    tables: list[_Block]


def _read_page(page: pdfplumber.page.Page) -> _Page:
    page = page.dedupe_chars()
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    return _Page(page.height, _text_lines(page, boxes), [_table_block(table) for table in tables])


def _drop_headers_and_footers(pages: list[_Page]) -> list[list[_Line]]:
    """Each page's lines without page numbers and without margin lines repeated on other pages."""
    repeated = Counter(
        key
        for page in pages
        for key in {_margin_key(line.text) for line in page.lines if _is_margin(line, page.height)}
    )
    kept = []
    for page in pages:
        kept.append(
            [
                line
                for line in page.lines
                if not (
                    _is_margin(line, page.height)
                    and (
                        _PAGE_NUMBER.match(line.text)
                        or (len(pages) > 1 and repeated[_margin_key(line.text)] > 1)
                    )
                )
            ]
        )
    return kept


#: How an encrypted PDF is decrypted: as the standard says, only its streams (generators such as
#: reportlab leave the strings of font dictionaries unencrypted), or not at all.
DECRYPT_ALL, DECRYPT_STREAMS, DECRYPT_NONE = "all", "streams", "none"


def _streams_only(decipher: Any) -> Any:
    """A decipher callback that decrypts stream data (called with the stream's attributes) only."""

    def decrypt(objid: int, genno: int, data: bytes, attrs: Any = None) -> bytes:
        return decipher(objid, genno, data, attrs) if attrs is not None else data

    return decrypt


def open_pdf(data: bytes, name: str, *, decrypt: str = DECRYPT_ALL) -> pdfplumber.PDF:
    """Open the PDF; :class:`SourceError` with the cause when it is not readable.

    ``decrypt`` (:data:`DECRYPT_STREAMS`, :data:`DECRYPT_NONE`) reads an encrypted PDF that
    opens without a password (only an owner password) whose generator did not encrypt all it
    should have.
    """
    check_pdf_header(data, name)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        if decrypt != DECRYPT_ALL and pdf.doc.decipher is not None:
            pdf.doc.decipher = _streams_only(pdf.doc.decipher) if decrypt == DECRYPT_STREAMS else None
            pdf.doc._cached_objs.clear()
            pdf.doc._parsed_objs.clear()
        return pdf
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise SourceError(name, "is an encrypted PDF (password required)") from exc
        raise SourceError(name, f"is a corrupt PDF ({cause})") from exc
    except (PDFSyntaxError, PSException) as exc:
        raise SourceError(name, f"is a corrupt PDF ({exc})") from exc


def _page_count(pdf: pdfplumber.PDF, name: str) -> int:
    """The number of pages, counted without reading them; refused past :data:`MAX_PDF_PAGES`."""
    counted = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PDF_PAGES + 1))
    if counted > MAX_PDF_PAGES:
        raise SourceError(name, f"has more than {MAX_PDF_PAGES} pages (the limit for one report); not converted")
    return counted


def _read_pages(pdf: pdfplumber.PDF, name: str) -> list[_Page]:
    pages = []
    try:
        _page_count(pdf, name)
        for page in pdf.pages:
            pages.append(_read_page(page))
            page.close()  # the page's layout objects are not needed any more
    except (PdfminerException, PDFSyntaxError, PSException) as exc:
        if _out_of_memory(exc):
            raise SourceError(name, memory_message()) from exc
        raise SourceError(name, f"is a corrupt PDF ({exc})") from exc
    return pages


def _out_of_memory(exc: BaseException) -> bool:
    """zlib says so in words when a stream inflates past the memory cap."""
    causes = [exc, *(exc.args[:1] if exc.args else ()), exc.__cause__, exc.__context__]
    return any(isinstance(cause, MemoryError) or "allocate" in str(cause) for cause in causes if cause is not None)


def _is_encrypted(pdf: pdfplumber.PDF) -> bool:
    return pdf.doc.encryption is not None


def pdf_to_text(data: bytes, name: str) -> str:
    """The report text of a PDF: paragraphs one per line, ruled tables as TAB rows."""
    with open_pdf(data, name) as pdf:
        encrypted = _is_encrypted(pdf)
        try:
            text = _pdf_text(_read_pages(pdf, name), name)
            if encrypted:
                check_report_text(name, text)
            return text
        except SourceError:
            if not encrypted:
                raise
    for decrypt in (DECRYPT_STREAMS, DECRYPT_NONE):
        with open_pdf(data, name, decrypt=decrypt) as pdf:
            try:
                text = _pdf_text(_read_pages(pdf, name), name)
                check_report_text(name, text)
                return text
            except SourceError:
                continue
    raise SourceError(
        name,
        "is an encrypted PDF (an owner password restricts copying) whose text cannot be "
        "decrypted; not converted (print it to a new PDF, or ask for an unencrypted copy)",
    )


def _pdf_text(pages: list[_Page], name: str) -> str:
    page_lines = _drop_headers_and_footers(pages)
    every_line = [line for lines in page_lines for line in lines]
    if not every_line and not any(page.tables for page in pages):
        raise SourceError(name, "no text layer: needs OCR")
    cid_chars = sum(len(code) for line in every_line for code in _CID.findall(line.text))
    if cid_chars * 2 > sum(len(line.text) for line in every_line):
        raise SourceError(name, "the text layer has no Unicode mapping (cid codes): needs OCR")
    left = min((line.x0 for line in every_line), default=0.0)
    right = max((line.x1 for line in every_line), default=0.0)
    ordered = [
        sorted(_text_blocks(lines, left, right) + page.tables, key=lambda block: block.top)
        for page, lines in zip(pages, page_lines, strict=True)
    ]
    return join_lines(line for block in _join_pages(ordered, left, right) for line in block.lines)
