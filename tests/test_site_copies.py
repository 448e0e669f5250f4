"""Copies of one report (``source.duplicate_of``): kept as pages, linked both ways, never counted twice."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from build_scripts.schema import new_record
from plugins.archive.model import Archive, Report, resolve_copies
from tests.conftest import COPY_SOURCES, BuiltSite, make_report_page, run_build
from tests.test_site import resolve

ZONE = ("福建省", None, "平潭综合实验区")
STATS_2024 = {"applications_new": 218, "applications_carried_over": 4, "outcome_total": 222}
PAGES = {
    "reports/zone/2023.md": make_report_page(
        agency="平潭综合实验区", year=2023, region=ZONE, source="sources/zone-2023.txt",
        stats={"applications_new": 10, "carried_forward": 4},
    ),
    "reports/zone/2024.md": make_report_page(
        agency="平潭综合实验区", year=2024, region=ZONE, source="sources/zone-2024.html", fmt="html",
        stats=STATS_2024,
    ),
    "reports/zone/2024-2.md": make_report_page(
        agency="平潭综合实验区", year=2024, region=ZONE, source="sources/zone-2024.txt",
        stats=STATS_2024, duplicate_of="zone-2024.html",
    ),
    "reports/other/2024.md": make_report_page(
        agency="某局", year=2024, region=ZONE, source="sources/other-2024.txt",
        stats={"applications_new": 1}, duplicate_of="sources/not-there.txt",
    ),
}
SOURCES = {
    "sources/zone-2023.txt": b"2023",
    "sources/zone-2024.html": b"<p>2024</p>",
    "sources/zone-2024.txt": b"2024 as text",
    "sources/other-2024.txt": b"other",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return run_build(tmp_path_factory.mktemp("copies"), PAGES, sources=SOURCES, strict=True, config=COPY_SOURCES)


def soup(site: BuiltSite, path: str) -> BeautifulSoup:
    return BeautifulSoup(site.text(path), "lxml")


def test_only_a_duplicate_of_naming_no_page_is_a_warning(site: BuiltSite) -> None:
    assert site.aborted  # strict: the unresolved duplicate_of must be fixed or acknowledged
    assert len(site.warnings) == 1, site.warnings
    assert "[unknown-duplicate-of]" in site.warnings[0] and "not-there.txt" in site.warnings[0]
    assert "reports/other/2024.md" in site.warnings[0]


def test_copy_page_is_kept_with_a_note_linking_the_main_page(site: BuiltSite) -> None:
    page = soup(site, "reports/zone/2024-2/")
    note = page.select_one("[data-copy-of]")
    assert note is not None and "本页是同一报告的另一份副本，主页面：" in note.get_text()
    assert resolve(site, "reports/zone/2024-2/", note.a["href"]) == site.site / "reports/zone/2024/index.html"
    download = page.select_one(".archive-source a[download]")
    assert resolve(site, "reports/zone/2024-2/", download["href"]).read_bytes() == b"2024 as text"
    assert page.select('li[data-check="cross_year_carry_over"]') == []


def test_main_page_links_its_copies(site: BuiltSite) -> None:
    page = soup(site, "reports/zone/2024/")
    assert page.select_one("[data-copy-of]") is None
    copies = page.select("[data-copies] a[data-copy]")
    assert [resolve(site, "reports/zone/2024/", a["href"]) for a in copies] == [
        site.site / "reports/zone/2024-2/index.html"
    ]
    assert "zone-2024.txt（TXT）" in copies[0].get_text()
    cross = page.select_one('li[data-check="cross_year_carry_over"]')
    assert cross["data-status"] == "pass"  # 2023 carried forward 4 = 2024 carried over 4


def test_copies_are_left_out_of_tables_totals_and_counts(site: BuiltSite) -> None:
    year = soup(site, "years/2024/")
    rows = year.select("table[data-sortable] tbody tr")
    assert sorted(r.select("td")[1].a["href"] for r in rows) == ["../../reports/other/2024/", "../../reports/zone/2024/"]
    columns = [th.get_text(strip=True) for th in year.select("table[data-sortable] thead th")]
    total = year.select("table[data-sortable] tfoot td")[columns.index("本年新收申请") - 3]
    assert total.get_text(" ", strip=True).startswith("219")  # 218 + 1, the copy not again
    agency = soup(site, "agencies/zone/")
    assert [r.th.get_text(strip=True) for r in agency.select("table.archive-agency-years tbody tr")] == [
        "2023年",
        "2024年",
    ]
    glance = soup(site, "").select_one("[data-archive-glance]").get_text(" ", strip=True)
    assert "3 份" in glance and "4 份" not in glance
    # The year page links the year's data file, where the copy is a row marked with duplicate_of.
    assert resolve(site, "years/2024/", year.select_one("a[download]")["href"]) == site.site / "data/years/2024.csv"
    year_csv = csv.DictReader(io.StringIO((site.site / "data/years/2024.csv").read_text("utf-8-sig")))
    assert sorted(bool(row["duplicate_of"]) for row in year_csv) == [False, False, True]


def test_full_downloads_keep_copies_marked_with_duplicate_of(site: BuiltSite) -> None:
    rows = list(csv.DictReader(io.StringIO((site.site / "data/records.csv").read_text("utf-8-sig"))))
    marks = {row["page"]: row["duplicate_of"] for row in rows}
    assert marks == {
        "reports/other/2024/": "",  # unresolved: counted as a report of its own
        "reports/zone/2023/": "",
        "reports/zone/2024/": "",
        "reports/zone/2024-2/": "zone-2024.html",
    }
    items = json.loads((site.site / "data/records.json").read_text("utf-8"))
    assert {i["page"]: i["duplicate_of"] for i in items}["reports/zone/2024-2/"] == "zone-2024.html"
    assert "duplicate_of" in soup(site, "data/").select_one("table.archive-columns").get_text()


def _report(src: str, source: str, duplicate_of: str | None = None) -> Report:
    record = new_record(file=f"sources/{source}", sha256="0", fmt="txt")
    record.update(agency="甲", year=2020)
    if duplicate_of is not None:
        record["source"]["duplicate_of"] = duplicate_of
    return Report(src, record)


def test_duplicate_of_naming_itself_or_another_copy_is_unresolved() -> None:
    main = _report("reports/a/2020.md", "a.html")
    copy = _report("reports/a/2020-2.md", "a.txt", "a.html")
    chained = _report("reports/a/2020-3.md", "a.pdf", "sources/a.txt")
    itself = _report("reports/a/2020-4.md", "a.docx", "./a.docx")
    links = resolve_copies([main, copy, chained, itself])
    assert links.main_of == {"reports/a/2020-2.md": main}
    assert links.of_main == {"reports/a/2020.md": [copy]}
    assert [(r.src_uri, "main copy" in why or "own source" in why) for r, why in links.unresolved] == [
        ("reports/a/2020-3.md", True),
        ("reports/a/2020-4.md", True),
    ]
    archive = Archive.from_reports([main, copy, chained, itself])
    assert [r.src_uri for r in archive.copies] == ["reports/a/2020-2.md"]
    assert len(archive.reports) == 3 and len(archive.all_reports) == 4
