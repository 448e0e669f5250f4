"""Streaming builder of the sharded search index.

Layout under the output directory (all JSON, UTF-8)::

    manifest.json            counts, scoring constants, traditional→simplified map
    s/<shard>.json           {token: posting | big-file number} for the tokens hashing there
    b/<shard>-<n>.json       the posting of one very common token
    d/<id // 256>/<id>-<chunk>.json   {u, t, a, y, n, x}: url, title, agency, year,
                             chunk count and the text of one chunk of one document

A posting is ``[ids, levels, first_chunks, title_ids, title_levels]``: document ids
(gap-encoded, see :mod:`plugins.search.encoding`), the quantised BM25 term-frequency
factor per id (the ``k1``/``b`` formula of lunr's builder), the chunk where the token
first occurs, and the same ids/levels for the heading field (title + agency).

Memory stays flat: documents are handled one at a time, their chunk files written at
once and their postings spilled to :data:`SPILL_BUCKETS` files; :meth:`IndexWriter.finish`
then turns one bucket at a time into shard files.
"""

from __future__ import annotations

import json
import pickle
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugins.search.encoding import encode_gaps, encode_levels, encode_numbers
from plugins.search.tokens import first_chunks, fold, iter_chunks, masked, shard_hash, token_counts

SPILL_BUCKETS = 64
SPILL_POSTINGS = 400_000
CHUNK_CHARS = 1024
DOCS_PER_DIR = 256
TOKENS_PER_SHARD = 48
BIG_POSTING_CHARS = 3000
K1 = 1.2
B = 0.75
LEVELS = 63
FORMAT = 1


@dataclass(frozen=True)
class SearchDocument:
    """One searchable page. ``text`` is everything a match may be found in."""

    url: str
    title: str
    agency: str
    year: int | None
    text: str


def page_text(title: str, agency: str, body: str) -> str:
    """The searchable text of a page: title, agency and body text, one per line."""
    return "\n".join(part for part in (title, agency, body) if part)


def length_norm(length: int, average: float) -> float:
    """The document-length part of lunr's BM25 term-frequency factor."""
    return K1 * (1 - B + B * length / average)


def level_of(tf: int, norm: float) -> int:
    """lunr's BM25 term-frequency factor ``(k1 + 1) tf / (norm + tf)``, scaled to 1…LEVELS."""
    return max(1, min(LEVELS, round(LEVELS * tf / (norm + tf))))


def tf_level(tf: int, length: int, average: float) -> int:
    return level_of(tf, length_norm(length, average))


def shard_count(vocabulary: int) -> int:
    """A power-of-two multiple of SPILL_BUCKETS giving about TOKENS_PER_SHARD tokens a shard."""
    count = SPILL_BUCKETS
    while count * TOKENS_PER_SHARD < vocabulary:
        count *= 2
    return count


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), "utf-8")


class IndexWriter:
    """Add documents one by one with :meth:`add`, then call :meth:`finish` once."""

    def __init__(self, out_dir: Path, *, chunk_chars: int = CHUNK_CHARS) -> None:
        self.out_dir = out_dir
        self.chunk_chars = chunk_chars
        out_dir.mkdir(parents=True, exist_ok=True)
        self._spill_dir = Path(tempfile.mkdtemp(prefix="archive-search-"))
        self._buffers: list[tuple[list[tuple[str, int, int, int]], list[tuple[str, int, int]]]] = [
            ([], []) for _ in range(SPILL_BUCKETS)
        ]
        self._buffered = 0
        self._hashes: dict[str, int] = {}
        self._text_lengths: list[int] = []
        self._title_lengths: list[int] = []
        self._chars: set[str] = set()

    @property
    def count(self) -> int:
        return len(self._text_lengths)

    def _hash(self, token: str) -> int:
        value = self._hashes.get(token)
        if value is None:
            value = self._hashes[token] = shard_hash(token)
        return value

    def add(self, doc: SearchDocument) -> int:
        """Index one document; returns its id."""
        doc_id = self.count
        self._write_chunks(doc_id, doc)
        text = masked(fold(doc.text))
        counts = token_counts(text)
        first = first_chunks(text, self.chunk_chars)
        title_counts = token_counts(masked(fold(f"{doc.title}\n{doc.agency}")))
        self._text_lengths.append(sum(counts.values()))
        self._title_lengths.append(sum(title_counts.values()))
        self._chars.update(doc.text)
        buffers = self._buffers
        for token, tf in counts.items():
            buffers[self._hash(token) % SPILL_BUCKETS][0].append((token, doc_id, tf, first[token]))
        for token, tf in title_counts.items():
            buffers[self._hash(token) % SPILL_BUCKETS][1].append((token, doc_id, tf))
        self._buffered += len(counts) + len(title_counts)
        if self._buffered >= SPILL_POSTINGS:
            self._spill()
        return doc_id

    def _write_chunks(self, doc_id: int, doc: SearchDocument) -> None:
        directory = self.out_dir / "d" / str(doc_id // DOCS_PER_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        chunks = list(iter_chunks(doc.text, self.chunk_chars))
        for number, piece in enumerate(chunks):
            data = {
                "u": doc.url,
                "t": doc.title,
                "a": doc.agency,
                "y": doc.year,
                "n": len(chunks),
                "x": piece,
            }
            write_json(directory / f"{doc_id}-{number}.json", data)

    def _spill(self) -> None:
        for bucket, (text_postings, title_postings) in enumerate(self._buffers):
            if text_postings or title_postings:
                with (self._spill_dir / f"{bucket}.pickle").open("ab") as handle:
                    pickle.dump((text_postings, title_postings), handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._buffers = [([], []) for _ in range(SPILL_BUCKETS)]
        self._buffered = 0

    def _read_bucket(self, bucket: int) -> tuple[list[tuple[str, int, int, int]], list[tuple[str, int, int]]]:
        text_postings: list[tuple[str, int, int, int]] = []
        title_postings: list[tuple[str, int, int]] = []
        path = self._spill_dir / f"{bucket}.pickle"
        if path.exists():
            with path.open("rb") as handle:
                while True:
                    try:
                        more_text, more_title = pickle.load(handle)
                    except EOFError:
                        break
                    text_postings.extend(more_text)
                    title_postings.extend(more_title)
        return text_postings, title_postings

    def finish(self, traditional: dict[str, str] | None = None) -> dict[str, Any]:
        """Write shards and manifest; returns the manifest. Removes the spill files."""
        try:
            self._spill()
            shards = shard_count(len(self._hashes))
            text_average = max(1.0, sum(self._text_lengths) / max(1, self.count))
            title_average = max(1.0, sum(self._title_lengths) / max(1, self.count))
            (self.out_dir / "s").mkdir(exist_ok=True)
            (self.out_dir / "b").mkdir(exist_ok=True)
            for bucket in range(SPILL_BUCKETS):
                text_postings, title_postings = self._read_bucket(bucket)
                self._write_shards(bucket, shards, text_postings, title_postings, text_average, title_average)
        finally:
            shutil.rmtree(self._spill_dir, ignore_errors=True)
        manifest = {
            "format": FORMAT,
            "documents": self.count,
            "shards": shards,
            "chunk": self.chunk_chars,
            "docsPerDir": DOCS_PER_DIR,
            "k1": K1,
            "b": B,
            "levels": LEVELS,
            "traditional": dict(sorted((traditional or {}).items())),
        }
        write_json(self.out_dir / "manifest.json", manifest)
        return manifest

    @staticmethod
    def _norms(lengths: list[int], average: float) -> list[float]:
        return [length_norm(length, average) for length in lengths]

    @property
    def characters(self) -> set[str]:
        """Every character that occurs in the indexed text."""
        return self._chars

    def _write_shards(
        self,
        bucket: int,
        shards: int,
        text_postings: list[tuple[str, int, int, int]],
        title_postings: list[tuple[str, int, int]],
        text_average: float,
        title_average: float,
    ) -> None:
        text_norms = self._norms(self._text_lengths, text_average)
        title_norms = self._norms(self._title_lengths, title_average)
        titles: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for token, doc_id, tf in sorted(title_postings):
            titles[token].append((doc_id, level_of(tf, title_norms[doc_id])))
        by_shard: dict[int, dict[str, Any]] = defaultdict(dict)
        for token, group in _group_by_token(sorted(text_postings)):
            ids = [doc_id for _, doc_id, _, _ in group]
            levels = [level_of(tf, text_norms[doc_id]) for _, doc_id, tf, _ in group]
            heading = titles.get(token, [])
            by_shard[self._hash(token) % shards][token] = [
                encode_gaps(ids),
                encode_levels(levels),
                encode_numbers(chunk for _, _, _, chunk in group),
                encode_gaps(doc_id for doc_id, _ in heading),
                encode_levels(level for _, level in heading),
            ]
        for shard in range(bucket, shards, SPILL_BUCKETS):
            entries = by_shard.get(shard, {})
            big = sorted(
                token
                for token, posting in entries.items()
                if len(posting[0]) + len(posting[1]) > BIG_POSTING_CHARS
            )
            for number, token in enumerate(big):
                write_json(self.out_dir / "b" / f"{shard}-{number}.json", entries[token])
                entries[token] = number
            write_json(self.out_dir / "s" / f"{shard}.json", entries)


def _group_by_token(
    postings: list[tuple[str, int, int, int]],
) -> Iterable[tuple[str, list[tuple[str, int, int, int]]]]:
    start = 0
    for index in range(1, len(postings) + 1):
        if index == len(postings) or postings[index][0] != postings[start][0]:
            yield postings[start][0], postings[start:index]
            start = index
