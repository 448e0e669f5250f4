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

#: Elements whose text is kept verbatim (whitespace matters in them, or they are code).
_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
#: A whitespace run with at least one line break in it.
_RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
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
        parts.append(_RUN.sub("\n", html[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_RUN.sub("\n", html[position:]))
    return "".join(parts)


def compact_config(html: str) -> str:
    """The theme's ``__config`` JSON re-written compactly (UTF-8 text, no spaces); unchanged when
    it does not parse. On a page without Material's search box (the archive has its own) the
    search and version-selector phrases are left out: only those two components of Material's
    bundle read them, and neither is on the page."""
    unused = () if 'data-md-component="search"' in html else UNUSED_TRANSLATIONS

    def rewrite(match: re.Match[str]) -> str:
        try:
            value = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        phrases = value.get("translations") if isinstance(value, dict) else None
        if isinstance(phrases, dict):
            value["translations"] = {k: v for k, v in phrases.items() if not k.startswith(unused)}
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return match.group(1) + re.sub(r"[<>&']", lambda m: _JSON_HTML[m.group(0)], text) + match.group(3)

    return _CONFIG.sub(rewrite, html, count=1)


def compact_page(html: str) -> str:
    """A written page without the theme's indentation and escapes (see the module's docstring)."""
    return collapse_whitespace(compact_config(html))
