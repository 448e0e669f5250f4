"""Page size (issue 11.5): the theme's indentation and escapes are removed from every written page,
and rows of figures carry no per-cell link or class; what a reader and Material's scripts see stays."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from plugins.archive.compact import collapse_whitespace, compact_config, compact_page
from tests.conftest import BuiltSite

CONFIG = (
    '<script id="__config" type="application/json">{"base": "../..", "translations": '
    '{"clipboard.copy": "\\u590d\\u5236", "x": "\\u003c/b\\u003e"}}</script>'
)


def test_whitespace_runs_with_a_line_break_become_one_and_verbatim_elements_are_kept() -> None:
    html = (
        "<ul>\n    <li>\n      甲\n    </li>\n</ul>\n\n<p><a>一</a> <a>二</a>\n   <a>三</a></p>"
        "<pre>  a\n    b\n</pre><script>var x = 1;\n    var y = 2;</script><textarea>\n  t\n</textarea>"
    )
    assert collapse_whitespace(html) == (
        "<ul>\n<li>\n甲\n</li>\n</ul>\n<p><a>一</a> <a>二</a>\n<a>三</a></p>"
        "<pre>  a\n    b\n</pre><script>var x = 1;\n    var y = 2;</script><textarea>\n  t\n</textarea>"
    )


def test_the_theme_config_keeps_its_value_without_escapes() -> None:
    compacted = compact_config(CONFIG)
    text = compacted.removeprefix('<script id="__config" type="application/json">').removesuffix("</script>")
    assert json.loads(text) == json.loads(CONFIG[CONFIG.index("{") : CONFIG.rindex("</script>")])
    assert "复制" in text and "\\u590d" not in text and "<" not in text and ", " not in text
    assert compact_config(CONFIG.replace('{"base"', '{base')) == CONFIG.replace('{"base"', '{base')  # not JSON: kept


def test_material_search_phrases_are_dropped_only_where_materials_search_box_is_absent() -> None:
    config = CONFIG.replace('"x"', '"search.result.none"')
    assert "search.result.none" not in compact_config(config) and "clipboard.copy" in compact_config(config)
    with_search = '<div data-md-component="search"></div>' + config
    assert "search.result.none" in compact_config(with_search)


def _indented(html: str) -> list[str]:
    """Whitespace runs after a line break outside ``<pre>`` and ``<script>``."""
    outside = re.sub(r"<(pre|script)\b.*?</\1>", "", html, flags=re.DOTALL)
    return re.findall(r"\n[ \t]+", outside)


def test_every_written_page_is_compact_and_its_rows_of_figures_carry_no_per_cell_link(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    pages = {
        f"reports/a/{year}.md": report_page(
            agency="甲镇人民政府",
            year=year,
            region=("浙江省", "宁波市", "余姚市"),
            stats={"applications_new": 10 + year % 10, "proactive_total": None},
            body="一、概述\n\n正文。\n\n```\n  保留的  缩进\n```\n",
        )
        for year in (2019, 2020)
    }
    site = build_site(tmp_path, pages)
    assert not site.aborted
    written = [site.site / "reports/a/2020/index.html", site.site / "agencies/a/index.html", site.site / "index.html"]
    for path in written:
        html = path.read_text("utf-8")
        assert _indented(html) == [], path
        assert compact_page(html) == html, path
        config = BeautifulSoup(html, "html.parser").select_one("script#__config").get_text()
        assert "\\u" not in config and json.loads(config)["base"]
    assert "  保留的  缩进" in written[0].read_text("utf-8")  # a code block keeps its spaces
    agency = BeautifulSoup(written[1].read_text("utf-8"), "html.parser")
    row = agency.select("table.archive-agency-years tbody tr")[1]
    figures = row.select("td")[1:]
    assert [c.get_text(" ", strip=True) for c in figures][:2] == ["—", "10 −9（−47.4%）"]
    assert all(c.a is None and not c.get("class") for c in figures)
    assert figures[0].attrs == {}  # not stated: a bare dash
    assert figures[1]["data-change"] == "-9"


def test_runs_at_the_edges_and_blank_only_text_collapse_as_the_rule_says() -> None:
    """Every whitespace run holding a line break is one ``\\n`` (the rule as one regular expression)."""
    rule = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
    pieces = ["", " ", "\t", "\r", "\f", "\n", " \n ", "\n\n", "a", "  b ", "<p>", "\r\n"]
    texts = [a + b + c for a in pieces for b in pieces for c in pieces]
    assert [collapse_whitespace(t) for t in texts] == [rule.sub("\n", t) for t in texts]
