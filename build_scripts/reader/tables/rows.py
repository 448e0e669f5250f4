"""Reading table rows out of report text: locating labels, taking their cells, splitting glue.

The functions here know nothing about which statistic a row feeds; :mod:`build_scripts.reader.tables.read`
maps rows to statistics. A :class:`RowReading` keeps where the row was printed so that
evidence can quote the source line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from build_scripts.reader.tables.cells import (
    RawCells,
    cells_in_line,
    cells_in_stream,
    header_positions,
    is_value_cell,
    strip_unit,
)
from build_scripts.reader.tables.forms import RowSpec, compiled
from build_scripts.reader.tables.glued import Cell, Checkpoint, is_blank_marker, parse_number, split_tokens


@dataclass
class RowReading:
    """One row as read: values per column (None = blank or undecidable) and where it was printed."""

    key: str
    label: str
    values: list[Cell]
    label_offset: int
    value_offset: int | None
    unit: str | None = None
    candidates: list[tuple[Cell, ...]] = field(default_factory=list)
    problem: str | None = None


class Text:
    """The report lines joined by newlines, with offset ↔ line conversion."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        self.joined = "\n".join(self.lines)
        self.starts: list[int] = []
        position = 0
        for line in self.lines:
            self.starts.append(position)
            position += len(line) + 1

    def line_of(self, offset: int) -> int:
        """0-based line index of a character offset."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def column_of(self, offset: int) -> int:
        return offset - self.starts[self.line_of(offset)]

    def snippet(self, label_offset: int, value_offset: int | None, width: int = 200) -> str:
        """Source text around a row: its line trimmed to ``width`` characters around the figure.

        When the label and its figure sit on different lines both are quoted, joined by " … ".
        """
        label_line = self.line_of(label_offset)
        value_line = self.line_of(value_offset) if value_offset is not None else label_line
        if value_line == label_line:
            line = self.lines[label_line]
            start = max(0, self.column_of(label_offset) - 40)
            end = max(self.column_of(value_offset) if value_offset is not None else 0, start) + 40
            end = min(len(line), max(end, start + width // 2), start + width)
            return line[start:end].strip()
        label_text = self.lines[label_line].strip()[:width // 2]
        return f"{label_text} … {self.lines[value_line].strip()[:width // 2]}"


def find_in_order(text: str, start: int, end: int, specs: Sequence[RowSpec]) -> list[tuple[RowSpec, re.Match[str]]]:
    """Each spec's first match after the previous found row (specs that are absent are skipped)."""
    found: list[tuple[RowSpec, re.Match[str]]] = []
    position = start
    for spec in specs:
        match = spec.compiled().search(text, position, end)
        if match is None:
            continue
        found.append((spec, match))
        position = match.end()
    return found


def boundary_starts(text: str, start: int, end: int, patterns: Sequence[str]) -> list[int]:
    """Start offsets of headings that end a row's cells without being rows themselves."""
    starts: list[int] = []
    for source in patterns:
        starts.extend(m.start() for m in compiled(source).finditer(text, start, end))
    return sorted(starts)


def raw_cells(
    text: Text,
    label_end: int,
    segment_end: int,
    n_cells: int,
    positions: dict[str, int] | None,
    columns: Sequence[str],
) -> RawCells:
    """The cells printed after a label: from its TAB row line when it has one, else from the stream."""
    line_index = text.line_of(max(label_end - 1, 0))
    line = text.lines[line_index]
    line_start = text.starts[line_index]
    rest = line[label_end - line_start :]
    if "\t" in rest and ("/" in rest or "—" in rest or any(map(str.isdigit, rest))):
        cells = line.split("\t")
        position = line_start
        label_cell = 0
        for index, cell in enumerate(cells):
            if position + len(cell) >= label_end:
                label_cell = index
                break
            position += len(cell) + 1
        return cells_in_line(cells, label_cell, n_cells, positions, columns, line_start)
    wrapped = None
    if "\t" not in rest and not any(map(str.isdigit, rest)):
        wrapped = _wrapped_row_line(text, line_index, segment_end)
    if wrapped is not None:
        cells = text.lines[wrapped].split("\t")
        return cells_in_line(cells, _last_label_cell(cells), n_cells, positions, columns, text.starts[wrapped])
    return cells_in_stream(text.joined[label_end:segment_end], label_end)


def _wrapped_row_line(text: Text, line_index: int, segment_end: int) -> int | None:
    """The next line when it is the rest of a row whose label wrapped ("一、本年新收政府" /
    "信息公开申请数量\t\t821\t…"): a TAB line inside the row's segment holding value cells."""
    following = line_index + 1
    if following >= len(text.lines) or text.starts[following] + len(text.lines[following]) > segment_end:
        return None
    cells = text.lines[following].split("\t")
    if len(cells) < 2 or not any(cell.strip() and is_value_cell(cell) for cell in cells):
        return None
    return following


def _last_label_cell(cells: Sequence[str]) -> int:
    """Index of the last non-empty cell that is not a value (-1 when there is none)."""
    label = -1
    for index, cell in enumerate(cells):
        if cell.strip() and not is_value_cell(cell):
            label = index
    return label


def line_header_positions(text: Text, start: int, end: int, columns: Sequence[str]) -> dict[str, int] | None:
    """Column positions from the TAB header lines between ``start`` and ``end``."""
    first, last = text.line_of(start), text.line_of(end)
    rows = [text.lines[i].split("\t") for i in range(first, last + 1) if "\t" in text.lines[i]]
    return header_positions(rows, columns) if rows else None


def _cell_values(cells: Sequence[str]) -> tuple[tuple[Cell, ...], list[str]]:
    """Printed cells as values (blank markers → None) and the cells that are not numbers."""
    values: list[Cell] = []
    unreadable = []
    for cell in cells:
        if is_blank_marker(cell):
            values.append(None)
            continue
        number = parse_number(strip_unit(cell))
        if number is None:
            unreadable.append(cell.strip())
        values.append(number)
    return tuple(values), unreadable


def _satisfies(values: Sequence[Cell], checkpoints: Sequence[Checkpoint]) -> bool:
    return all(predicate(values) for size, predicate in checkpoints if size <= len(values))


def _choose(readings: Sequence[tuple[Cell, ...]], checkpoints: Sequence[Checkpoint],
            what: str) -> tuple[list[tuple[Cell, ...]], str | None]:
    """Several readings of one row: those the arithmetic allows; a problem unless exactly one
    distinct reading remains."""
    distinct = list(dict.fromkeys(readings))
    if len(distinct) == 1:
        return distinct, None
    fitting = [values for values in distinct if _satisfies(values, checkpoints)]
    if len(fitting) == 1:
        return fitting, None
    if not fitting:
        return [], f"{what}没有一种读法符合表格的勾稽关系"
    shown = "; ".join(" | ".join(_show(v) for v in c) for c in fitting[:4])
    return fitting, f"{what}有{len(fitting)}种读法都符合表格的勾稽关系（{shown}）"


def _surplus_windows(tokens: Sequence[Any], n_cells: int) -> list[tuple[Any, ...]]:
    """Runs of ``n_cells`` consecutive tokens (a row that prints one or two cells more than the
    form has columns, e.g. a label column carried as an extra "0")."""
    return [tuple(tokens[start : start + n_cells]) for start in range(len(tokens) - n_cells + 1)]


_MAX_SURPLUS = 2


def _glued_surplus(tokens: Sequence[str], n_cells: int) -> tuple[Cell, ...] | None:
    """Glued digits that only split into one or two cells more than the form has columns
    ("00000000" for 7 columns): the row's cells when every split and every choice of the
    surplus cells gives the same values; None otherwise."""
    for extra in range(1, _MAX_SURPLUS + 1):
        result = split_tokens(tokens, n_cells + extra)
        if result.exhausted:
            return None
        if not result.candidates:
            continue
        readings = {window for cells in result.candidates for window in _surplus_windows(cells, n_cells)}
        return readings.pop() if len(readings) == 1 else None
    return None


def _shifted_or_printed(values: tuple[Cell, ...], shifted: Sequence[tuple[str, ...]],
                        checkpoints: Sequence[Checkpoint], exact: Sequence[str]) -> tuple[list[tuple[Cell, ...]], str | None]:
    """The printed cells break the arithmetic: a shifted alignment that satisfies it, when exactly
    one does; all that do (undecided) when several; else the cells as printed (the failure is
    the report's, recorded by the checks)."""
    fitting = [cells for cells in (_cell_values(s)[0] for s in shifted) if _satisfies(cells, checkpoints)]
    if len(fitting) == 1:
        return fitting, None
    if fitting:
        return [values, *fitting], f"「{' | '.join(c.strip() for c in exact)}」的列位置不确定"
    return [values], None


def resolve(raw: RawCells, n_cells: int, checkpoints: Sequence[Checkpoint]) -> tuple[list[tuple[Cell, ...]], str | None]:
    """Candidate cell tuples for a row; exactly one when the row is decided.

    Printed cells (separated) are taken as printed, arithmetic or not, unless the text allows
    more than one reading of them; glued digits are split only in ways that satisfy the form's
    arithmetic.
    """
    exact = raw.exact
    if exact is None and len(raw.tokens) == n_cells:
        exact = raw.tokens
    if exact is not None:
        values, unreadable = _cell_values(exact)
        problem = f"无法识别的单元格：{'、'.join(unreadable)}" if unreadable else None
        if raw.shifted and not problem and not _satisfies(values, checkpoints):
            return _shifted_or_printed(values, raw.shifted, checkpoints, exact)
        if not raw.alternatives or problem:
            return [values], problem
        readings = [values, *(_cell_values(cells)[0] for cells in raw.alternatives)]
        return _choose(readings, checkpoints, f"「{' | '.join(c.strip() for c in exact)}」")
    if not raw.tokens:
        return [tuple([None] * n_cells)], None
    glued = " ".join(raw.tokens)
    if len(raw.tokens) > n_cells:
        if len(raw.tokens) - n_cells > _MAX_SURPLUS:
            return [], f"{n_cells}列却有{len(raw.tokens)}个数值「{glued}」"
        windows = [_cell_values(window) for window in _surplus_windows(raw.tokens, n_cells)]
        if any(unreadable for _, unreadable in windows):
            return [], f"{n_cells}列却有{len(raw.tokens)}个数值「{glued}」"
        candidates, problem = _choose([values for values, _ in windows], checkpoints,
                                      f"{n_cells}列却有{len(raw.tokens)}个数值「{glued}」")
        return candidates, problem
    result = split_tokens(raw.tokens, n_cells, checkpoints)
    if not result.candidates and not result.exhausted:
        surplus = _glued_surplus(raw.tokens, n_cells)
        if surplus is not None:
            return [surplus], None
    if result.exhausted:
        return [], f"「{glued}」可能的拆分太多，无法穷举"
    if not result.candidates:
        return [], f"「{glued}」拆成{n_cells}个单元格的方式中没有一种符合表格的勾稽关系"
    if len(result.candidates) > 1:
        shown = "；".join(" | ".join(_show(v) for v in c) for c in result.candidates[:4])
        more = " …" if len(result.candidates) > 4 else ""
        return list(result.candidates), (
            f"「{glued}」有{len(result.candidates)}种拆分都符合表格的勾稽关系（{shown}{more}）")
    return list(result.candidates), None


def _show(value: Cell) -> str:
    return "空" if value is None else str(value)


def agreed_values(candidates: Sequence[tuple[Cell, ...]], n_cells: int) -> list[Cell]:
    """Cells on which every candidate agrees; the rest None."""
    if not candidates:
        return [None] * n_cells
    first = candidates[0]
    return [first[i] if all(c[i] == first[i] for c in candidates) else None for i in range(n_cells)]


def read_row(
    text: Text,
    spec_key: str,
    label: str,
    match_start: int,
    label_end: int,
    segment_end: int,
    n_cells: int,
    checkpoints: Sequence[Checkpoint],
    positions: dict[str, int] | None,
    columns: Sequence[str],
) -> RowReading:
    """Read one row; ambiguous glue leaves the disputed cells None and records the candidates."""
    raw = raw_cells(text, label_end, segment_end, n_cells, positions, columns)
    candidates, problem = resolve(raw, n_cells, checkpoints)
    values = list(candidates[0]) if len(candidates) == 1 else agreed_values(candidates, n_cells)
    return RowReading(spec_key, label, values, match_start, raw.offset, raw.unit, candidates, problem)


def settle_by_columns(
    rows: Sequence[RowReading],
    consistent: Callable[[dict[str, list[Cell]]], bool],
) -> None:
    """Decide ambiguous rows with the cross-row arithmetic (column sums) when exactly one fits."""
    for row in rows:
        if len(row.candidates) < 2:
            continue
        by_key = {other.key: other.values for other in rows}
        fitting = []
        for candidate in row.candidates:
            by_key[row.key] = list(candidate)
            if consistent(by_key):
                fitting.append(candidate)
        if len(fitting) == 1:
            row.values = list(fitting[0])
            row.candidates = fitting
            row.problem = None
