"""The built site asks no third-party host for anything: no web fonts, no CDN, no analytics.

Every built file is scanned for markup and styles that make the browser fetch a resource
(``tests/test_site_browser.py`` also watches the real requests in Chromium).
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import BuiltSite, run_build
from tests.test_site import PAGES, SOURCES

#: Elements and attributes that make a browser fetch something while showing the page.
FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*((?:[a-z][a-z0-9+.-]*:)?//[^'\")\s]*)", re.I)
NON_FETCHING_LINKS = {"canonical", "alternate", "author", "license", "help"}


def third_party_requests(site: Path) -> list[tuple[str, str]]:
    """(file, url) for every resource a page or stylesheet would load from another host."""
    found = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if not path.is_file() or rel.parts[0] == "sources":
            continue  # sources/: the reports' originals, byte for byte, offered as downloads
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text("utf-8"), "lxml")
            for tag, names in FETCHING.items():
                for element in soup.find_all(tag):
                    if tag == "link" and set(element.get("rel") or []) & NON_FETCHING_LINKS:
                        continue
                    for name in names:
                        value = element.get(name)
                        if value and ABSOLUTE.match(value):
                            found.append((rel.as_posix(), value))
            styles = [s.get_text() for s in soup.find_all("style")] + [
                e["style"] for e in soup.select("[style]")
            ]
            found += [(rel.as_posix(), url) for css in styles for url in CSS_URL.findall(css)]
        elif path.suffix == ".css":
            found += [(rel.as_posix(), url) for url in CSS_URL.findall(path.read_text("utf-8", "replace"))]
    return found


def test_fixture_site_loads_nothing_from_other_hosts(tmp_path: Path) -> None:
    built = run_build(tmp_path, PAGES, sources=SOURCES)
    assert third_party_requests(built.site) == []


def test_sample_site_loads_nothing_from_other_hosts(sample_site: BuiltSite) -> None:
    assert third_party_requests(sample_site.site) == []


def test_scan_finds_web_fonts_and_cdn_scripts(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.jsdelivr.net/npm/x.js"></script><a href="https://example.org/">a link loads nothing</a>'
    )
    (tmp_path / "a.css").write_text("@font-face { src: url(https://fonts.gstatic.com/x.woff2) }")
    assert sorted(u for _, u in third_party_requests(tmp_path)) == [
        "//cdn.jsdelivr.net/npm/x.js",
        "https://fonts.googleapis.com/css?family=Roboto",
        "https://fonts.gstatic.com/x.woff2",
    ]
