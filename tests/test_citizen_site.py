"""Issue 13.1 for a check the site itself makes: a carry-over that does not match across two years
marks both figures (this year's 上年结转, last year's 结转下年度) wherever they appear, each linking
to the check on its report page. Built with the real MkDocs (the sample archive has no such case)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import make_report_page, run_build

PAGES = {
    "reports/jia/2019.md": make_report_page(
        agency="甲镇人民政府", year=2019, region=("浙江省", "宁波市", "余姚市"), level="乡镇",
        stats={"carried_forward": 3, "applications_new": 5}, source="sources/a.txt",
    ),
    "reports/jia/2020.md": make_report_page(
        agency="甲镇人民政府", year=2020, region=("浙江省", "宁波市", "余姚市"), level="乡镇",
        stats={"applications_carried_over": 4, "applications_new": 7}, source="sources/b.txt",
    ),
}


def test_a_failed_carry_over_marks_both_years_figures_and_links_to_the_check(tmp_path: Path) -> None:
    built = run_build(tmp_path, PAGES, sources={"sources/a.txt": b"a", "sources/b.txt": b"b"})
    agency = BeautifulSoup(built.text("agencies/jia/"), "html.parser")
    rows = {row.th.get_text(strip=True): row for row in agency.select("table.archive-agency-years tbody tr")}
    heads = [th.get_text(strip=True) for th in agency.select("table.archive-agency-years thead th")]
    carried, forward = heads.index("上年结转申请"), heads.index("结转下年度")
    later_mark = rows["2020年"].find_all(["th", "td"])[carried].select_one("a.archive-flag")
    earlier_mark = rows["2019年"].find_all(["th", "td"])[forward].select_one("a.archive-flag")
    assert later_mark is not None and later_mark["href"].endswith("reports/jia/2020/#check-cross-previous")
    assert earlier_mark is not None and earlier_mark["href"].endswith("reports/jia/2019/#check-cross-next")
    assert "3 ≠ 2020年上年结转 4" in later_mark["title"]
    for page, anchor in (("reports/jia/2020/", "check-cross-previous"), ("reports/jia/2019/", "check-cross-next")):
        report = BeautifulSoup(built.text(page), "html.parser")
        check = report.find(id=anchor)
        assert check is not None and check["data-status"] == "fail"
        assert report.select_one(f'table.archive-stats a.archive-flag[href="#{anchor}"]') is not None
    new = rows["2020年"].find_all(["th", "td"])[heads.index("本年新收申请")]
    assert new.select_one("a.archive-flag") is None
    assert new.select_one("small").get_text() == "+2（+40.0%）"


def test_a_manifest_same_as_joins_a_renamed_agency_into_one_page(tmp_path: Path) -> None:
    pages = {
        "reports/jiao-tong-ju/2019.md": make_report_page(
            agency="某县交通局", year=2019, region=("浙江省", "宁波市", "余姚市"), source="sources/a.txt"
        ),
        "reports/jiao-tong-yun-shu-ju/2020.md": make_report_page(
            agency="某县交通运输局", year=2020, region=("浙江省", "宁波市", "余姚市"), source="sources/b.txt"
        ),
    }
    manifest = "b.txt:\n  same_as: 某县交通局\n".encode()
    sources = {"sources/a.txt": b"a", "sources/b.txt": b"b", "sources/manifest.yaml": manifest}
    built = run_build(tmp_path, pages, sources=sources, strict=True)
    assert not built.aborted, built.warnings
    assert not (built.site / "agencies/jiao-tong-yun-shu-ju").exists()
    agency = BeautifulSoup(built.text("agencies/jiao-tong-ju/"), "html.parser")
    assert agency.select_one(".archive-aliases").get_text() == "也称：某县交通局"
    assert agency.h1.get_text(strip=True) == "某县交通运输局"
    assert [a.get_text() for a in agency.select("table.archive-agency-years tbody th a")] == ["2019年", "2020年"]
