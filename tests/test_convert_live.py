"""Issue 11.7 / 13.12: ``make serve`` (``python -m plugins.archive.live``) shows an edited source.

A real ``mkdocs serve`` of a small archive (the project's configuration, real sample reports) on a
local port: a figure changed in a file in ``sources/`` appears on the served report page, and so
does a new source, without restarting the server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from build_scripts.pages.convert import run_convert

ROOT = Path(__file__).resolve().parents[1]
REPORT = "2016-town-shaoguan-wujiang-longgui.txt"
OTHER = "2018-township-wuhe-linbei-hui.txt"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float) -> float | None:
    """Seconds until the page at ``url`` contains ``text`` (None when it did not within ``seconds``)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic() - start
        time.sleep(0.2)
    return None


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    shutil.copy(ROOT / "sources" / REPORT, tmp_path / "sources" / REPORT)
    (tmp_path / "content").mkdir()
    for page in ("index.md", "about.md"):
        shutil.copy(ROOT / "content" / page, tmp_path / "content" / page)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    config.update(site_url="", strict=False, nav=[{"首页": "index.md"}])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    assert run_convert(sources=tmp_path / "sources", content=tmp_path / "content", report=None, quiet=True,
                       cache=tmp_path / "build" / "convert-cache") == 0
    return tmp_path


def test_an_edited_source_shows_on_the_served_page(project: Path) -> None:
    port = free_port()
    (page,) = (project / "content" / "reports").rglob("*.md")
    url = f"http://127.0.0.1:{port}/{page.relative_to(project / 'content').with_suffix('').as_posix()}/"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "plugins.archive.live", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=project, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert wait_for(url, "</html>", 120) is not None, "the server never served the report page"
        source = project / "sources" / REPORT
        text = source.read_text("utf-8")
        marker = "（本段为预览测试所改）"
        cut = text.index("。") + 1  # after the first sentence of the report
        source.write_text(text[:cut] + marker + text[cut:], encoding="utf-8")
        assert wait_for(url, marker, 60) is not None, "the edited source did not reach the served page"
        shutil.copy(ROOT / "sources" / OTHER, project / "sources" / OTHER)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list((project / "content" / "reports").rglob("*.md"))) < 2:
            time.sleep(0.2)
        (added,) = [p for p in (project / "content" / "reports").rglob("*.md") if p != page]
        added_url = f"http://127.0.0.1:{port}/{added.relative_to(project / 'content').with_suffix('').as_posix()}/"
        assert wait_for(added_url, "</html>", 60) is not None, "a new source did not become a served page"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
