"""Issue 11.7: ``make serve`` rebuilds dirty — an edit re-renders the edited page, not the archive.

The same plugin object builds the site again and again as ``mkdocs serve --dirty`` does (real MkDocs
builds, ``dirty=True``). A report page whose text changed but whose record did not leaves every
generated page untouched (their files keep their time: MkDocs did not render them again); a changed
record regenerates what shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from build_scripts.schema import split_page
from tests.scale_archive import write_archive

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(autouse=True)
def built_again_afterwards(tmp_path: Path) -> Iterator[None]:
    """MkDocs keeps the plugin object for every later build in this process: start it as ``build`` again."""
    yield
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)


def serving(tmp_path: Path) -> MkDocsConfig:
    config_file = write_archive(tmp_path, 12)
    settings = yaml.safe_load(config_file.read_text("utf-8"))
    settings["plugins"] = [p for p in settings["plugins"] if "archive-search" not in str(p)]
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    config = load_config(config_file=str(config_file), site_dir=str(tmp_path / "site"), strict=False)
    config.plugins.on_startup(command="serve", dirty=True)
    return config


def built_pages(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


def test_an_edited_report_text_renders_that_page_only(tmp_path: Path) -> None:
    config = serving(tmp_path)
    site = tmp_path / "site"
    build(config, serve_url=SERVE_URL, dirty=True)
    before = built_pages(site)
    page = next((tmp_path / "content" / "reports").glob("*/2014.md"))
    page.write_text(page.read_text("utf-8") + "\n（预览编辑）\n", encoding="utf-8")
    build(config, serve_url=SERVE_URL, dirty=True)
    after = built_pages(site)
    edited = page.relative_to(tmp_path / "content").with_suffix("").as_posix() + "/index.html"
    assert "（预览编辑）" in (site / edited).read_text("utf-8")
    assert after.keys() == before.keys()
    rendered = sorted(name for name in after if after[name] != before[name])
    assert rendered == [edited]


def test_an_edited_record_regenerates_the_pages_that_show_it(tmp_path: Path) -> None:
    config = serving(tmp_path)
    site = tmp_path / "site"
    build(config, serve_url=SERVE_URL, dirty=True)
    page = next((tmp_path / "content" / "reports").glob("*/2014.md"))
    text = page.read_text("utf-8")
    agency = re.search(r"^agency: (.+)$", text, re.MULTILINE).group(1)
    page.write_text(text.replace(f"agency: {agency}\n", "agency: 改过名的局\n", 1), encoding="utf-8")
    home = (site / "index.html").stat().st_mtime_ns
    build(config, serve_url=SERVE_URL, dirty=True)
    assert (site / "index.html").stat().st_mtime_ns != home, "the home page's archive blocks are rendered again"
    assert "改过名的局" in (site / page.relative_to(tmp_path / "content").with_suffix("") / "index.html").read_text()
    agency_pages = list((site / "agencies").rglob("index.html"))
    assert any("改过名的局" in p.read_text("utf-8") for p in agency_pages)
    # and back: the original name is listed again, the edited one nowhere
    page.write_text(text, encoding="utf-8")
    build(config, serve_url=SERVE_URL, dirty=True)
    assert not any("改过名的局" in p.read_text("utf-8") for p in (site / "agencies").rglob("index.html"))
    assert not list((tmp_path / "build" / "serve-pages").rglob(".*"))  # no temporary file left behind


def test_a_changed_record_renders_its_agencys_other_years_again(tmp_path: Path) -> None:
    """Their previous/next links and cross-year checks show it; other agencies' pages are left alone."""
    config = serving(tmp_path)
    site = tmp_path / "site"
    build(config, serve_url=SERVE_URL, dirty=True)
    reports = tmp_path / "content" / "reports"
    agency = max(reports.iterdir(), key=lambda folder: len(list(folder.glob("*.md"))))
    page = agency / "2014.md"
    text = page.read_text("utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1)
    page.write_text(text.replace(f"title: {title}\n", "title: 改过标题的报告\n", 1), encoding="utf-8")
    before = built_pages(site)
    build(config, serve_url=SERVE_URL, dirty=True)
    after = built_pages(site)
    rendered = {name for name in after if after[name] != before.get(name)}
    own = {f"reports/{agency.name}/{p.stem}/index.html" for p in agency.glob("*.md")}
    others = {name for name in after if name.startswith("reports/")} - own
    assert own <= rendered
    assert not others & rendered


def test_a_changed_manifest_regenerates_the_pages_that_show_it(tmp_path: Path) -> None:
    """No page text changed, but a ``same_as`` in ``sources/manifest.yaml`` joins two agencies: the agency
    pages are generated again (the manifest is one of the inputs of the generated pages)."""
    config = serving(tmp_path)
    site = tmp_path / "site"
    build(config, serve_url=SERVE_URL, dirty=True)
    records = [split_page(p.read_text("utf-8"), str(p))[0] for p in sorted((tmp_path / "content" / "reports").rglob("*.md"))]
    first = records[0]
    later = next(r for r in records if r["agency"] != first["agency"] and r["region"] == first["region"])
    assert not any("也称" in p.read_text("utf-8") for p in (site / "agencies").rglob("index.html"))
    entry = {later["source"]["file"].removeprefix("sources/"): {"same_as": first["agency"]}}
    (tmp_path / "sources" / "manifest.yaml").write_text(yaml.safe_dump(entry, allow_unicode=True), "utf-8")
    build(config, serve_url=SERVE_URL, dirty=True)
    assert any("也称" in p.read_text("utf-8") for p in (site / "agencies").rglob("index.html"))
