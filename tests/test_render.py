from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from build_scripts.pages.render import RECONSTRUCTED_LABEL, render_body, split_flattened
from build_scripts.schema import dump_page, new_record

ROOT = Path(__file__).resolve().parents[1]
SEED_003 = ROOT / "sources" / "003_f928e1f66e0e8c3b.txt"
SEED_001 = ROOT / "sources" / "001_0ee38c6073f2f61e.txt"


def body(text: str, **record_items) -> str:
    record = new_record(file="sources/x.txt", sha256="0", fmt="txt")
    record.update(record_items)
    return render_body(record, text, title="标题")


def test_headings_follow_the_numbering() -> None:
    out = body("一、概述\n（一）加强组织保障\n1、健全领导机构\n这是一段正文。")
    assert "\n## 一、概述 {: #L1 }\n" in out and "\n### （一）加强组织保障 {: #L2 }\n" in out
    assert "\n#### 1、健全领导机构 {: #L3 }\n" in out
    assert "\n\n这是一段正文。\n{: #L4 }\n" in out


def test_a_heading_glued_to_its_text_is_split() -> None:
    out = body("二、主动公开政府信息情况 本中心2014年主动公开政府信息78条。")
    assert "## 二、主动公开政府信息情况 {: #L1 }\n\n本中心2014年主动公开政府信息78条。\n" in out


def test_long_numbered_lines_stay_paragraphs() -> None:
    line = "2、健全依申请公开制度，规范依申请公开目录和依申请公开流程，拓宽依申请公开渠道，方便群众申请查阅公开信息。"
    assert "\n\n" + line.replace(".", "\\.") in body(line)


def test_hostile_text_is_shown_as_text() -> None:
    out = body("<script>alert(1)</script>\n# 不是标题\n---\n| a | b |\n1. 不是列表\n- 不是列表\n[链接](javascript:alert(1))\n{{ x }} {% y %}")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\n\\# 不是标题" in out and "\n\\---" in out and "\\| a \\| b \\|" in out
    assert "1\\. 不是列表" in out and "\\- 不是列表" in out and "\\[链接\\](javascript" in out


def test_table_three_gets_the_form_header() -> None:
    out = body(SEED_003.read_text("utf-8"))
    assert '<th colspan="6">申请人情况</th><th rowspan="3">总计</th>' in out
    assert '<th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th>' in out
    assert '<th rowspan="20">三、本年度办理结果</th>' in out
    assert '<th rowspan="8">(三) 不予公开</th><th>1. 属于国家秘密</th>' in out
    assert "<th>6. 属于四类过程性信息</th>" in out, "a label broken over two lines is joined"
    assert '<th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>' in out
    assert out.count("<td>0</td>") >= 15 * 1 + 25 * 7 - 10


def test_statistics_table_has_three_columns() -> None:
    out = body(SEED_001.read_text("utf-8"))
    assert '<table data-table="statistics">' in out
    assert '<tr><th id="L65">统　计　指　标</th><th id="L66">单位</th><th id="L67">统计数</th></tr>' in out
    assert '<tr id="L73"><th>　　（一）主动公开政府信息数　　　　（不同渠道和方式公开相同信息计1条）</th><td id="L75">条</td><td id="L76">1308</td></tr>' in out
    assert '<th>七、依申请公开信息收取的费用</th><td id="L284">万元</td><td id="L285">0</td>' in out


def test_flattened_bodies_are_cut_at_their_sections() -> None:
    line = "某县2013年报告 本报告由五部分组成。一、 概述推进工作。二、主动公开政府信息情况 （一）主动公开数量 全年公开100条。（二）公开形式 网站。三、其他需要报告的事项 无。"
    pieces = split_flattened(line)
    assert "".join(pieces) == line
    assert [p[:2] for p in pieces[1:]] == ["一、", "二、", "（一", "（二", "三、"]
    out = body(line * 1 + "。" * 300)
    assert "## 一、 概述" in out and "### （一）主动公开数量" in out


def test_reconstructed_tables_follow_their_passage() -> None:
    table = {"title": "统计表", "columns": ["本年度"], "rows": [{"label": "主动公开信息数", "values": {"本年度": 1853}, "line": 2}]}
    out = body("标题行\n主动公开信息数 条18535395", tables={"statistics": table})
    assert out.index("条18535395") < out.index(RECONSTRUCTED_LABEL)
    assert "<th>主动公开信息数</th><td>1853</td>" in out


def test_a_real_mkdocs_build_shows_hostile_text_as_text(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "reports" / "x").mkdir(parents=True)
    record = new_record(file="sources/x.txt", sha256="0", fmt="txt")
    text = "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n# 假标题\n| a | b |\n" + SEED_003.read_text("utf-8")
    (docs / "reports" / "x" / "2019.md").write_text(dump_page(record, render_body(record, text, title="报告")), encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs\ntheme: {name: material, language: zh, font: false}\n"
        "plugins: [archive]\nmarkdown_extensions: [tables, attr_list, md_in_html]\n",
        encoding="utf-8",
    )
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml")], check=True, cwd=tmp_path)
    html = (tmp_path / "site" / "reports" / "x" / "2019" / "index.html").read_text("utf-8")
    article = html[html.index("<article"): html.index("</article>")]
    assert "<script>alert" not in article and "<img src=x" not in article
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article and "onerror=alert(1)&gt;" in article
    assert "# 假标题" in article and "| a | b |" in article
    assert '<th rowspan="8">(三) 不予公开</th>' in article


def test_a_flattened_body_is_cut_where_a_section_title_is_glued_to_the_text() -> None:
    line = (
        "联系邮箱：ab@163.com一、概述本年度工作有序推进。二、主动公开政府信息情况（一）主动公开数量 全年公开100条。"
        "依据第二十条第（二）项公开。（二）公开形式 网站。"
    )
    pieces = split_flattened(line)
    assert "".join(pieces) == line
    assert [p[:3] for p in pieces[1:]] == ["一、概", "二、主", "（一）", "（二）"]
    assert "第二十条第（二）项" in pieces[3], "a numbered reference inside a sentence is not a section"


def test_a_sub_heading_glued_to_its_text_ends_where_an_item_or_a_year_begins() -> None:
    out = body("（一）加强组织领导,精心部署安排1.高度重视。我区将政务公开列入议事日程。\n（二）主动公开政府信息的数量2017年全区主动公开政府信息2122条。")
    assert "### （一）加强组织领导,精心部署安排 {: #L1 }\n\n1.高度重视。" in out
    assert "### （二）主动公开政府信息的数量 {: #L2 }\n\n2017年全区" in out
