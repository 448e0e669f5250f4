"""Is a decoded source text something a page can be made of?

Decoding can "succeed" on bytes that are not a report: random bytes and double-encoded
text (UTF-8 read as Latin-1 and saved again) both decode as GB18030 into rare Han
characters, which pass a character-range test. Real Chinese prose is dominated by a
small set of very common characters (的, 一, 是, 在, 年, 公, 开 …): in every report of the
shared corpus about a quarter of the Han characters come from the hundred most frequent
ones (charset-normalizer's frequency table), while mis-decoded bytes give under 1%.
"""

from __future__ import annotations

import re

from charset_normalizer.constant import FREQUENCIES

from build_scripts.errors import SourceError

#: Larger sources are refused before they are read (see README "Bad input").
MAX_TEXT_BYTES = 5 * 1024 * 1024  # .txt/.html: real reports are under 1 MB
MAX_CONTAINER_BYTES = 50 * 1024 * 1024  # .docx/.pdf: embedded images make them big

#: Below this share of very common characters the text is mis-decoded, not Chinese prose.
MIN_COMMON_SHARE = 0.08
#: The share is only judged on texts with at least this many Han characters.
MIN_HAN_FOR_SHARE = 50

_COMMON = frozenset(FREQUENCIES["Chinese"])
#: Runs of Han characters: summing run lengths is several times faster than a match per character.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_BLANK = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def size_limit(container: bool) -> int:
    return MAX_CONTAINER_BYTES if container else MAX_TEXT_BYTES


def check_size(name: str, size: int, *, container: bool) -> None:
    """Raise :class:`SourceError` when a source of ``size`` bytes is too large to convert."""
    limit = size_limit(container)
    if size > limit:
        raise SourceError(name, f"file too large ({megabytes(size)} > limit {limit // (1024 * 1024)} MB); not converted")


def check_extracted_size(name: str, text: str) -> None:
    """Raise :class:`SourceError` when the text read from a source is larger than a text source may be
    (a .docx or HTML entity soup that expands past :data:`MAX_TEXT_BYTES`)."""
    if len(text) * 3 <= MAX_TEXT_BYTES:
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise SourceError(
            name, f"its text is too large ({megabytes(size)} > limit {MAX_TEXT_BYTES // (1024 * 1024)} MB); not converted"
        )


#: The common characters as one character class: counting them is one C-level scan of the text.
_COMMON_CHAR = re.compile("[" + "".join(re.escape(char) for char in sorted(_COMMON)) + "]")


def common_count(text: str) -> int:
    """How many of the very common characters ``text`` holds (all of them are Han characters)."""
    return len(_COMMON_CHAR.findall(text))


def han_count(text: str) -> int:
    """How many Han characters ``text`` holds."""
    return sum(map(len, _HAN_RUN.findall(text)))


def check_report_text(name: str, text: str) -> None:
    """Raise :class:`SourceError` naming ``name`` when ``text`` cannot be a report's text."""
    if not text:
        raise SourceError(name, "empty file (no text)")
    if _BLANK.fullmatch(text):
        raise SourceError(name, "no text: the file holds only whitespace")
    han = han_count(text)
    if not han:
        raise SourceError(name, "no Chinese text: not a report, or in an encoding that cannot be read")
    share = common_count(text) / han
    if han >= MIN_HAN_FOR_SHARE and share < MIN_COMMON_SHARE:
        raise SourceError(
            name,
            f"decoded text is not readable Chinese (only {share:.0%} common characters): "
            "wrong encoding, double-encoded text or binary data",
        )
