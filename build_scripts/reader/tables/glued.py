"""Splitting runs of glued digits back into table cells.

Flattened web pages often lose the separators between cells, so a row of seven
cells "64 | 0 | 0 | 2 | 0 | 4 | 70" arrives as "640020470". Given the number of
cells the row must have and the arithmetic the form imposes on it, we enumerate
every way of cutting the tokens into that many numbers and keep those that
satisfy the arithmetic. The search is bounded: cells are checked as soon as a
constraint's cells are complete, and a node budget stops pathological inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

Number = int | float
Cell = Number | None
#: A constraint on a prefix of the cells: (number of cells it needs, predicate on those cells).
Checkpoint = tuple[int, Callable[[Sequence[Cell]], bool]]

BLANK_MARKERS: frozenset[str] = frozenset({"/", "—", "——", "–", "－", "-", "--", "无", "／", "—-"})
_PIECE = re.compile(r"[+\-]?(?:0|[1-9]\d*)(?:\.\d+)?")
_SIGN_SPLIT = re.compile(r"[+\-]?[^+\-]+")
MAX_CELL_DIGITS = 12
DEFAULT_BUDGET = 50_000


@dataclass(frozen=True)
class SplitResult:
    """All cell tuples consistent with the constraints (``exhausted``: the budget ran out)."""

    candidates: tuple[tuple[Cell, ...], ...]
    exhausted: bool = False


def parse_number(text: str) -> Number | None:
    """A printed number as int (or float when it has decimals); None when ``text`` is not one number."""
    text = text.strip().replace("−", "-")
    if not _PIECE.fullmatch(text):
        return None
    return float(text) if "." in text else int(text)


def is_blank_marker(text: str) -> bool:
    """True for a printed empty cell: nothing, "/", "—", "无" …"""
    stripped = text.strip()
    return stripped == "" or stripped in BLANK_MARKERS or set(stripped) <= {"—", "-", "－", "–"}


def tokenize_values(text: str) -> list[str]:
    """Whitespace-separated value tokens; a sign starts a new token ("20+1737" → "20", "+1737")."""
    tokens: list[str] = []
    for word in text.replace("−", "-").split():
        if is_blank_marker(word):
            tokens.append(word)
        else:
            tokens.extend(_SIGN_SPLIT.findall(word))
    return tokens


def split_tokens(
    tokens: Sequence[str],
    n_cells: int,
    checkpoints: Sequence[Checkpoint] = (),
    budget: int = DEFAULT_BUDGET,
) -> SplitResult:
    """Every way to read ``tokens`` as exactly ``n_cells`` cells satisfying ``checkpoints``.

    A blank-marker token is one empty cell; a numeric token yields one or more cells,
    each a well-formed number (no leading zeros, decimals kept whole). The result depends on
    the arguments only, so it is cached (the same glued rows, e.g. "0000000", recur in most reports).
    """
    return _split(tuple(tokens), n_cells, tuple(checkpoints), budget)


@lru_cache(maxsize=4096)
def _split(tokens: tuple[str, ...], n_cells: int, checkpoints: tuple[Checkpoint, ...], budget: int) -> SplitResult:
    by_size: dict[int, list[Callable[[Sequence[Cell]], bool]]] = {}
    for size, predicate in checkpoints:
        by_size.setdefault(size, []).append(predicate)
    blank = [is_blank_marker(token) for token in tokens]
    #: digits[i][k]: the digits among the first k characters of token i
    digits = [[0, *accumulate(ch.isdigit() for ch in token)] for token in tokens]
    digits_left = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        digits_left[i] = digits_left[i + 1] + (1 if blank[i] else digits[i][-1])
    found: list[tuple[Cell, ...]] = []
    nodes = 0
    exhausted = False
    cells: list[Cell] = []

    def satisfied() -> bool:
        return all(predicate(cells) for predicate in by_size.get(len(cells), ()))

    def walk(index: int, pos: int) -> None:
        nonlocal nodes, exhausted
        nodes += 1
        if nodes > budget:
            exhausted = True
            return
        if index == len(tokens):
            if len(cells) == n_cells:
                found.append(tuple(cells))
            return
        remaining_tokens = len(tokens) - index
        if len(cells) + remaining_tokens > n_cells:
            return
        token = tokens[index]
        if blank[index]:
            cells.append(None)
            if satisfied():
                walk(index + 1, 0)
            cells.pop()
            return
        counted = digits[index]
        rest_digits = counted[-1] - counted[pos] + digits_left[index + 1]
        if len(cells) + rest_digits < n_cells:
            return
        for end in range(pos + 1, len(token) + 1):
            if counted[end] - counted[pos] > MAX_CELL_DIGITS:
                break
            piece = token[pos:end]
            if not _PIECE.fullmatch(piece):
                continue
            cells.append(parse_number(piece))
            if len(cells) <= n_cells and satisfied():
                if end == len(token):
                    walk(index + 1, 0)
                elif len(cells) < n_cells:
                    walk(index, end)
            cells.pop()
            if exhausted:
                return

    walk(0, 0)
    return SplitResult(tuple(dict.fromkeys(found)), exhausted)


def sum_equals(total_index: int, part_indices: Sequence[int]) -> Callable[[Sequence[Cell]], bool]:
    """Predicate: cells[total] == Σ cells[parts] when every one of them is printed; with some
    parts blank, the printed parts (counts, never negative) must not exceed a printed total."""

    def check(cells: Sequence[Cell]) -> bool:
        total = cells[total_index]
        if total is None:
            return True
        parts = [cells[i] for i in part_indices]
        printed = sum(v for v in parts if v is not None)
        if any(v is None for v in parts):
            return printed <= total + 1e-6
        return abs(printed - total) < 1e-6

    return check


def not_less(big_index: int, small_index: int) -> Callable[[Sequence[Cell]], bool]:
    """Predicate: cells[big] >= cells[small] when both are printed (历年累计 ≥ 本年度)."""

    def check(cells: Sequence[Cell]) -> bool:
        big, small = cells[big_index], cells[small_index]
        return big is None or small is None or big >= small

    return check
