"""ASCII path parts for report pages: agency names in pinyin, years as digits.

Slugs are the only report-derived text that reaches a file path, so they are
built from ``[a-z0-9-]`` alone: no ``/``, no ``..``, nothing that could leave
``content/reports``.
"""

from __future__ import annotations

import functools
import hashlib
import re

UNKNOWN_AGENCY_SLUG = "unknown-agency"
UNKNOWN_YEAR_SLUG = "unknown-year"
MAX_SLUG_LENGTH = 80

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _ascii_words(text: str) -> list[str]:
    """Pinyin syllables for Han characters, ASCII runs kept, everything else dropped."""
    from pypinyin import Style, lazy_pinyin  # loading its dictionaries takes a while: only when needed

    words: list[str] = []
    for piece in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        word = _NOT_SLUG.sub("-", piece.lower()).strip("-")
        if word:
            words.append(word)
    return words


def _shorten(slug: str) -> str:
    if len(slug) <= MAX_SLUG_LENGTH:
        return slug
    cut = slug[:MAX_SLUG_LENGTH]
    return cut[: cut.rfind("-")] if "-" in cut else cut


@functools.lru_cache(maxsize=65536)
def agency_slug(agency: str | None) -> str:
    """``泗门镇人民政府`` → ``si-men-zhen-ren-min-zheng-fu``; unknown → ``unknown-agency``.

    A name with nothing pronounceable (only punctuation, say) gets a short hash so
    that it still has its own folder.
    """
    if agency is None or not agency.strip():
        return UNKNOWN_AGENCY_SLUG
    slug = _shorten("-".join(_ascii_words(agency)))
    if not slug:
        return "agency-" + hashlib.sha256(agency.encode("utf-8")).hexdigest()[:8]
    return slug


def unnamed_agency_slug(source: str) -> str:
    """Folder of a report that names no agency: ``unknown-agency-`` + the source file's name,
    so that unnamed reports never share a page (``2017-xiang.txt`` → ``unknown-agency-2017-xiang``)."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = _shorten("-".join(_ascii_words(stem)))
    if not words:
        words = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    return _shorten(f"{UNKNOWN_AGENCY_SLUG}-{words}")


def year_slug(year: int | None) -> str:
    return UNKNOWN_YEAR_SLUG if year is None else str(int(year))


def is_safe_slug(slug: str) -> bool:
    """True for a path part made only of ``[a-z0-9]`` words joined by single hyphens."""
    return bool(SLUG_PATTERN.match(slug))
