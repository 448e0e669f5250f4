"""Word ``.docx`` reports → report text, through python-docx.

Body paragraphs and tables are read in document order. python-docx gives the same
underlying cell for every grid position a merged cell covers (horizontally and
vertically); the cell's text is written at the first of those positions only.
Page headers and footers are not part of the body, so they never reach the text.
"""

from __future__ import annotations

import io
import zipfile

import docx
import docx.opc.exceptions
import lxml.etree
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from build_scripts.errors import SourceError
from build_scripts.inputs.formats.layout import collapse_whitespace, join_cell_lines, join_lines, table_lines

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def looks_like_zip(data: bytes) -> bool:
    """True for a ZIP container (what a .docx is)."""
    return data.startswith(_ZIP_MAGIC)


def _cell_text(cell: _Cell) -> str:
    lines = [paragraph.text for paragraph in cell.paragraphs]
    for nested in cell.tables:
        lines.extend(_table_lines(nested))
    return join_cell_lines(lines)


def _table_grid(table: Table) -> list[list[str]]:
    """The table on its grid; a merged cell's text only at its first (top-left) position."""
    seen: set[object] = set()  # the cells' XML elements; holding them keeps their identity stable
    grid = []
    for row in table.rows:
        values = []
        for cell in row.cells:
            values.append("" if cell._tc in seen else _cell_text(cell))
            seen.add(cell._tc)
        grid.append(values)
    width = max((len(values) for values in grid), default=0)
    return [values + [""] * (width - len(values)) for values in grid]


def _table_lines(table: Table) -> list[str]:
    return table_lines(_table_grid(table))


def _body_lines(document: docx.document.Document) -> list[str]:
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(collapse_whitespace(block.text))
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return lines


def open_docx(data: bytes, name: str) -> docx.document.Document:
    """Open the document; :class:`SourceError` with the cause when it is not a readable .docx."""
    if data.startswith(_OLE_MAGIC):
        raise SourceError(name, "is an old binary Word file or a password-protected document, not a .docx")
    if not looks_like_zip(data):
        raise SourceError(name, "is not a .docx (not a ZIP container)")
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, docx.opc.exceptions.PackageNotFoundError, KeyError) as exc:
        raise SourceError(name, f"is a corrupt .docx ({exc})") from exc
    except lxml.etree.XMLSyntaxError as exc:
        raise SourceError(name, f"is a corrupt .docx (bad XML: {exc})") from exc
    except ValueError as exc:
        raise SourceError(name, f"is not a Word document ({exc})") from exc


def docx_to_text(data: bytes, name: str) -> str:
    """The report text of a .docx file: paragraphs one per line, tables as TAB rows."""
    text = join_lines(_body_lines(open_docx(data, name)))
    if not text:
        raise SourceError(name, "the .docx has no text")
    return text
