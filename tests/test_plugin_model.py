"""The archive model, the charts and the manifest acknowledgements, without MkDocs."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_scripts.schema import new_record
from plugins.archive.charts import Series, axis_label, axis_ticks, line_chart, nice_ceiling
from plugins.archive.html import safe_external_url
from plugins.archive.issues import Issue, ManifestError, load_acknowledgements, split_acknowledged
from plugins.archive.model import Archive, Report, cross_year_check, region_path


def report(src: str, agency: str | None, year: int | None, **stats: int | None) -> Report:
    record = new_record(file=f"sources/{src}.txt", sha256="0", fmt="txt")
    record.update(agency=agency, year=year)
    record["stats"].update(stats)
    return Report(src, record)


def test_region_path_trims_the_unknown_tail_and_names_inner_gaps() -> None:
    assert region_path({"province": "浙江省", "city": None, "county": None}) == ("浙江省",)
    assert region_path({"province": None, "city": None, "county": "道县"}) == ("不详", "不详", "道县")
    assert region_path({"province": None, "city": None, "county": None}) == ("地区不详",)


def test_cross_year_check_compares_carried_forward_with_next_years_carried_over() -> None:
    a = report("reports/a/2019.md", "甲", 2019, carried_forward=3)
    assert (
        cross_year_check(a, report("reports/a/2020.md", "甲", 2020, applications_carried_over=3)).status
        == "pass"
    )
    assert (
        cross_year_check(a, report("reports/a/2020.md", "甲", 2020, applications_carried_over=4)).status
        == "fail"
    )
    assert cross_year_check(a, report("reports/a/2020.md", "甲", 2020)).status == "not_assessable"


def test_unnamed_reports_are_grouped_as_unsigned_never_as_an_agency() -> None:
    archive = Archive.from_reports(
        [
            report("reports/unknown-agency/2019.md", None, 2019),
            report("reports/unknown-agency/2020.md", None, 2020),
        ]
    )
    assert [a.name for a in archive.agencies.values()] == ["未署名"]
    assert archive.named_agencies == []
    assert archive.cross_year_checks() == []


def test_cross_year_checks_skip_gaps_and_duplicate_years() -> None:
    archive = Archive.from_reports(
        [
            report("reports/a/2017.md", "甲", 2017, carried_forward=1),
            report("reports/a/2019.md", "甲", 2019, applications_carried_over=1),
            report("reports/a/2020.md", "甲", 2020),
            report("reports/a/2020-2.md", "甲", 2020),
        ]
    )
    assert archive.cross_year_checks() == []


def test_nice_ceiling() -> None:
    assert [nice_ceiling(v) for v in (0, 0.3, 7, 10, 11, 26, 859)] == [1, 0.5, 10, 10, 20, 50, 1000]


def test_axis_ticks_use_round_steps_and_reach_the_maximum() -> None:
    assert axis_ticks(218) == [0, 100, 200, 300]
    assert axis_ticks(4) == [0, 1, 2, 3, 4]
    assert axis_ticks(72804) == [0, 20000, 40000, 60000, 80000]
    assert axis_ticks(0.3) == [0, 0.1, 0.2, 0.3]
    assert [axis_label(v) for v in (0, 2.5, 20000, 25000)] == ["0", "2.5", "2万", "25000"]


def test_line_chart_breaks_the_line_where_a_year_is_not_stated() -> None:
    svg = line_chart("t", ["2019", "2020", "2021", "2022"], [Series("a", [1, 2, None, 4])])
    soup = BeautifulSoup(svg, "html.parser")
    assert len(soup.find_all("polyline")) == 1  # 2019–2020; 2022 stands alone
    assert len(soup.find_all("circle")) == 3
    assert line_chart("t", ["2019"], [Series("a", [None])]) == ""


def test_only_plain_web_urls_become_links() -> None:
    assert safe_external_url("https://www.gov.cn/x?a=1") == "https://www.gov.cn/x?a=1"
    assert safe_external_url("javascript:alert(1)") is None
    assert safe_external_url("data:text/html,x") is None
    assert safe_external_url(None) is None


def test_acknowledgements_are_read_per_source_file(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(
        "a.txt:\n  year: 2019\n  acknowledge: [missing-agency]\nb.txt: {year: 2018}\n", "utf-8"
    )
    acknowledged = load_acknowledgements(manifest)
    assert acknowledged == {"a.txt": frozenset({"missing-agency"})}
    issues = [
        Issue("reports/x/2019.md", "missing-agency", "", "sources/a.txt"),
        Issue("reports/x/2019.md", "missing-year", "", "sources/a.txt"),
    ]
    open_issues, done = split_acknowledged(issues, acknowledged)
    assert [i.code for i in open_issues] == ["missing-year"] and [i.code for i in done] == ["missing-agency"]


def test_unreadable_manifest_names_the_file(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("a.txt: {acknowledge: [x\n", "utf-8")
    with pytest.raises(ManifestError, match=r"manifest\.yaml"):
        load_acknowledgements(manifest)


def test_a_page_without_a_title_gets_the_same_honest_title_as_the_convert_step() -> None:
    assert report("reports/x/unknown-year.md", None, None).title == "未署名（年份不详）政府信息公开工作年度报告"
    assert report("reports/y/2019.md", "某某局", 2019).title == "某某局2019年政府信息公开工作年度报告"
