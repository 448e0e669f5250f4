"""Markup from reports is shown as text, never executed: the real site in headless Chromium.

The bad-input collection is converted and built with the project's configuration, served
over HTTP, and the hostile reports' pages, the generated agency/year pages and the search
page (with a query that hits the hostile text) are opened. No dialog may open, no flag set
by an injected script may appear, the DOM may hold no injected script, event-handler
attribute or ``javascript:`` URL, and the hostile text must be readable as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from build_scripts.pages.slugs import agency_slug
from tests.bad_inputs.build import Conversion, build_site, convert, prepare
from tests.bad_inputs.cases import MARKER, PAYLOADS, YAML_HOSTILE_AGENCY, cases
from tests.browser import chromium, needs_chromium, serve

pytestmark = needs_chromium

#: Everything in the DOM that could run code, found by a script in the page.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name) && value.startsWith('javascript:'))
        found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
    }
    if (el.tagName === 'SCRIPT' && /alert|pwned/.test(el.textContent)) found.push('SCRIPT ' + el.textContent.slice(0, 60));
    if (['IFRAME', 'EMBED', 'OBJECT'].includes(el.tagName)) found.push(el.tagName);
  }
  if (window.__pwned !== undefined) found.push('window.__pwned');
  return found;
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Conversion, Path]:
    root = tmp_path_factory.mktemp("hostile")
    sources, selected = prepare(root)
    conversion = convert(root, sources, selected)
    site = build_site(root, conversion.content)
    assert site.errors == []
    return conversion, site.path


@pytest.fixture(scope="module")
def origin(built: tuple[Conversion, Path]) -> Iterator[str]:
    _, site = built
    with serve(site) as url:
        yield url + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def hostile_pages(conversion: Conversion) -> dict[str, str]:
    """Source file → site URL path of the hostile cases' report pages."""
    names = {name for case in cases() if case.hostile for name in case.files}
    return {
        item["file"].removeprefix("sources/"): item["page"].removesuffix(".md") + "/"
        for item in conversion.report["converted"]
        if item["file"].removeprefix("sources/") in names
    }


def visit(browser: object, url: str, wait_for: str | None = None) -> tuple[object, list[str], list[str]]:
    """Open ``url``; returns (page, dialogs opened, injected things in the DOM)."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    if wait_for:
        page.wait_for_selector(wait_for, timeout=15000)
    page.wait_for_timeout(200)
    return page, dialogs, page.evaluate(INJECTED)


def test_hostile_report_pages_show_markup_as_text(built, origin: str, browser) -> None:
    conversion, _ = built
    pages = hostile_pages(conversion)
    assert len(pages) == len({n for c in cases() if c.hostile for n in c.files})
    for source, path in sorted(pages.items()):
        page, dialogs, injected = visit(browser, origin + quote(path))
        assert dialogs == [], (source, dialogs)
        assert injected == [], (source, injected)
        text = page.inner_text("article")
        if source == "hostile-markup.txt":
            for payload in PAYLOADS:
                assert f"{MARKER}{payload}" in text, payload
        if source == "ragged-table.txt":
            assert any("<script>alert(4)</script>" in cell for cell in page.locator("article table[data-table] td").all_inner_texts())
        if source == "yaml-agency.txt":
            assert YAML_HOSTILE_AGENCY in text
        page.close()


def test_generated_index_pages_inject_nothing(built, origin: str, browser) -> None:
    _, site = built
    paths = ["", "agencies/", "years/", "years/2018/", "regions/", "data/", f"agencies/{agency_slug(YAML_HOSTILE_AGENCY)}/"]
    paths += sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / "agencies").glob("*/index.html"))
    for path in dict.fromkeys(paths):
        if not (site / path / "index.html").is_file():
            pytest.fail(f"generated page {path} is missing")
        page, dialogs, injected = visit(browser, origin + path)
        assert dialogs == [] and injected == [], (path, dialogs, injected)
        page.close()
    page, _, _ = visit(browser, origin + f"agencies/{agency_slug(YAML_HOSTILE_AGENCY)}/")
    assert YAML_HOSTILE_AGENCY in page.inner_text("body")
    page.close()


@pytest.mark.parametrize("query", [MARKER, "onerror", "script", "临北回族乡"])
def test_search_results_show_hostile_text_as_text(built, origin: str, browser, query: str) -> None:
    page, dialogs, injected = visit(
        browser, origin + "search/?q=" + quote(query), wait_for='[data-search-results][data-search-state="done"]'
    )
    page.wait_for_timeout(300)
    injected = page.evaluate(INJECTED)
    assert dialogs == [] and injected == [], (query, dialogs, injected)
    hits = page.locator("[data-search-hit]")
    assert hits.count() > 0, f"no hit for {query!r}"
    page.close()
