"""Issue 13 as a citizen sees it: the sample archive's site in a real Chromium, on a desktop, a phone
(390 px) and paper (A4 print). Every test asserts what a reader sees or can click — text, links,
visibility, printed pages — on the real reports in ``sources/``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.browser import chromium, needs_chromium, serve
from tests.conftest import PROJECT, BuiltSite

pytestmark = needs_chromium

PINGTAN = "agencies/ping-tan-zong-he-shi-yan-qu/"
PINGTAN_2013 = "reports/ping-tan-zong-he-shi-yan-qu/2013/"
SHANGHAI_2019 = "reports/shang-hai-shi-ren-min-zheng-fu-ban-gong-ting/2019/"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def origin(sample_site: BuiltSite) -> Iterator[str]:
    with serve(sample_site.site) as url:
        yield url + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    yield opened
    opened.close()


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    opened = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield opened
    opened.close()


def row_of(page: object, year: str) -> object:
    return page.locator("table.archive-agency-years tbody tr", has=page.locator("th", has_text=year))


def cell(page: object, row: object, header: str) -> object:
    """The cell of ``row`` under the column headed ``header``."""
    heads = [t.strip() for t in row.locator("xpath=ancestor::table//thead//th").all_inner_texts()]
    index = next(i for i, text in enumerate(heads) if text.startswith(header))
    return row.locator("th, td").nth(index)


# 1. Self-contradicting figures carry a visible marker linking to the check, everywhere.


def test_a_contradicted_figure_is_marked_on_the_agency_year_and_region_tables(page, origin: str) -> None:
    for path in (PINGTAN, "years/2013/", "regions/fu-jian-sheng/"):
        page.goto(origin + path)
        figure = page.locator("td", has=page.locator("span", has_text=re.compile(r"^72804$"))).first
        marker = figure.get_by_role("link", name=re.compile("报告自相矛盾"))
        assert marker.is_visible(), path
        assert marker.inner_text() == "⚠"
        assert "72804 ≠ 正文 4970" in marker.get_attribute("title")
    page.goto(origin + PINGTAN)
    row = row_of(page, "2013年")
    cell(page, row, "主动公开信息数").get_by_role("link", name=re.compile("报告自相矛盾")).click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith(PINGTAN_2013)
    target = page.locator(":target")
    assert target.is_visible()
    assert "表格 72804 ≠ 正文 4970" in target.inner_text()
    assert "不一致" in target.inner_text()


def test_an_unflagged_figure_has_no_marker(page, origin: str) -> None:
    page.goto(origin + PINGTAN)
    proactive_2014 = cell(page, row_of(page, "2014年"), "主动公开信息数")
    assert proactive_2014.is_visible() and proactive_2014.inner_text().startswith("2543")
    assert "⚠" not in proactive_2014.inner_text()


def test_the_report_panel_marks_the_figure_beside_its_evidence(page, origin: str) -> None:
    page.goto(origin + PINGTAN_2013)
    row = page.locator("table.archive-stats tr", has=page.locator("th", has_text="主动公开信息数"))
    assert row.get_by_role("link", name=re.compile("报告自相矛盾")).is_visible()
    unflagged = page.locator("table.archive-stats tr", has=page.locator("th", has_text="本年新收申请"))
    assert "⚠" not in unflagged.inner_text()


def test_the_chart_marks_the_contradicted_point(page, origin: str) -> None:
    page.goto(origin + PINGTAN)
    chart = page.locator("figure", has_text="主动公开信息数（条）").locator("svg")
    assert "⚠ 报告自相矛盾的数值" in chart.text_content()
    marks = chart.locator("g.archive-flag-point")
    titles = [marks.nth(i).locator("title").text_content() for i in range(marks.count())]
    assert any(t.startswith("2013 主动公开信息数：72804") and "4970" in t for t in titles), titles
    assert not any(t.startswith("2014 ") for t in titles)
    assert marks.first.is_visible()


def test_the_downloads_flag_contradicted_and_computed_figures(page, origin: str) -> None:
    rows = list(csv.DictReader(io.StringIO(page.request.get(origin + "data/records.csv").text().lstrip("\ufeff"))))
    pingtan = next(r for r in rows if r["page"] == PINGTAN_2013)
    assert pingtan["proactive_total"] == "72804"
    assert "proactive_total:contradicted" in pingtan["flags"].split("; ")
    shanghai = next(r for r in rows if r["page"] == SHANGHAI_2019)
    assert shanghai["outcome_disclosed"] == "" and "outcome_disclosed:computed" in shanghai["flags"]


# 2. A computed total is labelled as computed, with the cells it adds; the stated value stays empty.


def test_a_computed_total_is_labelled_with_its_cells_and_the_data_stays_empty(page, origin: str) -> None:
    page.goto(origin + SHANGHAI_2019)
    row = page.locator("table.archive-stats tr", has=page.locator("th", has_text=re.compile("^予以公开$")))
    value, proof = row.locator("td").nth(0), row.locator("td").nth(1)
    assert value.inner_text().strip() == "未填报"
    computed = proof.locator("[data-computed]")
    assert computed.is_visible()
    assert "合计（按分项计算）：272" in computed.inner_text()
    cells = computed.locator("li").all_inner_texts()
    assert len(cells) == 4 and all("第52行" in c for c in cells)
    assert sum(int(c.rsplit("：", 1)[1]) for c in cells) == 272
    records = json.loads(page.request.get(origin + "data/records.json").text())
    record = next(r for r in records if r["page"] == SHANGHAI_2019)
    assert record["stats"]["outcome_disclosed"] is None
    page.goto(origin + "years/2019/")
    year_cell = page.locator("tr", has=page.get_by_role("link", name="上海市人民政府办公厅")).locator("td.archive-computed").first
    assert year_cell.is_visible() and "计" in year_cell.inner_text()


# 4. One agency, one page; unsigned reports are not agencies.


def test_name_variants_of_one_body_share_one_agency_page(page, origin: str) -> None:
    page.goto(origin + PINGTAN)
    assert page.get_by_text("也称：平潭综合实验区管委会").is_visible()
    assert page.locator("table.archive-agency-years tbody th", has_text="2014年").is_visible()  # the variant's report
    page.get_by_role("link", name="2014年", exact=True).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("平潭综合实验区管委会2014")
    page.get_by_role("link", name="平潭综合实验区管委会", exact=True).click()
    assert page.url.endswith(PINGTAN)
    response = page.request.get(origin + "agencies/ping-tan-zong-he-shi-yan-qu-guan-wei-hui/")
    assert response.status == 404


def test_unsigned_reports_are_grouped_per_region_and_not_counted(page, origin: str) -> None:
    page.goto(origin)
    card = page.locator("[data-archive-glance] a", has_text="机关")
    counted = int(re.search(r"(\d+) 个", card.inner_text()).group(1))
    agencies = {p.name for p in (PROJECT / "content" / "reports").iterdir() if p.is_dir()}
    unsigned = {a for a in agencies if a.startswith("unknown-agency")}
    assert unsigned and counted < len(agencies - unsigned)  # 平潭 管委会 joined too
    page.goto(origin + "agencies/")
    listed = page.locator("article a", has_text=re.compile("^未署名$"))
    assert listed.count() >= 1
    listed.first.click()
    page.wait_for_load_state()  # is_visible() does not wait: the page may not be parsed yet
    assert page.get_by_text("不计入机关数").is_visible()


# 5. Year against year.


def test_agency_page_shows_each_figures_change_from_last_year(page, origin: str) -> None:
    page.goto(origin + PINGTAN)
    proactive_2015 = cell(page, row_of(page, "2015年"), "主动公开信息数")
    change = proactive_2015.locator("small")
    assert change.is_visible()
    assert change.inner_text() == "+406（+16.0%）"  # 2949 − 2543
    assert "与上一年度相比的变化" in page.locator(".archive-hint").first.inner_text()  # 2015 against 2014
    gap = cell(page, row_of(page, "2017年"), "主动公开信息数")  # no 2016 report: nothing to compare
    assert gap.locator("small").count() == 0
    assert page.locator("figure svg").first.is_visible()


def test_report_page_links_the_agencys_previous_and_next_year(page, origin: str) -> None:
    page.goto(origin + PINGTAN_2013)
    page.get_by_role("link", name=re.compile("下一年度：2014年")).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("平潭综合实验区管委会2014")
    page.get_by_role("link", name=re.compile("上一年度：2013年")).click()
    assert page.url.endswith(PINGTAN_2013)


def test_year_summary_sorts_by_change(page, origin: str) -> None:
    page.goto(origin + "regions/fu-jian-sheng/")
    page.get_by_role("button", name="较上年变化").first.click()
    header = page.locator("table.archive-reports thead th", has_text="主动公开信息数").first
    header.click()
    table = page.locator("table.archive-reports").first
    heads = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    index = next(i for i, t in enumerate(heads) if t.startswith("主动公开信息数"))
    changes = table.locator(f"tbody tr > :nth-child({index + 1})").evaluate_all(
        "cells => cells.map(c => c.getAttribute('data-change'))"
    )
    known = [float(c) for c in changes if c]
    assert len(known) >= 3 and known == sorted(known)
    assert all(c for c in changes[: len(known)])  # no change sorts last


# 7. Search counts reports, not files.


def test_a_report_in_two_copies_is_found_and_counted_once(page, origin: str) -> None:
    phrase = "二十届二中、三中全会"
    copies = [PROJECT / "content/reports/ping-tan-zong-he-shi-yan-qu" / n for n in ("2024.md", "2024-2.md")]
    assert all(phrase in p.read_text("utf-8") for p in copies)
    page.goto(origin + "search/?q=" + quote(phrase))
    page.wait_for_selector("[data-search-results][data-search-state=done]", state="attached")
    assert page.locator("[data-search-hit]").count() == 1
    assert "1 篇报告" in page.locator("[data-search-status]").inner_text()


def test_the_search_box_shows_keyboard_focus(page, origin: str) -> None:
    page.goto(origin + "search/")
    field = page.locator("[data-search-page] input[name=q]")
    page.keyboard.press("Tab")
    while not field.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    outline = field.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline


# 8. Paper.


def test_the_longest_report_prints_on_a4_without_header_or_cut_tables(browser, origin: str) -> None:
    printed = browser.new_page(viewport={"width": 700, "height": 990})
    printed.goto(origin + SHANGHAI_2019, wait_until="networkidle")
    printed.emulate_media(media="print")
    for hidden in ("header.md-header", ".md-sidebar--primary", "form[data-search-header]"):
        assert not printed.locator(hidden).first.is_visible(), hidden
    assert printed.get_by_text("本页地址：" + origin + SHANGHAI_2019).is_visible()
    width = printed.evaluate("document.querySelector('article').getBoundingClientRect().right")
    rights = printed.locator("article table").evaluate_all(
        "ts => ts.map(t => t.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= width + 1, (max(rights), width)
    assert printed.locator("table.archive-stats td", has_text="第50行").first.is_visible()  # evidence printed
    pdf = printed.pdf(format="A4")
    printed.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 8, pages


# 9. Phone.


@pytest.mark.parametrize("path", ["", "agencies/", PINGTAN, "years/2019/", SHANGHAI_2019, "search/?q=平潭"])
def test_no_page_scrolls_sideways_on_a_phone(phone, origin: str, path: str) -> None:
    phone.goto(origin + path, wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize(("path", "table"), [(PINGTAN, "archive-agency-years"), ("years/2019/", "archive-reports")])
def test_wide_table_scrolls_in_its_frame_with_the_first_column_pinned(phone, origin: str, path: str, table: str) -> None:
    phone.goto(origin + path)
    frame = phone.locator(".archive-scroll", has=phone.locator(f"table.{table}")).first
    first = frame.locator("tbody tr > :first-child").first
    before = first.bounding_box()
    frame.evaluate("el => { el.scrollLeft = 400; }")
    assert frame.evaluate("el => el.scrollLeft") > 0
    after = first.bounding_box()
    assert abs(after["x"] - before["x"]) < 1 and first.is_visible()
    last = frame.locator("tbody tr > td:nth-last-child(2)").last  # a figure (the last column may be a badge)
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


# 10. Chinese throughout.


def test_404_page_is_chinese_with_a_way_home(page, origin: str) -> None:
    page.goto(origin + "404.html")
    assert "找不到这个页面" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="返回首页").is_visible()


def test_footer_credit_is_chinese(page, origin: str) -> None:
    page.goto(origin)
    footer = page.locator("footer").inner_text()
    assert "本站由" in footer and "Made with" not in footer


# 11. The home page as a front door.


def test_every_home_card_is_a_link_and_counts_the_archive(page, origin: str) -> None:
    page.goto(origin)
    cards = page.locator("[data-archive-glance] > *")
    assert cards.count() >= 5
    labels = cards.all_inner_texts()
    for label in ("报告", "机关", "年度", "省份"):
        assert any(text.startswith(label) for text in labels), labels
    for i in range(cards.count()):
        assert cards.nth(i).evaluate("el => el.tagName") == "A" and cards.nth(i).get_attribute("href")
    added = [re.search(r"(\d{4}-\d\d-\d\d) 收录", t) for t in page.locator("[data-latest] li").all_inner_texts()]
    assert len(added) >= 3 and all(added), "the newest reports show the date they joined the archive"
    dates = [m.group(1) for m in added if m]
    assert dates == sorted(dates, reverse=True)
    latest = page.locator("[data-latest] a").first
    title = latest.inner_text()
    latest.click()
    assert page.locator("h1").inner_text() == title
    page.go_back()
    page.locator("[data-archive-glance] a", has_text="机关").click()
    assert page.locator("h1").inner_text().startswith("全部机关")


# 6. Filter by level, place and year.


def test_agency_filters_work_as_links_without_scripts(browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(origin + "agencies/")
    assert not plain.locator("form[data-agency-filter]").is_visible()
    filters = plain.get_by_role("navigation", name="筛选机关")
    filters.get_by_role("link", name="乡镇", exact=True).click()
    assert plain.locator("h1").inner_text().startswith("乡镇机关")
    names = plain.locator("ul.archive-agency-list > li > a:first-child").all_inner_texts()
    assert names
    for name in names:
        plain.get_by_role("link", name=name, exact=True).first.click()
        assert "层级：乡镇" in plain.locator("article").inner_text()
        plain.go_back()
    plain.get_by_role("navigation", name="筛选机关").get_by_role("link", name="福建省").click()
    assert plain.locator("h1").inner_text().startswith("福建省")
    plain.go_back()
    plain.get_by_role("navigation", name="筛选机关").get_by_role("link", name="2013年").click()
    assert plain.locator("h1").inner_text().startswith("2013年")
    context.close()


def test_agency_index_filters_instantly_by_place_level_and_year(page, origin: str) -> None:
    page.goto(origin + "agencies/")
    form = page.locator("form[data-agency-filter]")
    assert form.is_visible()
    every = page.locator("ul.archive-agency-list > li:visible").count()
    form.get_by_label("地区").fill("平潭")
    visible = page.locator("ul.archive-agency-list > li:visible")
    assert 0 < visible.count() < every
    assert page.get_by_role("heading", name="安徽省").is_hidden()
    form.get_by_label("层级").select_option("部门")
    form.get_by_label("年度").select_option("2019")
    names = visible.locator(":scope > a").all_inner_texts()
    assert names and all(n.startswith("平潭") for n in names)
    assert all("2019年" in t for t in visible.all_inner_texts())
    assert re.search(rf"本页显示 {len(names)} / \d+ 个机关", form.inner_text())


def test_search_results_filter_by_level_place_and_year(page, origin: str) -> None:
    page.goto(origin + "search/?q=" + quote("平潭"))
    page.wait_for_selector("[data-search-results][data-search-state=done]", state="attached")
    hits = page.locator("li.archive-search__hit:visible")
    total = hits.count()
    form = page.locator("form[data-search-filter]")
    form.get_by_label("年度").fill("2019")
    metas = hits.locator(".archive-search__meta").all_inner_texts()
    assert 0 < len(metas) < total and all(m.endswith("2019年") for m in metas)
    assert f"筛选后显示 {len(metas)} / {total} 篇" in form.inner_text()
    form.get_by_label("年度").fill("")
    form.get_by_label("地区").fill("上海")
    assert hits.count() == 0
