"""A real site built from a few reports: the generated pages, the report panel and the downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests.conftest import COPY_SOURCES, BuiltSite, make_report_page, run_build

HOSTILE = "某局<script>alert(1)</script>*强调*"

SIMEN = ("浙江省", "宁波市", "余姚市")
PAGES = {
    "index.md": "# 档案首页\n\n手写的介绍。\n",
    "reports/si-men/2019.md": make_report_page(
        agency="泗门镇人民政府",
        year=2019,
        region=SIMEN,
        level="乡镇",
        source="sources/simen-2019.txt",
        stats={"applications_new": 10, "outcome_total": 7, "carried_forward": 3, "proactive_total": 120},
        evidence={"applications_new": {"line": 12, "text": "一、本年新收 10"}},
        checks=[{"rule": "applications_balance", "status": "pass", "detail": "10 + 0 = 7 + 3"}],
    ),
    "reports/si-men/2020.md": make_report_page(
        agency="泗门镇人民政府",
        year=2020,
        region=SIMEN,
        source="sources/simen-2020.txt",
        stats={
            "applications_new": 4,
            "applications_carried_over": 3,
            "outcome_total": 5,
            "carried_forward": 2,
        },
    ),
    "reports/si-men/2021.md": make_report_page(
        agency="泗门镇人民政府",
        year=2021,
        region=SIMEN,
        template="table2021",
        source="sources/simen-2021.txt",
        stats={"applications_new": 6, "applications_carried_over": 5, "outcome_total": 11, "fees_yuan": 12.5},
    ),
    "reports/hostile/2019.md": make_report_page(
        agency=HOSTILE,
        year=2019,
        region=("浙江省", "宁波市", "镇海区"),
        source="sources/hostile.txt",
        url="javascript:alert(1)",
        stats={"applications_new": 2, "outcome_total": 3},
        evidence={"applications_new": {"line": 5, "text": "<img src=x onerror=alert(2)> 2件"}},
        checks=[{"rule": "applications_balance", "status": "fail", "detail": "2 + 0 ≠ 3 + 0"}],
        body="# 某局报告\n\n报告正文第一段。\n",
    ),
    "reports/shanghai/2019.md": make_report_page(
        agency="上海市人民政府办公厅",
        year=2019,
        region=("上海市", None, None),
        source="sources/sh.txt",
        url="https://www.shanghai.gov.cn/report?a=1&b=2",
        stats={"applications_new": 859, "outcome_total": 858},
    ),
}
SOURCES = {
    "sources/simen-2019.txt": "泗门镇2019年报告原文".encode("gb18030"),
    "sources/simen-2020.txt": b"2020",
    "sources/simen-2021.txt": b"2021",
    "sources/hostile.txt": b"hostile",
    "sources/sh.txt": b"shanghai",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    built = run_build(tmp_path_factory.mktemp("site"), PAGES, sources=SOURCES, config=COPY_SOURCES)
    assert not built.aborted, built.errors
    return built


def soup(site: BuiltSite, path: str) -> BeautifulSoup:
    return BeautifulSoup(site.text(path), "lxml")


def resolve(site: BuiltSite, page: str, href: str) -> Path:
    """The built file a relative link from ``page`` points at."""
    target = urljoin("http://x/" + page, href).removeprefix("http://x/").split("#")[0]
    path = site.site / target
    return path / "index.html" if target == "" or target.endswith("/") else path


def test_home_keeps_the_hand_written_text_and_adds_the_archive_at_a_glance(site: BuiltSite) -> None:
    page = soup(site, "")
    assert "手写的介绍。" in page.get_text()
    glance = page.select_one("[data-archive-glance]").get_text(" ", strip=True)
    assert "5 份" in glance  # reports
    assert "3 个" in glance  # agencies
    assert "2019–2021" in glance
    county = next(a for a in page.select(".archive-region-tree a") if a.get_text() == "余姚市")
    county_page = resolve(site, "", county["href"])
    # Second click: from the county page straight to a report.
    county_soup = BeautifulSoup(county_page.read_text("utf-8"), "lxml")
    report_links = [a["href"] for a in county_soup.select(".archive-agency-list .archive-years a")]
    here = county_page.parent.relative_to(site.site).as_posix() + "/"
    assert len(report_links) == 3 and all(resolve(site, here, h).is_file() for h in report_links)


def test_reports_stay_out_of_the_navigation(site: BuiltSite) -> None:
    nav = soup(site, "").select_one("nav.md-nav--primary")
    assert nav is not None
    assert not [a for a in nav.select("a[href]") if "reports/" in a["href"]]


def test_agencies_index_is_grouped_province_city_county(site: BuiltSite) -> None:
    page = soup(site, "agencies/")
    headings = [(h.name, h.get_text(strip=True)) for h in page.select("article h2, article h3, article h4")]
    assert (
        headings.index(("h2", "浙江省")) < headings.index(("h3", "宁波市")) < headings.index(("h4", "余姚市"))
    )
    assert ("h2", "上海市") in headings


def test_agency_page_has_years_table_chart_and_cross_year_checks(site: BuiltSite) -> None:
    page = soup(site, "agencies/si-men/")
    rows = page.select("table.archive-agency-years tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == ["2019年", "2020年", "2021年"]
    assert page.select_one("svg.archive-chart") is not None
    statuses = [li["data-status"] for li in page.select("[data-cross-year] li")]
    assert statuses == ["pass", "fail"]  # 2019→2020: 3 = 3; 2020→2021: 2 ≠ 5
    fees = rows[2].select("td")[-1]
    assert fees.get_text(strip=True) == "12.5" and fees.a is None  # the row's year links the report
    assert resolve(site, "agencies/si-men/", rows[2].th.a["href"]) == site.site / "reports/si-men/2021/index.html"


def test_year_page_links_every_row_to_its_report_and_sums_stated_values(site: BuiltSite) -> None:
    page = soup(site, "years/2019/")
    table = page.select_one("table[data-sortable]")
    rows = table.select("tbody tr")
    assert len(rows) == 3
    for row in rows:
        year = row.select("td")[1]
        report = resolve(site, "years/2019/", year.a["href"])
        assert report.is_file() and report.parent.parent.parent == site.site / "reports"
        figures = row.select("td")[3:-1]
        assert len(figures) == 14
        for cell in figures:
            if cell.get_text(strip=True) == "—":  # not stated
                assert cell.a is None and not cell.get("data-change")
    columns = [th.get_text(strip=True) for th in table.select("thead th")]
    totals = table.select("tfoot td")
    new_total = totals[columns.index("本年新收申请") - 3]  # the footer's first cell spans 3 columns
    assert new_total.get_text(" ", strip=True).startswith("871")  # 10 + 2 + 859
    carried = totals[columns.index("上年结转申请") - 3]
    assert carried.get_text(" ", strip=True).startswith("—")  # nobody stated it: not 0


def test_report_page_panel_is_above_the_text_and_escapes_report_values(site: BuiltSite) -> None:
    for path in ("agencies/hostile/", "years/2019/", "agencies/", "data/"):
        assert "<script>alert(1)" not in site.text(path), path
    raw = site.text("reports/hostile/2019/")
    assert "<script>alert(1)" not in raw
    assert "<img src=x" not in raw
    assert 'href="javascript:' not in raw
    page = BeautifulSoup(raw, "lxml")
    article = page.select_one("article")
    panel = article.select_one("[data-archive-panel]")
    assert HOSTILE in panel.get_text()
    text = article.get_text()
    assert text.index("主要统计数据") < text.index("报告正文第一段。")
    evidence = next(tr for tr in panel.select("table.archive-stats tr") if tr.th.get_text() == "本年新收申请")
    evidence = evidence.get_text(" ", strip=True)
    assert "第5行" in evidence and "<img src=x onerror=alert(2)> 2件" in evidence
    check = panel.select_one('li[data-check="applications_balance"]')
    assert check["data-status"] == "fail" and "不一致" in check.get_text()
    assert "原始网址不详" in panel.get_text()


def test_report_page_offers_the_original_file_byte_for_byte(site: BuiltSite) -> None:
    page = soup(site, "reports/si-men/2019/")
    download = page.select_one(".archive-source a[download]")
    path = resolve(site, "reports/si-men/2019/", download["href"])
    assert path.read_bytes() == SOURCES["sources/simen-2019.txt"]
    cross = page.select_one('li[data-check="cross_year_carry_over"]')
    assert cross["data-status"] == "pass" and "2020年报告" in cross.get_text()


def test_report_page_title_comes_from_front_matter_and_safe_urls_are_linked(site: BuiltSite) -> None:
    page = soup(site, "reports/shanghai/2019/")
    assert page.title.get_text().startswith("上海市人民政府办公厅2019年政府信息公开工作年度报告")
    origin = page.select_one("a.archive-origin")
    assert origin["href"] == "https://www.shanghai.gov.cn/report?a=1&b=2"


def test_csv_has_bom_header_and_one_row_per_report(site: BuiltSite) -> None:
    data = (site.site / "data/records.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 5
    by_page = {row["page"]: row for row in rows}
    simen = by_page["reports/si-men/2019/"]
    assert simen["agency"] == "泗门镇人民政府" and simen["county"] == "余姚市"
    assert simen["applications_new"] == "10" and simen["applications_carried_over"] == ""
    assert by_page["reports/si-men/2021/"]["cross_year"] == "fail"
    assert by_page["reports/si-men/2021/"]["fees_yuan"] == "12.5"
    assert by_page["reports/hostile/2019/"]["checks_failed"] == "1"
    assert (site.site / by_page["reports/si-men/2019/"]["page"] / "index.html").is_file()
    # A region or year page links the one copy of its rows under data/ (its province's, its year's).
    assert not list(site.site.glob("regions/**/*.csv")) and not list(site.site.glob("years/**/*.csv"))
    county = next(site.site.glob("regions/**/yu-yao-shi/index.html")).parent.relative_to(site.site).as_posix() + "/"
    href = next(a["href"] for a in soup(site, county).select("a[download]") if a["href"].endswith(".csv"))
    province_rows = list(csv.DictReader(io.StringIO(resolve(site, county, href).read_text("utf-8-sig"))))
    assert sum(1 for row in province_rows if row["county"] == "余姚市") == 3
    year = soup(site, "years/2019/").select_one("a[download]")["href"]
    assert resolve(site, "years/2019/", year) == site.site / "data/years/2019.csv"


def test_json_has_every_full_record(site: BuiltSite) -> None:
    items = json.loads((site.site / "data/records.json").read_text("utf-8"))
    assert [i["page"] for i in items] == sorted(i["page"] for i in items)
    hostile = next(i for i in items if i["agency"] == HOSTILE)
    assert hostile["evidence"]["applications_new"]["line"] == 5
    assert hostile["checks"][0]["status"] == "fail"


def test_data_page_documents_every_csv_column(site: BuiltSite) -> None:
    header = (site.site / "data/records.csv").read_text("utf-8-sig").splitlines()[0].split(",")
    documented = [code.get_text() for code in soup(site, "data/").select("table.archive-columns code")]
    assert documented == header


def test_sorting_script_and_styles_are_served_from_the_site(site: BuiltSite) -> None:
    page = soup(site, "years/2019/")
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(s.endswith("assets/archive/archive.js") for s in scripts)
    assert (site.site / "assets/archive/archive.js").read_text("utf-8").count("data-sortable") == 1


def test_building_twice_gives_identical_pages_and_downloads(site: BuiltSite, tmp_path: Path) -> None:
    again = run_build(tmp_path, PAGES, sources=SOURCES, config=COPY_SOURCES)
    pattern = re.compile(r".*\.(html|csv|json|js|css)$")
    first = {p.relative_to(site.site): p.read_bytes() for p in site.site.rglob("*") if pattern.match(p.name)}
    second = {
        p.relative_to(again.site): p.read_bytes() for p in again.site.rglob("*") if pattern.match(p.name)
    }
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_a_middle_year_page_checks_against_last_year_and_next_year(site: BuiltSite) -> None:
    page = soup(site, "reports/si-men/2020/")
    checks = page.select('li[data-check="cross_year_carry_over"]')  # failed checks are listed first
    assert [(c["data-status"], c.a.get_text()) for c in checks] == [("fail", "2021年报告"), ("pass", "2019年报告")]
    assert resolve(site, "reports/si-men/2020/", checks[0].a["href"]) == site.site / "reports/si-men/2021/index.html"


def test_theme_files_no_page_reads_are_not_published(site: BuiltSite) -> None:
    """Material ships a 1 MB ``bundle.*.js.map`` for its developers and the lunr.js of its own search (whose
    worker only a ``<form name="search">`` starts; the archive's header has its own search): the largest
    files of a small site, read by no page, so they are left out (issue 11.4)."""
    assert not list(site.site.rglob("*.map"))
    assert not (site.site / "assets" / "javascripts" / "lunr").exists()
    assert 'name="search"' not in (site.site / "index.html").read_text("utf-8")
    bundles = list(site.site.glob("assets/javascripts/bundle.*.min.js"))
    assert bundles and all((site.site / "index.html").read_text("utf-8").count(b.name) for b in bundles)
