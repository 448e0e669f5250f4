"""The Content-Security-Policy of every page: scripts only from the site itself plus the theme's inline scripts.

``overrides/main.html`` puts a strict placeholder policy first in ``<head>`` (a ``<meta>`` policy covers
only what follows it); after each page is rendered, :func:`with_policy` replaces it with :data:`POLICY`
allowing, by SHA-256 hash, exactly the inline scripts the theme rendered into this page. Those
scripts differ per page (Material writes the page's relative base URL into them), so the hashes
are computed from the rendered page. Inline scripts that are part of the page's content (what
Markdown and the plugins made of a report) are never hashed, so text from a report cannot turn
into an allowed script. There is no third-party origin in the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re

#: The policy; ``{hashes}`` becomes the theme's inline scripts' ``'sha256-…'`` sources.
POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "frame-src 'none'; base-uri 'self'; form-action 'self'"
)
#: The placeholder ``overrides/main.html`` writes (empty, so ignored, in a build without this plugin).
PLACEHOLDER = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*" data-archive-csp>')
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
#: ``type`` values a browser runs as script (no type at all is JavaScript too).
_JS_TYPES = frozenset({"text/javascript", "application/javascript", "module", "text/ecmascript"})


def script_hash(code: str) -> str:
    """The CSP source that allows an inline script with exactly this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script in ``html`` that a browser would run."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes, code = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        if kind is None or kind.group(1).lower() in _JS_TYPES:
            found.append(code)
    return found


def with_policy(output: str, content: str = "") -> str:
    """The page with its CSP placeholder replaced; scripts that occur in ``content`` are not allowed."""
    if PLACEHOLDER.search(output) is None:
        return output
    own = set(inline_scripts(content)) if content else set()
    hashes = sorted({script_hash(code) for code in inline_scripts(output) if code not in own})
    policy = POLICY.format(hashes="".join(" " + h for h in hashes))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}" data-archive-csp>'
    return PLACEHOLDER.sub(lambda _: tag, output, count=1)
