from __future__ import annotations

from build_scripts.inputs.chrome import (
    chrome_span_entries,
    find_chrome,
    find_chrome_spans,
    remove_chrome_spans,
)

CRAWLER = [
    "标题: 某某县人民政府2013年政府信息公开工作年度报告",
    "发布时间: 2014-01-22 00:00",
    "文号: ",
    "栏目: 政府信息公开年报",
    "原文链接: https://example.gov.cn/t.htm",
    "==================== 正文 ====================",
    "某某县人民政府2013年政府信息公开工作年度报告 本报告……",
]


def test_crawler_header_is_chrome() -> None:
    assert find_chrome(CRAWLER) == [0, 1, 2, 3, 4, 5]


def test_page_furniture_is_chrome_wherever_it_is() -> None:
    lines = [
        "首页 > 政务公开 > 信息公开年报",
        "某街道2020年政府信息公开工作年度报告",
        "发布时间 : 2021-01-25 来源:某街道 字体大小:",
        "一、总体情况",
        "【打印本页】【关闭窗口】",
        "分享到：微信 微博 QQ空间",
        "扫一扫在手机打开当前页",
        "当前位置：首页 政务公开",
        "浏览次数：123",
    ]
    assert find_chrome(lines) == [0, 2, 4, 5, 6, 7, 8]


def test_report_text_is_not_chrome() -> None:
    lines = [
        "一、总体情况",
        "2020年，我街道主动公开政府信息232条。发布时间：2020年全年均按时发布。",
        "关闭违规网站3个，打印宣传资料500份。",
        "中",
        "标题: 这不是页首",
        "==== 正文 ====",
    ]
    assert find_chrome(lines) == []


def test_metadata_block_at_the_top() -> None:
    lines = ["索 引 号:", "信息分类: 乡镇街道", "发布机构:", "文号:", "", "某街道2021年政府信息公开工作年度报告"]
    assert find_chrome(lines) == [0, 1, 2, 3]


BODY = "某某区2020年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》要求，编制本报告。一、总体情况 ……"


def test_a_crawled_header_and_footer_are_cut_from_a_one_line_body() -> None:
    head = "您的位置：首页 > 政务公开 > 年度报告 某某区2020年年度报告 发布时间：2021-01-20 09:30 来源：某某区政府办 字号：大 中 小 分享到：微信 微博"
    tail = "某某区人民政府办公室 2021年1月20日 【打印本页】【关闭窗口】 扫一扫在手机打开当前页"
    line = f"{head} {BODY} {tail}"
    entries = chrome_span_entries(["", line])
    assert entries == [
        {"line": 2, "text": head, "part": "start"},
        {"line": 2, "text": "【打印本页】【关闭窗口】 扫一扫在手机打开当前页", "part": "end"},
    ]
    assert remove_chrome_spans(line, entries).strip() == f"{BODY} 某某区人民政府办公室 2021年1月20日"


def test_a_title_between_header_parts_goes_with_them_but_not_the_title_after_them() -> None:
    line = f"当前位置：首页政务公开年报 某某区2020年年度报告 时间：2021-01-20 08:51 微信 微博 QQ空间 相关链接： --> {BODY}"
    (span,) = find_chrome_spans([line])
    assert line[span.start : span.end].endswith("相关链接： -->")
    assert line[span.end :].strip() == BODY


def test_report_text_that_merely_starts_or_ends_with_page_words_is_kept() -> None:
    lines = [
        "时间：2020-03-01 召开政府信息公开工作会议，部署全年任务。" + "全年主动公开信息200条。" * 5,
        "来源：本单位统计。全年主动公开信息200条，其中网站公开150条，分享到各平台的信息50条。",
        "今年共印发宣传册2000份，并在宣传栏张贴公告，会后及时关闭",
        "办理结果已全部反馈，详见微信 微博",
        BODY,
    ]
    assert find_chrome_spans(lines) == []


def test_skipped_lines_and_stale_entries_are_left_alone() -> None:
    line = "当前位置：首页 > 政务公开 > 年报 来源：某局 " + BODY
    assert find_chrome_spans([line], skip={0}) == []
    assert remove_chrome_spans(BODY, [{"text": "当前位置：首页", "part": "start"}]) == BODY
    assert remove_chrome_spans(BODY, [{"text": "总体情况", "part": "end"}]) == BODY
