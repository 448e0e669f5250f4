"""Where every generated page and download lives (``src_uri`` inside the virtual docs_dir).

URLs are left to MkDocs (``File.url`` honours ``use_directory_urls``); links between
pages are made relative with :func:`mkdocs.utils.get_relative_url`, so the site works
under any sub-path (GitHub Pages project sites).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pypinyin import lazy_pinyin

from plugins.archive.model import Archive, RegionNode

HOME = "index.md"
AGENCIES = "agencies/index.md"
YEARS = "years/index.md"
REGIONS = "regions/index.md"
DATA = "data/index.md"
ASSET_DIR = "assets/archive"
SOURCES_DIR = "sources"


def slugify(name: str) -> str:
    """A lowercase ASCII slug: Chinese by pinyin, other text kept when alphanumeric."""
    words = lazy_pinyin(name, errors=lambda chars: [chars])
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    return slug or "x"


def agency_page(slug: str) -> str:
    return f"agencies/{slug}/index.md"


def year_slug(year: int | None) -> str:
    return "unknown" if year is None else str(year)


def numbered(first_page: str, number: int) -> str:
    """Page ``number`` (from 1) of a paginated page: page 1 is ``first_page``, page n ``<its folder>/page-n/``."""
    if number == 1:
        return first_page
    folder = first_page.rsplit("/", 1)[0]
    return f"{folder}/page-{number}/index.md"


def year_page(year: int | None) -> str:
    return f"years/{year_slug(year)}/index.md"


def year_csv(year: int | None) -> str:
    return f"years/{year_slug(year)}/records.csv"


def region_slugs(archive: Archive) -> dict[tuple[str, ...], str]:
    """The folder of every region node below ``regions/``; siblings whose pinyin collides get ``-2``, ``-3``."""
    folders: dict[tuple[str, ...], str] = {(): "regions"}
    for node in archive.regions.walk():
        taken: set[str] = set()
        for name in sorted(node.children):
            base = slugify(name)
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            folders[node.children[name].path] = f"{folders[node.path]}/{slug}"
    return folders


def region_page(folders: dict[tuple[str, ...], str], node: RegionNode) -> str:
    return f"{folders[node.path]}/index.md"


def region_csv(folders: dict[tuple[str, ...], str], node: RegionNode) -> str:
    return f"{folders[node.path]}/records.csv"


#: Originals a browser shows or downloads without running anything; any other original (HTML,
#: SVG, XML …) is published with ``.txt`` appended, so that it is served as plain text.
INERT_EXTENSIONS = frozenset({".txt", ".pdf", ".docx", ".doc"})
#: Characters of a source file name written as ``~XX`` in its download address (``~`` itself too,
#: so the mapping stays one-to-one): a backslash is part of a POSIX file name, not a folder.
_ESCAPED = re.compile(r"[~\\\x00-\x1f\x7f]")


def source_uri(source_file: str) -> str:
    """Where a report's original file (a ``/``-separated path, as on disk) is published.

    Under ``sources/``, keeping its sub-folders; ``sub\\x.txt`` and ``sub/x.txt`` are different
    files and get different addresses (``sources/sub~5Cx.txt``, ``sources/sub/x.txt``); an HTML
    original ``a.html`` becomes ``sources/a.html.txt`` (see :data:`INERT_EXTENSIONS`).
    """
    parts = [part for part in source_file.split("/") if part not in ("", ".")]
    if parts and parts[0] == SOURCES_DIR:
        parts = parts[1:]
    parts = [_ESCAPED.sub(lambda m: f"~{ord(m.group()):02X}", part) for part in parts] or ["~"]
    if PurePosixPath(parts[-1]).suffix.lower() not in INERT_EXTENSIONS:
        parts[-1] += ".txt"
    return "/".join([SOURCES_DIR, *parts])


def another_source_uri(uri: str, number: int) -> str:
    """``sources/a.html.txt`` → ``sources/a.html~2.txt``: for a second original that maps to ``uri``
    (``a.html`` and ``a.html.txt`` both exist); ``~`` never occurs unescaped in a mapped name."""
    stem, dot, suffix = uri.rpartition(".")
    return f"{stem}~{number}.{suffix}" if dot and "/" not in suffix else f"{uri}~{number}"
