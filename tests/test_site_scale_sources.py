"""Original files on the site (issues 11.5 and 12.1): a setting, never active content, one download per file.

``sources: link`` (the default) publishes no copies, so a large archive fits GitHub Pages; the page
links the original's address. ``sources: copy`` publishes each original as a download: an HTML
original (the sample's ``pingtan-2024-zone.html`` carries nine ``<script>`` tags) as ``.html.txt``,
which GitHub Pages and any static server serve as plain text, so nothing in it runs on the
archive's origin; ``sub\\x.txt`` and ``sub/x.txt`` are two files with two downloads.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests.browser import CHROMIUM, chromium, serve
from tests.conftest import COPY_SOURCES, PROJECT, BuiltSite, make_report_page, run_build

HTML_NAME = "pingtan-2024-zone.html"
HTML = (PROJECT / "sources" / HTML_NAME).read_bytes()
URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm"
ZONE = ("福建省", None, "平潭综合实验区")
PAGES = {
    "reports/zone/2024.md": make_report_page(
        agency="平潭综合实验区", year=2024, region=ZONE, source=f"sources/{HTML_NAME}", source_bytes=HTML,
        fmt="html", url=URL,
    ),
    "reports/a/2019.md": make_report_page(
        agency="甲局", year=2019, region=ZONE, source="sources/sub\\x.txt", source_bytes=b"backslash"
    ),
    "reports/b/2019.md": make_report_page(
        agency="乙局", year=2019, region=ZONE, source="sources/sub/x.txt", source_bytes=b"slash"
    ),
}
SOURCES = {f"sources/{HTML_NAME}": HTML, "sources/sub\\x.txt": b"backslash", "sources/sub/x.txt": b"slash"}


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    built = run_build(tmp_path_factory.mktemp("copies"), PAGES, sources=SOURCES, config=COPY_SOURCES)
    assert not built.aborted, built.errors
    return built


@pytest.fixture(scope="module")
def links_only(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    built = run_build(tmp_path_factory.mktemp("links"), PAGES, sources=SOURCES)
    assert not built.aborted, built.errors
    return built


def download(site: BuiltSite, page: str) -> str | None:
    """The site path the page's "download the original" link points at."""
    anchor = BeautifulSoup(site.text(page), "lxml").select_one("p.archive-source a[download]")
    if anchor is None:
        return None
    return urljoin("http://x/" + page, anchor["href"]).removeprefix("http://x/")


def test_an_html_original_is_published_as_plain_text_never_as_html(copies: BuiltSite) -> None:
    published = sorted(p.relative_to(copies.site).as_posix() for p in (copies.site / "sources").rglob("*"))
    assert f"sources/{HTML_NAME}" not in published
    target = download(copies, "reports/zone/2024/")
    assert target == f"sources/{HTML_NAME}.txt"
    assert (copies.site / target).read_bytes() == HTML


def test_a_backslash_in_a_name_is_not_a_folder(copies: BuiltSite) -> None:
    backslash, slash = download(copies, "reports/a/2019/"), download(copies, "reports/b/2019/")
    assert backslash is not None and slash is not None and backslash != slash
    assert (copies.site / backslash).read_bytes() == b"backslash"
    assert (copies.site / slash).read_bytes() == b"slash"


def test_by_default_no_copy_is_published_and_the_page_links_the_original_address(links_only: BuiltSite) -> None:
    assert not (links_only.site / "sources").exists()
    assert download(links_only, "reports/zone/2024/") is None
    page = BeautifulSoup(links_only.text("reports/zone/2024/"), "lxml")
    assert page.select_one("p.archive-source a.archive-origin")["href"] == URL


@pytest.fixture(scope="module")
def served(copies: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(copies.site, root / "repo")
    with serve(root) as url:
        yield url + "/repo/"


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (make browser)")
def test_opening_the_download_of_an_html_original_runs_none_of_its_scripts(served: str) -> None:
    with chromium() as browser:
        page = browser.new_page()
        page.goto(served + "reports/zone/2024/", wait_until="networkidle")
        href = page.locator("p.archive-source a[download]").get_attribute("href")
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        response = page.goto(urljoin(page.url, href), wait_until="networkidle")
        assert response is not None and response.headers["content-type"].startswith("text/plain")
        assert page.evaluate("document.scripts.length") == 0
        assert "<script" in page.evaluate("document.body.innerText")
        assert requests == [response.url]
        page.close()
