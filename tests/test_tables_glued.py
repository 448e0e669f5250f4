"""Splitting glued digits: unique, ambiguous and impossible splits; blanks."""

from __future__ import annotations

from build_scripts.reader.tables.glued import not_less, split_tokens, sum_equals, tokenize_values
from build_scripts.reader.tables.read import read_tables

ROW_TOTAL = ((7, sum_equals(6, range(6))),)


def test_unique_split_by_row_total() -> None:
    result = split_tokens(["640020470"], 7, ROW_TOTAL)
    assert result.candidates == ((64, 0, 0, 2, 0, 4, 70),)


def test_review_blocks_split_once() -> None:
    blocks = tuple((5 * (b + 1), sum_equals(5 * b + 4, range(5 * b, 5 * b + 4))) for b in range(3))
    result = split_tokens(["21317000001324019"], 15, blocks)
    assert result.candidates == ((2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19),)


def test_ambiguous_and_impossible_splits() -> None:
    assert len(split_tokens(["212210037"], 2, ((2, not_less(1, 0)),)).candidates) == 4
    assert split_tokens(["0"], 2).candidates == ()
    assert split_tokens(["00"], 2).candidates == ((0, 0),)


def test_signs_start_a_cell() -> None:
    assert tokenize_values("20+1737") == ["20", "+1737"]


def _table3(rows: list[str]) -> list[str]:
    labels = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果（一）予以公开"]
    return ["第二十条第（一）项 本年新制作数量", "申请人情况", *[f"{a}{b}" for a, b in zip(labels, rows, strict=True)]]


def test_read_tables_glued_unique_ambiguous_none() -> None:
    reading = read_tables(_table3(["640020470", "1000001", "12345"]))
    rows = {r["key"]: r for r in reading.tables["applications"]["rows"]}
    assert list(rows["new"]["values"].values()) == [64, 0, 0, 2, 0, 4, 70]
    assert reading.stats["applications_new"] == 70
    assert reading.stats["applications_carried_over"] == 1
    assert reading.stats["outcome_disclosed"] is None
    assert any("予以公开" in w and "12345" in w for w in reading.warnings)


def test_ambiguous_cells_stay_none_with_warning() -> None:
    lines = ["政府信息公开情况统计表", "指标名称 计量单位 2017年度 历年累计", "主动公开文件数条212210037行政复议数件00"]
    reading = read_tables(lines)
    assert reading.template == "table2008"
    assert reading.stats["proactive_total"] is None
    assert reading.stats["reconsideration_total"] == 0
    assert any("212210037" in w and "4种拆分" in w for w in reading.warnings)


def test_blank_cells_are_none_never_zero() -> None:
    lines = ["第二十条第（一）项\t\t\t", "申请人情况",
             "一、本年新收政府信息公开申请数量\t5\t\t/\t—\t无\t\t5",
             "（七）总计\t5\t\t\t\t\t\t"]
    reading = read_tables(lines)
    rows = {r["key"]: r for r in reading.tables["applications"]["rows"]}
    assert list(rows["new"]["values"].values()) == [5, None, None, None, None, None, 5]
    assert reading.stats["outcome_total"] is None
    assert reading.stats["applications_new"] == 5
