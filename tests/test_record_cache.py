"""Issue 11.3: a report page's record is read once per page text (``build/page-records/``).

The conversion leaves the record of every page it writes in the cache, and a build reads its
records from there; what the cache holds must be exactly what the page's front matter says, an
edited page must be read (and validated) again, and a damaged or foreign entry must never be
believed nor stop the build.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts.pages.convert import convert_all
from build_scripts.pages.record_cache import FOLDER_NAME, RecordCache, text_key
from build_scripts.schema import split_page
from tests.conftest import BuiltSite

ROOT = Path(__file__).resolve().parents[1]
PAGE = "reports/shi-ji/2019.md"


def entry_files(root: Path) -> list[Path]:
    return sorted((root / "build" / FOLDER_NAME).glob("*.json"))


def test_convert_stores_for_every_page_what_split_page_reads_from_it(tmp_path: Path) -> None:
    """Every sample source: the record convert stores for its page is the page's front matter, keys in order."""
    content = tmp_path / "content"
    convert_all(ROOT / "sources", content, quiet=True, cache=tmp_path / "build" / "convert-cache", workers=2)
    cache = RecordCache(tmp_path / "build" / FOLDER_NAME)
    pages = sorted((content / "reports").rglob("*.md"))
    assert len(pages) >= 20
    for page in pages:
        text = page.read_text("utf-8")
        stored = cache.get(text_key(text), page.name)
        assert stored is not None, f"convert left no record for {page}"
        parsed = split_page(text, page.name)[0]
        assert stored == parsed, page
        assert list(stored) == list(parsed), page
    assert len(entry_files(tmp_path)) == len(pages)


def test_a_build_fills_the_cache_and_a_later_build_reads_the_record_from_it(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    page = report_page(agency="市级机关", year=2019, stats={"applications_new": 5})
    build_site(tmp_path, {PAGE: page})
    (entry,) = entry_files(tmp_path)
    assert entry.stem == text_key(page)
    # The cache is what the build believes: a record altered in it (still valid) shows on the site.
    data = json.loads(entry.read_text("utf-8"))
    data["record"]["agency"] = "缓存里的机关"
    entry.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    site = build_site(tmp_path, {})
    assert "缓存里的机关" in site.text("reports/shi-ji/2019/")


def test_a_hand_edited_page_is_read_and_validated_again(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    build_site(tmp_path, {PAGE: report_page(agency="市级机关", year=2019)})
    edited = report_page(agency="改过的机关", year=2019)
    site = build_site(tmp_path, {PAGE: edited})
    assert "改过的机关" in site.text("reports/shi-ji/2019/")
    broken = edited.replace("year: 2019", "year: 二〇一九", 1)
    site = build_site(tmp_path, {PAGE: broken})
    assert site.aborted
    assert any("content/reports/shi-ji/2019.md" in error and "year" in error for error in site.errors)
    assert not (tmp_path / "build" / FOLDER_NAME / f"{text_key(broken)}.json").exists()


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\x01 not json",
        b'{"key": "someone else", "record": {}}',
        b"[1, 2, 3]",
        b"[" * 100_000 + b"]" * 100_000,
        "invalid-record",
    ],
)
def test_a_damaged_or_foreign_entry_is_ignored_with_a_warning_and_replaced(
    tmp_path: Path,
    build_site: Callable[..., BuiltSite],
    report_page: Callable[..., str],
    caplog: pytest.LogCaptureFixture,
    damage: bytes | str,
) -> None:
    page = report_page(agency="市级机关", year=2019)
    build_site(tmp_path, {PAGE: page})
    (entry,) = entry_files(tmp_path)
    if damage == "invalid-record":  # well-formed, right key, but a record the contract refuses
        data = json.loads(entry.read_text("utf-8"))
        data["record"]["year"] = "二〇一九"
        entry.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    else:
        assert isinstance(damage, bytes)
        entry.write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger="build_scripts.record_cache"):
        site = build_site(tmp_path, {}, strict=True)
    assert not site.aborted, site.errors
    assert "市级机关" in site.text("reports/shi-ji/2019/")
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "build_scripts.record_cache"]
    assert "\n" not in warning and entry.name in warning and "content/reports/shi-ji/2019.md" in warning
    assert json.loads(entry.read_text("utf-8"))["record"]["agency"] == "市级机关"


def test_entries_of_pages_that_are_gone_are_dropped(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    first = report_page(agency="市级机关", year=2019)
    second = report_page(agency="市级机关", year=2020)
    build_site(tmp_path, {PAGE: first, "reports/shi-ji/2020.md": second})
    assert len(entry_files(tmp_path)) == 2
    (tmp_path / "content" / "reports" / "shi-ji" / "2020.md").unlink()
    build_site(tmp_path, {PAGE: first.replace("市级机关", "另一机关")})
    assert [path.stem for path in entry_files(tmp_path)] == [text_key(first.replace("市级机关", "另一机关"))]


def test_entries_are_written_atomically_and_deterministically(tmp_path: Path, report_page: Callable[..., str]) -> None:
    """The same record under the same key is the same bytes, and no temporary file is left behind."""
    cache = RecordCache(tmp_path / FOLDER_NAME)
    page = report_page(agency="市级机关", year=2019)
    record = split_page(page, "p")[0]
    cache.put(text_key(page), record)
    once = (tmp_path / FOLDER_NAME / f"{text_key(page)}.json").read_bytes()
    shutil.rmtree(tmp_path / FOLDER_NAME)
    cache.put(text_key(page), record)
    assert (tmp_path / FOLDER_NAME / f"{text_key(page)}.json").read_bytes() == once
    assert [p.name for p in (tmp_path / FOLDER_NAME).iterdir()] == [f"{text_key(page)}.json"]
