"""Link check: every internal link and resource of a built site points at a file that exists."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BuiltSite, run_build
from tests.test_site import PAGES, SOURCES

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


def internal_links(site: Path) -> list[tuple[str, str, str]]:
    """(page, href, resolved site path) for every same-site link in every built HTML page."""
    found = []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] == "sources":
            continue  # the reports' original files, published byte for byte
        url = "http://site/" + page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        for tag, attr in LINKING.items():
            for element in soup.find_all(tag):
                href = element.get(attr)
                if not href:
                    continue
                target = urlsplit(urljoin(url, href))
                if target.scheme != "http" or target.netloc != "site":
                    continue
                found.append((page.relative_to(site).as_posix(), href, unquote(target.path.lstrip("/"))))
    return found


def broken(site: Path) -> list[tuple[str, str]]:
    missing = []
    for page, href, path in internal_links(site):
        file = site / path
        if path == "" or path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            missing.append((page, href))
    return missing


def test_fixture_site_has_no_broken_internal_link(tmp_path: Path) -> None:
    built = run_build(tmp_path, PAGES, sources=SOURCES)
    links = internal_links(built.site)
    assert len(links) > 200  # the check really looked at the generated tables
    assert broken(built.site) == []


def test_sample_site_has_no_broken_internal_link(sample_site: BuiltSite) -> None:
    links = internal_links(sample_site.site)
    assert any("/reports/" in "/" + path for _, _, path in links)
    assert broken(sample_site.site) == []


def test_broken_link_is_detected(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<a href="missing/">x</a><a href="https://example.org/">y</a>')
    assert broken(tmp_path) == [("index.html", "missing/")]


@pytest.mark.parametrize("sub_path", ["/", "/repo/"])
def test_links_are_relative_so_the_site_works_under_a_sub_path(tmp_path: Path, sub_path: str) -> None:
    built = run_build(
        tmp_path, PAGES, sources=SOURCES, config={"site_url": f"https://user.github.io{sub_path}"}
    )
    soup = BeautifulSoup(built.text("years/2019/"), "lxml")
    hrefs = [a["href"] for a in soup.select("table a[href]")]
    assert hrefs and not [h for h in hrefs if h.startswith("/") or "://" in h]
