"""Re-laying out the real tables of real reports (test support for ``test_layouts.py``).

A report is split into prose lines and tables (rows of cells). The cells come from the
report itself: TAB rows of the text the project's own reader produces (the HTML path writes
one TAB row per table row), or the one-cell-per-line groups of the national 统计表 (seed 001).
Each layout function re-renders the same cells differently; no report text is invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Table = list[list[str]]
Piece = str | Table

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_NUMBER = re.compile(r"[+\-]?\d+(?:\.\d+)?(?:元|万元)?")


@dataclass(frozen=True)
class Report:
    """Prose lines and tables, in document order."""

    pieces: tuple[Piece, ...]


def from_tab_rows(text: str) -> Report:
    """Consecutive TAB-separated lines form one table; every other line is prose."""
    pieces: list[Piece] = []
    for line in text.split("\n"):
        if "\t" in line:
            if not pieces or isinstance(pieces[-1], str):
                pieces.append([])
            table = pieces[-1]
            assert isinstance(table, list)
            table.append([cell.strip() for cell in line.split("\t")])
        else:
            pieces.append(line)
    return Report(tuple(pieces))


def from_cell_groups(text: str, header: str) -> Report:
    """A one-cell-per-line table from the line naming ``header`` to the end: rows are groups of
    lines separated by blank lines; a line not starting with TAB continues the previous cell."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if header in re.sub(r"\s", "", line))
    table: Table = []
    row: list[str] = []
    for line in [*lines[start:], ""]:
        if not line.strip():
            if row:
                table.append(row)
            row = []
        elif line.startswith("\t") or not row:
            row.append(line.strip().replace("\u3000", ""))
        else:
            row[-1] += line.strip().replace("\u3000", "")
    return Report((*lines[:start], table))


def is_value(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell.strip()))


def value_start(row: Sequence[str]) -> int:
    """Index of the first cell after the row's last non-numeric, non-empty cell."""
    start = 0
    for index, cell in enumerate(row):
        if cell.strip() and not is_value(cell):
            start = index + 1
    return start


def _blank_values(row: Sequence[str], marker: str) -> list[str]:
    """Empty value cells of a 表三 row (its last 7 cells) or of the 表四 row (15 cells) written as
    ``marker``; other empty cells are merged-cell positions and stay empty."""
    if not any(is_value(cell) for cell in row):
        return list(row)
    first = value_start(row)
    if first == 0 and len(row) == 15:
        width = 15
    elif first > 0 and len(row) - first >= 7:
        width = 7
    else:
        return list(row)
    return [*row[:-width], *[(cell or marker) for cell in row[-width:]]]


def render(report: Report, table_lines: Callable[[Table], list[str]]) -> str:
    out: list[str] = []
    for piece in report.pieces:
        if isinstance(piece, str):
            out.append(piece)
        else:
            out.extend(table_lines(piece))
    return "\n".join(out)


def _filled(row: Sequence[str]) -> list[str]:
    return [cell for cell in row if cell.strip()]


def tab_rows(table: Table) -> list[str]:
    return ["\t".join(row) for row in table]


def cell_per_line(table: Table) -> list[str]:
    return [cell for row in table for cell in _filled(row)]


def cell_per_line_blank_lines(table: Table) -> list[str]:
    """One cell per line; a printed-empty value cell is an empty line."""
    return ["" if cell == "\0" else cell for row in table for cell in _filled(_blank_values(row, "\0"))]


def markdown(table: Table) -> list[str]:
    width = max(len(row) for row in table)
    lines = []
    for index, row in enumerate(table):
        cells = [*row, *[""] * (width - len(row))]
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "---|" * width)
    return lines


def spaces(table: Table, gap: str = " ") -> list[str]:
    return [gap.join(_filled(row)) for row in table]


def flattened(table: Table) -> list[str]:
    return [" ".join(cell for row in table for cell in _filled(row))]


def glued(table: Table) -> list[str]:
    """Every row on one line with no separator at all (web copies that lost the cell borders)."""
    return ["".join(cell for row in table for cell in _filled(row))]


def glued_rows(table: Table) -> list[str]:
    return ["".join(_filled(row)) for row in table]


def broken_labels(table: Table) -> list[str]:
    """TAB rows whose long label cell wraps: its second half starts the next line."""
    lines = []
    for row in table:
        first = value_start(row) - 1
        label = row[first] if first >= 0 else ""
        if len(label) >= 6 and any(is_value(c) for c in row[first + 1 :]):
            half = len(label) // 2
            head = [*row[:first], label[:half]]
            lines.append("\t".join(head))
            lines.append("\t".join([label[half:], *row[first + 1 :]]))
        else:
            lines.append("\t".join(row))
    return lines


def full_width(table: Table) -> list[str]:
    return ["\t".join(cell.translate(_FULL_WIDTH) for cell in row) for row in table]


def with_markers(marker: str, inner: Callable[[Table], list[str]]) -> Callable[[Table], list[str]]:
    """Printed-empty value cells written as ``marker`` ("/", "—", "-", "无"), then laid out by ``inner``."""

    def lay_out(table: Table) -> list[str]:
        return inner([_blank_values(row, marker) for row in table])

    return lay_out


def _label_and_values(row: Sequence[str]) -> tuple[str, list[str]]:
    cells = _filled(row)
    return " ".join(c for c in cells if not is_value(c)), [c for c in cells if is_value(c)]


_WRAP_AT = 14


def pdf_wrapped_labels(table: Table) -> list[str]:
    """pdftotext-style rows: cells padded with spaces, a long label cut after ``_WRAP_AT``
    characters with the row's numbers on its first line and the rest of the label below."""
    lines = []
    for row in table:
        label, values = _label_and_values(row)
        numbers = "      " + "     ".join(values) if values else ""
        if len(label) > _WRAP_AT + 2 and values:
            lines.extend([f"    {label[:_WRAP_AT]}{numbers}", f"    {label[_WRAP_AT:]}"])
        else:
            lines.append(f"    {label}{numbers}")
    return lines


def compacted_headers(table: Table) -> list[str]:
    """TAB rows as a converter that drops empty cells writes them: header rows (no numbers) lose
    every empty cell, value rows their trailing empty cells (leading merged-label blanks stay)."""
    lines = []
    for row in table:
        if any(is_value(cell) for cell in row):
            cells = list(row)
            while cells and not cells[-1].strip():
                cells.pop()
            lines.append("\t".join(cells))
        else:
            lines.append("\t".join(_filled(row)))
    return lines

