"""The Markdown the convert step writes into a report page, rendered without Python-Markdown.

A report body is written in a small, fixed subset (:mod:`build_scripts.pages.render`,
:mod:`build_scripts.pages.markdown_text`): ATX headings ending in ``{: #L<n> }``, paragraphs of
report lines (optionally followed by a ``{: #L<n> }`` line), the placeholder paragraphs of the raw
HTML blocks the plugin holds out of Markdown (:mod:`plugins.archive.raw_html`), and inline text
whose ``& < >`` are entities and whose Markdown syntax is backslash-escaped. Python-Markdown spends
about 3 ms on such a body; :func:`render_subset` makes the same HTML, table of contents, title and
anchors from it in a fraction of that.

It is strict: any line outside the subset (a list, a link, emphasis, an unknown escape, a line break
made of trailing spaces, an indented line, a control character, other attributes …) makes it return
``None``, and the page goes through Markdown as before. What it accepts it renders exactly as
Python-Markdown with ``attr_list`` and ``toc`` in their default settings does, a heading without an
anchor getting the toc extension's slug (``tests/test_subset_markdown.py`` renders every sample page
both ways; ``bench/subset_equivalence.py`` any archive's).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
from mkdocs.utils.rendering import _strip_tags as heading_text

#: A heading, with its line anchor when the convert step knows its line (``## 一、概述 {: #L6 }``).
_HEADING = re.compile(r"(#{1,6}) (.*?)(?: \{: #(L[0-9]+) \})?")
#: The anchor line that ends a paragraph.
_ANCHOR_LINE = re.compile(r"\{: #(L[0-9]+) \}")
#: What inline text may hold: text without Markdown's inline syntax, escapes of Markdown's escapable
#: characters (``\\*`` is ``*``) and the three entities ``html.escape`` writes.
_INLINE = re.compile(r"(?:[^\\`*_\[\]{}|<>&\x00-\x1f\x7f]++|\\[\\`*_{}\[\]()#+\-.!|]|&(?:amp|lt|gt);)*+")
_ESCAPE = re.compile(r"\\(.)")
#: Line starts that Markdown reads as block syntax in any line of a block (headings, rules, setext
#: underlines, quotes, fences, lists, indented code); a line starting so is left to Markdown.
_BLOCK_START = re.compile(r"[#>\-+*=_~`: ]|[0-9]+[.)](?: |$)")
#: Unicode whitespace Python's ``str.strip`` removes (what Markdown's block parser strips).
_BLANK = re.compile(r"\s*")


@dataclass(frozen=True)
class Rendered:
    """What MkDocs' ``Page.render`` would set: the HTML, the TOC tokens, the title and the anchors."""

    html: str
    toc: list[dict[str, Any]]
    title: str | None
    anchors: frozenset[str]


def _inline(text: str) -> str | None:
    """``text`` as Markdown's inline processing renders it; None when it holds more than the subset."""
    if _INLINE.fullmatch(text) is None:
        return None
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def _heading(line: str) -> tuple[int, str, str | None] | None:
    match = _HEADING.fullmatch(line)
    if match is None:
        return None
    text = match.group(2).strip()
    if not text or text[-1] in " \t" or "#" in text.replace("\\#", ""):
        return None
    inner = _inline(text)
    return None if inner is None else (len(match.group(1)), inner, match.group(3))


def _paragraph(lines: list[str]) -> tuple[str, str | None] | None:
    anchor = None
    if len(lines) > 1 and (match := _ANCHOR_LINE.fullmatch(lines[-1])) is not None:
        anchor, lines = match.group(1), lines[:-1]
    rendered = []
    for line in lines:
        if _BLOCK_START.match(line) or _BLANK.fullmatch(line) or line[-1].isspace():
            return None
        inner = _inline(line)
        if inner is None:
            return None
        rendered.append(inner)
    rendered[0] = rendered[0].lstrip()  # Markdown strips the start of a paragraph (ideographic spaces too)
    return "\n".join(rendered), anchor


def render_subset(markdown: str) -> Rendered | None:
    """``markdown`` rendered as Python-Markdown (with ``attr_list``, ``toc`` in its default settings and
    MkDocs' title and anchor collection) renders it; None when it is not entirely in the convert step's subset."""
    if "\r" in markdown or "\t" in markdown:
        return None
    parts: list[str] = []
    headings: list[tuple[int, int, str, str | None]] = []  # (part, level, inner HTML, anchor)
    anchors: set[str] = set()
    for block in re.split(r"\n{2,}", markdown.strip("\n")):
        lines = block.split("\n")
        if lines[0].startswith("#"):
            if len(lines) != 1 or (heading := _heading(lines[0])) is None:
                return None
            level, inner, anchor = heading
            headings.append((len(parts), level, inner, anchor))
            parts.append("")
            if anchor is not None:
                anchors.add(anchor)
            continue
        paragraph = _paragraph(lines)
        if paragraph is None:
            return None
        text, anchor = paragraph
        if anchor is None:
            parts.append(f"<p>{text}</p>")
        else:
            parts.append(f'<p id="{anchor}">{text}</p>')
            anchors.add(anchor)
    tokens = []
    counters: dict[str, int] = {}
    for part, level, inner, anchor in headings:
        name = strip_tags(inner)
        if anchor is None:  # what the toc extension gives a heading without an id
            anchor = unique(slugify(html.unescape(name), "-"), anchors, counters)
        parts[part] = f'<h{level} id="{anchor}">{inner}</h{level}>'
        tokens.append({"level": level, "id": anchor, "name": name})
    title = heading_text(headings[0][2]) if headings and headings[0][0] == 0 and headings[0][1] == 1 else None
    return Rendered("\n".join(parts), nest_toc_tokens(tokens), title, frozenset(anchors))


#: The Markdown extensions MkDocs adds (``toc``, ``tables``, ``fenced_code``) and the project's own
#: (``mkdocs.yml``), in the settings :func:`render_subset` renders as.
SUBSET_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list", "md_in_html"})


def renders_as(extensions: list[Any], configs: dict[str, Any]) -> bool:
    """Whether :func:`render_subset` renders as Markdown with these extensions and settings: only the
    known extensions, named, in their default settings (another extension or a ``toc`` slugify of
    one's own may render the same text differently)."""
    return all(isinstance(e, str) and e in SUBSET_EXTENSIONS and not configs.get(e) for e in extensions)
