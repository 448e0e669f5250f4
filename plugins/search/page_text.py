"""The text of a rendered page that search looks in (the one definition, used by the indexer and tests)."""

from __future__ import annotations

import re

import lxml.html

#: Elements of the article whose text is not page content.
SKIPPED = ("script", "style", "template")
#: Parts of a report page that are not the report's text: the archive's statistics panel (its
#: labels — 行政复议, 未填报 … — stand on every page) and tables the reader reconstructed from glued
#: digits (their row labels are the form's, not the report's wording; the glued text itself is kept).
NOT_THE_REPORT = (
    './/*[@data-archive-panel]',
    './/table[@data-table="reconstructed"]',
)


#: The archive's statistics panel as the archive plugin writes it (one ``<section>``, none inside):
#: cut before parsing, because it is most of a report page's HTML (the XPath below still drops it).
PANEL = re.compile(r"<section\b[^>]*\bdata-archive-panel\b[^>]*>.*?</section>", re.DOTALL)


def article_text(html: str) -> str:
    """Text content of the page's ``<article>`` (the whole body when there is none)."""
    html = PANEL.sub("", html, count=1)
    if not html.strip():
        return ""
    tree = lxml.html.fromstring(html)
    articles = tree.xpath("//article")
    root = articles[0] if articles else tree
    for element in root.xpath(" | ".join([*(f".//{tag}" for tag in SKIPPED), *NOT_THE_REPORT])):
        element.drop_tree()
    for anchor in root.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        anchor.drop_tree()
    return root.text_content().strip()


def page_text(title: str, agency: str, body: str) -> str:
    """The searchable text of a page: title, agency and body text, one per line."""
    return "\n".join(part for part in (title, agency, body) if part)


def searchable_text(title: str, agency: str, html: str) -> str:
    """What the index holds for a rendered report page: :func:`page_text` of its article."""
    return page_text(title, agency, article_text(html))
