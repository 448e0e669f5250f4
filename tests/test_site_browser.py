"""The built site in headless Chromium: served under a sub-path, it requests nothing from
another origin, and the tables sort."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.browser import chromium, needs_chromium, serve
from tests.conftest import run_build
from tests.test_site import PAGES, SOURCES

pytestmark = needs_chromium
VISITED = ["", "agencies/", "agencies/si-men/", "years/2019/", "reports/hostile/2019/", "regions/", "data/"]


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site served at ``http://127.0.0.1:<port>/repo/`` (like a GitHub Pages project site)."""
    root = tmp_path_factory.mktemp("served")
    built = run_build(root / "project", PAGES, sources=SOURCES)
    shutil.copytree(built.site, root / "www" / "repo")
    with serve(root / "www") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def test_pages_request_nothing_outside_the_site(origin: str, browser: object) -> None:
    page = browser.new_page()
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for path in VISITED:
        page.goto(f"{origin}/repo/{path}", wait_until="networkidle")
    page.close()
    assert len(requests) > len(VISITED)
    assert [u for u in requests if not u.startswith(f"{origin}/repo/") and not u.startswith("data:")] == []
    assert failed == []


def test_clicking_a_header_sorts_the_table_and_keeps_not_stated_last(origin: str, browser: object) -> None:
    page = browser.new_page()
    page.goto(f"{origin}/repo/years/2019/", wait_until="networkidle")
    header = page.locator("table[data-sortable] thead th", has_text="本年新收申请").locator("button")

    def column() -> list[str]:
        index = page.locator("table[data-sortable] thead th").all_inner_texts()
        position = next(i for i, t in enumerate(index) if "本年新收申请" in t)
        cells = page.locator(f"table[data-sortable] tbody tr td:nth-child({position + 1})")
        return cells.evaluate_all("cells => cells.map(c => c.firstChild.textContent)")  # the figure, not its ⚠

    header.click()
    assert [c.strip() for c in column()] == ["2", "10", "859"]
    header.click()
    assert [c.strip() for c in column()] == ["859", "10", "2"]
    assert page.locator("table[data-sortable] tfoot").inner_text().startswith("合计")
    page.close()
