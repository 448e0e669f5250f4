"""The same real report, its tables laid out as web pages, Word and PDF copies print them.

Each report's own table cells (see ``layout_variants``) are re-rendered in another layout and
the whole text is read again: the statistics must not change. Where a layout loses
information the original had (blank cells that vanish when cells are joined by spaces), a
statistic may become None with a warning — never a different number.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from build_scripts.reader.tables.read import read_tables
from tests import layout_variants as lv
from tests.samples import sample

#: Real reports with tables: (file, how its cells are found, whether it prints blank value cells).
REPORTS: dict[str, tuple[str, str, bool]] = {
    "pingtan-2024-html": ("corpus/reports/pingtan-2024-zone.html", "tab", False),
    "pingtan-2019-html": ("corpus/reports/pingtan-2019-dept-market-supervision.html", "tab", False),
    "shanghai-2019": ("corpus/reports/2019-province-shanghai-govoffice.txt", "tab", True),
    "seed-001": ("seeds/001_0ee38c6073f2f61e.txt", "cells", False),
    "seed-003": ("seeds/003_f928e1f66e0e8c3b.txt", "tab", False),
}

Layout = Callable[[lv.Table], list[str]]
#: Layouts that keep every cell, blank ones included: the statistics must be exactly the same.
KEEPING: dict[str, Layout] = {
    "tab-rows": lv.tab_rows,
    "markdown": lv.markdown,
    "broken-labels": lv.broken_labels,
    "full-width-digits": lv.full_width,
    "compacted-headers": lv.compacted_headers,
}
#: Layouts that drop blank cells: exact for reports without blanks, else the same or None.
DROPPING: dict[str, Layout] = {
    "cell-per-line": lv.cell_per_line,
    "single-spaces": lv.spaces,
    "multiple-spaces": lambda table: lv.spaces(table, "   "),
    "flattened-line": lv.flattened,
    "glued-table": lv.glued,
    "glued-rows": lv.glued_rows,
    "pdf-wrapped-labels": lv.pdf_wrapped_labels,
}
#: Blank cells printed as a marker keep their place in every layout.
MARKERS: dict[str, Layout] = {
    f"{name}-{marker}": lv.with_markers(marker, inner)
    for marker in ("/", "—", "-", "无")
    for name, inner in (("spaces", lv.spaces), ("flattened", lv.flattened), ("tab", lv.tab_rows),
                        ("cell-per-line", lv.cell_per_line))
}


@cache
def _report(key: str) -> lv.Report:
    path, kind, _ = REPORTS[key]
    file = sample(path)
    text = read_source(file.name, file.read_bytes()).text
    return lv.from_tab_rows(text) if kind == "tab" else lv.from_cell_groups(text, "统计指标")


def _record(data: bytes) -> dict[str, Any]:
    return extract_record(read_source("report.txt", data), file="report.txt", sha256="")


@cache
def _baseline(key: str) -> dict[str, Any]:
    """The record of the report as its source prints it."""
    path = sample(REPORTS[key][0])
    return _record(path.read_bytes())


def _assert_same(record: dict[str, Any], baseline: dict[str, Any]) -> None:
    assert record["stats"] == baseline["stats"]
    assert record["form"] == baseline["form"]


def _assert_same_or_none(record: dict[str, Any], baseline: dict[str, Any]) -> None:
    changed = {k: v for k, v in record["stats"].items() if v != baseline["stats"][k]}
    assert all(value is None for value in changed.values()), changed
    if changed:
        assert any("无法确定的单元格留空" in w for w in record["warnings"])


def test_baseline_is_the_tab_rendering() -> None:
    """Re-rendering the cells as they were gives the source's own record (the harness is faithful)."""
    for key in REPORTS:
        _assert_same(_record(lv.render(_report(key), lv.tab_rows).encode()), _baseline(key))


@pytest.mark.parametrize("layout", list(KEEPING))
@pytest.mark.parametrize("key", list(REPORTS))
def test_layouts_that_keep_cells(key: str, layout: str) -> None:
    _assert_same(_record(lv.render(_report(key), KEEPING[layout]).encode()), _baseline(key))


@pytest.mark.parametrize("layout", list(DROPPING))
@pytest.mark.parametrize("key", list(REPORTS))
def test_layouts_that_drop_blank_cells(key: str, layout: str) -> None:
    record = _record(lv.render(_report(key), DROPPING[layout]).encode())
    if REPORTS[key][2]:
        _assert_same_or_none(record, _baseline(key))
    else:
        _assert_same(record, _baseline(key))


@pytest.mark.parametrize("layout", list(MARKERS))
def test_blank_markers_keep_their_place(layout: str) -> None:
    _assert_same(_record(lv.render(_report("shanghai-2019"), MARKERS[layout]).encode()), _baseline("shanghai-2019"))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
@pytest.mark.parametrize("key", ["pingtan-2024-html", "shanghai-2019", "seed-001"])
def test_encodings_and_line_ends(key: str, line_end: str, encoding: str) -> None:
    text = lv.render(_report(key), lv.tab_rows).replace("\n", line_end)
    record = _record(text.encode(encoding))
    baseline = _baseline(key)
    _assert_same(record, baseline)
    assert {k: record[k] for k in ("agency", "year", "region", "level")} == {
        k: baseline[k] for k in ("agency", "year", "region", "level")}


def test_a_surplus_cell_is_dropped_only_when_every_reading_agrees() -> None:
    """Seed 003 prints 8 cells in its 7-column （六）/（七） rows (all zero): any 7 agree."""
    record = _record(lv.render(_report("seed-003"), lv.spaces).encode())
    assert record["stats"]["outcome_total"] == 0
    assert record["stats"]["outcome_other_total"] == 0


def test_blank_cells_at_both_ends_are_placed_by_the_arithmetic_or_left_undecided() -> None:
    """Without a header to place them, a surplus blank cell may be a merged label cell (front) or
    an empty 总计 (back): the row total decides, and where both readings add up nothing is guessed."""
    header = ["第二十条第（一）项 本年新制作数量", "申请人情况"]
    decided = read_tables([*header, "一、本年新收政府信息公开申请数量\t\t5\t1\t\t\t1\t1\t"])
    row = decided.tables["applications"]["rows"][0]
    assert list(row["values"].values()) == [5, 1, None, None, 1, 1, None]
    assert decided.stats["applications_new"] is None
    assert not decided.warnings
    undecided = read_tables([*header, "一、本年新收政府信息公开申请数量\t\t1\t\t\t\t\t1\t"])
    assert undecided.stats["applications_new"] is None
    assert any("2种读法" in w or "2种拆分" in w for w in undecided.warnings)


def test_tables_with_words_of_both_templates_say_so_in_chinese() -> None:
    both = read_tables(["第二十条第（一）项\t本年新制作数量\t本年制发件数", "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1"])
    assert both.template == "table2019"
    assert "模板不确定：表格中同时出现2019版和2021版模板特有的栏目" in both.warnings
