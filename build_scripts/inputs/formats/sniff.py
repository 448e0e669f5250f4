"""Is a text file really an HTML page? Decided by regular expressions alone, so reading a
plain ``.txt`` report never imports the HTML reader (lxml)."""

from __future__ import annotations

import re

# Block-level tags whose density makes a ".txt" file really an HTML document or fragment.
_HTML_SNIFF_TAG = re.compile(r"<(?:p|div|table|tr|td|th|br|h[1-6]|li|span|tbody)\b[^<>]*>", re.I)
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<(?:p|div|table|h[1-6])\b)", re.I)


def looks_like_html(text: str) -> bool:
    """True for text that is really an HTML page or fragment (e.g. a ``.txt`` holding raw markup)."""
    head = text[:2000]
    if _HTML_START.search(head) and _HTML_SNIFF_TAG.search(text):
        return True
    tags = len(_HTML_SNIFF_TAG.findall(text))
    return tags >= 5 and tags * 400 >= len(text)
