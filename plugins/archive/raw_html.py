"""Raw HTML blocks of a report page, kept out of Python-Markdown.

A report page carries its tables as raw HTML blocks (written by the convert step, every cell
escaped) and the plugin puts the statistics panel, also HTML, above the text. Handed to
Markdown, all of it goes through two HTML parsers (``md_in_html``'s and the one MkDocs uses to
collect anchors), which took half of the build's time. Markdown passes a raw HTML block through
unchanged anyway, so :class:`HeldBlocks` swaps each block for a placeholder paragraph before
Markdown runs and puts the block back into the HTML Markdown made of the rest.

The generated pages (agency, year, region lists and tables) are raw HTML blocks between Markdown
headings, and go around Markdown the same way.

A raw block is a run of lines between blank lines that opens a block-level element (``<table``,
``<div``, ``<p`` …) and ends with the element's closing tag: how the convert step writes its tables
and :mod:`plugins.archive.pages` its blocks. Report text never starts a line with ``<``: it is
HTML-escaped.
"""

from __future__ import annotations

import re
import secrets

_SEPARATOR = re.compile(r"(\n[ \t]*\n)")
_OPENING = re.compile(r"<(table|div|details|figure|p|ul|ol|dl|nav|section)\b")


class HeldBlocks:
    """The raw HTML blocks taken out of one page's Markdown, in order."""

    def __init__(self) -> None:
        self._token = f"ARCHIVEHTML{secrets.token_hex(8)}X"
        self._blocks: list[str] = []

    def hold(self, html: str) -> str:
        """A Markdown paragraph standing for ``html`` (surrounded by blank lines)."""
        self._blocks.append(html)
        return f"\n\n{self._token}{len(self._blocks) - 1}\n\n"

    def hold_raw_blocks(self, markdown: str) -> str:
        """``markdown`` with each raw HTML block replaced by its placeholder."""
        parts = _SEPARATOR.split(markdown)
        for index in range(0, len(parts), 2):
            if _is_raw_block(parts[index]):
                parts[index] = self.hold(parts[index]).strip("\n")
        return "".join(parts)

    def fingerprint(self, markdown: str) -> str:
        """``markdown`` (held by this object) with its blocks, independent of the random token."""
        return "\x00".join([markdown.replace(self._token, "ARCHIVEHTML"), *self._blocks])

    def restore(self, html: str) -> str:
        """Markdown's output with every placeholder paragraph replaced by its block."""
        if not self._blocks:
            return html
        marker = f"<p>{self._token}"
        pieces = html.split(marker)
        restored = [pieces[0]]
        missing = set(range(len(self._blocks)))
        for piece in pieces[1:]:
            number, closed, rest = piece.partition("</p>")
            if closed and number.isdecimal() and int(number) < len(self._blocks):
                missing.discard(int(number))
                restored += (self._blocks[int(number)], rest)
            else:
                restored += (marker, piece)
        if missing:
            raise ValueError(f"raw HTML blocks {sorted(missing)} were lost by Markdown")
        return "".join(restored)


def _is_raw_block(chunk: str) -> bool:
    opening = _OPENING.match(chunk)
    if opening is None:
        return False
    return chunk.rstrip().endswith(f"</{opening.group(1)}>")
