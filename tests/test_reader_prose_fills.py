"""Issue 14.4: a statistic whose table row is not printed at all is taken from the prose.

Real report: 上海市人民政府办公厅 2019, whose prose says 「另有72件申请按照《条例》顺延到下年度答复」;
here its 表三 「四、结转下年度继续办理」 row is removed, as in a partial copy of the page.
"""

from __future__ import annotations

import re

from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from tests.samples import sample

NAME = "2019-province-shanghai-govoffice.txt"
_ROW = re.compile(r"<tr(?:(?!<tr).)*?结转下年度继续办理.*?</tr>", re.S)


def _record(text: str) -> dict:
    return extract_record(read_source(NAME, text.encode("utf-8")), file=NAME, sha256="0" * 64)


def test_missing_row_is_filled_from_the_prose() -> None:
    text = sample(NAME).read_text(encoding="utf-8")
    assert len(_ROW.findall(text)) == 1
    record = _record(_ROW.sub("", text))
    assert record["stats"]["carried_forward"] == 72
    assert "顺延到下年度" in record["evidence"]["carried_forward"]["text"]


def test_a_printed_row_wins_over_the_prose() -> None:
    record = _record(sample(NAME).read_text(encoding="utf-8"))
    assert record["stats"]["carried_forward"] == 72
    assert "结转下年度继续办理" in record["evidence"]["carried_forward"]["text"]
