"""Compact text encoding of posting lists (decoded by ``search.js``).

Numbers are written in base 32 with the URL-safe base64 alphabet: a digit below 32
ends a number, a digit of 32 or more carries five more bits and continues it. Small
numbers (the usual document-id gap of a common token) take one character, and the
strings compress well under gzip.
"""

from __future__ import annotations

from collections.abc import Iterable

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
DECODE = {char: value for value, char in enumerate(ALPHABET)}


def _encode_number(value: int) -> str:
    if value < 0:
        raise ValueError(f"cannot encode negative number {value}")
    groups = [value & 31]
    value >>= 5
    while value:
        groups.append(32 | (value & 31))
        value >>= 5
    return "".join(ALPHABET[group] for group in reversed(groups))


_SMALL = tuple(_encode_number(value) for value in range(1024))


def encode_number(value: int) -> str:
    return _SMALL[value] if 0 <= value < 1024 else _encode_number(value)


def encode_numbers(values: Iterable[int]) -> str:
    return "".join(map(encode_number, values))


def decode_numbers(text: str) -> list[int]:
    values: list[int] = []
    current = 0
    for char in text:
        digit = DECODE[char]
        current = current * 32 + (digit & 31)
        if digit < 32:
            values.append(current)
            current = 0
    return values


def encode_gaps(sorted_ids: Iterable[int]) -> str:
    """Strictly increasing ids as gaps minus one (consecutive ids cost one ``A``)."""
    ids = list(sorted_ids)
    starts = [0, *(doc_id + 1 for doc_id in ids[:-1])]
    return "".join(map(encode_number, map(int.__sub__, ids, starts)))


def decode_gaps(text: str) -> list[int]:
    ids: list[int] = []
    previous = -1
    for gap in decode_numbers(text):
        previous += gap + 1
        ids.append(previous)
    return ids
