"""Text normalisation for matching (never for display).

The reader matches patterns against normalised lines; pages show the source's own
characters. :func:`normalize_text` keeps the number of lines, so a line number found
in the normalised text is the line number in the decoded source.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u3000\u2002\u2003\u2009\u202f"), " ")
_FULLWIDTH_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ASCII.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ASCII.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH_ASCII.update({0xFF0E: ord("."), 0xFF05: ord("%"), 0xFF0B: ord("+"), 0xFF0F: ord("/")})
#: Any character :func:`normalize_line` changes; lines without one are returned as they are.
_FOLDABLE = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u3000\u2002\u2003\u2009\u202f"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0e\uff05\uff0b\uff0f\u2e80-\u2fdf]"
)


def _radical_to_ideograph(char: str) -> str:
    return unicodedata.normalize("NFKC", char)


#: What each character :data:`_FOLDABLE` matches becomes: one lookup per folded character
#: (``str.translate`` with a dict costs ~60 ns for every character of a non-ASCII line).
_FOLDED: dict[str, str] = {
    chr(cp): "" if to is None else to if isinstance(to, str) else chr(to)
    for table in (_ZERO_WIDTH, _SPACES, _FULLWIDTH_ASCII)
    for cp, to in table.items()
}
_FOLDED.update({chr(cp): _radical_to_ideograph(chr(cp)) for cp in range(0x2E80, 0x2FE0)})


def _fold(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def normalize_line(line: str) -> str:
    """Fold the look-alikes web pages use: full-width digits and Latin letters, odd spaces,
    zero-width characters, Kangxi/CJK radicals that stand for ordinary ideographs."""
    if _FOLDABLE.search(line) is None:
        return line
    return _FOLDABLE.sub(_fold, line)


def normalize_text(text: str) -> str:
    """:func:`normalize_line` applied to every line; the line count is unchanged."""
    return "\n".join(normalize_line(line) for line in text.split("\n"))
