"""A dirty build (``mkdocs serve --dirty``) renders only the changed pages: search must keep a whole index."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.search_site import shared_reports, write_site_source


def index_files(site: Path) -> dict[str, bytes]:
    root = site / "search" / "index"
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_dirty_build_keeps_the_last_full_index_and_says_so(tmp_path: Path, caplog) -> None:
    config_path = write_site_source(tmp_path, shared_reports()[:6])
    site = tmp_path / "site"
    build(load_config(str(config_path)))
    full = index_files(site)
    documents = json.loads(full["manifest.json"])["documents"]
    assert documents == 6

    page = next((tmp_path / "docs" / "reports").rglob("*.md"))
    page.write_text(page.read_text("utf-8") + "\n\n新增一句：脏构建检索测试。\n", "utf-8")
    later = time.time() + 5
    os.utime(page, (later, later))
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.archive-search")
    start = time.perf_counter()
    build(load_config(str(config_path), strict=False), dirty=True)  # MkDocs warns about any dirty build
    seconds = time.perf_counter() - start

    assert index_files(site) == full
    assert not (site / "search" / "index.new").exists()
    messages = [record.getMessage() for record in caplog.records if "archive-search" in record.getMessage()]
    assert len(messages) == 1
    assert re.fullmatch(
        r"archive-search: dirty build \(1 of 6 report pages rendered\): search keeps the index of the last "
        r"full build \((\d+\.\d) s\)",
        messages[0],
    )
    assert seconds < 10


def test_a_full_build_replaces_the_index(tmp_path: Path) -> None:
    config_path = write_site_source(tmp_path, shared_reports()[:3])
    build(load_config(str(config_path)))
    first = index_files(tmp_path / "site")
    page = next((tmp_path / "docs" / "reports").rglob("*.md"))
    page.write_text(page.read_text("utf-8") + "\n\n新增一句：全量构建检索测试。\n", "utf-8")
    build(load_config(str(config_path)))
    second = index_files(tmp_path / "site")
    assert second != first and json.loads(second["manifest.json"])["documents"] == 3
    assert not (tmp_path / "site" / "search" / "index.new").exists()
