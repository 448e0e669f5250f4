"""Totals 表三/表四 leave blank, computed from the cells they print — kept apart from stated values.

Some reports print the per-applicant cells of 表三 (自然人, 商业企业 …) but leave the 总计 column
blank (上海市人民政府办公厅 2019). The stated value stays None (nothing was printed); the sum of
the printed cells goes to the record's ``derived`` field with every cell it summed, so a page can
show it labelled as computed (「合计（按分项计算）」) without mixing it into the statistics.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from build_scripts.reader.tables.forms import in_group
from build_scripts.reader.tables.rows import RowReading, Text

#: 表三 statistics read from one row, and those that add up the rows of a group.
ROW_STATS: tuple[tuple[str, str], ...] = (
    ("applications_new", "new"), ("applications_carried_over", "carried_over"),
    ("outcome_disclosed", "disclosed"), ("outcome_partial", "partial"),
    ("outcome_total", "total"), ("carried_forward", "carried_forward"),
)  # fmt: skip
GROUP_STATS: tuple[tuple[str, str], ...] = (
    ("outcome_refused_total", "refused"), ("outcome_unable_total", "unable"),
    ("outcome_not_processed_total", "not_processed"), ("outcome_other_total", "other"),
)  # fmt: skip
RULE = "总计栏空白：按分项计算，为所列单元格（各申请人类别）之和；空白单元格不计"


def _applicant_cells(row: RowReading, columns: Sequence[str], total_column: int, text: Text) -> list[dict[str, Any]]:
    """The printed per-applicant cells of ``row`` as ``{label, value, line}``."""
    line = text.line_of(row.label_offset) + 1
    return [
        {"label": f"{row.label} · {columns[i]}", "value": value, "line": line}
        for i, value in enumerate(row.values[:total_column])
        if value is not None
    ]


def _derived(rows: Sequence[RowReading], columns: Sequence[str], total_column: int, text: Text) -> dict[str, Any] | None:
    """The computed total of ``rows`` whose 总计 cells are all blank, or None (a 总计 printed, or no cell)."""
    if any(len(row.values) > total_column and row.values[total_column] is not None for row in rows):
        return None
    cells = [cell for row in rows for cell in _applicant_cells(row, columns, total_column, text)]
    if not cells:
        return None
    return {"value": sum(cell["value"] for cell in cells), "cells": cells, "rule": RULE}


def computed_totals(
    rows: Mapping[str, RowReading], columns: Sequence[str], total_column: int, text: Text
) -> dict[str, dict[str, Any]]:
    """``{stat key: {value, cells, rule}}`` for every 表三 statistic whose 总计 is blank while the
    per-applicant cells it adds up are printed."""
    out: dict[str, dict[str, Any]] = {}
    for key, row_key in ROW_STATS:
        if row_key in rows:
            found = _derived([rows[row_key]], columns, total_column, text)
            if found is not None:
                out[key] = found
    for key, group in GROUP_STATS:
        members = [row for row_key, row in rows.items() if in_group(row_key, group)]
        found = _derived(members, columns, total_column, text) if members else None
        if found is not None:
            out[key] = found
    return out


#: 表四 (one row of 15 cells): each statistic's 总计 cells and the result cells that add up to them.
REVIEW_STATS: tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...] = (
    ("reconsideration_total", (4,), (0, 1, 2, 3)),
    ("litigation_total", (9, 14), (5, 6, 7, 8, 10, 11, 12, 13)),
)
REVIEW_RULE = "总计栏空白：按分项计算，为所列单元格（各审理结果）之和；空白单元格不计"


def computed_review_totals(row: RowReading, columns: Sequence[str], text: Text) -> dict[str, dict[str, Any]]:
    """``{stat key: {value, cells, rule}}`` for 表四 statistics whose 总计 cells are all blank while
    result cells are printed."""
    out: dict[str, dict[str, Any]] = {}
    line = text.line_of(row.value_offset if row.value_offset is not None else row.label_offset) + 1
    for key, totals, parts in REVIEW_STATS:
        if any(i < len(row.values) and row.values[i] is not None for i in totals):
            continue
        cells = [
            {"label": columns[i], "value": row.values[i], "line": line}
            for i in parts
            if i < len(row.values) and row.values[i] is not None
        ]
        if cells:
            out[key] = {"value": sum(cell["value"] for cell in cells), "cells": cells, "rule": REVIEW_RULE}
    return out

