"""The report panel: Chinese labels, failed checks first, passing ones folded, provenance, region, evidence."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from build_scripts.pages.render import render_body
from build_scripts.schema import CHECK_LABELS, new_record
from plugins.archive.model import Report
from plugins.archive.panel import EXCERPT, PanelLinks, evidence_html, line_anchors, region_html, report_panel

LONG = "有序推进基层政务公开，聚焦营商环境、项目投资、产业政策等重点领域，发布权威信息，持续加强公开力度，全年主动公开10407条。"


def _report(**changes: Any) -> Report:
    record = new_record(file="sources/a.txt", sha256="ab" * 32, fmt="txt", url="https://www.gov.cn/a.htm")
    record.update(agency="甲局", year=2020, template="table2021")
    record["stats"].update(applications_new=5, proactive_total=10407)
    record["evidence"] = {
        "applications_new": {"line": 12, "text": "一、本年新收 5"},
        "proactive_total": {"line": 5, "text": LONG},
    }
    record["provenance"] = {"agency": "extracted", "year": "extracted", "region": "manifest", "url": "missing"}
    record.update(changes)
    return Report("reports/a/2020.md", record)


def _panel(report: Report, **links: Any) -> BeautifulSoup:
    base = {"agency": "../../agencies/a/", "year": "../../years/2020/", "regions": [], "source": None}
    return BeautifulSoup(report_panel(report, PanelLinks(**{**base, **links}), []), "html.parser")


def test_failed_checks_are_shown_and_passing_ones_folded_with_a_count() -> None:
    checks = [
        {"rule": "row_total", "status": "pass", "detail": "a"},
        {"rule": "applications_balance", "status": "fail", "detail": "5 + 0 = 5 ≠ 4 + 0 = 4"},
        {"rule": "review_total", "status": "pass", "detail": "b"},
        {"rule": "outcome_total", "status": "not_assessable", "detail": "c"},
    ]
    panel = _panel(_report(checks=checks))
    failed = panel.select_one(".archive-checks-failed")
    assert failed.find_parent("details") is None
    assert [li["data-check"] for li in failed.select("li")] == ["applications_balance"]
    assert CHECK_LABELS["applications_balance"] in failed.get_text() and "不一致" in failed.get_text()
    passed = panel.select_one("details.archive-checks-passed")
    assert passed.summary.get_text() == "2 项核对通过"
    assert [li["data-status"] for li in passed.select("li")] == ["pass", "pass"]
    assert CHECK_LABELS["row_total"] in passed.li.get_text()
    unassessable = panel.select_one("details.archive-checks-unassessable")
    assert unassessable.summary.get_text().startswith("1 项无法核对")
    text = panel.get_text()
    assert text.index("主要统计数据") < text.index("勾稽关系不一致")


def test_a_rule_without_a_chinese_name_shows_its_code() -> None:
    panel = _panel(_report(checks=[{"rule": "new_rule_x", "status": "fail", "detail": "d"}]))
    assert "new_rule_x" in panel.select_one('li[data-check="new_rule_x"]').get_text()


def test_no_failures_says_so_and_keeps_the_warnings_box() -> None:
    panel = _panel(_report(checks=[{"rule": "row_total", "status": "pass", "detail": "a"}], warnings=["表三无法判定"]))
    assert panel.select_one(".archive-checks-failed") is None
    assert "未发现不一致" in panel.get_text()
    warnings = panel.select_one(".archive-warnings")
    assert "待人工确认" in warnings.get_text() and "表三无法判定" in warnings.get_text()


def test_provenance_of_agency_year_region_and_url_is_shown() -> None:
    tags = _panel(_report()).select("[data-provenance]")
    assert [tag.find_parent(["dd", "p"]).name for tag in tags] == ["dd", "dd", "dd", "p"]  # meta, then source
    assert [tag["data-provenance"] for tag in tags] == ["extracted", "extracted", "manifest", "missing"]
    assert [tag.get_text() for tag in tags] == ["自动识别", "自动识别", "清单更正", "未写明"]


def test_region_joins_the_stated_parts_and_says_when_none_is_stated() -> None:
    assert region_html([("福建省", "a/"), ("平潭综合实验区", None)]) == '<a href="a/">福建省</a> · 平潭综合实验区'
    assert region_html([]) == "地区不详"


def test_long_evidence_the_body_does_not_show_folds_but_keeps_the_whole_text() -> None:
    short = BeautifulSoup(evidence_html({"line": 12, "text": "一、本年新收 5"}), "html.parser")
    assert short.details is None and short.q.get_text() == "一、本年新收 5"
    assert short.select_one(".archive-line").name == "span"
    unshown = BeautifulSoup(evidence_html({"line": 5, "text": LONG}, frozenset({6})), "html.parser")
    assert unshown.details is not None and unshown.details.q.get_text() == LONG
    assert line_anchors('<a id="L5"></a>文字\n## 标题 {#L7}\n') == frozenset({5, 7})


def test_the_anchors_the_body_renderer_writes_are_found() -> None:
    body = render_body(new_record(file="sources/a.txt", sha256="ab" * 32, fmt="txt"), "一、概述\n这是一段正文。\n", title="甲局报告")
    assert line_anchors(body) == frozenset({1, 2}) and "{: #L2 }" in body


def test_long_evidence_the_body_shows_is_an_excerpt_around_the_figure_linked_to_its_line() -> None:
    shown = BeautifulSoup(evidence_html({"line": 5, "text": LONG}, frozenset({5}), "10407"), "html.parser")
    assert shown.details is None and shown.select_one('a[href="#L5"]').get_text() == "第5行"
    quote = shown.q.get_text()
    assert "10407" in quote and quote.startswith("…") and len(quote) <= EXCERPT + 2 < len(LONG)
    assert quote.strip("…") in LONG
    start = BeautifulSoup(evidence_html({"line": 5, "text": LONG}, frozenset({5}), "99"), "html.parser").q.get_text()
    assert start.endswith("…") and LONG.startswith(start.removesuffix("…"))


def test_copy_note_links_the_main_page_and_a_main_page_lists_its_copies() -> None:
    copy = _panel(_report(), main=("../2020/", "甲局2020年报告"))
    note = copy.select_one("[data-copy-of]")
    assert note.get_text().startswith("本页是同一报告的另一份副本，主页面：") and note.a["href"] == "../2020/"
    main = _panel(_report(), copies=[("../2020-2/", "a.html（HTML）")])
    assert [a["href"] for a in main.select("[data-copies] a")] == ["../2020-2/"]


def test_report_text_with_line_breaks_stays_one_html_block() -> None:
    report = _report(warnings=["第一行\n\n<b>第二行</b>"])
    html = report_panel(report, PanelLinks(agency=None, year=None, regions=[], source=None), [])
    assert "\n" not in html and "<b>" not in html


def test_passing_and_unassessable_checks_show_each_rule_once_with_its_count_and_link_their_arithmetic() -> None:
    checks = [
        {"rule": "row_total", "status": "pass", "detail": "一、本年新收: 自然人 3 + 其他 2 = 总计 5"},
        {"rule": "row_total", "status": "pass", "detail": "二、上年结转: 自然人 0 + 其他 0 = 总计 0"},
        {"rule": "review_total", "status": "pass", "detail": "维持 1 + 纠正 0 = 总计 1"},
        {"rule": "outcome_total", "status": "not_assessable", "detail": "办理结果总计：未填报"},
        {"rule": "applications_balance", "status": "fail", "detail": "5 + 0 = 5 ≠ 4 + 0 = 4"},
    ]
    panel = _panel(_report(checks=checks), record="record.json")
    passed = panel.select_one("details.archive-checks-passed")
    assert passed.summary.get_text() == "3 项核对通过"
    items = passed.select("li")
    assert [li["data-check"] for li in items] == ["row_total", "review_total"]
    assert [li.get_text(" ", strip=True) for li in items] == [
        f"{CHECK_LABELS['row_total']} （2 项）",
        f"{CHECK_LABELS['review_total']} （1 项）",
    ]
    folded = [passed, panel.select_one("details.archive-checks-unassessable")]
    assert all(c["detail"] not in panel.get_text() for c in checks if c["status"] != "fail")
    assert [d.select_one(".archive-checks-details a")["href"] for d in folded] == ["record.json", "record.json"]
    assert "核对明细（JSON）" in folded[1].get_text()
    assert checks[-1]["detail"] in panel.select_one(".archive-checks-failed").get_text()  # a failure keeps its arithmetic


def test_the_tables_the_reader_read_link_to_where_the_body_shows_them() -> None:
    table = {"title": "表三", "columns": ["总计"], "rows": [{"label": "新收", "line": 30, "values": {"总计": 5}}]}
    other = {"title": "表四", "columns": ["总计"], "rows": [{"label": "复议", "line": 40, "values": {"总计": 1}}]}
    panel = _panel(_report(tables={"applications": table, "review": other}), line_anchors=frozenset({30}), record="record.json")
    block = panel.select_one(".archive-tables")
    assert [(a.get_text(), a["href"]) for a in block.select("a")] == [("表三", "#L30"), ("record.json", "record.json")]
    assert "表四" in block.get_text() and panel.select_one("section table:not(.archive-stats)") is None


def test_figures_the_report_does_not_state_are_named_in_one_row_and_stated_ones_keep_theirs() -> None:
    evidence = {
        "applications_new": {"line": 12, "text": "一、本年新收 5"},
        "fees_yuan": {"line": 20, "text": "收费情况见附表"},  # evidence without a figure: its row stays
    }
    rows = _panel(_report(evidence=evidence)).select("table.archive-stats tbody tr")
    assert [row.th.get_text() for row in rows] == ["主动公开信息数", "本年新收申请", "信息公开收费（元）", "未填报"]
    assert rows[2].td.get_text() == "未填报" and "收费情况见附表" in rows[2].get_text()
    blank = rows[-1].td
    assert blank["colspan"] == "2" and blank.get_text().startswith("上年结转申请、予以公开、")
    assert "本年新收申请" not in blank.get_text() and "信息公开收费" not in blank.get_text()
