"""Bytes the theme's templates leave in every page, removed as the page is written.

Material's Jinja templates are indented for reading: a report page carries about 2 KB of
indentation and blank lines, and the theme's ``__config`` block spells each Chinese character
as a six-byte ``\\uXXXX`` escape. At 20,000 reports (and as many generated pages) that is tens of
megabytes of a site that GitHub Pages caps at 1 GB.

:func:`compact_page` changes nothing a reader or a script sees:

* a run of whitespace that holds a line break becomes one line break. Outside ``<pre>``,
  ``<textarea>``, ``<script>`` and ``<style>`` (kept byte for byte) a browser renders any such run
  as one space, or nothing between blocks, so the page renders the same, inline content included
  (the space between two links stays a space);
* the ``__config`` JSON that Material's bundle parses is written without escapes and without the
  spaces after separators, and without the phrases of components the page does not have (see
  :func:`compact_config`). It is data (``application/json``), never run, so the
  Content-Security-Policy's script hashes do not cover it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

#: Elements whose text is kept verbatim (whitespace matters in them, or they are code).
_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
#: What a whitespace run holding a line break may hold besides line breaks.
_BLANKS = " \t\r\f"
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
#: Phrases of Material's own search and version selector (``__config.translations`` keys by prefix).
UNUSED_TRANSLATIONS = ("search.", "select.version")
#: What must not appear raw in JSON inside ``<script>`` (as Jinja's ``tojson`` escapes it).
_JSON_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


def collapse_whitespace(html: str) -> str:
    """``html`` with every whitespace run that holds a line break turned into one ``\\n``,
    except inside ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``."""
    parts = []
    position = 0
    for match in _VERBATIM.finditer(html):
        parts.append(_collapse_runs(html[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_collapse_runs(html[position:]))
    return "".join(parts)


def _collapse_runs(text: str) -> str:
    """``text`` with each whitespace run that holds a line break turned into one ``\\n``.

    Line by line (about twice as fast as a regular expression over Material's indentation): the
    blanks that end the first line, surround an inner line or start the last line touch a line
    break; an inner line of blanks only is part of a run.
    """
    if "\n" not in text:
        return text
    lines = text.split("\n")
    inner = [line for line in (line.strip(_BLANKS) for line in lines[1:-1]) if line]
    return "\n".join([lines[0].rstrip(_BLANKS), *inner, lines[-1].lstrip(_BLANKS)])


def compact_config(html: str) -> str:
    """The theme's ``__config`` JSON re-written compactly (UTF-8 text, no spaces); unchanged when
    it does not parse. On a page without Material's search box (the archive has its own) the
    search and version-selector phrases are left out: only those two components of Material's
    bundle read them, and neither is on the page."""
    searching = 'data-md-component="search"' in html

    def rewrite(match: re.Match[str]) -> str:
        text = _compact_json(match.group(2), searching)
        return match.group(0) if text is None else match.group(1) + text + match.group(3)

    return _CONFIG.sub(rewrite, html, count=1)


@lru_cache(maxsize=64)  # the theme writes a few distinct configurations (one per folder depth)
def _compact_json(config: str, searching: bool) -> str | None:
    """The ``__config`` JSON ``config`` written compactly (None when it does not parse)."""
    try:
        value = json.loads(config)
    except ValueError:
        return None
    phrases = value.get("translations") if isinstance(value, dict) else None
    if isinstance(phrases, dict):
        unused = () if searching else UNUSED_TRANSLATIONS
        value["translations"] = {k: v for k, v in phrases.items() if not k.startswith(unused)}
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r"[<>&']", lambda m: _JSON_HTML[m.group(0)], text)


def compact_page(html: str) -> str:
    """A written page without the theme's indentation and escapes (see the module's docstring)."""
    return collapse_whitespace(compact_config(html))
