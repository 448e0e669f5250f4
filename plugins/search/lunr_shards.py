"""The title/agency index: genuine lunr.py indexes, one per token shard, queried by lunr.js.

Each shard file ``t/<shard>.json`` is ``lunr.index.Index.serialize()`` of an index built by
``lunr.builder.Builder`` with no pipeline and no search pipeline (tokens are indexed as
given), ``ref`` = the document id as a string and two fields, ``title`` (boost
:data:`TITLE_BOOST`) and ``agency`` (boost :data:`AGENCY_BOOST`). A shard holds the
tokens hashing to it (:func:`~plugins.search.tokens.shard_hash`), and each document
lists only those of its title/agency tokens: a field value is the list of its tokens,
each repeated term-frequency times (lunr.py's documented list form of a field, which
skips its string tokenizer).
"""

from __future__ import annotations

from typing import Any

from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token_set import TokenSet

TITLE_BOOST = 10
AGENCY_BOOST = 5
FIELDS = ("title", "agency")

#: A document of a shard: its id and, per field, the field's tokens (each repeated tf times).
ShardDocument = tuple[int, list[str], list[str]]


def lunr_can_hold(token: str) -> bool:
    """Whether lunr.py indexes ``token`` unchanged and lunr.js sorts it like Python.

    lunr.py lower-cases list elements, and lunr.js loads the sorted term list in UTF-16
    order, which differs from Python's code-point order only beyond the BMP.
    """
    return token.lower() == token and all(char <= "\uffff" for char in token)


def new_builder() -> Builder:
    """A lunr.py builder with the archive's fields and no (search) pipeline."""
    builder = Builder()
    builder.ref("id")
    builder.field("title", boost=TITLE_BOOST)
    builder.field("agency", boost=AGENCY_BOOST)
    return builder


def empty_index() -> Index:
    """The index of a shard no token hashes to (lunr.py's builder cannot build one from no documents)."""
    return Index(
        inverted_index={}, field_vectors={}, token_set=TokenSet(), fields=list(FIELDS), pipeline=Pipeline()
    )


def shard_index(documents: list[ShardDocument]) -> dict[str, Any]:
    """The serialized lunr index of one shard; ``documents`` in ascending id order."""
    if not documents:
        return empty_index().serialize()
    builder = new_builder()
    for doc_id, title, agency in documents:
        builder.add({"id": str(doc_id), "title": title, "agency": agency})
    return builder.build().serialize()
