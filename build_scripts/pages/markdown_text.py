"""Report text → Markdown/HTML that shows exactly the report's characters.

Python-Markdown passes raw HTML through and reads ``#``, ``*``, ``|``, ``[..](..)`` …
as structure, so every piece of report text goes through :func:`inline` (and
:func:`paragraph` at the start of a block) before it reaches a page; table cells
go through :func:`cell` because Markdown is not processed inside an HTML block.
"""

from __future__ import annotations

import html
import re

# Characters Python-Markdown (with the tables and attr_list extensions) treats as syntax
# anywhere in a line. Backslash escapes are honoured for each of them.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]{}|])")
# Block syntax that only matters at the start of a paragraph or heading.
_BLOCK_START = re.compile(
    r"^(?:(?P<hash>#)|(?P<bullet>[-+])(?=\s|$)|(?P<rule>[-=_]{3,}\s*$)|(?P<number>\d+)(?P<dot>[.)])(?=\s|$))"
)


def inline(text: str) -> str:
    """Escape ``& < >`` and backslash-escape Markdown's inline syntax."""
    return _INLINE_SYNTAX.sub(r"\\\1", html.escape(text, quote=False))


def _neutralise_block_start(text: str) -> str:
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group("number") is not None:
        end = match.end("number")
        return f"{text[:end]}\\{text[end:]}"
    return "\\" + text


def paragraph(text: str) -> str:
    """A report line as a Markdown paragraph: inline escapes plus a neutral block start.

    Leading ASCII spaces and tabs are dropped (four of them would make a code block);
    ideographic spaces, the report's own indentation, are kept.
    """
    return _neutralise_block_start(inline(text.strip(" \t")))


def heading(level: int, text: str) -> str:
    return f"{'#' * level} {_neutralise_block_start(inline(text.strip()))}"


def cell(text: str) -> str:
    """Text for an HTML table cell (Markdown is not processed inside HTML blocks)."""
    return html.escape(text.strip(" \t\r"), quote=False)


def attribute(text: str) -> str:
    return html.escape(text, quote=True)
