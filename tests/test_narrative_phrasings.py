"""Phrasings of the statements reports make in prose, and the traps beside them.

The sentences are SYNTHETIC test inputs built from the idioms of the real reports in
``shared/seeds`` and ``shared/corpus`` (主动公开政府信息X条, 全年共受理…申请X件, 未发生…行政复议,
未收取任何费用, 累计…, X余条, Chinese numerals, …); they are not quotations of any report.
"""

from __future__ import annotations

import pytest

from build_scripts.inputs.normalize import normalize_text
from build_scripts.reader.narrative import ProseReading, read_prose
from build_scripts.reader.sections import split_sentences


def prose(text: str) -> ProseReading:
    return read_prose(split_sentences(normalize_text(text)))


COUNTS: list[tuple[str, str, int | float]] = [
    ("2019年，我局主动公开政府信息1234条。", "proactive_total", 1234),
    ("全年共主动公开政府信息336条，其中规范性文件12件。", "proactive_total", 336),
    ("本年度主动公开各类政府信息共计二百三十六条。", "proactive_total", 236),
    ("主动公开政府信息三件。", "proactive_total", 3),
    ("主动公开政府信息十二条。", "proactive_total", 12),
    ("主动公开政府信息一百零五条。", "proactive_total", 105),
    ("共主动公开政府信息1,234条。", "proactive_total", 1234),
    ("主动公开政府信息１２３条。", "proactive_total", 123),
    ("全年共主动公开政府信息1.2万条。", "proactive_total", 12000),
    ("全年通过政府网站主动公开政府信息256条。", "proactive_total", 256),
    ("主动公开政府信息256条，较去年增加20条。", "proactive_total", 256),
    # issue 14.1: a yearly 发布 count is the proactive total when nothing stronger states it
    ("网站发布信息200条。", "proactive_total", 200),
    ("共发布信息1200条，其中网站发布800条。", "proactive_total", 1200),
    ("全年共发布各类政务信息1234条。", "proactive_total", 1234),
    ("2020年，我局公开政府信息1234条，其中规范性文件5件。", "proactive_total", 1234),
    ("全年共受理政府信息公开申请5件。", "applications_new", 5),
    ("全年共收到政府信息公开申请12份。", "applications_new", 12),
    ("全年共收到政府信息公开申请3次。", "applications_new", 3),
    ("本年度共受理依申请公开5件，均已按时办结。", "applications_new", 5),
    ("依申请公开3件，办结3件。", "applications_new", 3),
    ("全年共收到依申请公开申请二十件。", "applications_new", 20),
    ("全年共收到政府信息公开申请十件，同比增加3件。", "applications_new", 10),
    ("2019年度共新收政府信息公开申请21件，上年结转2件。", "applications_new", 21),
    ("2019年度共新收政府信息公开申请21件，上年结转2件。", "applications_carried_over", 2),
    ("全年共处理政府信息公开申请12件。", "applications_new", 12),
    ("三、依申请公开情况\n本机关全年收到申请45件，其中当面申请30件，网络申请15件。", "applications_new", 45),
    ("结转下年度继续办理1件。", "carried_forward", 1),
    ("发生行政复议1件，行政诉讼2件。", "reconsideration_total", 1),
    ("发生行政复议1件，行政诉讼2件。", "litigation_total", 2),
    ("本年度发生政府信息公开行政复议案件1起，行政诉讼案件0起。", "litigation_total", 0),
    ("2019年共发生政府信息公开行政复议案件3件，其中维持2件。", "reconsideration_total", 3),
    ("全年收取信息检索复制费用120元。", "fees_yuan", 120),
    ("收取政府信息公开费用0元。", "fees_yuan", 0),
    # issue 14.4: a fee in 万元, and one named by the services it pays for
    ("全年收取信息公开费用0.1万元。", "fees_yuan", 1000),
    ("本年度共收取检索、复制、邮寄等费用0.05万元。", "fees_yuan", 500),
    ("共受理申请10件，其中3件结转至下一年度办理。", "carried_forward", 3),
    ("三、收到和处理政府信息公开申请情况\n予以公开10件，部分公开2件，不予公开1件。", "outcome_partial", 2),
    ("三、收到和处理政府信息公开申请情况\n予以公开10件，部分公开2件，不予公开1件。", "outcome_refused_total", 1),
]


@pytest.mark.parametrize(("text", "key", "value"), COUNTS)
def test_counts(text: str, key: str, value: int | float) -> None:
    reading = prose(text)
    assert reading.stats.get(key) == value
    assert not reading.warnings


ZEROS: list[tuple[str, tuple[str, ...]]] = [
    ("本年度未发生因政府信息公开引起的行政复议和行政诉讼。", ("reconsideration_total", "litigation_total")),
    ("没有发生政府信息公开行政复议、行政诉讼案件。", ("reconsideration_total", "litigation_total")),
    ("无行政复议和行政诉讼案件。", ("reconsideration_total", "litigation_total")),
    ("没有因政府信息公开工作被申请行政复议或提起行政诉讼的情况。", ("reconsideration_total", "litigation_total")),
    ("本年度，我乡没有收到公民、法人和其他组织提出的政府信息公开申请。", ("applications_new",)),
    ("我镇未收到政府信息公开申请。", ("applications_new",)),
    ("全年未收到政府信息公开申请，未发生行政复议和行政诉讼。",
     ("applications_new", "reconsideration_total", "litigation_total")),
    ("依申请公开未收取任何费用。", ("fees_yuan",)),
    ("本机关依申请提供政府信息，未收取任何费用。", ("fees_yuan",)),
    ("三、依申请公开情况\n本年度未收取任何费用。", ("fees_yuan",)),
    ("政府信息公开工作无收费。", ("fees_yuan",)),
]


@pytest.mark.parametrize(("text", "keys"), ZEROS)
def test_stated_zeros(text: str, keys: tuple[str, ...]) -> None:
    assert prose(text).stats == dict.fromkeys(keys, 0)


APPROXIMATE: list[tuple[str, int]] = [
    ("全年主动公开政府信息4500余条。", 4500),
    ("主动公开政府信息1000条以上。", 1000),
    ("全年主动公开政府信息近300条。", 300),
    ("全年主动公开政府信息约300条。", 300),
    ("全年主动公开政府信息300多条。", 300),
    ("全年共主动公开政府信息3万余条。", 30000),
]


@pytest.mark.parametrize(("text", "value"), APPROXIMATE)
def test_approximate_figures_are_taken_with_a_warning(text: str, value: int) -> None:
    reading = prose(text)
    assert reading.stats == {"proactive_total": value}
    assert any("约数" in warning for warning in reading.warnings)


NOT_STATISTICS: list[str] = [
    "截至目前，累计公开政府信息12000条。",
    "自2008年以来累计主动公开政府信息5000余条。",
    "历年累计公开政府信息3000条。",
    "截至2019年底，共公开政府信息12000条。",
    "全年共接受群众咨询300余次。",
    "全年共收到群众留言50件。",
    "共受理投诉举报12件。",
    "全年共受理信访件45件。",
    "受理群众来电来信200余件。",
    "全年共办理人大代表建议12件、政协提案8件。",
    "不予公开信息12条。",
    "办结率达100%。",
    "主动公开政府信息量同比增长20%。",
    "本报告数据统计期限为2019年1月1日至2019年12月31日。",
    "根据国办公开办函〔2019〕60号文件要求编制。",
    "全年办结政府信息公开申请8件。",
    "电话：0571-12345678",
    "予以公开及部分公开258件，占33.9%。",
    # issue 14.4: sums mentioned in passing are not disclosure fees
    "通过政府信息公开平台办理，为群众节约费用12000元。",
    "设立专栏，本年度公开信息77条。",
    "公开财政预决算信息20条。",
    "二、主动公开政府信息情况\n本年度新公开规范性文件共5件。",
    "全年依申请公开信息，为群众节省复印等费用支出12000元。",
]


@pytest.mark.parametrize("text", NOT_STATISTICS)
def test_traps_are_not_statistics(text: str) -> None:
    assert prose(text).stats == {}


def test_channel_counts_give_way_to_the_stated_total() -> None:
    text = "通过门户网站发布信息200条，通过微信公众号发布信息100条，全年共主动公开政府信息300条。"
    assert prose(text).stats == {"proactive_total": 300}


def test_a_combined_outcome_is_not_the_partial_figure() -> None:
    """"予以公开及部分公开258件" sums two outcomes: neither statistic is that number."""
    reading = prose("三、收到和处理政府信息公开申请情况\n予以公开及部分公开258件，不予公开35件。")
    assert "outcome_partial" not in reading.stats
    assert "outcome_disclosed" not in reading.stats
    assert reading.stats["outcome_refused_total"] == 35


def test_a_count_and_a_stated_zero_that_disagree_fail_a_check() -> None:
    reading = prose("依申请公开2件。\n四、其他\n2016年我街道未收到此类申请，全年未收到政府信息公开申请。")
    assert reading.stats["applications_new"] == 2
    assert [c["rule"] for c in reading.checks] == ["prose_consistent"]
