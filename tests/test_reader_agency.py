"""Issue 14.2: agency names — never cut at 和, found in the signature when converters wrap it in
table/Markdown syntax, never a fragment, and the region implied by a manifest-given agency.

Inputs are real reports from ``sources/`` (named), transformed the way the issue describes:
the Shanghai 2019 report with its organ renamed to a body whose name holds 和 (the year-first title
shape is the report's own), and the 亭子坝镇 2014 report with its signature line as a converter
writes it.
"""

from __future__ import annotations

from typing import Any

import pytest

from build_scripts.inputs.normalize import normalize_text
from build_scripts.inputs.source_text import read_source
from build_scripts.pages.convert import apply_manifest
from build_scripts.pages.manifest import Entry
from build_scripts.reader.extract import extract_record
from build_scripts.reader.metadata import organ_name, read_metadata
from tests.samples import sample

SHANGHAI = "2019-province-shanghai-govoffice.txt"
TINGZIBA = "2014-town-sinan-tingziba-partial.txt"
TONGLING = "2017-township-tongling-jiaoqu-unnamed-xiang.txt"


def _record(name: str, text: str) -> dict[str, Any]:
    return extract_record(read_source(name, text.encode("utf-8")), file=name, sha256="0" * 64)


def _text(name: str) -> str:
    return sample(name).read_text(encoding="utf-8")


@pytest.mark.parametrize("organ", ["上海市住房和城乡建设管理委员会", "上海市人力资源和社会保障局", "上海市经济和信息化委员会"])
def test_names_with_he_are_not_cut(organ: str) -> None:
    text = _text(SHANGHAI)
    assert "2019年上海市人民政府办公厅政府信息公开工作年度报告" in text
    record = _record(SHANGHAI, text.replace("上海市人民政府办公厅", organ))
    assert record["agency"] == organ
    assert record["level"] == "部门"


@pytest.mark.parametrize("signature", ["**亭子坝镇人民政府**", "|亭子坝镇人民政府|", "| 亭子坝镇人民政府 |", "# 亭子坝镇人民政府"])
def test_signature_wrapped_in_markup_is_read_without_it(signature: str) -> None:
    text = _text(TINGZIBA)
    assert "\n亭子坝镇人民政府\n" in text
    record = _record(TINGZIBA, text.replace("\n亭子坝镇人民政府\n", f"\n{signature}\n"))
    assert record["agency"] == "亭子坝镇人民政府"


def test_a_self_reference_is_never_an_agency() -> None:
    """铜陵郊区 2017 names itself only 我乡; with the year in Chinese at the head of a line, the
    words before 我乡 must not become an organ (「二〇一七年我乡」)."""
    text = _text(TONGLING)
    assert "根据上级的统一部署和安排,2017年我乡进一步" in text
    record = _record(TONGLING, text.replace("根据上级的统一部署和安排,2017年我乡进一步", "二〇一七年我乡进一步"))
    assert record["agency"] is None


@pytest.mark.parametrize(
    ("printed", "name"),
    [("|亭子坝镇人民政府", "亭子坝镇人民政府"), ("**龙归镇**", "龙归镇"), ("9年我街道", None), ("街道", None),
     ("和城乡建设局", None), ("人民政府", None)],
)
def test_organ_name_strips_markup_and_refuses_fragments(printed: str, name: str | None) -> None:
    assert organ_name(printed) == name


def test_manifest_agency_implies_its_region() -> None:
    """屯昌 2015 says only 我局; a maintainer's agency (a real 屯昌县 body) places it in 屯昌县."""
    name = "2015-county-dept-hainan-tunchang-unnamed-bureau.txt"
    record = _record(name, _text(name))
    assert record["agency"] is None
    apply_manifest(record, Entry(file=name, line=1, values={"agency": "屯昌县住房和城乡建设局"}))
    assert record["region"]["county"] == "屯昌县"
    assert record["region"]["province"] == "海南省"
    assert record["provenance"]["region"] == "manifest"


def _untitled(name: str) -> str:
    """A crawled report without its crawler header and without its printed title: only the body
    (and its closing signature) can name the organ."""
    lines = _text(name).split("\n")
    body = "\n".join(lines[next(i for i, line in enumerate(lines) if line.startswith("====")) + 1 :])
    title = next(line for line in lines if line.startswith("标题:")).split(":", 1)[1].strip()
    assert title in body
    return body.replace(title, "", 1)


@pytest.mark.parametrize(
    ("name", "organ"),
    [
        # "…六、其他需要报告的事项无平潭综合实验区行政审批局 2021年1月19日 附件下载"
        ("pingtan-2020-dept-admin-approval.txt", "平潭综合实验区行政审批局"),
        # "…市场监督管理局 2020年1月13日 抄送：…。…办公室 2020年1月13日印发 来源：… 附件下载"
        ("pingtan-2019-dept-market-supervision.txt", "平潭综合实验区市场监督管理局"),
        ("pingtan-2022-dept-junshan.txt", "平潭综合实验区君山片区管理局"),
    ],
)
def test_flattened_signature_before_page_furniture(name: str, organ: str) -> None:
    assert _record(name, _untitled(name))["agency"] == organ


@pytest.mark.parametrize(
    "sentence",
    [
        "2020年，长沙市天心区桂花坪街道办事处（以下简称“我街道”）认真贯彻落实《条例》。",
        "2020年，我街道（长沙市天心区桂花坪街道办事处）认真贯彻落实《条例》。",
    ],
)
def test_the_organ_introducing_its_self_reference(sentence: str) -> None:
    """Synthetic sentence frames around the real organ name signed in
    2020-subdistrict-changsha-tianxin-guihuaping.txt."""
    meta = read_metadata(normalize_text(f"一、总体情况\n{sentence}").split("\n"), set())
    assert meta.agency == "长沙市天心区桂花坪街道办事处"
