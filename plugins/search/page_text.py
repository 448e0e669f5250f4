"""The text of a rendered page that search looks in."""

from __future__ import annotations

import lxml.html

#: Elements of the article whose text is not page content.
SKIPPED = ("script", "style", "template")


def article_text(html: str) -> str:
    """Text content of the page's ``<article>`` (the whole body when there is none)."""
    if not html.strip():
        return ""
    tree = lxml.html.fromstring(html)
    articles = tree.xpath("//article")
    root = articles[0] if articles else tree
    for element in root.xpath(" | ".join(f".//{tag}" for tag in SKIPPED)):
        element.drop_tree()
    for anchor in root.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
        anchor.drop_tree()
    return root.text_content().strip()
