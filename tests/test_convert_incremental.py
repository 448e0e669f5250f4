"""Issue 11.2: conversion on every CPU, and incremental through the cache in ``build/``.

An incremental run (cache kept between runs) must leave exactly the pages and conversion report
that a cold run (no cache, fresh folder) makes of the same sources, whatever changed in between:
a source edited, removed, added, a copy whose original changed, a page edited by hand.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_scripts.pages import convert_cache
from build_scripts.pages.convert import Outcome, convert_all, report_data

ROOT = Path(__file__).resolve().parents[1]
#: A few real reports of the sample archive: several agencies, two formats, one agency over years.
SAMPLE = (
    "2009-county-dept-jinxiang-water-bureau.txt",
    "2016-town-shaoguan-wujiang-longgui.txt",
    "2018-township-wuhe-linbei-hui.txt",
    "2020-subdistrict-changsha-tianxin-guihuaping.txt",
    "pingtan-2011-zone.txt",
    "pingtan-2012-zone.txt",
    "pingtan-2013-zone.txt",
    "pingtan-2019-dept-market-supervision.html",
    "pingtan-2019-dept-market-supervision.txt",
    "pingtan-2024-zone.html",
)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(sources: Path, content: Path, cache: Path | None, workers: int = 2) -> Outcome:
    return convert_all(sources, content, quiet=True, cache=cache, workers=workers)


def cold(sources: Path, folder: Path) -> tuple[dict[str, bytes], dict]:
    """Pages and conversion report of a cold run (no cache) into a fresh folder."""
    shutil.rmtree(folder, ignore_errors=True)
    outcome = run(sources, folder, None, workers=1)
    return tree(folder), report_data(outcome)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in SAMPLE:
        shutil.copy(ROOT / "sources" / name, folder / name)
    return folder


def same_as_cold(outcome: Outcome, sources: Path, content: Path, tmp_path: Path) -> None:
    pages, report = cold(sources, tmp_path / "cold")
    assert tree(content) == pages, "incremental pages differ from a cold run's"
    data = report_data(outcome)
    assert {k: v for k, v in data.items() if k != "removed"} == {k: v for k, v in report.items() if k != "removed"}


def test_parallel_conversion_equals_one_process(sources: Path, tmp_path: Path) -> None:
    for index in range(3):  # 30 sources: enough jobs for the worker pool
        for name in SAMPLE:
            shutil.copy(sources / name, sources / f"copy{index}-{name}")
    one = run(sources, tmp_path / "one", None, workers=1)
    two = run(sources, tmp_path / "two", None, workers=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert json.dumps(report_data(one), ensure_ascii=False) == json.dumps(report_data(two), ensure_ascii=False)


def test_nothing_changed_reconverts_nothing_and_writes_nothing(sources: Path, tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "build" / "cache"
    first = run(sources, content, cache)
    assert first.reused == 0 and first.written == len(SAMPLE)
    before = {p: p.stat().st_mtime_ns for p in content.rglob("*.md")}
    again = run(sources, content, cache)
    assert again.reused == len(SAMPLE), "every source comes from the cache"
    assert again.written == 0
    assert {p: p.stat().st_mtime_ns for p in content.rglob("*.md")} == before, "no page is rewritten"
    (sources / SAMPLE[0]).touch()  # a new mtime is no change: the key is the content
    assert run(sources, content, cache).reused == len(SAMPLE)
    same_as_cold(again, sources, content, tmp_path)


def test_edit_remove_add_gives_what_a_cold_run_gives(sources: Path, tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "build" / "cache"
    shutil.copy(sources / SAMPLE[1], sources / "zz-copy.txt")  # a byte-identical copy: warned about
    run(sources, content, cache)
    edited = sources / SAMPLE[0]
    edited.write_text(edited.read_text("utf-8").replace("2009", "2010"), encoding="utf-8")
    (sources / SAMPLE[4]).unlink()
    shutil.copy(ROOT / "sources" / "2013-county-dept-daoxian-culture-bureau.txt", sources / "added.txt")
    (sources / SAMPLE[1]).write_bytes((sources / SAMPLE[1]).read_bytes() + b"\n")  # the copy's original changed
    outcome = run(sources, content, cache)
    assert outcome.reused == len(SAMPLE) - 3, "only the edited, added and changed sources are converted"
    assert outcome.removed, "the removed source's page is gone"
    same_as_cold(outcome, sources, content, tmp_path)


def test_a_removed_source_removes_its_page(sources: Path, tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "build" / "cache"
    first = run(sources, content, cache)
    gone = next(item for item in first.converted if item["file"] == f"sources/{SAMPLE[0]}")["page"]
    (sources / SAMPLE[0]).unlink()
    outcome = run(sources, content, cache)
    assert outcome.removed == [gone]
    assert not (content / gone).exists()
    assert outcome.reused == len(SAMPLE) - 1


def test_a_page_edited_by_hand_is_restored(sources: Path, tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "build" / "cache"
    run(sources, content, cache)
    page = next(content.rglob("*.md"))
    original = page.read_bytes()
    page.write_text("# edited\n", encoding="utf-8")
    outcome = run(sources, content, cache)
    assert outcome.written == 1 and page.read_bytes() == original


def test_a_changed_converter_reconverts_everything(sources: Path, tmp_path: Path, monkeypatch) -> None:
    content, cache = tmp_path / "content", tmp_path / "build" / "cache"
    run(sources, content, cache)
    assert run(sources, content, cache).reused == len(SAMPLE)
    monkeypatch.setattr(convert_cache, "converter_version", lambda: "another converter")
    outcome = run(sources, content, cache)
    assert outcome.reused == 0, "a new converter version misses the whole cache"
    same_as_cold(outcome, sources, content, tmp_path)


def test_the_converter_version_changes_with_any_file_of_the_package(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "build_scripts"
    shutil.copytree(ROOT / "build_scripts", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(convert_cache, "_PACKAGE", package)

    def version() -> str:
        convert_cache.converter_version.cache_clear()
        return convert_cache.converter_version()

    try:
        before = version()
        (package / "__pycache__").mkdir(exist_ok=True)
        (package / "__pycache__" / "x.pyc").write_bytes(b"byte code")
        assert version() == before, "byte code is not the converter"
        renderer = package / "pages" / "render.py"
        renderer.write_text(renderer.read_text("utf-8") + "\n", encoding="utf-8")
        assert version() != before
    finally:
        convert_cache.converter_version.cache_clear()


def test_a_source_that_fails_keeps_its_last_page_as_in_a_cold_run(sources: Path, tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "build" / "cache"
    first = run(sources, content, cache)
    page = next(item for item in first.converted if item["file"] == f"sources/{SAMPLE[2]}")["page"]
    kept = (content / page).read_bytes()
    (sources / SAMPLE[2]).write_bytes(b"")  # an emptied download: rejected until it is fixed
    outcome = run(sources, content, cache)
    assert [item["file"] for item in outcome.rejected] == [f"sources/{SAMPLE[2]}"]
    assert (content / page).read_bytes() == kept, "the page of a failing source stays"
    shutil.copytree(tmp_path / "content", tmp_path / "cold-content")
    shutil.rmtree(cache)  # no conversion state: the pages themselves say which source they came from
    run(sources, tmp_path / "cold-content", None)
    assert tree(tmp_path / "cold-content") == tree(content)
    (sources / SAMPLE[2]).unlink()
    assert run(sources, content, cache).removed == [page], "once the source is gone, so is its page"


def test_temporary_files_a_killed_run_left_in_the_cache_are_removed(sources: Path, tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "build" / "cache"
    run(sources, content, cache)
    leftover = next((cache / "pages").iterdir()) / ".0123abcd.md.5f3a9c1e2b7d.tmp"
    leftover.write_text("half a page", encoding="utf-8")
    assert run(sources, content, cache).reused == len(SAMPLE)
    assert not leftover.exists()
