"""How text becomes search tokens; ``search.js`` mirrors every rule here.

* **Folding** (per character, length-preserving): a BMP character whose NFKC form,
  lower-cased, is exactly one character is replaced by it (full-width digits and
  Latin, Kangxi radicals, upper case). Characters that would expand stay as they are,
  so positions in folded text equal positions in the displayed text.
* **Runs**: maximal sequences of letters and digits (Unicode L* and N*). Punctuation,
  spaces and symbols separate runs; no token spans them.
* **Tokens** of a text: every character of every run (unigrams) and every pair of
  neighbouring characters inside a run (overlapping bigrams).
* **Tokens** of a query run: its bigrams, or the character itself for a one-character run.
  A page matches when every query run occurs inside one of its runs.
* **Shard hash**: FNV-1a (32 bit) over the token's code points.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from operator import add

RUN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """``str.translate`` table of the length-preserving folds of the Basic Multilingual Plane."""
    table: dict[int, str] = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower()
        if len(folded) == 1 and folded != char:
            table[code] = folded
    return table


def fold(text: str) -> str:
    """Fold ``text`` for matching; the result has the same length as ``text``."""
    return text.translate(fold_table())


def runs(text: str) -> list[str]:
    """The runs of letters and digits of already folded ``text``."""
    return RUN.findall(text)


def query_runs(query: str, traditional: dict[str, str] | None = None) -> list[str]:
    """Fold a query, map traditional characters to simplified ones, split it into runs."""
    folded = fold(query)
    if traditional:
        folded = "".join(traditional.get(char, char) for char in folded)
    return runs(folded)


def run_tokens(run: str) -> list[str]:
    """The tokens that must all be present for a page to contain ``run``."""
    if len(run) == 1:
        return [run]
    return list(dict.fromkeys(map(add, run, run[1:])))


def token_counts(text: str) -> Counter[str]:
    """Term frequency of every unigram and bigram token of folded ``text``.

    A token is a character, or two neighbouring characters, that are all letters or digits:
    ``str.isalnum`` is exactly the character class of :data:`RUN` (``[^\\W_]``). C-level passes
    over the text, no Python loop per character.
    """
    counts = Counter(filter(str.isalnum, text))
    counts.update(filter(str.isalnum, map(add, text, text[1:])))
    return counts


def shard_hash(token: str) -> int:
    """FNV-1a over code points, 32 bit (``search.js`` computes the same)."""
    value = 0x811C9DC5
    for char in token:
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def contains(folded_text: str, run: str) -> bool:
    """Whether ``run`` occurs inside one run of folded text (the definition of a match)."""
    return any(run in text_run for text_run in runs(folded_text))
