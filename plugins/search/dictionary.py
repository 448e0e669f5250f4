"""The shared DEFLATE dictionary of the document files: clauses that many reports repeat.

Reports repeat the same clauses (the regulation's name, the template's headings and table
labels, 本报告所列数据统计期限 …). Each document file is raw DEFLATE compressed with these
clauses as its preset dictionary (``zdict``), which makes it about 40 % smaller. Browsers'
``DecompressionStream`` takes no preset dictionary, so ``search.js`` inflates the stream
``stored_block(dictionary) + document`` and drops the dictionary's bytes from the output:
a DEFLATE decoder may refer back into whatever it has output, and a stored block ends on a
byte boundary, where the document's own stream begins (:func:`inflate_like_the_browser`).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable

#: DEFLATE's window: a dictionary longer than this could not be referred to.
DICTIONARY_BYTES = 32768
#: A clause: up to and including the next clause-ending punctuation or line end.
CLAUSE = re.compile(r"[^。\n；，、：]+[。\n；，、：]?")
#: Clauses shorter than this are not worth a dictionary entry.
MIN_CLAUSE_CHARS = 4
#: A clause enters the dictionary when this share of the sampled documents (at least two) has it.
MIN_SHARE = 0.01


def shared_clauses(texts: Iterable[str], limit: int = DICTIONARY_BYTES) -> list[str]:
    """The clauses of the dictionary of ``texts``: those in at least :data:`MIN_SHARE` of them (and
    two), the most widespread last (closest to the compressed text, so the cheapest to refer to),
    at most ``limit`` UTF-8 bytes together."""
    documents = 0
    frequency: Counter[str] = Counter()
    for text in texts:
        documents += 1
        frequency.update({clause for clause in CLAUSE.findall(text) if len(clause) >= MIN_CLAUSE_CHARS})
    floor = max(2, round(MIN_SHARE * documents))
    chosen: list[str] = []
    size = 0
    for clause, count in sorted(frequency.items(), key=lambda item: (-item[1], item[0])):
        if count < floor:
            break
        length = len(clause.encode("utf-8"))
        if size + length <= limit:
            chosen.append(clause)
            size += length
    return chosen[::-1]


def common_clauses(texts: Iterable[str], limit: int = DICTIONARY_BYTES) -> bytes:
    """The dictionary of ``texts``: :func:`shared_clauses` one after the other, UTF-8."""
    return "".join(shared_clauses(texts, limit)).encode("utf-8")


def compress(data: bytes, dictionary: bytes, level: int = 9) -> bytes:
    """Raw DEFLATE of ``data`` with ``dictionary`` preset."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15, zdict=dictionary)
    return packer.compress(data) + packer.flush()


def stored_block(data: bytes) -> bytes:
    """A non-final stored DEFLATE block holding ``data`` (at most 65,535 bytes)."""
    return bytes([0]) + len(data).to_bytes(2, "little") + (len(data) ^ 0xFFFF).to_bytes(2, "little") + data


def inflate_like_the_browser(compressed: bytes, dictionary: bytes) -> bytes:
    """What ``search.js`` does: inflate ``stored_block(dictionary) + compressed`` without a preset
    dictionary and drop the dictionary's bytes."""
    return zlib.decompress(stored_block(dictionary) + compressed, -15)[len(dictionary) :]
