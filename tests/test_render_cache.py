"""Issue 11.3: report bodies go through Markdown once per text (``build/page-html/``).

A build with the render cache filled writes exactly the site a build without it writes (the
project's own configuration and sample reports: panels, evidence anchors, headings, tables, search);
the cache is what the warm build uses, and a changed text, Markdown setting or damaged entry is
rendered by Markdown again.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from plugins.archive.render_cache import FOLDER_NAME
from tests.conftest import PROJECT, BuiltSite, run_build

PAGE = "reports/shi-ji/2019.md"
#: A body outside the convert step's Markdown subset (a list, as a hand edit might add), which the
#: subset renderer leaves to Markdown and so to this cache (tests/test_subset_markdown.py).
BODY = "# 市级机关2019年政府信息公开工作年度报告\n\n## 一、总体情况 {: #L3 }\n\n本年度收到申请5件。\n{: #L4 }\n\n- 其中\n"


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def sample_project(root: Path, *, subset_markdown: bool = True) -> Path:
    """The project's pages, sources and configuration in ``root`` (with ``subset_markdown`` off, every
    report body goes through Markdown and the render cache)."""
    for folder in ("content", "sources"):
        shutil.copytree(PROJECT / folder, root / folder)
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    config.update(site_url="", strict=False)
    config["theme"]["custom_dir"] = str(PROJECT / config["theme"]["custom_dir"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "archive" in plugin:
            plugin["archive"]["subset_markdown"] = subset_markdown
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return root / "mkdocs.yml"


def build_into(config_file: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), site_dir=str(site), strict=False)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def test_the_sample_site_built_with_a_warm_cache_is_byte_identical_to_a_cold_build(tmp_path: Path) -> None:
    config_file = sample_project(tmp_path, subset_markdown=False)
    build_into(config_file, tmp_path / "cold")
    entries = sorted((tmp_path / "build" / FOLDER_NAME).glob("*.json"))
    reports = list((tmp_path / "content" / "reports").rglob("*.md"))
    assert len(entries) == len(reports)
    build_into(config_file, tmp_path / "warm")
    cold, warm = site_files(tmp_path / "cold"), site_files(tmp_path / "warm")
    assert cold.keys() == warm.keys()
    assert [name for name in cold if cold[name] != warm[name]] == []
    assert sorted((tmp_path / "build" / FOLDER_NAME).glob("*.json")) == entries


def entry_of(root: Path) -> Path:
    (entry,) = (root / "build" / FOLDER_NAME).glob("*.json")
    return entry


def test_a_warm_build_takes_the_body_from_the_cache_and_an_edit_renders_it_again(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    page = report_page(agency="市级机关", year=2019, body=BODY)
    build_site(tmp_path, {PAGE: page})
    entry = entry_of(tmp_path)
    data = json.loads(entry.read_text("utf-8"))
    assert 'id="L4"' in data["html"] and [t["id"] for t in data["toc"][0]["children"]] == ["L3"]
    data["html"] = data["html"].replace("本年度收到申请5件。", "缓存中的正文。")
    entry.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert "缓存中的正文。" in build_site(tmp_path, {}).text("reports/shi-ji/2019/")
    edited = build_site(tmp_path, {PAGE: page.replace("5件", "6件")})
    assert "本年度收到申请6件。" in edited.text("reports/shi-ji/2019/")
    assert entry_of(tmp_path) != entry  # the old text's entry is dropped


def test_other_markdown_settings_render_again(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    page = report_page(agency="市级机关", year=2019, body=BODY)
    plain = build_site(tmp_path, {PAGE: page}).text("reports/shi-ji/2019/")
    assert "headerlink" not in plain
    settings = {"markdown_extensions": ["tables", "attr_list", "md_in_html", {"toc": {"permalink": True}}]}
    assert "headerlink" in build_site(tmp_path, {}, config=settings).text("reports/shi-ji/2019/")


def test_a_damaged_entry_is_rendered_again_with_a_warning(
    tmp_path: Path,
    build_site: Callable[..., BuiltSite],
    report_page: Callable[..., str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    page = report_page(agency="市级机关", year=2019, body=BODY)
    cold = build_site(tmp_path, {PAGE: page}).text("reports/shi-ji/2019/")
    entry = entry_of(tmp_path)
    data = json.loads(entry.read_text("utf-8"))
    del data["toc"]
    entry.write_text(json.dumps(data), "utf-8")
    with caplog.at_level(logging.WARNING):
        site = build_site(tmp_path, {}, strict=True)
    assert not site.aborted
    assert site.text("reports/shi-ji/2019/") == cold
    (warning,) = [r.getMessage() for r in caplog.records if "damaged cache entry" in r.getMessage()]
    assert entry.name in warning and "reports/shi-ji/2019.md" in warning
    assert "toc" in json.loads(entry.read_text("utf-8"))


def test_a_body_that_links_is_not_kept(tmp_path: Path, report_page: Callable[..., str]) -> None:
    """MkDocs checks links while it renders: a page with one is rendered (and checked) every time."""
    page = report_page(agency="市级机关", year=2019, body=BODY + "\n见[附件](../../about.md)。\n")
    run_build(tmp_path, {PAGE: page, "about.md": "# 关于\n"})
    assert not list((tmp_path / "build" / FOLDER_NAME).glob("*.json"))
