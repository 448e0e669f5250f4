"""Issue 14.6 / 13.2: totals the report did not print are computed apart from the stated values,
and a total that adds up several rows quotes every one of them.

Real reports: 上海市人民政府办公厅 2019 (表三 per-applicant cells printed, 总计 column blank) and
seed 003 (a TAB 表三 whose group totals add up printed sub-rows).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from build_scripts.schema import RecordError, dump_page, split_page
from tests import layout_variants as lv
from tests.samples import sample

SHANGHAI = "2019-province-shanghai-govoffice.txt"
TAB_2019 = "003_f928e1f66e0e8c3b.txt"


def _record(name: str) -> dict[str, Any]:
    data = sample(name).read_bytes()
    return extract_record(read_source(name, data), file=name, sha256=hashlib.sha256(data).hexdigest())


@pytest.fixture(scope="module")
def shanghai() -> dict[str, Any]:
    return _record(SHANGHAI)


def test_blank_total_column_stays_null_and_the_sum_is_derived(shanghai: dict[str, Any]) -> None:
    assert shanghai["stats"]["outcome_disclosed"] is None
    derived = shanghai["derived"]["outcome_disclosed"]
    row = next(r for r in shanghai["tables"]["applications"]["rows"] if r["key"] == "disclosed")
    printed = [v for column, v in row["values"].items() if column != "总计" and v is not None]
    assert row["values"]["总计"] is None
    assert derived["value"] == sum(printed)
    assert [cell["value"] for cell in derived["cells"]] == printed
    assert {cell["line"] for cell in derived["cells"]} == {row["line"]}
    assert "按分项计算" in derived["rule"]


def test_a_group_total_adds_the_cells_of_every_sub_row(shanghai: dict[str, Any]) -> None:
    derived = shanghai["derived"]["outcome_not_processed_total"]
    rows = [r for r in shanghai["tables"]["applications"]["rows"] if r["key"].startswith("not_processed")]
    printed = [v for r in rows for column, v in r["values"].items() if column != "总计" and v is not None]
    assert derived["value"] == sum(printed)
    assert len({cell["line"] for cell in derived["cells"]}) > 1


def test_stated_values_are_never_derived(shanghai: dict[str, Any]) -> None:
    assert shanghai["stats"]["outcome_total"] is not None
    assert "outcome_total" not in shanghai["derived"]


def test_derived_survives_the_page_and_is_validated(shanghai: dict[str, Any]) -> None:
    read, _ = split_page(dump_page(shanghai, "正文"), "content/reports/a/2019.md")
    assert read["derived"] == shanghai["derived"]
    broken = dict(shanghai, derived={"outcome_disclosed": {"value": 1, "cells": [], "rule": "x"}})
    with pytest.raises(RecordError, match=r"derived\.outcome_disclosed\.cells"):
        split_page(dump_page(broken, "正文"), "content/reports/a/2019.md")


def test_a_report_with_its_totals_printed_has_no_derived_field() -> None:
    assert "derived" not in _record(TAB_2019)


def test_group_total_evidence_quotes_every_summed_row() -> None:
    record = _record(TAB_2019)
    rows = [r for r in record["tables"]["applications"]["rows"] if r["key"].startswith("refused")]
    evidence = record["evidence"]["outcome_refused_total"]
    assert len(rows) == 8
    assert evidence["lines"] == [r["line"] for r in rows]
    assert len(evidence["texts"]) == 8
    assert (evidence["line"], evidence["text"]) == (evidence["lines"][0], evidence["texts"][0])


def test_review_row_with_blank_totals_derives_them() -> None:
    """pingtan-2024-zone.html's 表四 row (2 1 3 1 7 | 0 0 0 0 0 | 13 2 4 0 19) with its three 总计
    cells left blank, as a copy that lost them: the stats stay null, the sums are derived."""
    name = "pingtan-2024-zone.html"
    report = lv.from_tab_rows(read_source(name, sample(name).read_bytes()).text)
    row = next(r for piece in report.pieces if isinstance(piece, list) for r in piece
               if len(r) == 15 and all(lv.is_value(c) for c in r))
    printed = list(row)
    for index in (4, 9, 14):
        row[index] = ""
    record = extract_record(read_source("r.txt", lv.render(report, lv.tab_rows).encode()), file="r.txt", sha256="")
    assert record["stats"]["reconsideration_total"] is None
    assert record["stats"]["litigation_total"] is None
    derived = record["derived"]
    assert derived["reconsideration_total"]["value"] == sum(int(c) for c in printed[0:4]) == int(printed[4])
    assert derived["litigation_total"]["value"] == int(printed[9]) + int(printed[14])
    assert len(derived["litigation_total"]["cells"]) == 8
