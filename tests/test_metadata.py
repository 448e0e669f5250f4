"""Metadata from the report's own words: title, agency, year, level, region; Chinese numerals."""

from __future__ import annotations

import pytest

from build_scripts.reader.metadata import find_year, level_from_text, level_of_agency, read_metadata
from build_scripts.reader.numerals import chinese_to_int, parse_count, year_from_chinese
from build_scripts.reader.regions import find_mentions, resolve_region


def meta(text: str, chrome: set[int] | None = None):
    return read_metadata(text.split("\n"), chrome or set())


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("两千", 2000),
        ("两万三千", 23000),
        ("二〇一七", 2017),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


def test_years_written_in_chinese() -> None:
    assert year_from_chinese("二0一七") == 2017
    assert year_from_chinese("二〇一七") == 2017
    assert year_from_chinese("二○一二") == 2012
    assert year_from_chinese("一二") is None


def test_parse_count_reads_digits_and_numerals() -> None:
    assert parse_count("1,308") == 1308
    assert parse_count("三") == 3
    assert parse_count("6805947.43") == pytest.approx(6805947.43)
    assert parse_count("其他") is None


def test_title_and_agency_on_one_line() -> None:
    m = meta("金乡县水务局2009年政府信息公开工作年度报告\n发布时间:2010-01-05\n正文")
    assert m.title == "金乡县水务局2009年政府信息公开工作年度报告"
    assert m.agency == "金乡县水务局"
    assert m.year == 2009
    assert m.level == "部门"


def test_organ_on_the_line_before_the_title_is_joined() -> None:
    m = meta(" 泗门镇人民政府\n\n2017年政府信息公开工作年度报告\n\n本年报根据……")
    assert m.title == "泗门镇人民政府2017年政府信息公开工作年度报告"
    assert m.agency == "泗门镇人民政府"
    assert m.level == "乡镇"


def test_title_running_onto_the_next_line_is_joined() -> None:
    m = meta("道县文广新局2013年度信息公开工作\n年度报告\n一、主动公开政府信息的情况:")
    assert m.title == "道县文广新局2013年度信息公开工作年度报告"
    assert m.agency == "道县文广新局"


def test_year_in_chinese_digits_in_the_title() -> None:
    assert meta("某某街道办事处二〇一七年政府信息公开工作年度报告\n正文").year == 2017
    assert meta("某某街道办事处二0一七年度政府信息公开工作报告\n正文").year == 2017


def test_chrome_lines_are_not_the_title_but_a_page_title_field_is_a_fallback() -> None:
    text = "标题: 某某区2022年度政府信息公开工作年度报告\n==== 正文 ====\n本报告根据条例编制。"
    m = meta(text, chrome={0, 1})
    assert m.title == "某某区2022年度政府信息公开工作年度报告"
    assert any("标题" in w for w in m.warnings)


def test_agency_from_the_closing_signature() -> None:
    m = meta(
        "三、政府信息依申请公开情况\n2014年，我镇没有依申请公开政府信息办理事项。\n亭子坝镇人民政府\n2015年1月10日"
    )
    assert m.agency == "亭子坝镇人民政府"
    assert m.title is None


def test_report_that_never_names_organ_or_year() -> None:
    m = meta("一、总体情况\n我办成立了以街道党工委副书记为组长的领导小组。\n二、主动公开政府信息情况")
    assert m.agency is None
    assert m.year is None
    assert m.level == "街道"
    assert any("自称" in w for w in m.warnings)


def test_year_from_the_statistics_period() -> None:
    year, warnings = find_year("本报告中所列数据统计期限自2018年1月1日起至2018年12月31日止。", None)
    assert year == 2018 and warnings == []


def test_ambiguous_body_year_is_null_with_a_warning() -> None:
    year, warnings = find_year("2016年工作回顾。2017年工作计划。", None)
    assert year is None
    assert warnings


@pytest.mark.parametrize(
    ("agency", "level"),
    [
        ("泗门镇人民政府", "乡镇"),
        ("蛟川街道办事处", "街道"),
        ("赤马港办事处", "街道"),
        ("金乡县水务局", "部门"),
        ("上海市人民政府办公厅", "部门"),
        ("浙江省人民政府", "省级"),
        ("宁波市人民政府", "市级"),
        ("余姚市人民政府", "县级"),
        ("镇海区人民政府", "县级"),
    ],
)
def test_level_of_agency(agency: str, level: str) -> None:
    assert level_of_agency(agency) == level


def test_level_from_self_reference_needs_agreement() -> None:
    assert level_from_text("我镇主动公开信息。我镇未收到申请。")[0] == "乡镇"
    assert level_from_text("我局与我镇联合开展。")[0] is None


def test_region_parents_are_implied_by_the_adcode_hierarchy() -> None:
    region = resolve_region("", "根据《宁波市政府信息公开规定》，按照镇海区的要求……镇海区")
    assert region.as_dict() == {"province": "浙江省", "city": "宁波市", "county": "镇海区"}


def test_region_county_level_city() -> None:
    region = resolve_region("", "《余姚市人民政府信息公开工作考核制度》")
    assert region.as_dict() == {"province": "浙江省", "city": "宁波市", "county": "余姚市"}


def test_region_from_development_zone_short_name() -> None:
    assert resolve_region("", "在淄博高新区政府信息公开系统上公开").city == "淄博市"


def test_region_undecided_when_two_counties_compete() -> None:
    region = resolve_region("", "镇海区与余姚市")
    assert region.county is None
    assert region.warnings


def test_short_county_names_need_to_stand_alone() -> None:
    assert [m.name for m in find_mentions("道县文广新局")] == ["道县"]
    assert find_mentions("（琼政务公开协办[2016]69号)和县政府办公室《通知》") == []
    assert find_mentions("省、市和县三级") == []
