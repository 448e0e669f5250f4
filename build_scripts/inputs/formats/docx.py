"""Word ``.docx`` reports → report text, through python-docx.

Body paragraphs and tables are read in document order. python-docx gives the same
underlying cell for every grid position a merged cell covers (horizontally and
vertically); the cell's text is written at the first of those positions only.
Page headers and footers are not part of the body, so they never reach the text.

Before python-docx sees the file, the ZIP container is checked from its directory alone
(:func:`check_container`): at most :data:`MAX_MEMBERS` members, at most
:data:`MAX_UNCOMPRESSED_BYTES` unpacked in all and :data:`MAX_XML_BYTES` of XML, and no
member that unpacks to more than :data:`MAX_RATIO` times its packed size (a zip bomb).
Python's ``zipfile`` never unpacks more than a member's declared size, so the
directory's figures bound what is read.
"""

from __future__ import annotations

import io
import struct
import zipfile

import docx
import docx.opc.exceptions
import lxml.etree
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from build_scripts.errors import SourceError
from build_scripts.inputs.formats.layout import (
    MAX_GRID_CELLS,
    TableTooLarge,
    collapse_whitespace,
    join_cell_lines,
    join_lines,
    table_lines,
)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_DIRECTORY = b"PK\x05\x06"

#: A report .docx has 10–60 members; images make it large, its XML is a few MB at most.
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_XML_BYTES = 30 * 1024 * 1024
#: Word's XML packs 5–20 times; a member packed more than this (and over 1 MB unpacked) is a bomb.
MAX_RATIO = 100
_RATIO_FROM_BYTES = 1024 * 1024


def looks_like_zip(data: bytes) -> bool:
    """True for a ZIP container (what a .docx is)."""
    return data.startswith(_ZIP_MAGIC)


def _cell_text(cell: _Cell) -> str:
    lines = [paragraph.text for paragraph in cell.paragraphs]
    for nested in cell.tables:
        lines.extend(_table_lines(nested))
    return join_cell_lines(lines)


def _declared_width(row: docx.table._Row) -> int:
    """The grid columns a row claims (cells, their ``gridSpan``, ``gridBefore``/``gridAfter``),
    read from the XML before python-docx lays out one list entry per column."""
    spans = row._tr.xpath("./w:tc/w:tcPr/w:gridSpan/@w:val | ./w:trPr/w:gridBefore/@w:val | ./w:trPr/w:gridAfter/@w:val")
    extra = sum(int(value) for value in spans if value.isdigit() and len(value) <= 9)
    return len(row._tr.xpath("./w:tc")) + extra


def _table_grid(table: Table) -> list[list[str]]:
    """The table on its grid; a merged cell's text only at its first (top-left) position.

    Raises :class:`TableTooLarge` when the rows claim more than :data:`MAX_GRID_CELLS` positions.
    """
    seen: set[object] = set()  # the cells' XML elements; holding them keeps their identity stable
    grid = []
    filled = 0
    for row in table.rows:
        filled += _declared_width(row)
        if filled > MAX_GRID_CELLS:
            raise TableTooLarge(f"a table's cells span more than {MAX_GRID_CELLS:,} grid positions")
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


def _declared_members(data: bytes) -> int | None:
    """The member count in the ZIP's end-of-directory record (read before the directory is)."""
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_container(archive: zipfile.ZipFile, name: str) -> None:
    """:class:`SourceError` when the ZIP's directory promises more than a report can hold."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise SourceError(name, f"the .docx has {len(members)} files inside (limit {MAX_MEMBERS}); not converted")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SourceError(
            name, f"the .docx unpacks to {_mb(total)} (limit {_mb(MAX_UNCOMPRESSED_BYTES)}); not converted"
        )
    xml = sum(member.file_size for member in members if member.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise SourceError(name, f"the .docx holds {_mb(xml)} of XML (limit {_mb(MAX_XML_BYTES)}); not converted")
    for member in members:
        if member.file_size > _RATIO_FROM_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise SourceError(
                name,
                f"the .docx member {member.filename[:80]!r} unpacks {member.file_size // max(member.compress_size, 1)} "
                f"times its packed size (limit {MAX_RATIO}): a zip bomb; not converted",
            )


def open_docx(data: bytes, name: str) -> docx.document.Document:
    """Open the document; :class:`SourceError` with the cause when it is not a readable .docx."""
    if data.startswith(_OLE_MAGIC):
        raise SourceError(name, "is an old binary Word file or a password-protected document, not a .docx")
    if not looks_like_zip(data):
        raise SourceError(name, "is not a .docx (not a ZIP container)")
    declared = _declared_members(data)
    if declared is not None and declared > MAX_MEMBERS:
        raise SourceError(name, f"the .docx has {declared} files inside (limit {MAX_MEMBERS}); not converted")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_container(archive, name)
        return docx.Document(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # a compression method zipfile does not have
        EOFError,
        docx.opc.exceptions.PackageNotFoundError,
        KeyError,
    ) as exc:
        raise SourceError(name, f"is a corrupt .docx ({exc})") from exc
    except lxml.etree.XMLSyntaxError as exc:
        raise SourceError(name, f"is a corrupt .docx (bad XML: {exc})") from exc
    except ValueError as exc:
        raise SourceError(name, f"is not a Word document ({exc})") from exc


def docx_to_text(data: bytes, name: str) -> str:
    """The report text of a .docx file: paragraphs one per line, tables as TAB rows."""
    document = open_docx(data, name)
    try:
        lines = _body_lines(document)
    except TableTooLarge as exc:
        raise SourceError(name, f"{exc}; not converted") from None
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, RecursionError) as exc:
        # python-docx follows the schema; malformed parts that parse as XML fail in these ways
        raise SourceError(name, f"is a corrupt .docx ({type(exc).__name__} while reading its body)") from None
    text = join_lines(lines)
    if not text:
        raise SourceError(name, "the .docx has no text")
    return text
