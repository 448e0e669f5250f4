"""The pure rules behind the citizen pages (issue 13): which figures a failed check involves, which
report folders are one agency, and a figure's change from last year. No MkDocs, no browser."""

from __future__ import annotations

from build_scripts.schema import new_record
from plugins.archive.additions import parse_added
from plugins.archive.changes import change, neighbours, previous_reports
from plugins.archive.flags import flag_codes, report_flags, stats_of_check
from plugins.archive.identity import agency_keys, base_name
from plugins.archive.model import Archive, Report


def report(
    src: str,
    agency: str | None,
    year: int | None,
    region: tuple[str | None, str | None, str | None] = ("福建省", None, "平潭综合实验区"),
    **stats: int | None,
) -> Report:
    record = new_record(file=f"sources/{src.replace('/', '_')}.txt", sha256="0", fmt="txt")
    record.update(agency=agency, year=year)
    record["region"] = dict(zip(("province", "city", "county"), region, strict=True))
    record["stats"].update(stats)
    return Report(src, record)


# Flags (the check details are the reader's own wording, as in the sample reports).


def test_a_prose_check_flags_the_figure_it_names() -> None:
    check = {"rule": "prose_matches_table", "status": "fail", "detail": "主动公开信息数：表格 72804 ≠ 正文 4970"}
    assert stats_of_check(check) == ("proactive_total",)
    assert stats_of_check({**check, "detail": "行政复议：表格 0 ≠ 正文 1"}) == ("reconsideration_total",)


def test_a_row_total_flags_the_form_row_it_sums_and_only_a_headline_row() -> None:
    detail = "（一）予以公开: 自然人 0 + 商业企业 0 + 科研机构 0 + 社会公益组织 0 + 法律服务机构 0 + 其他 0 = 总计 1"
    assert stats_of_check({"rule": "row_total", "status": "fail", "detail": detail}) == ("outcome_disclosed",)
    sub_row = "1.属于国家秘密: 自然人 1 + 商业企业 0 = 总计 0"
    assert stats_of_check({"rule": "row_total", "status": "fail", "detail": sub_row}) == ()


def test_only_failed_checks_flag_and_the_flag_points_at_the_check() -> None:
    record = report("reports/a/2013.md", "甲", 2013).record
    record["checks"] = [
        {"rule": "prose_matches_table", "status": "pass", "detail": "本年新收申请：表格 0 = 正文 0"},
        {"rule": "review_total", "status": "fail", "detail": "维持 1 + 纠正 0 = 1 ≠ 总计 2"},
    ]
    flags = report_flags(record)
    assert list(flags.contradicted) == ["reconsideration_total"]
    assert flags.of("reconsideration_total")[0].anchor == "check-1"
    assert flag_codes(record) == "reconsideration_total:contradicted"


def test_a_derived_total_is_computed_only_where_the_report_left_the_figure_blank() -> None:
    record = report("reports/a/2019.md", "甲", 2019, outcome_partial=3).record
    cells = [{"label": "（一）予以公开 · 自然人", "value": 258, "line": 52}]
    record["derived"] = {
        "outcome_disclosed": {"value": 258, "cells": cells, "rule": "按分项计算"},
        "outcome_partial": {"value": 4, "cells": cells, "rule": "按分项计算"},  # stated: the report wins
    }
    flags = report_flags(record)
    assert list(flags.computed) == ["outcome_disclosed"] and flags.computed["outcome_disclosed"].value == 258
    assert flag_codes(record) == "outcome_disclosed:computed"


# Identity.


def test_base_name_strips_one_organ_suffix_but_never_makes_an_office_its_government() -> None:
    assert base_name("平潭综合实验区管委会") == "平潭综合实验区"
    assert base_name("泗门镇人民政府") == "泗门镇"
    assert base_name("某县人民政府办公室") == "某县人民政府办公室"
    assert base_name("平潭综合实验区管委会办公室") == "平潭综合实验区管委会"


def test_name_variants_in_one_region_are_one_agency_the_larger_folder_names_it() -> None:
    reports = [
        report("reports/ping-tan/2013.md", "平潭综合实验区", 2013),
        report("reports/ping-tan/2015.md", "平潭综合实验区", 2015),
        report("reports/ping-tan-gwh/2014.md", "平潭综合实验区管委会", 2014),
        report("reports/ping-tan-gwh-bgs/2022.md", "平潭综合实验区管委会办公室", 2022),
    ]
    keys = agency_keys(reports)
    assert keys["reports/ping-tan-gwh/2014.md"] == "ping-tan"
    assert keys["reports/ping-tan-gwh-bgs/2022.md"] == "ping-tan-gwh-bgs"
    archive = Archive.from_reports(reports)
    assert archive.agencies["ping-tan"].names == ["平潭综合实验区", "平潭综合实验区管委会"]
    assert [r.year for r in archive.agencies["ping-tan"].reports] == [2013, 2014, 2015]


def test_same_names_in_other_regions_stay_apart_unless_the_manifest_joins_them() -> None:
    a = report("reports/xin-cun/2019.md", "新村镇人民政府", 2019, ("浙江省", None, None))
    b = report("reports/xin-cun-zhen/2019.md", "新村镇", 2019, ("湖南省", None, None))
    c = report("reports/qiao-xi/2020.md", "桥西街道", 2020, ("浙江省", None, None))
    assert len(set(agency_keys([a, b, c]).values())) == 3
    joined = agency_keys([a, b, c], same_as={c.source_name: "新村镇人民政府"})
    assert joined[c.src_uri] == joined[a.src_uri] != joined[b.src_uri]


def test_unsigned_reports_are_one_group_per_region_never_an_agency() -> None:
    archive = Archive.from_reports(
        [
            report("reports/unknown-agency-1/2019.md", None, 2019, ("海南省", None, None)),
            report("reports/unknown-agency-2/2019.md", None, 2019, ("海南省", None, None)),
            report("reports/unknown-agency-3/2017.md", None, 2017, ("安徽省", None, None)),
            report("reports/jia/2019.md", "甲局", 2019, ("海南省", None, None)),
        ]
    )
    groups = [a for a in archive.agencies.values() if a.unsigned]
    assert sorted(len(a.reports) for a in groups) == [1, 2]
    assert [a.name for a in archive.named_agencies] == ["甲局"]


# Year against year.


def test_change_is_absolute_and_percent_and_needs_both_figures_stated() -> None:
    grown = change(2543, 2949, 2014)
    assert grown is not None and grown.short == "+406" and grown.percent_text == "+16.0%"
    assert grown.sentence == "较2014年 +406（+16.0%）"
    from_zero = change(0, 5, 2018)
    assert from_zero is not None and from_zero.percent_text == "—"
    assert change(None, 5, 2018) is None and change(5, None, 2018) is None
    same = change(3, 3, 2018)
    assert same is not None and same.short == "±0" and same.percent_text == "±0.0%"


def test_previous_year_is_the_calendar_year_before_with_exactly_one_report() -> None:
    reports = [
        report("reports/a/2013.md", "甲", 2013),
        report("reports/a/2014.md", "甲", 2014),
        report("reports/a/2016.md", "甲", 2016),
        report("reports/a/2017.md", "甲", 2017),
        report("reports/a/2017-2.md", "甲", 2017),
    ]
    previous = previous_reports(reports)
    assert {k: v.year for k, v in previous.items()} == {"reports/a/2014.md": 2013}
    earlier, later = neighbours(reports, reports[2])
    assert earlier is reports[1] and later is not None and later.year == 2017


def test_the_date_a_source_joined_is_its_last_addition() -> None:
    log = "@2026-12-07\n\nsources/b.txt\n@2026-11-21\n\nsources/a.txt\nsources/b.txt\nother/c.txt\n"
    assert parse_added(log) == {"b.txt": "2026-12-07", "a.txt": "2026-11-21"}
