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

Why the shards are written here rather than by ``lunr.py``: a lunr index holds one
vector per document over *all* of that document's terms, so it cannot be cut into
per-token shards that a browser fetches lazily; and ``lunr.Index`` objects for 20,000
reports cost minutes and gigabytes. The postings carry exactly the numbers lunr's
BM25 scoring uses (term frequency factor per field, document frequency for the idf).

Speed and memory: documents are handled one at a time, their chunk files written at
once; postings accumulate per token in compact arrays (document id, term frequency,
first chunk) and are spilled to :data:`SPILL_BUCKETS` files whenever
:data:`SPILL_POSTINGS` have gathered. Because ids only grow, the spilled pieces of a
token concatenate in order. :meth:`IndexWriter.finish` turns one bucket at a time into
shard files, on several processes when the archive is large; the per-posting work
there runs in C (``map`` over builtins, ``bytes.translate``), not in Python loops.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from array import array
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from operator import getitem, sub
from pathlib import Path
from typing import Any

from plugins.search.encoding import ALPHABET, encode_number, encode_numbers
from plugins.search.tokens import first_chunks, fold, iter_chunks, masked, shard_hash, token_counts

SPILL_BUCKETS = 64
SPILL_POSTINGS = 3_000_000
CHUNK_CHARS = 1024
DOCS_PER_DIR = 256
TOKENS_PER_SHARD = 48
BIG_POSTING_CHARS = 3000
K1 = 1.2
B = 0.75
LEVELS = 63
FORMAT = 1
#: Term frequencies up to this value get their level from a per-document table.
TABLE_TF = 255
#: Below this many documents the shards are written in this process (no worker start-up).
PARALLEL_FROM = 1000

#: ``bytes.translate`` table writing a level 0–63 as its one-character code.
LEVEL_CODES = bytes(ALPHABET, "ascii") + bytes(256 - len(ALPHABET))


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


def level_table(norm: float) -> bytes:
    """``level_of(tf, norm)`` for tf = 0…TABLE_TF, one byte each (index 0 unused)."""
    return bytes([0, *(level_of(tf, norm) for tf in range(1, TABLE_TF + 1))])


def shard_count(vocabulary: int) -> int:
    """A power-of-two multiple of SPILL_BUCKETS giving about TOKENS_PER_SHARD tokens a shard."""
    count = SPILL_BUCKETS
    while count * TOKENS_PER_SHARD < vocabulary:
        count *= 2
    return count


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), "utf-8")


#: Per token while indexing: document ids, term frequencies, first chunks (text field only).
Postings = tuple[array, array, array]


def _new_postings() -> Postings:
    return array("I"), array("I"), array("I")


class IndexWriter:
    """Add documents one by one with :meth:`add`, then call :meth:`finish` once."""

    def __init__(self, out_dir: Path, *, chunk_chars: int = CHUNK_CHARS) -> None:
        self.out_dir = out_dir
        self.chunk_chars = chunk_chars
        out_dir.mkdir(parents=True, exist_ok=True)
        self._spill_dir = Path(tempfile.mkdtemp(prefix="archive-search-"))
        self._text: dict[str, Postings] = {}
        self._title: dict[str, Postings] = {}
        self._buffered = 0
        self._hashes: dict[str, int] = {}
        self._text_lengths: list[int] = []
        self._title_lengths: list[int] = []
        self._chars: set[str] = set()

    @property
    def count(self) -> int:
        return len(self._text_lengths)

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
        postings = self._text
        for token, tf in counts.items():
            entry = postings.get(token)
            if entry is None:
                entry = postings[token] = _new_postings()
            entry[0].append(doc_id)
            entry[1].append(tf)
            entry[2].append(first[token])
        titles = self._title
        for token, tf in title_counts.items():
            entry = titles.get(token)
            if entry is None:
                entry = titles[token] = _new_postings()
            entry[0].append(doc_id)
            entry[1].append(tf)
        self._buffered += len(counts) + len(title_counts)
        if self._buffered >= SPILL_POSTINGS:
            self._spill()
        return doc_id

    def _write_chunks(self, doc_id: int, doc: SearchDocument) -> None:
        directory = self.out_dir / "d" / str(doc_id // DOCS_PER_DIR)
        if doc_id % DOCS_PER_DIR == 0:
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

    def _bucket(self, token: str) -> int:
        value = self._hashes.get(token)
        if value is None:
            value = self._hashes[token] = shard_hash(token)
        return value % SPILL_BUCKETS

    def _spill(self) -> None:
        """Append the gathered postings to the bucket files and start afresh."""
        buckets: list[tuple[list[tuple[str, Postings]], list[tuple[str, Postings]]]] = [
            ([], []) for _ in range(SPILL_BUCKETS)
        ]
        for token, entry in self._text.items():
            buckets[self._bucket(token)][0].append((token, entry))
        for token, entry in self._title.items():
            buckets[self._bucket(token)][1].append((token, entry))
        for bucket, content in enumerate(buckets):
            if content[0] or content[1]:
                with (self._spill_dir / f"{bucket}.pickle").open("ab") as handle:
                    pickle.dump(content, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._text = {}
        self._title = {}
        self._buffered = 0

    def finish(self, traditional: dict[str, str] | None = None, *, workers: int | None = None) -> dict[str, Any]:
        """Write shards and manifest; returns the manifest. Removes the spill files.

        ``workers``: processes for the shard files (default: the CPUs, when the archive is large).
        """
        try:
            self._spill()
            shards = shard_count(len(self._hashes))
            text_norms = _norms(self._text_lengths)
            title_norms = _norms(self._title_lengths)
            (self.out_dir / "s").mkdir(exist_ok=True)
            (self.out_dir / "b").mkdir(exist_ok=True)
            job = ShardJob(
                spill_dir=self._spill_dir,
                out_dir=self.out_dir,
                shards=shards,
                text_norms=text_norms,
                title_norms=title_norms,
                text_tables=_level_tables(text_norms),
                title_tables=_level_tables(title_norms),
                documents=self.count,
            )
            if workers is None:
                workers = default_workers(self.count)
            if workers > 1:
                with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
                    list(pool.map(job.write_bucket, range(SPILL_BUCKETS)))
            else:
                for bucket in range(SPILL_BUCKETS):
                    job.write_bucket(bucket)
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

    @property
    def characters(self) -> set[str]:
        """Every character that occurs in the indexed text."""
        return self._chars


def default_workers(documents: int) -> int:
    """Processes for :meth:`IndexWriter.finish`: the CPUs (at most 4) for a large archive, where ``fork`` exists.

    ``fork`` because the workers need nothing but the job they are handed, and unlike
    ``spawn`` it does not re-import the program that runs MkDocs.
    """
    if documents < PARALLEL_FROM or "fork" not in get_all_start_methods():
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _norms(lengths: list[int]) -> list[float]:
    average = max(1.0, sum(lengths) / max(1, len(lengths)))
    return [length_norm(length, average) for length in lengths]


def _level_tables(norms: list[float]) -> list[bytes]:
    """Per document: its :func:`level_table` (documents of equal norm share one)."""
    tables: dict[float, bytes] = {}
    return [tables.get(norm) or tables.setdefault(norm, level_table(norm)) for norm in norms]


def encode_ids(ids: array, codes: list[str]) -> str:
    """:func:`~plugins.search.encoding.encode_gaps` with a table of codes (``codes[n]`` encodes n)."""
    if not ids:
        return ""
    gaps = map(sub, ids[1:], ids[:-1])
    return codes[ids[0]] + "".join(map(codes.__getitem__, map((-1).__add__, gaps)))


def encode_small_numbers(values: array, codes: list[str]) -> str:
    """:func:`~plugins.search.encoding.encode_numbers`, by table when every value is in it."""
    if max(values, default=0) < len(codes):
        return "".join(map(codes.__getitem__, values))
    return encode_numbers(values)


def encode_levels_of(ids: array, tfs: array, tables: list[bytes], norms: list[float]) -> str:
    """The level code of each posting: by per-document table, or computed beyond the table."""
    if max(tfs, default=0) <= TABLE_TF:
        levels = bytes(map(getitem, map(tables.__getitem__, ids), tfs))
    else:
        levels = bytes(level_of(tf, norms[doc_id]) for doc_id, tf in zip(ids, tfs, strict=True))
    return levels.translate(LEVEL_CODES).decode("ascii")


def _read_bucket(path: Path) -> tuple[dict[str, Postings], dict[str, Postings]]:
    """A bucket's spilled postings, the pieces of each token joined in document order."""
    text: dict[str, Postings] = {}
    title: dict[str, Postings] = {}
    if not path.exists():
        return text, title
    with path.open("rb") as handle:
        while True:
            try:
                more_text, more_title = pickle.load(handle)
            except EOFError:
                break
            for target, pieces in ((text, more_text), (title, more_title)):
                for token, piece in pieces:
                    entry = target.get(token)
                    if entry is None:
                        target[token] = piece
                    else:
                        for whole, part in zip(entry, piece, strict=True):
                            whole.extend(part)
    return text, title


@dataclass(frozen=True)
class ShardJob:
    """Everything needed to turn one spill bucket into shard files (picklable for worker processes)."""

    spill_dir: Path
    out_dir: Path
    shards: int
    text_norms: list[float]
    title_norms: list[float]
    text_tables: list[bytes]
    title_tables: list[bytes]
    documents: int

    def write_bucket(self, bucket: int) -> None:
        text, title = _read_bucket(self.spill_dir / f"{bucket}.pickle")
        codes = [encode_number(n) for n in range(self.documents + 1)]
        by_shard: dict[int, dict[str, Any]] = {}
        empty = _new_postings()
        for token in sorted(text):
            ids, tfs, firsts = text[token]
            heading_ids, heading_tfs, _ = title.get(token, empty)
            by_shard.setdefault(shard_hash(token) % self.shards, {})[token] = [
                encode_ids(ids, codes),
                encode_levels_of(ids, tfs, self.text_tables, self.text_norms),
                encode_small_numbers(firsts, codes),
                encode_ids(heading_ids, codes),
                encode_levels_of(heading_ids, heading_tfs, self.title_tables, self.title_norms),
            ]
        for shard in range(bucket, self.shards, SPILL_BUCKETS):
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
