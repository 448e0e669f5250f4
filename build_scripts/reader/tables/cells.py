"""Finding the value cells of one table row in the text.

Two layouts exist after decoding:

* row lines: one row per line, cells separated by TAB (HTML/DOCX/PDF conversions,
  seed reports). Merged cells are written once with empty positions, so a header
  line tells the position of every column;
* streams: everything else (one cell per line, or a whole table flattened onto one
  line with spaces or no separators at all). There the values of a row are the first
  run of numbers after its label, possibly glued together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from build_scripts.reader.tables.forms import UNIT_WORDS
from build_scripts.reader.tables.glued import is_blank_marker, parse_number, tokenize_values

_TOKEN = r"(?:[+\-]?\d+(?:\.\d+)?|[/／]|[—–－]+|-{1,2}(?![\d])|(?<![\u4e00-\u9fff])无(?![\u4e00-\u9fff]))"
_RUN = re.compile(rf"{_TOKEN}(?:[ \t\n]*{_TOKEN})*")
_BRACKETED = re.compile(r"[（(][^（()）\n]{0,60}[）)]")
_UNIT_SUFFIX = re.compile(r"^(.*?\d)\s*(?:万元|元|条|件|次|篇|个|项)$")
#: A run followed by "." or "、" ends with the next row's item number ("…0 0 2、政府公报").
_ITEM_NUMBER_NEXT = re.compile(r"[.、．](?!\d)")
_UNIT_AT_END = re.compile("(" + "|".join(UNIT_WORDS) + r")\s*$")


@dataclass(frozen=True)
class RawCells:
    """What the text offers for one row: ``exact`` cells (strings) or glued ``tokens``."""

    exact: tuple[str, ...] | None
    tokens: tuple[str, ...]
    unit: str | None
    offset: int | None  # character offset of the values in the joined text (None: nothing printed)
    #: Other readings of the same cells, as plausible as ``exact`` (surplus blank cells at both ends
    #: of a row line: which of them are merged-cell positions the text does not say).
    alternatives: tuple[tuple[str, ...], ...] = ()
    #: Readings tried only when ``exact`` breaks the form's arithmetic: the cells moved left over
    #: leading blanks (a converter that dropped a row's trailing empty cells leaves a merged-label
    #: blank in front and every value one column too far right).
    shifted: tuple[tuple[str, ...], ...] = ()


_MARKDOWN_RULE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*")


def markdown_row_as_tabs(line: str) -> str:
    """A Markdown pipe-table line as a TAB row of the same length ("| a | 1 |" → "\t a \t 1 \t");
    its "|---|---|" rule line as spaces. Other lines are returned unchanged."""
    stripped = line.strip()
    if len(stripped) < 3 or stripped[0] != "|" or stripped[-1] != "|":
        return line
    if _MARKDOWN_RULE.fullmatch(stripped):
        return " " * len(line)
    return line.replace("|", "\t")


def is_value_cell(cell: str) -> bool:
    """A cell that holds a number or a printed blank ("", "/", "—", "无"), possibly with a unit suffix."""
    text = cell.strip()
    if is_blank_marker(text):
        return True
    return parse_number(strip_unit(text)) is not None


def strip_unit(cell: str) -> str:
    """"251000元" → "251000" (a money cell that carries its unit)."""
    match = _UNIT_SUFFIX.match(cell.strip())
    return match.group(1) if match else cell.strip()


_SPACE_RUN = re.compile(r"\s+")


def _compact(text: str) -> str:
    return _SPACE_RUN.sub("", text)


def header_positions(cells_of_lines: Sequence[Sequence[str]], columns: Sequence[str]) -> dict[str, int] | None:
    """Cell index of every column name in the header lines (the last line naming it wins).

    Column names match when a header cell starts with the name's first five characters.
    None unless every column is found at a distinct index.
    """
    found: dict[str, int] = {}
    names = [(column, _compact(column)) for column in columns]
    for cells in cells_of_lines:
        for index, cell in enumerate(cells):
            text = _compact(cell)
            if not text:
                continue
            for column, name in names:
                stem = name[:5]
                if text == name or (len(stem) >= 4 and text.startswith(stem)):
                    found[column] = index
    if len(found) != len(columns) or len(set(found.values())) != len(columns):
        return None
    return found


def cells_in_line(
    cells: Sequence[str],
    label_cell: int,
    n_cells: int,
    positions: Mapping[str, int] | None,
    columns: Sequence[str],
    line_offset: int,
) -> RawCells:
    """The value cells of a row line whose label sits in ``cells[label_cell]``."""
    after = list(cells[label_cell + 1 :])
    unit = None
    while after and after[0].strip() and not is_value_cell(after[0]):
        word = after.pop(0).strip()
        if word in UNIT_WORDS:
            unit = word
    if any(cell.strip() and not is_value_cell(cell) for cell in after):
        cut = next(i for i, cell in enumerate(after) if cell.strip() and not is_value_cell(cell))
        after = after[:cut]
    offset = line_offset + sum(len(c) + 1 for c in cells[: label_cell + 1])
    if positions is not None and max(positions.values()) < len(cells):
        chosen = [positions[c] for c in columns]
        others = [i for i in range(label_cell + 1, len(cells)) if i not in chosen]
        if all(is_value_cell(cells[i]) for i in chosen) and all(not cells[i].strip() for i in others):
            return RawCells(tuple(cells[i] for i in chosen), (), unit, offset)
    return fit_cells(after, n_cells, unit, offset)


def fit_cells(after: list[str], n_cells: int, unit: str | None, offset: int) -> RawCells:
    """Cells after the label when positions cannot be trusted: trim surplus blanks, else tokens.

    When surplus blank cells can be trimmed from either end, every way is kept (the first as
    ``exact``, the rest as ``alternatives``) for the form's arithmetic to choose from.
    """
    if not any(cell.strip() for cell in after):
        return RawCells(None, (), unit, None)
    if len(after) == n_cells:
        return RawCells(tuple(after), (), unit, offset, shifted=shifted_left(after))
    if len(after) > n_cells:
        filled = [cell for cell in after if cell.strip()]
        if len(filled) == n_cells:
            return RawCells(tuple(filled), (), unit, offset)
        if len(filled) == len(after) and filled[:n_cells] == filled[-n_cells:]:
            return RawCells(tuple(filled[:n_cells]), (), unit, offset)
        trims = blank_trims(after, n_cells)
        if trims:
            return RawCells(trims[0], (), unit, offset, trims[1:])
        inner = _strip_blank_ends(after)
        return RawCells(None, tuple(tokenize_values(" ".join(c if c.strip() else "/" for c in inner))), unit,
                        offset)
    return RawCells(None, tuple(tokenize_values(" ".join(strip_unit(c) if c.strip() else "/" for c in after))),
                    unit, offset)


def shifted_left(cells: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """``cells`` moved left over their leading blanks, padded with blanks at the end; () when the
    row starts with a value or ends with a blank (nothing was dropped at its end)."""
    leading = next((i for i, cell in enumerate(cells) if cell.strip()), len(cells))
    if leading == 0 or leading == len(cells) or not cells[-1].strip():
        return ()
    return ((*cells[leading:], *[""] * leading),)


def _strip_blank_ends(cells: Sequence[str]) -> list[str]:
    kept = list(cells)
    while kept and not kept[-1].strip():
        kept.pop()
    while kept and not kept[0].strip():
        kept.pop(0)
    return kept


def blank_trims(cells: Sequence[str], n_cells: int) -> list[tuple[str, ...]]:
    """Every ``n_cells`` window of ``cells`` whose cut-off cells (at either end) are all blank;
    the window that keeps the leading cells comes first."""
    surplus = len(cells) - n_cells
    windows = []
    for start in range(surplus + 1):
        dropped = [*cells[:start], *cells[start + n_cells :]]
        if all(not cell.strip() for cell in dropped):
            windows.append(tuple(cells[start : start + n_cells]))
    return windows


def _drop_item_number(tokens: list[str]) -> list[str]:
    """Remove the trailing one-digit item number that belongs to the next label."""
    last = tokens[-1]
    if len(last) == 1:
        return tokens[:-1]
    return [*tokens[:-1], last[:-1]]


def cells_in_stream(segment: str, segment_offset: int) -> RawCells:
    """The first run of numbers in ``segment`` (the text between a label and the next one).

    Bracketed remarks such as "（不同渠道和方式公开相同信息计1条）" are skipped; the unit word
    printed just before the numbers is kept.
    """
    cleaned = _BRACKETED.sub(lambda m: " " * len(m.group(0)), segment)
    match = _RUN.search(cleaned)
    if match is None:
        return RawCells(None, (), None, None)
    unit_match = _UNIT_AT_END.search(cleaned[: match.start()])
    tokens = tokenize_values(match.group(0))
    if _ITEM_NUMBER_NEXT.match(cleaned, match.end()) and tokens and tokens[-1][-1:].isdigit():
        tokens = _drop_item_number(tokens)
    tokens = tuple(tokens)
    return RawCells(None, tokens, unit_match.group(1) if unit_match else None, segment_offset + match.start())
