"""HTML pages (and .txt files that hold HTML) → report text in the TAB table layout."""

from __future__ import annotations

import pytest

from build_scripts.errors import SourceError
from build_scripts.inputs.formats.html import decode_html, html_to_text, looks_like_html
from build_scripts.inputs.formats.layout import Cell, grid_rows
from build_scripts.inputs.source_text import read_source
from tests.samples import SOURCES

REPORTS = SOURCES
needs_corpus = pytest.mark.skipif(not (REPORTS / "pingtan-2024-zone.html").is_file(), reason="sample archive not available")


def _read(name: str):
    return read_source(name, (REPORTS / name).read_bytes())


def _table_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    previous_was_row = False
    for line in text.splitlines():
        if "\t" in line:
            if not previous_was_row:
                blocks.append([])
            blocks[-1].append(line)
        previous_was_row = "\t" in line
    return blocks


SITE_CHROME = (
    "当前位置",
    "省政协",
    "人民网",
    "信用中国",
    "友情链接",
    "主办单位",
    "使用帮助",
    "浏览器",
    "网站地图",
    "<",
    "&",
)


@needs_corpus
def test_trs_page_keeps_article_and_tables_drops_site_chrome() -> None:
    source = _read("pingtan-2024-zone.html")
    lines = source.text.splitlines()
    assert (source.format, source.encoding) == ("html", "utf-8")
    assert lines[0] == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert lines[-1] == "2024年，无收取信息处理费情况。"
    assert not [line for line in lines if any(word in line for word in SITE_CHROME)]
    assert "一、本年新收政府信息公开申请数量\t\t\t217\t1\t0\t0\t0\t0\t218" in lines
    assert (
        "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1"
        in lines
    )
    assert "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t" in lines
    assert "2\t1\t3\t1\t7\t0\t0\t0\t0\t0\t13\t2\t4\t0\t19" in lines
    assert "行政事业性收费\t18651.06\t\t" in lines
    for block in _table_blocks(source.text):
        assert len({line.count("\t") for line in block}) == 1, block


@needs_corpus
def test_word_exported_page_reads_cleanly() -> None:
    source = _read("pingtan-2019-dept-market-supervision.html")
    lines = source.text.splitlines()
    assert lines[0] == "平潭综合实验区市场监督管理局2019年度政府信息公开工作年度报告"
    assert not [line for line in lines if "mso-" in line or "o:p" in line or "\xa0" in line]
    assert not [line for line in lines if any(word in line for word in SITE_CHROME)]
    assert "行政许可\t20\t+17\t\t37" in lines
    assert "政府集中采购\t15\t\t6805947.43元\t" in lines
    assert "\t\t2.重复申请\t1\t0\t0\t0\t0\t0\t1" in lines
    assert "\t".join(["0"] * 15) in lines
    assert lines[-3:-1] == ["2020年1月13日", "抄送：驻区财政金融局纪检组。"]
    assert [len(block) for block in _table_blocks(source.text)] == [18, 26, 4]


@needs_corpus
def test_text_file_holding_html_goes_through_the_html_path_but_stays_txt() -> None:
    source = _read("2019-province-shanghai-govoffice.txt")
    lines = source.text.splitlines()
    assert source.format == "txt"
    assert lines[:2] == ["2019年上海市人民政府办公厅政府信息公开工作年度报告", "发布日期：2020-01-31"]
    assert not [line for line in lines if "<p" in line or "<t" in line or "&nbsp;" in line]
    assert "《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》" in source.text
    assert "一、本年新收政府信息公开申请数量\t\t\t821\t35\t\t\t2\t1\t859" in lines
    assert "四、结转下年度继续办理\t\t\t72\t\t\t\t\t\t72" in lines


@needs_corpus
@pytest.mark.parametrize("name", ["pingtan-2024-zone.html", "2019-province-shanghai-govoffice.txt"])
def test_output_is_deterministic(name: str) -> None:
    assert _read(name) == _read(name)


@needs_corpus
@pytest.mark.parametrize("name", ["pingtan-2024-zone.txt", "2009-county-dept-jinxiang-water-bureau.txt"])
def test_plain_text_reports_are_not_taken_for_html(name: str) -> None:
    text = (REPORTS / name).read_text(encoding="utf-8")
    assert not looks_like_html(text)
    assert _read(name).text == text


PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某镇2020年政府信息公开工作年度报告 - 某某镇人民政府</title>
<script>var x = "<p>脚本里的文字不是正文</p>";</script><style>p {{ color: red }}</style></head>
<body><form id="form1" action="x.aspx">
<div class="top"><ul><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li><li><a href="/b">办事服务</a></li>
<li><a href="/c">互动交流</a></li><li><a href="/d">走进某某</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/a">政务公开</a></div>
<div class="box"><h1>某某镇2020年政府信息公开工作年度报告</h1>
<div class="info">发布时间：2021-01-20 浏览次数：<span>12</span></div>
<div class="body">
<p>&nbsp;&nbsp;&nbsp;本报告由某某镇人民政府编制，全年主动公开政府信息
1308条。</p>
<p style="display:none">隐藏的文字</p>
<table border="1"><tr><td rowspan="2">指标</td><td colspan="2">数量</td></tr>
<tr><td>本年</td><td>上年</td></tr>
<tr><td>收到申请数</td><td>&nbsp;3</td><td>2<br>件</td></tr></table>
<p>{long}</p>
</div></div>
<div class="foot"><a href="/x">网站地图</a> | <a href="/y">联系我们</a> 主办：某某镇人民政府 版权所有</div>
</form></body></html>"""


def _page() -> str:
    return PAGE.format(long="本镇依法依规做好政府信息公开工作，" * 20)


def test_page_wrapped_in_a_form_keeps_its_article_and_drops_menus() -> None:
    data = _page().encode("gb18030")
    source = read_source("a.htm", data)
    lines = source.text.splitlines()
    assert source.encoding == "gb18030"
    assert lines[0] == "某某镇2020年政府信息公开工作年度报告"
    assert "本报告由某某镇人民政府编制，全年主动公开政府信息 1308条。" in lines  # a line break is a space
    assert "指标\t数量\t" in lines and "\t本年\t上年" in lines
    assert "收到申请数\t3\t2 件" in lines
    for absent in ("脚本", "隐藏", "首页", "当前位置", "网站地图", "版权所有"):
        assert absent not in source.text


@pytest.mark.parametrize(
    ("declaration", "encoding", "expected", "words"),
    [
        ('<meta charset="gbk">', "gbk", "gb18030", "政府信息公开工作年度报告"),
        ("", "gb18030", "gb18030", "政府信息公开工作年度报告"),  # undeclared, not UTF-8
        ('<meta charset="gb2312">', "utf-8", "utf-8", "政府信息公开工作年度报告"),  # stale declaration
        ('<meta charset="big5">', "big5", "big5", "政府資訊公開年度報告"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', "utf-8", "utf-8", "年度报告"),
    ],
)
def test_html_decoding(declaration: str, encoding: str, expected: str, words: str) -> None:
    page = f"<html><head>{declaration}</head><body><p>{words}</p></body></html>"
    text, used = decode_html(page.encode(encoding), "a.html")
    assert used == expected
    assert words in text


def test_html_decoding_honours_a_byte_order_mark() -> None:
    page = "<p>政府信息公开</p>"
    assert decode_html(page.encode("utf-16"), "a.html") == (page, "utf-16")
    assert decode_html(b"\xef\xbb\xbf" + page.encode("utf-8"), "a.html") == (page, "utf-8")


def test_empty_page_is_a_source_error() -> None:
    with pytest.raises(SourceError, match=r"a\.html"):
        html_to_text("<html><body><script>x()</script></body></html>", "a.html")


def test_grid_places_merged_cells_once_at_their_top_left() -> None:
    rows = [
        [Cell("a", rowspan=2), Cell("b", colspan=2)],
        [Cell("c"), Cell("d")],
        [Cell("e", colspan=3)],
        [Cell("f")],
    ]
    assert grid_rows(rows) == [["a", "b", ""], ["", "c", "d"], ["e", "", ""], ["f", "", ""]]


def test_looks_like_html_needs_dense_markup() -> None:
    prose = "一、总体情况\n" + "本年度主动公开政府信息。\n" * 200
    assert not looks_like_html(prose + "<br>")
    assert looks_like_html("<p>一、总体情况</p><table><tr><td>1</td></tr></table>")


@needs_corpus
@pytest.mark.parametrize("name", ["pingtan-2019-dept-market-supervision.html", "pingtan-2024-zone.html"])
def test_chrome_removal_leaves_counts_that_match_the_remaining_page(name: str) -> None:
    """The article is chosen on character counts kept up to date while chrome is dropped (the page
    is walked once); they must equal a fresh count of what is left, element by element."""
    from build_scripts.inputs.formats import html

    root = html.parse_html(decode_html((REPORTS / name).read_bytes(), name)[0], name)
    html._strip_noise(root)
    elements = sum(1 for _ in root.iter())
    left = html._strip_chrome(root)
    remaining = [el for el in root.iter() if isinstance(el.tag, str)]
    assert len(remaining) < elements  # the page had chrome to drop
    fresh, _ = html._content_counts(root)
    assert {id(el): left[el] for el in remaining} == {id(el): fresh[el] for el in remaining}


@pytest.mark.parametrize(
    "style",
    ["display:none", "DISPLAY : None", "mso-hide:ALL", "font-family:宋体;Visibility: Hidden", "font-family:宋体;display:none"],
)
def test_hiding_styles_hide_in_any_letter_case_and_beside_non_ascii_values(style: str) -> None:
    page = _page().replace('<p style="display:none">', f'<p style="{style}">')
    text = html_to_text(page, "page.html")
    assert "隐藏的文字" not in text and "1308条" in text


def test_a_style_that_does_not_hide_keeps_its_text() -> None:
    page = _page().replace('<p style="display:none">', '<p style="font-family:宋体;DISPLAY:block;mso-hide:none">')
    assert "隐藏的文字" in html_to_text(page, "page.html")
