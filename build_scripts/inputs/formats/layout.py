"""The plain-text layout every format is written in.

Paragraphs and headings are one line each. A table row is one line whose cells are
separated by TAB characters; a merged cell is written once, in its top-left grid
position, and its other positions are empty, so every row of a table has as many
fields as the table's grid has columns. This is what Word puts on the clipboard when a
report is copied as plain text, and what the table reader expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A line break between two CJK characters is not a space (CSS "segment break transformation").
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v\u00a0]*\n\s*(?=[{_CJK}])")
_SPACE_RUN = re.compile(r"[\s\u00a0\u2002\u2003\u2009\u200a\u202f\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def collapse_whitespace(text: str) -> str:
    """One line of text: whitespace runs become one space, ends are trimmed.

    Zero-width characters are kept (they are the source's own characters); only the
    layout whitespace of the markup is folded.
    """
    if "\n" in text:
        text = _CJK_BREAK.sub("", text)
    return _SPACE_RUN.sub(" ", text).strip()


_CJK_END = re.compile(rf"[{_CJK}]$")
_CJK_START = re.compile(rf"^[{_CJK}]")


def join_cell_lines(lines: Iterable[str]) -> str:
    """The lines of one cell as one line of text.

    Narrow cells wrap their labels over several paragraphs ("科研" / "机构"); a break
    between two CJK characters is dropped, any other break becomes a space so digits of
    different lines never run together.
    """
    text = ""
    for line in lines:
        line = collapse_whitespace(line)
        if not line:
            continue
        if text and not (_CJK_END.search(text) and _CJK_START.search(line)):
            text += " "
        text += line
    return text


def is_blank(text: str) -> bool:
    """True when ``text`` has nothing but whitespace and zero-width characters."""
    return not _ZERO_WIDTH.sub("", text).strip(" \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u202f")


@dataclass(frozen=True)
class Cell:
    """One table cell as the document declares it."""

    text: str
    rowspan: int = 1
    colspan: int = 1


#: Grid positions one table may fill: a report's largest tables have a few thousand, while a
#: few kilobytes of markup whose every cell spans 100 columns and all rows below would fill billions.
MAX_GRID_CELLS = 250_000


class TableTooLarge(ValueError):
    """A table whose spans fill more than :data:`MAX_GRID_CELLS` grid positions."""


def grid_rows(rows: Sequence[Sequence[Cell]]) -> list[list[str]]:
    """Place declared cells on the table's grid.

    A merged cell's text goes to its top-left position and its other positions stay
    empty. Rows spanned from above push later cells to the right, as in HTML; a rowspan
    reaching past the last row stops there. Raises :class:`TableTooLarge` past
    :data:`MAX_GRID_CELLS` positions.
    """
    grid: list[list[str | None]] = []
    filled = 0

    def slot(r: int, c: int) -> None:
        nonlocal filled
        while len(grid) <= r:
            grid.append([])
        row = grid[r]
        if len(row) <= c:
            filled += c + 1 - len(row)
            if filled > MAX_GRID_CELLS:
                raise TableTooLarge(f"a table's cells span more than {MAX_GRID_CELLS:,} grid positions")
            row.extend([None] * (c + 1 - len(row)))

    for r, cells in enumerate(rows):
        slot(r, 0)
        c = 0
        for cell in cells:
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            # a span past the table's last row ends there (as in browsers): no rows are made up
            rowspan, colspan = min(max(1, cell.rowspan), len(rows) - r), max(1, cell.colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    slot(r + dr, c + dc)
                    grid[r + dr][c + dc] = cell.text if (dr, dc) == (0, 0) else ""
            c += colspan
    width = max((len(row) for row in grid), default=0)
    return [[value or "" for value in row] + [""] * (width - len(row)) for row in grid[: len(rows)]]


def table_lines(grid: Iterable[Sequence[str]]) -> list[str]:
    """TAB-joined lines of a grid, leaving out rows with no text at all."""
    lines = []
    for row in grid:
        cells = [collapse_whitespace(cell) for cell in row]
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def join_lines(lines: Iterable[str]) -> str:
    """The report text: non-empty lines, one per line, ending with a newline."""
    kept = [line for line in lines if not is_blank(line)]
    return "\n".join(kept) + "\n" if kept else ""
