"""The traditional → simplified map shipped with the index (generated with the official OpenCC package's ``t2s``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from opencc import OpenCC

#: The CJK blocks whose characters OpenCC may convert.
CJK_RANGES: tuple[tuple[int, int], ...] = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@lru_cache(maxsize=1)
def full_map() -> dict[str, str]:
    """Every CJK character that OpenCC's ``t2s`` turns into a different single character."""
    converter = OpenCC("t2s")
    mapping: dict[str, str] = {}
    for start, end in CJK_RANGES:
        for code in range(start, end + 1):
            char = chr(code)
            simplified = converter.convert(char)
            if len(simplified) == 1 and simplified != char:
                mapping[char] = simplified
    return mapping


def archive_map(characters: Iterable[str]) -> dict[str, str]:
    """The part of the map that helps on this archive.

    A traditional character is mapped only when its simplified form occurs in the
    archive and the traditional character itself does not (so a character that the
    archive uses as written is never rewritten in a query).
    """
    present = set(characters)
    return {t: s for t, s in sorted(full_map().items()) if s in present and t not in present}
