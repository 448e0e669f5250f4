from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_scripts.pages.convert import run_convert
from build_scripts.schema import split_page

ROOT = Path(__file__).resolve().parents[1]
REPORT = "某某镇人民政府2017年政府信息公开工作年度报告\n\n一、概述\n\n2017年，主动公开政府信息12条。\n"


def convert(sources: Path, content: Path, report: Path | None = None) -> int:
    return run_convert(sources=sources, content=content, report=str(report) if report else None, quiet=True)


def pages(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*.md"))}


def page(content: Path, relative: str) -> tuple[dict, str]:
    return split_page((content / relative).read_text("utf-8"), relative)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    return folder


def test_converting_twice_gives_identical_pages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert convert(ROOT / "sources", content) == 0
    first = pages(content)
    assert len(first) == len([p for p in (ROOT / "sources").iterdir() if p.name != "manifest.yaml"])
    assert convert(ROOT / "sources", content) == 0
    assert pages(content) == first
    assert not list(content.rglob("*.tmp")), "no temporary file is left behind"


def test_manifest_values_win_and_say_so(sources: Path, tmp_path: Path) -> None:
    (sources / "manifest.yaml").write_text(
        "a.txt:\n  year: 2016\n  region: {city: 宁波市}\n  url: https://example.gov.cn/a.htm\n", encoding="utf-8"
    )
    content = tmp_path / "content"
    assert convert(sources, content) == 0
    (name,) = pages(content)
    assert name.endswith("/2016.md")
    record, _ = page(content, name)
    assert record["year"] == 2016 and record["region"]["city"] == "宁波市"
    assert record["source"]["url"] == "https://example.gov.cn/a.htm"
    assert record["provenance"]["year"] == record["provenance"]["url"] == record["provenance"]["region"] == "manifest"
    # the correction survives re-conversion, byte for byte
    before = pages(content)
    assert convert(sources, content) == 0
    assert pages(content) == before


def test_manifest_corrections_are_noted_in_the_conversion_report(sources: Path, tmp_path: Path) -> None:
    (sources / "manifest.yaml").write_text("a.txt:\n  agency: 另一个镇人民政府\n", encoding="utf-8")
    content, report = tmp_path / "content", tmp_path / "report.json"
    assert convert(sources, content, report) == 0
    (name,) = pages(content)
    record, _ = page(content, name)
    assert record["agency"] == "另一个镇人民政府" and record["provenance"]["agency"] == "manifest"
    notes = [w["message"] for w in json.loads(report.read_text("utf-8"))["warnings"]]
    assert any("manifest corrects agency" in n and "'某某镇人民政府'" in n and "line 1" in n for n in notes), notes
    assert not any("manifest corrects" in w for w in record["warnings"]), "the maintainer's own decision is no record warning"


def test_a_copy_declared_in_the_manifest_keeps_its_page_and_names_the_original(sources: Path, tmp_path: Path) -> None:
    (sources / "b.txt").write_text(REPORT.replace("12条", "12条。"), encoding="utf-8")
    (sources / "manifest.yaml").write_text("b.txt:\n  duplicate_of: a.txt\n", encoding="utf-8")
    content = tmp_path / "content"
    assert convert(sources, content) == 0
    records = {page(content, name)[0]["source"]["file"]: page(content, name)[0] for name in pages(content)}
    assert records["sources/b.txt"]["source"]["duplicate_of"] == "sources/a.txt"
    assert records["sources/a.txt"]["source"].get("duplicate_of") is None


def test_two_reports_for_one_page_both_keep_their_pages(sources: Path, tmp_path: Path) -> None:
    shutil.copy(sources / "a.txt", sources / "b.txt")
    (sources / "manifest.yaml").write_text(
        "a.txt: {agency: 某镇人民政府, year: 2017}\nb.txt: {agency: 某镇人民政府, year: 2017}\n", encoding="utf-8"
    )
    content, report = tmp_path / "content", tmp_path / "report.json"
    assert convert(sources, content, report) == 0
    assert sorted(pages(content)) == ["reports/mou-zhen-ren-min-zheng-fu/2017-2.md", "reports/mou-zhen-ren-min-zheng-fu/2017.md"]
    assert page(content, "reports/mou-zhen-ren-min-zheng-fu/2017.md")[0]["source"]["file"] == "sources/a.txt"
    data = json.loads(report.read_text("utf-8"))
    assert {w["file"] for w in data["warnings"] if "2 sources report" in w["message"]} == {"sources/a.txt", "sources/b.txt"}


def test_agencies_sharing_a_slug_get_distinct_folders(sources: Path, tmp_path: Path) -> None:
    shutil.copy(sources / "a.txt", sources / "b.txt")
    (sources / "manifest.yaml").write_text("a.txt: {agency: 公安局, year: 2017}\nb.txt: {agency: 公安局。, year: 2017}\n", encoding="utf-8")
    content = tmp_path / "content"
    convert(sources, content)
    assert sorted(pages(content)) == ["reports/gong-an-ju-2/2017.md", "reports/gong-an-ju/2017.md"]


def test_unknown_agency_and_year_have_honest_names(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "x.txt").write_text("一、总体情况\n\n本单位主动公开信息若干。\n", encoding="utf-8")
    content = tmp_path / "content"
    convert(sources, content)
    (name,) = pages(content)
    record, body = page(content, name)
    assert (record["agency"], record["year"]) == (None, None)
    assert name == "reports/unknown-agency-x/unknown-year.md"
    assert body.startswith("# 未署名（年份不详）政府信息公开工作年度报告")


def test_pages_whose_source_is_gone_are_removed(sources: Path, tmp_path: Path) -> None:
    shutil.copy(sources / "a.txt", sources / "b.txt")
    (sources / "manifest.yaml").write_text("b.txt: {year: 2010}\n", encoding="utf-8")
    content = tmp_path / "content"
    (content).mkdir()
    (content / "index.md").write_text("# 首页\n", encoding="utf-8")
    convert(sources, content)
    assert len([p for p in pages(content) if p.startswith("reports/")]) == 2
    (sources / "b.txt").unlink()
    (sources / "manifest.yaml").unlink()
    assert convert(sources, content) == 0
    remaining = pages(content)
    assert "index.md" in remaining, "hand-written pages are never touched"
    assert len([p for p in remaining if p.startswith("reports/")]) == 1
    assert not [d for d in (content / "reports").rglob("*") if d.is_dir() and not any(d.iterdir())]


def test_a_bad_file_is_rejected_after_converting_the_others(sources: Path, tmp_path: Path, capsys) -> None:
    (sources / "broken.xyz").write_bytes(b"\x00\x01")
    content, report = tmp_path / "content", tmp_path / "build" / "report.json"
    assert convert(sources, content, report) == 2, "a refused input exits 2"
    assert len(pages(content)) == 1
    out = capsys.readouterr().out
    assert "2 个源文件 = 1 个写出的页面 + 1 个拒收的文件（sources/broken.xyz）" in out
    data = json.loads(report.read_text("utf-8"))
    assert data["sources"] == 2 and data["pages_written"] == 1
    assert [item["file"] for item in data["rejected"]] == ["sources/broken.xyz"]


def test_manifest_errors_fail_the_run_but_pages_are_written(sources: Path, tmp_path: Path, capsys) -> None:
    (sources / "manifest.yaml").write_text("'../../etc/passwd':\n  year: 2017\nghost.txt:\n  year: 2017\n", encoding="utf-8")
    content = tmp_path / "content"
    assert convert(sources, content) == 2, "a refused manifest entry exits 2"
    assert len(pages(content)) == 1
    assert not (tmp_path / "etc").exists()
    err = capsys.readouterr().err
    assert "manifest.yaml line 1" in err and "manifest.yaml line 3: ghost.txt" in err


def test_an_unreadable_manifest_is_left_out_and_the_run_exits_2(sources: Path, tmp_path: Path, capsys) -> None:
    (sources / "manifest.yaml").write_text("a.txt: [\n", encoding="utf-8")
    content = tmp_path / "content"
    assert convert(sources, content) == 2
    assert len(pages(content)) == 1, "the reports are converted without the manifest"
    assert "sources/manifest.yaml" in capsys.readouterr().err
