"""Word .docx reports → report text; a .docx made from a real report reads like its HTML page."""

from __future__ import annotations

import hashlib
import io

import docx
import pytest

from build_scripts.errors import SourceError
from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from tests.make_fixtures import REPORT_HTML, make_docx, report_model

needs_corpus = pytest.mark.skipif(not REPORT_HTML.exists(), reason="shared corpus not available")


def _record_without_source(name: str, data: bytes) -> dict:
    record = extract_record(read_source(name, data), file=name, sha256=hashlib.sha256(data).hexdigest())
    record.pop("source")
    return record


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return make_docx(report_model())


@needs_corpus
def test_docx_made_from_a_real_report_reads_as_its_html_page(report_docx: bytes) -> None:
    from_docx = read_source("report.docx", report_docx)
    from_html = read_source(REPORT_HTML.name, REPORT_HTML.read_bytes())
    assert from_docx.format == "docx"
    assert from_docx.text == from_html.text


@needs_corpus
def test_docx_record_equals_the_html_record(report_docx: bytes) -> None:
    assert _record_without_source("report.docx", report_docx) == _record_without_source(
        REPORT_HTML.name, REPORT_HTML.read_bytes()
    )


def _docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merged_cells_are_written_once_at_their_top_left() -> None:
    document = docx.Document()
    document.add_heading("一、总体情况", level=1)
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "第二十条第（一）项"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "规章"
    table.cell(1, 1).text = "本年\n制发"
    table.cell(1, 2).text = "12"
    table.cell(2, 1).text = "3"
    document.add_paragraph("二、\t其他  事项")
    text = read_source("a.docx", _docx_bytes(document)).text
    assert text == "一、总体情况\n第二十条第（一）项\t\t\n规章\t本年制发\t12\n\t3\t\n二、 其他 事项\n"


def test_a_doc_that_is_really_a_docx_is_read() -> None:
    document = docx.Document()
    document.add_paragraph("本年度共收到政府信息公开申请3件。")
    source = read_source("old-name.doc", _docx_bytes(document))
    assert (source.format, source.text) == ("docx", "本年度共收到政府信息公开申请3件。\n")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.docx", b"PK\x03\x04" + b"\x00" * 40, "corrupt .docx"),
        ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "password-protected"),
        ("a.docx", b"plain text", "not a .docx"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "save it as .docx"),
        ("a.xls", b"whatever", "unsupported file type"),
    ],
)
def test_unreadable_files_are_source_errors_naming_the_file(name: str, data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message) as raised:
        read_source(name, data)
    assert raised.value.file == name


def test_empty_docx_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="no text"):
        read_source("a.docx", _docx_bytes(docx.Document()))
