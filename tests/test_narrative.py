"""Statistics stated in prose: counts, stated zeros, numerals, approximations, traps."""

from __future__ import annotations

from build_scripts.inputs.normalize import normalize_text
from build_scripts.reader.narrative import ProseReading, read_prose
from build_scripts.reader.sections import find_headings, split_sentences


def prose(text: str) -> ProseReading:
    return read_prose(split_sentences(normalize_text(text)))


def test_counts_in_sentences() -> None:
    reading = prose("2017年，办事处主动公开政府业务工作类信息共10条，其中统计数据类2条。")
    assert reading.stats == {"proactive_total": 10}
    assert reading.evidence["proactive_total"]["line"] == 1


def test_full_width_digits_are_read() -> None:
    assert prose("全年主动公开政府信息１２３条。").stats["proactive_total"] == 123


def test_chinese_numeral_counts() -> None:
    reading = prose("全年共收到政府信息公开申请三件，发生行政复议一件。")
    assert reading.stats["applications_new"] == 3
    assert reading.stats["reconsideration_total"] == 1


def test_stated_zeros() -> None:
    reading = prose(
        "本年度未收到依法申请公开的信函。\n"
        "2016年度未接到有关政府信息公开方面的复议、诉讼和申诉。\n"
        "没有收取任何政府信息公开费用。"
    )
    assert reading.stats == {
        "applications_new": 0,
        "reconsideration_total": 0,
        "litigation_total": 0,
        "fees_yuan": 0,
    }


def test_zero_covers_only_the_topics_named() -> None:
    reading = prose("全年未发生因政府信息公开提起行政诉讼案件。")
    assert reading.stats == {"litigation_total": 0}


def test_joint_count_after_both_topics() -> None:
    reading = prose("2017年收到公民因政府信息公开方面原因而申请行政复议、提起行政诉讼的情况0件。")
    assert reading.stats == {"reconsideration_total": 0, "litigation_total": 0}


def test_approximate_figure_is_taken_with_a_warning() -> None:
    reading = prose("2017年，主动公开政府工作信息、动态755多条。")
    assert reading.stats["proactive_total"] == 755
    assert any("约数" in w for w in reading.warnings)


def test_cumulative_figures_are_not_yearly() -> None:
    assert prose("累计主动公开政府信息5000条。").stats == {}


def test_fees_in_wan_yuan_become_yuan() -> None:
    assert prose("全年收取信息公开费用0.5万元。").stats["fees_yuan"] == 5000


def test_traps_are_not_statistics() -> None:
    text = (
        "不予公开信息有10条，主要是人事安排的信息。\n"
        "在接到申请之日起15个工作日内决定是否予以公开。\n"
        "为来访群众提供免费查阅服务。\n"
        "行政事业性收费项目和标准全部对外公布。\n"
        "建立窗口服务大厅，共受理申请136437件。\n"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\n"
        "未经复议直接起诉 尚未审结\n"
    )
    assert prose(text).stats == {}


def test_table_text_in_prose_is_skipped() -> None:
    assert prose("行政复议 行政诉讼 结果维持 0 1 1 0 2 1 0 0 0 1。未收到行政复议申请").stats == {
        "reconsideration_total": 0
    }


def test_self_contradiction_keeps_the_count_and_fails_a_check() -> None:
    text = (
        "三、主动公开政府信息情况\n我街道主动公开政府信息336条，依申请公开2件，但都是不属于本行政机关职能范围内的。\n"
        "四、依申请公开政府信息办理情况\n2016年我街道未收到此类申请。\n"
    )
    reading = prose(text)
    assert reading.stats["applications_new"] == 2
    assert [c["rule"] for c in reading.checks] == ["prose_consistent"]
    assert reading.checks[0]["status"] == "fail"


def test_such_applications_outside_an_application_section_say_nothing() -> None:
    assert prose("一、概述\n未收到此类申请。").stats == {}


def test_weak_total_only_inside_the_proactive_section() -> None:
    sentence = "通过网站公开人事信息、政府采购等信息共121条。"
    assert prose(f"二、主动公开政府信息情况\n{sentence}").stats == {"proactive_total": 121}
    assert prose(f"五、其他需要报告的事项\n{sentence}").stats == {}


def test_headings_inside_a_flattened_line() -> None:
    headings = find_headings("标题 一、概述 正文。二、主动公开情况 （一）数量 1、网站")
    assert [(h.level, h.title) for h in headings] == [
        (1, "概述"),
        (1, "主动公开情况"),
        (2, "数量"),
        (3, "网站"),
    ]


def test_phrasings_not_in_the_corpus() -> None:
    reading = prose(
        "2018年，我局共受理政府信息公开申请5件，其中予以公开3件，部分公开1件，不予公开1件。\n"
        "因政府信息公开被申请行政复议1件，被提起行政诉讼0件。\n"
        "主动公开政府信息1,234条。本年度共收取信息检索、复制费用120元。\n"
    )
    assert reading.stats == {
        "applications_new": 5,
        "outcome_disclosed": 3,
        "outcome_partial": 1,
        "outcome_refused_total": 1,
        "reconsideration_total": 1,
        "litigation_total": 0,
        "proactive_total": 1234,
        "fees_yuan": 120,
    }


def test_words_ending_in_a_unit_character_are_not_table_cells() -> None:
    assert prose("全年共办理依申请公开事项12件。").stats == {"applications_new": 12}
    assert prose("行政复议数 件 0 1。").stats == {}
