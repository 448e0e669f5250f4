"""The project's own sample site as GitHub Pages serves a project site: under a sub-path.

The built ``site/`` is served from a parent folder at ``/archive/`` (like
``https://<user>.github.io/<repo>/``) and driven in headless Chromium: every page of the menu,
an agency page and a report page load with their styles and scripts from the site itself,
every internal link of those pages answers, the data downloads answer, and the search works
from its page and from the header box.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser import chromium, needs_chromium, serve
from tests.conftest import BuiltSite

SUB = "/archive/"
pytestmark = needs_chromium
MENU = ["", "regions/", "agencies/", "years/", "data/", "about/"]


@pytest.fixture(scope="module")
def origin(sample_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    www = tmp_path_factory.mktemp("pages")
    shutil.copytree(sample_site.site, www / SUB.strip("/"))
    with serve(www) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def _first_link(page: object, prefix: str) -> str:
    """The absolute URL of the first link on the page that leads under ``prefix``."""
    for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
        if urlsplit(href).path.startswith(prefix):
            return href
    raise AssertionError(f"no link to {prefix} on {page.url}")


def test_pages_load_everything_from_the_sub_path(origin: str, browser: object) -> None:
    page = browser.new_page()
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    base = origin + SUB
    for path in MENU:
        page.goto(base + path, wait_until="networkidle")
    page.goto(base + "agencies/", wait_until="networkidle")
    agency = next(
        href
        for href in page.eval_on_selector_all("article a[href]", "els => els.map(a => a.href)")
        if urlsplit(href).path.startswith(SUB + "agencies/") and urlsplit(href).path != SUB + "agencies/"
    )
    page.goto(agency, wait_until="networkidle")
    report = _first_link(page, SUB + "reports/")
    page.goto(report, wait_until="networkidle")
    assert page.locator("article table").count() >= 1, "the report page shows its statistics panel"
    stylesheets = page.eval_on_selector_all("link[rel=stylesheet]", "els => els.map(l => l.sheet !== null)")
    assert stylesheets and all(stylesheets), "every stylesheet of the page was loaded"
    page.close()
    assert failed == []
    outside = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
    assert outside == [], "everything comes from the site's own sub-path"


def test_internal_links_and_downloads_answer_under_the_sub_path(origin: str, browser: object) -> None:
    page = browser.new_page()
    base = origin + SUB
    links: set[str] = set()
    for path in MENU:
        page.goto(base + path, wait_until="domcontentloaded")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            if href.startswith(origin):
                links.add(href.split("#", 1)[0])
    assert any(link.endswith("records.csv") for link in links), "the data page links the CSV download"
    broken = []
    for link in sorted(links):
        assert link.startswith(base), f"{link} leaves the sub-path"
        response = page.request.get(link)
        if response.status >= 400:
            broken.append(f"{response.status} {link}")
    page.close()
    assert len(links) > 20
    assert broken == []


def test_search_works_from_its_page_and_from_the_header(origin: str, browser: object) -> None:
    page = browser.new_page()
    base = origin + SUB
    page.goto(base + "search/?q=" + "行政复议", wait_until="domcontentloaded")
    page.wait_for_selector("[data-search-results][data-search-state=done]", timeout=20_000)
    hits = page.eval_on_selector_all("a[data-search-hit]", "els => els.map(a => a.href)")
    assert hits and all(urlsplit(h).path.startswith(SUB + "reports/") for h in hits)
    response = page.goto(hits[0], wait_until="domcontentloaded")
    assert response is not None and response.status == 200

    page.goto(base + "agencies/", wait_until="networkidle")
    page.fill("[data-search-header] input", "平潭")
    page.wait_for_selector("[data-search-dropdown] a", timeout=20_000)
    header_hits = page.eval_on_selector_all("[data-search-dropdown] a", "els => els.map(a => a.href)")
    page.close()
    assert header_hits and all(urljoin(base, h).startswith(base) for h in header_hits)
