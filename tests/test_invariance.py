"""The same real report re-published as crawlers, CMSs and copy-paste publish it.

Each transformation (``tests/republishing.py``) moves, joins, re-encodes or surrounds the
report's own text. The record must keep its agency, year, template and every statistic; where
a transformation destroys information (a table flattened onto one line loses its blank cells,
a removed title may be all that named the organ) a field may become None with a warning —
never a different value. The agency may also come out longer or shorter when one name contains
the other (the scorer's rule: 龙归镇 / 武江区龙归镇人民政府).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from tests import republishing as rp
from tests.samples import expected, sample

GOLD = [entry for entry in expected("seeds") + expected("corpus") if entry["file"].endswith(".txt")]
REPORTS = [entry["file"] for entry in GOLD]
#: Seeds and prose reports: their whole body is flattened (tables flattened are test_layouts').
FLAT_REPORTS = [e["file"] for e in GOLD if (e["file"][:1].isdigit() and e["file"][3] == "_") or e["template"] == "narrative"]
FIELDS = ("agency", "year", "form")
#: Which warning must accompany a field that became None.
NULL_WARNINGS = {"agency": "报告未写明发布机关", "year": "年度", "form": "模板"}


@cache
def _text(name: str) -> str:
    return sample(name).read_text(encoding="utf-8")


#: (report, transformation) pairs that change the report's text: a transformation that finds
#: nothing to do (no title line to move, no blank line to drop) would compare the baseline with itself.
CHANGED = [(name, t) for name in REPORTS for t in rp.KEEPING if rp.KEEPING[t](_text(name)) != _text(name)]
TITLED = [name for name in REPORTS if rp.title_removed(_text(name)) != _text(name)]


def _record(data: bytes) -> dict[str, Any]:
    return extract_record(read_source("report.txt", data), file="report.txt", sha256="")


@cache
def _baseline(name: str) -> dict[str, Any]:
    return _record(sample(name).read_bytes())


def _same_agency(got: str | None, want: str | None) -> bool:
    return got == want or (got is not None and want is not None and (got in want or want in got))


def _differences(record: dict[str, Any], baseline: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    got = {**{k: record[k] for k in FIELDS}, **record["stats"]}
    want = {**{k: baseline[k] for k in FIELDS}, **baseline["stats"]}
    return {
        key: (want[key], got[key])
        for key in want
        if got[key] != want[key] and not (key == "agency" and _same_agency(got[key], want[key]))
    }


def assert_same(record: dict[str, Any], baseline: dict[str, Any]) -> None:
    assert _differences(record, baseline) == {}


def assert_same_or_none(record: dict[str, Any], baseline: dict[str, Any]) -> None:
    """Every changed field is None and a warning says why."""
    changed = _differences(record, baseline)
    assert all(got is None for _, got in changed.values()), changed
    for key in changed:
        reason = NULL_WARNINGS.get(key, "无法确定的单元格留空")
        assert any(reason in warning for warning in record["warnings"]), (key, record["warnings"])


def test_every_transformation_changes_some_report() -> None:
    assert {transformation for _, transformation in CHANGED} == set(rp.KEEPING)
    assert TITLED


@pytest.mark.parametrize(("name", "transformation"), CHANGED)
def test_republishing_keeps_every_field(name: str, transformation: str) -> None:
    text = rp.KEEPING[transformation](_text(name))
    assert_same(_record(text.encode("utf-8")), _baseline(name))


@pytest.mark.parametrize("transformation", list(rp.FLATTENING))
@pytest.mark.parametrize("name", FLAT_REPORTS)
def test_a_body_flattened_onto_one_line(name: str, transformation: str) -> None:
    text = rp.FLATTENING[transformation](_text(name))
    record = _record(text.encode("utf-8"))
    if _baseline(name)["form"] == "narrative":
        assert_same(record, _baseline(name))
    else:
        assert_same_or_none(record, _baseline(name))


@pytest.mark.parametrize("name", TITLED)
def test_without_its_title_a_report_loses_no_number(name: str) -> None:
    """Only the body, the signature and the date are left to name the report."""
    assert_same_or_none(_record(rp.title_removed(_text(name)).encode("utf-8")), _baseline(name))


@pytest.mark.parametrize("encoding", rp.ENCODINGS)
@pytest.mark.parametrize("name", REPORTS)
def test_saved_in_another_encoding(name: str, encoding: str) -> None:
    text = _text(name)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("gb18030")  # GBK cannot hold the report's characters: saved as its superset
    assert_same(_record(data), _baseline(name))


def test_the_baselines_are_the_checked_values() -> None:
    """The reader's own record of each untouched report is the hand-checked one (the harness is faithful)."""
    for entry in GOLD:
        record = _baseline(entry["file"])
        assert (record["year"], record["form"]) == (entry["year"], entry["template"])
        assert _same_agency(record["agency"], entry["agency"])


def test_a_page_header_glued_onto_the_title_line_is_chrome_only_up_to_the_title() -> None:
    text = "当前位置：首页 > 政务公开 > 年报 来源：本站 时间：2020-03-01 某某县水利局2019年政府信息公开工作年度报告\n正文。"
    record = _record(text.encode("utf-8"))
    assert (record["agency"], record["year"]) == ("某某县水利局", 2019)
    assert [entry.get("part") for entry in record["chrome"]] == ["start"]
