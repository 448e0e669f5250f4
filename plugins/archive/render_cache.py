"""What Markdown made of a report page, kept by the hash of what it was made from (``build/page-html/``).

A report's body changes only when its source or the converter does, yet every build ran Python-Markdown
over all of them. :class:`RenderCache` keeps, per rendered page, the HTML, the table of contents, the
title and the anchors MkDocs collects while rendering, under the SHA-256 of everything the result
depends on: the Markdown text as it reaches MkDocs' renderer (its held raw-HTML blocks put back in a
form that does not depend on the build's random placeholder token), the page's path and address, the
Markdown extensions and their settings, the versions of MkDocs and Python-Markdown, and the source of
the modules that prepare the text (:func:`renderer_version`) and the engine (MkDocs or ProperDocs). Any change misses; a hit gives exactly
what the renderer gave.

Only pages whose HTML holds no link or image are stored: those are rewritten and checked against the
other files of the site by MkDocs while it renders (with warnings), which a cached page would skip.
Report bodies carry neither (the convert step escapes every ``<``).

JSON entries, written atomically, a damaged one ignored with a one-line warning; the build drops the
entries of pages it did not render from the same text (:meth:`RenderCache.keep_only`).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from build_scripts.pages.record_cache import JsonEntries, damaged

FOLDER_NAME = "page-html"
#: Markup whose rendering depends on other files of the site (MkDocs rewrites and validates it).
_LINKING = ("<a ", "<img ", "href=", "src=")


@cache
def renderer_version() -> str:
    """Hash of what turns a page's Markdown into HTML besides the text: our preparing modules and the
    versions of MkDocs and Python-Markdown (and pymdown-extensions, when installed)."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("plugin.py", "raw_html.py", "render_cache.py"):
        digest.update((here / name).read_bytes())
    for package in ("mkdocs", "properdocs", "markdown", "pymdown-extensions"):
        try:
            digest.update(f"{package}={metadata.version(package)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none;".encode())
    return digest.hexdigest()[:16]


def markdown_settings(extensions: list[Any], configs: dict[str, Any]) -> str:
    """The Markdown extensions and their settings as stable text (objects by their class name)."""

    def name_of(value: Any) -> str:
        return f"{type(value).__module__}.{type(value).__qualname__}"

    return json.dumps([extensions, configs], ensure_ascii=False, sort_keys=True, default=name_of)


def render_key(markdown: str, page: Page, settings: str) -> str:
    """The cache key of rendering ``markdown`` as ``page`` with the Markdown ``settings``."""
    digest = hashlib.sha256()
    engine = type(page).__module__  # MkDocs or a fork of it (ProperDocs)
    for part in (renderer_version(), engine, settings, page.file.src_uri, page.file.url, markdown):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _toc_tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    return [{"level": i.level, "id": i.id, "name": i.title, "children": _toc_tokens(i.children)} for i in items]


class RenderCache:
    """Rendered report pages in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.store = JsonEntries(folder)

    def put(self, key: str, page: Page, html: str) -> None:
        """Keep what rendering ``page`` gave (``html`` as the plugin finished it), unless it links anywhere."""
        if any(mark in html for mark in _LINKING):
            return
        entry = {
            "html": html,
            "toc": _toc_tokens(list(page.toc)),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
        }
        self.store.write(key, entry)

    def apply(self, key: str, page: Page) -> bool:
        """Give ``page`` what rendering it gave last time; False when the cache cannot (render it then)."""
        entry = self.store.read(key, f"{page.file.src_uri} is rendered again")
        if entry is None:
            return False
        try:
            html, toc, title, anchors = entry["html"], get_toc(entry["toc"]), entry["title"], entry["anchors"]
            if not (isinstance(html, str) and (title is None or isinstance(title, str)) and isinstance(anchors, list)):
                raise TypeError("html, title or anchors of the wrong type")
        except (KeyError, TypeError, AttributeError, RecursionError) as exc:
            damaged(self.store.path_of(key), f"{page.file.src_uri} is rendered again", exc)
            return False
        page.content, page.toc, page._title_from_render = html, toc, title
        page.present_anchor_ids = {str(anchor) for anchor in anchors}
        page.links_to_anchors = {}  # a stored page links nowhere
        return True

    def keep_only(self, keys: set[str]) -> None:
        self.store.keep_only(keys)
