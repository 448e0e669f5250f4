"""PDF reports with a text layer → report text; a PDF made from a real report reads like its HTML page."""

from __future__ import annotations

import hashlib
import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from build_scripts.errors import SourceError
from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from tests.make_fixtures import REPORT_HTML, make_pdf, report_model

needs_corpus = pytest.mark.skipif(not REPORT_HTML.exists(), reason="shared corpus not available")
FONT = "STSong-Light"


def _without_trailing_tabs(text: str) -> str:
    """Trailing empty cells are optional in the layout; a PDF cannot show how many there were."""
    return "\n".join(line.rstrip("\t") for line in text.splitlines())


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return make_pdf(report_model())


@needs_corpus
def test_pdf_made_from_a_real_report_reads_as_its_html_page(report_pdf: bytes) -> None:
    from_pdf = read_source("report.pdf", report_pdf)
    from_html = read_source(REPORT_HTML.name, REPORT_HTML.read_bytes())
    assert from_pdf.format == "pdf"
    assert "— 1 —" not in from_pdf.text
    assert _without_trailing_tabs(from_pdf.text) == _without_trailing_tabs(from_html.text)


@needs_corpus
def test_pdf_record_equals_the_html_record(report_pdf: bytes) -> None:
    records = []
    for name, data in (("report.pdf", report_pdf), (REPORT_HTML.name, REPORT_HTML.read_bytes())):
        record = extract_record(read_source(name, data), file=name, sha256=hashlib.sha256(data).hexdigest())
        records.append(
            {key: record.get(key) for key in ("agency", "year", "template", "region", "level", "stats")}
        )
    assert records[0] == records[1]


def _pdf(pages: list[list[tuple[float, float, str]]], *, encrypt: str | None = None) -> bytes:
    """A PDF with the given (x, y-from-top, text) strings on each page."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encrypt, invariant=1)
    for strings in pages:
        pdf.setFont(FONT, 12)
        for x, y, text in strings:
            pdf.drawString(x, A4[1] - y, text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


LEFT, RIGHT_LINE = 72.0, "政府信息公开工作年度报告正文的一行文字写满到右边距为止共计三十字"


def test_page_numbers_and_running_headers_are_dropped_and_broken_paragraphs_rejoined() -> None:
    pages = [
        [
            (LEFT, 40, "某某县人民政府办公室文件"),
            (LEFT + 24, 100, "一、总体情况"),
            (LEFT + 24, 130, RIGHT_LINE[:-2]),
            (LEFT, 148, RIGHT_LINE),
            (LEFT, 166, RIGHT_LINE),
            (280, 800, "— 1 —"),
        ],
        [
            (LEFT, 40, "某某县人民政府办公室文件"),
            (LEFT, 100, "最后一行。"),
            (LEFT + 24, 130, "二、主动公开政府信息情况"),
            (270, 800, "第 2 页 共 2 页"),
        ],
    ]
    text = read_source("a.pdf", _pdf(pages)).text
    assert text.splitlines() == [
        "一、总体情况",
        RIGHT_LINE[:-2] + RIGHT_LINE + RIGHT_LINE + "最后一行。",
        "二、主动公开政府信息情况",
    ]


def test_pdf_without_text_layer_needs_ocr() -> None:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    pdf.rect(100, 100, 300, 300, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(SourceError, match="no text layer: needs OCR"):
        read_source("scan.pdf", out.getvalue())


def test_encrypted_pdf_is_a_source_error() -> None:
    data = _pdf([[(LEFT, 100, "一、总体情况")]], encrypt="secret")
    with pytest.raises(SourceError, match="encrypted") as raised:
        read_source("locked.pdf", data)
    assert raised.value.file == "locked.pdf"


@pytest.mark.parametrize(
    ("data", "message"), [(b"not a pdf", "not a PDF"), (b"%PDF-1.4\n%%EOF", "corrupt PDF")]
)
def test_broken_pdf_is_a_source_error(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        read_source("broken.pdf", data)
