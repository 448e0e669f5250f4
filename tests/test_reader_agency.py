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

from build_scripts.inputs.source_text import read_source
from build_scripts.pages.convert import apply_manifest
from build_scripts.pages.manifest import Entry
from build_scripts.reader.extract import extract_record
from build_scripts.reader.metadata import organ_name
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
