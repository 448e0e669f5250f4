from __future__ import annotations

from build_scripts.chrome import find_chrome

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
