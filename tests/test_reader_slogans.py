"""Issue 13.3 / 14.5: numerals inside names, slogans and ordinals are never figures.

No report in ``sources/`` puts a slogan numeral where a rule reads a figure, so these inputs are
real report sentences (named) with a slogan of the kind the issue quotes set into them; the
slogans themselves are the issue's (「三个一」, 两个责任, 一网通办, 第三方) and those printed in the
sample reports (“五个一律” pingtan-2018-zone, “一事一审” 2019-province-shanghai-govoffice).
"""

from __future__ import annotations

import pytest

from build_scripts.inputs.normalize import normalize_text
from build_scripts.reader.narrative import ProseReading, read_prose
from build_scripts.reader.sections import split_sentences


def prose(text: str) -> ProseReading:
    return read_prose(split_sentences(normalize_text(text)))


SLOGANS = [
    # pingtan-2022-zone: 「2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件」
    ("建立行政复议「三个一」工作机制，均已结案。", "reconsideration_total"),
    ("落实行政诉讼应诉“两个责任”，均已结案。", "litigation_total"),
    ("推行“一件事一次办”，全年共受理政府信息公开申请“一网通办”事项。", "applications_new"),
    ("按照“五个一律”原则主动公开政府信息。", "proactive_total"),
    ("行政复议坚持“一事一审”。", "reconsideration_total"),
]


@pytest.mark.parametrize(("text", "key"), SLOGANS)
def test_slogan_numerals_are_not_figures(text: str, key: str) -> None:
    assert key not in prose(text).stats


def test_a_slogan_beside_a_real_figure_leaves_the_figure() -> None:
    text = "2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，落实“两个责任”，均已结案。"
    assert prose(text).stats == {"litigation_total": 1, "reconsideration_total": 2}


def test_chinese_numeral_counts_still_count() -> None:
    """Chinese numerals with a counting unit are figures (主动公开政府信息三件 …)."""
    assert prose("全年共受理政府信息公开申请三件。").stats == {"applications_new": 3}
    assert prose("全年发生行政复议两件。").stats == {"reconsideration_total": 2}
