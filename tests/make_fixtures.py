"""Make .docx and .pdf test inputs from a real report.

The report is the crawled page ``pingtan-2024-zone.html`` from the sample archive (``sources/``): its
article (title, paragraphs and the three tables with their real row and column spans)
is read into a small document model, which is then written as a Word document with
python-docx (merged cells made with ``cell.merge``) and as a PDF with reportlab (ruled
tables, ``SPAN`` merges, a CJK font built into reportlab, page numbers "— n —" in the
footer). Run as a script to write both files into a folder for inspection:
``python tests/make_fixtures.py OUTDIR``.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
import lxml.html

REPORT_HTML = Path(__file__).resolve().parents[1] / "sources" / "pingtan-2024-zone.html"


@dataclass(frozen=True)
class FixtureCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class FixtureTable:
    rows: tuple[tuple[FixtureCell, ...], ...]


Block = str | FixtureTable


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\xa0", " "))


def _cell_text(td: lxml.html.HtmlElement) -> str:
    """A cell's paragraphs joined without separator (this report's cells wrap CJK labels only)."""
    paragraphs = td.xpath(".//p") or [td]
    return "".join(_squash(p.text_content()) for p in paragraphs)


def report_model(path: Path = REPORT_HTML) -> list[Block]:
    """Title, paragraphs and tables of the report, in order (fixture-only reader of this one page)."""
    root = lxml.html.fromstring(path.read_bytes().decode("utf-8"))
    title = _squash(root.xpath("//meta[@name='ArticleTitle']/@content")[0])
    article = root.xpath("//div[contains(@class, 'TRS_Editor')]")[0]
    blocks: list[Block] = [title]
    for el in article.iter("p", "table"):
        if el.tag == "table":
            rows = tuple(
                tuple(
                    FixtureCell(_cell_text(td), int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
                    for td in tr.xpath("./td|./th")
                )
                for tr in el.xpath(".//tr")
            )
            blocks.append(FixtureTable(rows))
        elif not el.xpath("ancestor::table"):
            text = re.sub(r"\s+", " ", el.text_content().replace("\xa0", " ")).strip()
            if text:
                blocks.append(text)
    return blocks


def grid_positions(table: FixtureTable) -> tuple[list[tuple[int, int, FixtureCell]], int]:
    """(row, column, cell) of every declared cell on the table grid, and the grid width."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    width = max(c for _, c in taken) + 1
    return placed, width


def make_docx(blocks: list[Block]) -> bytes:
    document = docx.Document()
    for index, block in enumerate(blocks):
        if isinstance(block, str):
            if index == 0:
                document.add_heading(block, level=1)
            else:
                document.add_paragraph(block)
            continue
        placed, width = grid_positions(block)
        table = document.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        for r, c, cell in placed:
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            target.text = cell.text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(blocks: list[Block]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle(
        "body", fontName=font, fontSize=10.5, leading=16, firstLineIndent=21, wordWrap="CJK"
    )
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=24, firstLineIndent=0, alignment=1)
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, wordWrap="CJK")

    def footer(canvas, doc) -> None:
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")

    story = []
    frame_width = A4[0] - 40 * mm
    for index, block in enumerate(blocks):
        if isinstance(block, str):
            story.append(Paragraph(block, title if index == 0 else body))
            continue
        placed, width = grid_positions(block)
        grid = [[""] * width for _ in block.rows]
        spans = []
        for r, c, cell in placed:
            grid[r][c] = Paragraph(cell.text, cell_style) if cell.text else ""
            if cell.rowspan > 1 or cell.colspan > 1:
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        weights = [3.0] * width
        for _, c, cell in placed:
            if cell.colspan == 1:
                weights[c] = max(weights[c], min(len(cell.text), 16.0))
        table = Table(grid, colWidths=[frame_width * w / sum(weights) for w in weights])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    *spans,
                ]
            )
        )
        story += [Spacer(1, 4), table, Spacer(1, 4)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, invariant=1).build(
        story, onFirstPage=footer, onLaterPages=footer
    )
    return out.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    model = report_model()
    (target / "pingtan-2024-zone.docx").write_bytes(make_docx(model))
    (target / "pingtan-2024-zone.pdf").write_bytes(make_pdf(model))
