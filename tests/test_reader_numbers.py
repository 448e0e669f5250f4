"""Issue 12.9: figures outside any plausible range are kept as printed and warned about.

Inputs are real reports from ``sources/`` with one printed figure replaced, in the prose
(2018 五河县临北回族乡: 「主动公开政府信息2092条」) and in a TAB table (seed 003's 本年新收 row).
"""

from __future__ import annotations

from typing import Any

import pytest

from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from build_scripts.schema import validate_record
from tests.samples import sample

PROSE_REPORT = "2018-township-wuhe-linbei-hui.txt"
TABLE_REPORT = "003_f928e1f66e0e8c3b.txt"
TABLE_ROW = "本年新收政府信息公开申请数量\t\t{v}\t0\t0\t0\t0\t0\t{v}\t"
HUGE = 10**30


def _record(name: str, text: str) -> dict[str, Any]:
    return extract_record(read_source(name, text.encode("utf-8")), file=name, sha256="0" * 64)


def _prose_with(value: str) -> dict[str, Any]:
    text = sample(PROSE_REPORT).read_text(encoding="utf-8")
    assert "主动公开政府信息2092条" in text
    return _record(PROSE_REPORT, text.replace("主动公开政府信息2092条", f"主动公开政府信息{value}条"))


def _table_with(value: str) -> dict[str, Any]:
    text = sample(TABLE_REPORT).read_text(encoding="utf-8")
    row = TABLE_ROW.format(v=0)
    assert row in text
    return _record(TABLE_REPORT, text.replace(row, TABLE_ROW.format(v=value)))


@pytest.mark.parametrize(("printed", "value"), [("-2092", -2092), ("1234567", 1234567), (str(HUGE), HUGE)])
def test_prose_figure_kept_as_printed_with_a_warning(printed: str, value: int) -> None:
    record = _prose_with(printed)
    assert record["stats"]["proactive_total"] == value
    assert any(w.startswith("主动公开信息数：") and "按所写记录" in w for w in record["warnings"])
    validate_record(record, PROSE_REPORT)


@pytest.mark.parametrize(("printed", "value"), [("-3", -3), ("1234567", 1234567), (str(HUGE), HUGE)])
def test_table_figure_kept_as_printed_with_a_warning(printed: str, value: int) -> None:
    record = _table_with(printed)
    assert record["stats"]["applications_new"] == value
    assert any(w.startswith("本年新收申请：") and "按所写记录" in w for w in record["warnings"])


def test_plausible_figures_draw_no_warning() -> None:
    record = _prose_with("2092")
    assert record["stats"]["proactive_total"] == 2092
    assert not any("按所写记录" in w for w in record["warnings"])
