"""The project's own sample site as GitHub Pages serves a project site: under a sub-path.

The built ``site/`` is served from a parent folder at ``/archive/`` (like
``https://<user>.github.io/<repo>/``) and driven in headless Chromium: every page of the menu,
an agency page and a report page load with their styles and scripts from the site itself,
every internal link of those pages answers, the data downloads answer, and the search works
from its page and from the header box.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import BuiltSite

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SUB = "/archive/"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (make browser)"),
]
MENU = ["", "regions/", "agencies/", "years/", "data/", "about/"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def origin(sample_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    www = tmp_path_factory.mktemp("pages")
    shutil.copytree(sample_site.site, www / SUB.strip("/"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()


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
