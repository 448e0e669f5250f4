"""A site that grows with the archive only by its report pages (issue 11.4).

Every list and table page holds at most ``page_rows`` rows (the plugin setting, 200 by default; 8
here so that a small synthetic archive from :mod:`tests.scale_archive` is paginated everywhere), and
every report stays reachable from the home page within four clicks, in the synthetic archive and in
the project's own sample archive.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import PROJECT
from tests.scale_archive import write_archive

ROWS = 8
REPORTS = 60
YEARS = 3  # reports per agency: 20 agencies, 10 to a county


def build_project(config_file: Path, site_dir: Path) -> Path:
    build(load_config(config_file=str(config_file), site_dir=str(site_dir), strict=False))
    return site_dir


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    config = write_archive(root, REPORTS, years=YEARS, plugin={"page_rows": ROWS})
    return build_project(config, root / "site")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not any((PROJECT / "content" / "reports").glob("*/*.md")):
        pytest.skip("content/reports is empty: run `python -m build_scripts convert` first")
    return build_project(PROJECT / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site")


def page_file(site: Path, url_path: str) -> Path | None:
    """The built HTML file behind a site-relative URL path, if there is one."""
    target = site / url_path.lstrip("/")
    if url_path.endswith("/") or url_path == "":
        target = target / "index.html"
    return target if target.suffix == ".html" and target.is_file() else None


def links(site: Path, page: Path) -> set[Path]:
    """The site's HTML pages that ``page`` links to."""
    base = "http://site/" + page.relative_to(site).as_posix()
    found = set()
    for href in lxml.html.fromstring(page.read_bytes()).xpath("//a/@href"):
        url = urlsplit(urljoin(base, href))
        if url.netloc == "site" and (target := page_file(site, url.path)) is not None:
            found.add(target)
    return found


def clicks_from_home(site: Path) -> dict[Path, int]:
    """Every page reachable from the home page, with the fewest clicks it takes."""
    home = site / "index.html"
    depth = {home: 0}
    queue = deque([home])
    while queue:
        page = queue.popleft()
        for target in links(site, page):
            if target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    return depth


def report_pages(site: Path) -> set[Path]:
    return set((site / "reports").glob("*/*/index.html"))


def rows(page: Path) -> tuple[int, int]:
    """(report rows in the figures tables, agencies in the agency lists) of a page."""
    tree = lxml.html.fromstring(page.read_bytes())
    return (
        len(tree.xpath('//table[contains(@class, "archive-reports")]/tbody/tr')),
        len(tree.xpath('//ul[contains(@class, "archive-agency-list")]/li')),
    )


def test_every_report_is_within_four_clicks_of_the_home_page(synthetic: Path) -> None:
    depth = clicks_from_home(synthetic)
    reports = report_pages(synthetic)
    assert len(reports) == REPORTS
    assert sorted(p for p in reports if depth.get(p, 99) > 4) == []


def test_every_sample_report_is_within_four_clicks_of_the_home_page(sample: Path) -> None:
    depth = clicks_from_home(sample)
    reports = report_pages(sample)
    assert reports
    assert sorted(p for p in reports if depth.get(p, 99) > 4) == []


def test_no_list_or_table_page_holds_more_rows_than_the_setting(synthetic: Path) -> None:
    over = {}
    for page in synthetic.rglob("index.html"):
        if page.parent.parent.name == "reports" or page.parent.parent.parent.name == "reports":
            continue
        table_rows, agencies = rows(page)
        if table_rows > ROWS or agencies > ROWS:
            over[page.relative_to(synthetic).as_posix()] = (table_rows, agencies)
    assert over == {}
    assert (synthetic / "agencies" / "page-2" / "index.html").is_file()


def test_pages_of_a_year_list_each_report_once_and_sum_the_whole_year(synthetic: Path) -> None:
    first = synthetic / "years" / "2014" / "index.html"
    pages = [first, *sorted((synthetic / "years" / "2014").glob("page-*/index.html"))]
    assert len(pages) == -(-REPORTS // YEARS // ROWS)
    listed = []
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        listed += tree.xpath('//table[contains(@class, "archive-reports")]/tbody/tr/td[2]/a/@href')  # the report
        footer = tree.xpath('string(//table[contains(@class, "archive-reports")]/tfoot)')
        assert re.search(rf"合计（{REPORTS // YEARS} 份报告）", footer)
        pager = tree.xpath('//nav[@class="archive-pager"]')[0]
        assert len(pager.xpath("./a")) == len(pages) - 1 and pager.xpath("./span[@aria-current]")
    assert len(listed) == len(set(listed)) == REPORTS // YEARS


def test_a_region_too_big_for_one_page_summarises_its_sub_regions(synthetic: Path) -> None:
    province = next(p for p in (synthetic / "regions").glob("*/index.html"))
    tree = lxml.html.fromstring(province.read_bytes())
    summary = tree.xpath('//table[contains(@class, "archive-region-summary")]/tbody/tr')
    assert summary, "a province with more reports than a page lists its cities in a summary table"
    counts = [int(row.xpath("string(./td[2])")) for row in summary]
    assert sum(counts) == REPORTS


def test_a_served_site_rebuilt_after_an_edit_shows_the_edit(tmp_path: Path) -> None:
    """``mkdocs serve`` keeps the plugin across rebuilds and reuses the records of unchanged pages only."""
    config_file = write_archive(tmp_path, 3)
    config = load_config(config_file=str(config_file), site_dir=str(tmp_path / "site"), strict=False)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    page = next((tmp_path / "content" / "reports").glob("*/2014.md"))
    text = page.read_text(encoding="utf-8")
    agency = re.search(r"^agency: (.+)$", text, re.MULTILINE).group(1)
    page.write_text(text.replace(f"agency: {agency}\n", "agency: 改过名的局\n", 1), encoding="utf-8")
    build(config)
    built = (tmp_path / "site" / page.relative_to(tmp_path / "content").with_suffix("") / "index.html").read_text()
    assert "改过名的局" in built
