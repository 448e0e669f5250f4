"""Streaming builder of the sharded search index.

Layout under the output directory::

    manifest.json            counts, scoring constants, lunr shard count and fields, the
                             tokens with compact headings, traditional→simplified map
    t/<shard>.json           a lunr.py index (``Index.serialize()``) of the title/agency
                             tokens hashing there (:mod:`plugins.search.lunr_shards`)
    s/<shard>.json           {token: posting | [big-file number, document frequency]}
                             for the tokens hashing there
    b/<shard>-<n>.json       the posting of one common token
    d/dictionary.txt         the clauses many reports share (:mod:`plugins.search.dictionary`)
    d/<id // 256>/<id>.bin   one document: raw DEFLATE (RFC 1951, no header), with
                             d/dictionary.txt as preset dictionary, of the UTF-8 JSON
                             {u, t, a, y, p, l, x}: url, title, agency, year, place, level and
                             the whole searchable text (the browser inflates it with
                             ``DecompressionStream("deflate-raw")``, see the dictionary module)

**Title and agency: lunr.py.** Every title/agency token (overlapping bigrams + unigrams,
:mod:`plugins.search.tokens`) goes to the lunr shard ``shard_hash(token) % lunrShards``;
each shard is a complete lunr index (``lunr.builder.Builder``, no pipeline, no search
pipeline, ref = document id, fields ``title`` boost 10 and ``agency`` boost 5) over its
tokens, each document listing only those. lunr.js loads and queries the shards of a
query's tokens in the browser. Exception: a token in the headings of more than
``lunr_max_documents`` (default :data:`LUNR_MAX_DOCUMENTS`) pages, or one lunr would
alter (:func:`~plugins.search.lunr_shards.lunr_can_hold`), is a *compact heading* token
(listed in the manifest): its shard entry would list most of the archive (the template
words of every title: 公开, 年度, 政府 …) and blow the bytes of a cold query, so its
heading postings stay in the compact posting below.

**Body: compact postings.** A posting is ``[ids, levels, heading_ids, heading_levels]``:
the document ids, the quantised BM25 term-frequency factor per id (lunr's builder formula,
``k1`` = 1.2, ``b`` = 0.75 as in lunr 2.3.9, scaled to 1…:data:`LEVELS`) and (compact
heading tokens only, else empty) the same for the heading field (title + agency). Ids are
gap-encoded (:mod:`plugins.search.encoding`) or, when shorter, a bitmap: ``"."`` followed
by one character of the encoding alphabet per six documents (value bit 5 = the first of
the six). Levels take three bits, two per character (first level × 8 + second; an odd
count ends with a 0). A posting longer than ``big_posting_chars`` (default
:data:`BIG_POSTING_CHARS`) gets its own ``b/`` file and the shard keeps its number and
document frequency, so that a query can choose which postings to download (the rarest
first) before downloading any. Measured on synthetic archives: 2,000 reports 8.3 MB in
3,380 files, 20,000 reports 86.5 MB in 34,026 files (``d/`` about half of it).
Why not lunr for the body: lunr.py's ``Builder`` needs about 2.0 s per 100 synthetic
reports even fed as token lists (about 400 s for 20,000), and its serialization is
several times the size of the compact postings, which carry exactly the numbers lunr's
BM25 uses (term-frequency factor, document frequency).

Speed and memory: documents (or rendered pages, whose text is extracted there) go in
batches of consecutive ids to worker processes once the archive outgrows one batch.
A batch job writes the document files, tokenises, gathers postings per token with
C-level ``map`` calls (no Python statement per posting) and spills them once into
:data:`SPILL_BUCKETS` files. :meth:`IndexWriter.finish` joins the pieces of each bucket
in batch order and turns them into compact and lunr shard files, buckets spread over the
same workers; the per-posting work there runs in C as well (``map`` over builtins,
``bytes.translate``, big-integer bit operations). Output is byte-identical whatever the
number of workers.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
import tempfile
from array import array
from collections import Counter, defaultdict, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import repeat
from multiprocessing import get_all_start_methods, get_context
from operator import getitem, sub
from pathlib import Path
from typing import Any

from plugins.search.dictionary import common_clauses, compress, inflate_like_the_browser
from plugins.search.encoding import ALPHABET, encode_number
from plugins.search.lunr_shards import (
    AGENCY_BOOST,
    FIELDS,
    TITLE_BOOST,
    ShardDocument,
    lunr_can_hold,
    shard_index,
)
from plugins.search.page_text import searchable_text
from plugins.search.tokens import fold, shard_hash, token_counts
from plugins.search.traditional import archive_map

SPILL_BUCKETS = 16
#: Documents tokenised together; each batch spills its postings once.
BATCH_DOCS = 500
#: Batches per worker that may wait for a worker before :meth:`IndexWriter.add` blocks.
PENDING_BATCHES = 8
DOCS_PER_DIR = 256
TOKENS_PER_SHARD = 48
#: Heading (title + agency) token occurrences per lunr shard, on average, at most.
HEADING_POSTINGS_PER_SHARD = 1024
#: A posting longer than this (ids + levels, characters) gets a ``b/`` file of its own.
BIG_POSTING_CHARS = 800
K1 = 1.2
B = 0.75
#: Levels 1…7 of the term-frequency factor: three bits each, two per character.
LEVELS = 7
LEVEL_BITS = 3
FORMAT = 3
#: Tokens in the headings of more documents than this are left out of the lunr shards;
#: their heading postings stay in the compact postings (see the module docstring).
LUNR_MAX_DOCUMENTS = 50
#: Term frequencies up to this value get their level from a per-document table.
TABLE_TF = 255
#: zlib level of the document files (raw DEFLATE).
DOCUMENT_COMPRESSION = 6
#: Marks a posting's ids written as a bitmap.
BITMAP = "."

#: ``bytes.translate`` table writing a value 0–63 as its character of the encoding alphabet.
CODES = bytes(ALPHABET, "ascii") + bytes(256 - len(ALPHABET))
#: ``bytes.translate`` tables shifting a small value left by 0…5 bits.
SHIFTS = tuple(bytes((value << shift) & 0xFF for value in range(256)) for shift in range(6))


@dataclass(frozen=True)
class SearchDocument:
    """One searchable page. ``text`` is everything a match may be found in."""

    url: str
    title: str
    agency: str
    year: int | None
    text: str
    place: str = ""  # province city county as far as known, space-separated (the results' place filter)
    level: str = ""  # the record's level (the results' level filter)


@dataclass(frozen=True)
class RenderedPage:
    """A page as MkDocs rendered it; its :class:`SearchDocument` is made in the batch job."""

    url: str
    title: str
    agency: str
    year: int | None
    html: str
    place: str = ""
    level: str = ""

    def document(self) -> SearchDocument:
        text = searchable_text(self.title, self.agency, self.html)
        return SearchDocument(self.url, self.title, self.agency, self.year, text, self.place, self.level)


def length_norm(length: int, average: float) -> float:
    """The document-length part of lunr's BM25 term-frequency factor."""
    return K1 * (1 - B + B * length / average)


def level_of(tf: int, norm: float) -> int:
    """lunr's BM25 term-frequency factor ``(k1 + 1) tf / (norm + tf)``, scaled to 1…LEVELS."""
    return max(1, min(LEVELS, round(LEVELS * tf / (norm + tf))))


def level_table(norm: float) -> bytes:
    """``level_of(tf, norm)`` for tf = 0…TABLE_TF, one byte each (index 0 unused)."""
    return bytes([0, *(level_of(tf, norm) for tf in range(1, TABLE_TF + 1))])


def shard_count(vocabulary: int) -> int:
    """A power-of-two multiple of SPILL_BUCKETS giving about TOKENS_PER_SHARD tokens a shard."""
    count = SPILL_BUCKETS
    while count * TOKENS_PER_SHARD < vocabulary:
        count *= 2
    return count


def lunr_shard_count(vocabulary: int, heading_postings: int) -> int:
    """:func:`shard_count` of the lunr-held heading vocabulary, doubled until a shard holds on average
    at most :data:`HEADING_POSTINGS_PER_SHARD` heading postings. The vocabulary alone undercounts: an
    archive's headings repeat the same bureau names in every county (20,000 reports, 2,000 agencies:
    64 shards of 110 KB, so a four-character query loaded about 1 MB)."""
    count = shard_count(vocabulary)
    while count * HEADING_POSTINGS_PER_SHARD < heading_postings:
        count *= 2
    return count


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def write_json(path: Path, data: Any) -> None:
    path.write_text(json_text(data), "utf-8")


def document_bytes(doc: SearchDocument, dictionary: bytes) -> bytes:
    """The content of a document file: raw DEFLATE of its JSON (see the module docstring)."""
    data = {"u": doc.url, "t": doc.title, "a": doc.agency, "y": doc.year, "p": doc.place, "l": doc.level, "x": doc.text}
    return compress(json_text(data).encode("utf-8"), dictionary, DOCUMENT_COMPRESSION)


def read_document(data: bytes, dictionary: bytes) -> dict[str, Any]:
    """The JSON of a document file, read the way ``search.js`` reads it."""
    return json.loads(inflate_like_the_browser(data, dictionary).decode("utf-8"))


#: Per token of a batch: ``doc_id << 32 | tf`` of each document holding it, in id order.
TokenLists = defaultdict[str, array]
#: Per token, for spilling: the same values.
Postings = array
#: What a batch job gets per document: its id and the document (or the page to make it from).
BatchItem = tuple[int, "SearchDocument | RenderedPage"]
#: Where the document id and the term frequency sit in the 32-bit halves of a posting value.
ID_HALF, TF_HALF = (1, 0) if sys.byteorder == "little" else (0, 1)


def new_token_lists() -> TokenLists:
    return defaultdict(partial(array, "Q"))


def add_postings(lists: TokenLists, doc_id: int, counts: dict[str, int]) -> None:
    """Append ``doc_id << 32 | tf`` to the values of every token of ``counts``.

    C-level ``map`` passes only (``defaultdict.__getitem__`` creates a token's array on first sight).
    """
    values = map((doc_id << 32).__or__, counts.values())
    deque(map(array.append, map(lists.__getitem__, counts), values), maxlen=0)


def split_postings(values: array) -> tuple[array, array]:
    """Document ids and term frequencies of posting values (the 32-bit halves, no Python per value)."""
    halves = array("I", values.tobytes())
    return halves[ID_HALF::2], halves[TF_HALF::2]


class IndexWriter:
    """Add documents one by one with :meth:`add`, then call :meth:`finish` once.

    Documents are tokenised in batches of :data:`BATCH_DOCS` (consecutive ids), on
    worker processes when ``workers`` > 1; each batch writes its postings to one spill
    file per bucket, so the pieces of a token concatenate in id order whichever
    process made them, and the output does not depend on the number of workers.
    """

    def __init__(
        self,
        out_dir: Path,
        *,
        workers: int | None = None,
        lunr_max_documents: int = LUNR_MAX_DOCUMENTS,
        big_posting_chars: int = BIG_POSTING_CHARS,
    ) -> None:
        self.out_dir = out_dir
        self.lunr_max_documents = lunr_max_documents
        self.big_posting_chars = big_posting_chars
        self.workers = default_workers() if workers is None else workers
        out_dir.mkdir(parents=True, exist_ok=True)
        self._spill_dir = Path(tempfile.mkdtemp(prefix="archive-search-"))
        self._batch: list[BatchItem] = []
        self._batches = 0
        self._pending: deque[Future[BatchResult]] = deque()
        self._pool: ProcessPoolExecutor | None = None
        self._seen: set[str] = set()
        self._text_lengths: list[int] = []
        self._title_lengths: list[int] = []
        self._heading_frequency: Counter[str] = Counter()
        self._dictionary: bytes | None = None
        self._count = 0

    @property
    def count(self) -> int:
        return self._count

    def add(self, doc: SearchDocument | RenderedPage) -> int:
        """Index one document (a rendered page's text is extracted in the batch job); returns its id."""
        doc_id = self._count
        self._count += 1
        self._batch.append((doc_id, doc))
        if len(self._batch) >= BATCH_DOCS:
            self._flush()
        return doc_id

    def _flush(self) -> None:
        """Hand the gathered documents to a batch job (in a worker process when there are workers)."""
        if not self._batch:
            return
        job = BatchJob(self._spill_dir, self.out_dir, self._batches, self._dictionary)
        items, self._batch = self._batch, []
        self._batches += 1
        if self.workers <= 1 or job.number == 0:
            self._collect(job.run(items, self._seen))
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("fork"))
        self._pending.append(self._pool.submit(job.run, items))
        while len(self._pending) > PENDING_BATCHES * self.workers:
            self._collect(self._pending.popleft().result())

    def _collect(self, result: BatchResult) -> None:
        text_lengths, title_lengths, new_tokens, heading_tokens, dictionary = result
        if self._dictionary is None:
            self._dictionary = dictionary
        self._text_lengths.extend(text_lengths)
        self._title_lengths.extend(title_lengths)
        self._seen.update(new_tokens)
        self._heading_frequency.update(heading_tokens)

    def finish(self) -> dict[str, Any]:
        """Write shards and manifest; returns the manifest. Removes the spill files.

        The manifest's traditional→simplified map is :func:`~plugins.search.traditional.archive_map`
        of every character indexed (the one-character tokens: characters as folded for search).
        """
        try:
            self._flush()
            while self._pending:
                self._collect(self._pending.popleft().result())
            traditional = archive_map(token for token in self._seen if len(token) == 1)
            (self.out_dir / "d").mkdir(exist_ok=True)
            (self.out_dir / "d" / "dictionary.txt").write_bytes(self._dictionary or b"")
            shards = shard_count(len(self._seen))
            in_lunr = [
                df
                for token, df in self._heading_frequency.items()
                if df <= self.lunr_max_documents and lunr_can_hold(token)
            ]
            lunr_shards = lunr_shard_count(len(in_lunr), sum(in_lunr))
            text_norms = _norms(self._text_lengths)
            title_norms = _norms(self._title_lengths)
            (self.out_dir / "s").mkdir(exist_ok=True)
            (self.out_dir / "b").mkdir(exist_ok=True)
            (self.out_dir / "t").mkdir(exist_ok=True)
            job = ShardJob(
                spill_dir=self._spill_dir,
                out_dir=self.out_dir,
                shards=shards,
                batches=self._batches,
                text_norms=text_norms,
                title_norms=title_norms,
                text_tables=_level_tables(text_norms),
                title_tables=_level_tables(title_norms),
                documents=self.count,
                lunr_shards=lunr_shards,
                lunr_max_documents=self.lunr_max_documents,
                big_posting_chars=self.big_posting_chars,
            )
            if self._pool is not None:
                compact = list(self._pool.map(job.write_bucket, range(SPILL_BUCKETS)))
            else:
                compact = [job.write_bucket(bucket) for bucket in range(SPILL_BUCKETS)]
        finally:
            self.close()
        manifest = {
            "format": FORMAT,
            "documents": self.count,
            "shards": shards,
            "docsPerDir": DOCS_PER_DIR,
            "k1": K1,
            "b": B,
            "levels": LEVELS,
            "lunrShards": lunr_shards,
            "lunrFields": list(FIELDS),
            "lunrBoosts": {"title": TITLE_BOOST, "agency": AGENCY_BOOST},
            "lunrMaxDocuments": self.lunr_max_documents,
            "compactHeadings": sorted(token for tokens in compact for token in tokens),
            "traditional": traditional,
        }
        write_json(self.out_dir / "manifest.json", manifest)
        return manifest

    def close(self) -> None:
        """Stop the workers and remove the spill files (:meth:`finish` does it; call it on a failed build)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._pending.clear()
        shutil.rmtree(self._spill_dir, ignore_errors=True)


@lru_cache(maxsize=1 << 20)
def bucket_of(token: str) -> int:
    """The spill bucket of a token (= its shard number modulo :data:`SPILL_BUCKETS`)."""
    return shard_hash(token) % SPILL_BUCKETS


#: A batch's text-field lengths, heading-field lengths, the tokens its process had not seen
#: before, its heading (title/agency) tokens with the number of documents holding each,
#: and the document files' dictionary.
BatchResult = tuple[list[int], list[int], list[str], dict[str, int], bytes]
#: Tokens seen by this worker process in earlier batches (each pool is forked afresh per build).
_WORKER_SEEN: set[str] = set()


@dataclass(frozen=True)
class BatchJob:
    """Write a batch's document files, tokenise its documents and spill the postings, one file per bucket."""

    spill_dir: Path
    out_dir: Path
    number: int
    #: The document files' dictionary; None: make it from this batch (the first one).
    dictionary: bytes | None

    def run(self, items: list[BatchItem], seen: set[str] | None = None) -> BatchResult:
        """``seen``: the caller's set of known tokens (this worker process's own set when None)."""
        known = _WORKER_SEEN if seen is None else seen
        documents = [
            (doc_id, source.document() if isinstance(source, RenderedPage) else source) for doc_id, source in items
        ]
        dictionary = self.dictionary
        if dictionary is None:
            dictionary = common_clauses(doc.text for _, doc in documents)
        parts = tuple(new_token_lists() for _ in range(4))
        text, heading, title, agency = parts
        text_lengths: list[int] = []
        title_lengths: list[int] = []
        for doc_id, doc in documents:
            self._write_document(doc_id, doc, dictionary)
            counts = token_counts(fold(doc.text))
            heading_counts = token_counts(fold(f"{doc.title}\n{doc.agency}"))
            text_lengths.append(sum(counts.values()))
            title_lengths.append(sum(heading_counts.values()))
            add_postings(text, doc_id, counts)
            add_postings(heading, doc_id, heading_counts)
            add_postings(title, doc_id, token_counts(fold(doc.title)))
            add_postings(agency, doc_id, token_counts(fold(doc.agency)))
        new_tokens = [token for token in text if token not in known]
        known.update(new_tokens)
        self._spill(*parts)
        return text_lengths, title_lengths, new_tokens, {token: len(values) for token, values in heading.items()}, dictionary

    def _write_document(self, doc_id: int, doc: SearchDocument, dictionary: bytes) -> None:
        directory = self.out_dir / "d" / str(doc_id // DOCS_PER_DIR)
        if doc_id % DOCS_PER_DIR == 0 or not directory.is_dir():
            directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{doc_id}.bin").write_bytes(document_bytes(doc, dictionary))

    def _spill(self, *parts: TokenLists) -> None:
        """Spill the postings of each part (text, heading, title, agency), split by bucket."""
        buckets: list[tuple[list[tuple[str, Postings]], ...]] = [
            tuple([] for _ in parts) for _ in range(SPILL_BUCKETS)
        ]
        for number, part in enumerate(parts):
            for token, entry in part.items():
                buckets[bucket_of(token)][number].append((token, entry))
        for bucket, content in enumerate(buckets):
            if any(content):
                path = self.spill_dir / f"{bucket}-{self.number}.pickle"
                path.write_bytes(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))


def default_workers() -> int:
    """Worker processes for a large archive: the CPUs (at most 4), where ``fork`` exists.

    ``fork`` because the workers need nothing but the jobs they are handed, and unlike
    ``spawn`` it does not re-import the program that runs MkDocs. The first batch is
    always tokenised in-process, so a small archive starts no worker at all.
    """
    if "fork" not in get_all_start_methods():
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


def pack_values(values: bytes, width: int) -> str:
    """Values below ``2**width`` (``width`` dividing 6), ``6 // width`` per character, first value
    in the high bits; the last character is padded with zeros."""
    per_char = 6 // width
    padded = values + bytes(-len(values) % per_char)
    whole = 0
    for position in range(per_char):
        part = padded[position::per_char].translate(SHIFTS[(per_char - 1 - position) * width])
        whole |= int.from_bytes(part, "big")
    return whole.to_bytes(len(padded) // per_char, "big").translate(CODES).decode("ascii")


def encode_bitmap(ids: array, documents: int) -> str:
    """:data:`BITMAP` and one character per six documents (bit 5 = the first of the six)."""
    bits = bytearray(documents)
    deque(map(bits.__setitem__, ids, repeat(1)), maxlen=0)
    return BITMAP + pack_values(bytes(bits), 1)


def encode_posting_ids(ids: array, codes: list[str], documents: int) -> str:
    """The shorter of the gap encoding and the bitmap."""
    gaps = encode_ids(ids, codes)
    if len(gaps) <= documents // 6 + 2:
        return gaps
    return encode_bitmap(ids, documents)


def encode_levels_of(ids: array, tfs: array, tables: list[bytes], norms: list[float]) -> str:
    """The packed levels of a posting: by per-document table, or computed beyond the table."""
    if max(tfs, default=0) <= TABLE_TF:
        levels = bytes(map(getitem, map(tables.__getitem__, ids), tfs))
    else:
        levels = bytes(level_of(tf, norms[doc_id]) for doc_id, tf in zip(ids, tfs, strict=True))
    return pack_values(levels, LEVEL_BITS)


#: A bucket's postings: text, heading (title + agency), title alone, agency alone.
BucketPostings = tuple[dict[str, Postings], dict[str, Postings], dict[str, Postings], dict[str, Postings]]


def _read_bucket(spill_dir: Path, bucket: int, batches: int) -> BucketPostings:
    """A bucket's spilled postings, the pieces of each token joined in batch (= id) order."""
    parts: BucketPostings = ({}, {}, {}, {})
    for number in range(batches):
        path = spill_dir / f"{bucket}-{number}.pickle"
        if not path.exists():
            continue
        for target, pieces in zip(parts, pickle.loads(path.read_bytes()), strict=True):
            for token, piece in pieces:
                entry = target.get(token)
                if entry is None:
                    target[token] = piece
                else:
                    entry.extend(piece)
    return parts


@dataclass(frozen=True)
class ShardJob:
    """Everything needed to turn one spill bucket into shard files (picklable for worker processes)."""

    spill_dir: Path
    out_dir: Path
    shards: int
    batches: int
    text_norms: list[float]
    title_norms: list[float]
    text_tables: list[bytes]
    title_tables: list[bytes]
    documents: int
    lunr_shards: int
    lunr_max_documents: int
    big_posting_chars: int

    def write_bucket(self, bucket: int) -> list[str]:
        """Write the bucket's compact and lunr shards; returns its tokens with compact headings."""
        text, heading, title_field, agency_field = _read_bucket(self.spill_dir, bucket, self.batches)
        compact = sorted(
            token
            for token, values in heading.items()
            if len(values) > self.lunr_max_documents or not lunr_can_hold(token)
        )
        compact_set = set(compact)
        self._write_lunr_shards(bucket, title_field, agency_field, compact_set)
        codes = [encode_number(n) for n in range(self.documents + 1)]
        by_shard: dict[int, dict[str, Any]] = {}
        empty = array("Q")
        for token in sorted(text):
            ids, tfs = split_postings(text[token])
            heading_ids, heading_tfs = split_postings(heading.get(token, empty) if token in compact_set else empty)
            by_shard.setdefault(shard_hash(token) % self.shards, {})[token] = [
                encode_posting_ids(ids, codes, self.documents),
                encode_levels_of(ids, tfs, self.text_tables, self.text_norms),
                encode_posting_ids(heading_ids, codes, self.documents),
                encode_levels_of(heading_ids, heading_tfs, self.title_tables, self.title_norms),
            ]
        for shard in range(bucket, self.shards, SPILL_BUCKETS):
            entries = by_shard.get(shard, {})
            big = sorted(
                token for token, posting in entries.items() if sum(map(len, posting)) > self.big_posting_chars
            )
            for number, token in enumerate(big):
                write_json(self.out_dir / "b" / f"{shard}-{number}.json", entries[token])
                entries[token] = [number, len(text[token])]
            write_json(self.out_dir / "s" / f"{shard}.json", entries)
        return compact

    def _write_lunr_shards(
        self,
        bucket: int,
        title_field: dict[str, Postings],
        agency_field: dict[str, Postings],
        compact: set[str],
    ) -> None:
        """One lunr index per lunr shard of this bucket, over the tokens lunr holds."""
        by_shard: dict[int, dict[int, tuple[list[str], list[str]]]] = {}
        for number, field in enumerate((title_field, agency_field)):
            for token in sorted(field):
                if token in compact:
                    continue
                documents = by_shard.setdefault(shard_hash(token) % self.lunr_shards, {})
                for doc_id, tf in zip(*split_postings(field[token]), strict=True):
                    entry = documents.get(doc_id)
                    if entry is None:
                        entry = documents[doc_id] = ([], [])
                    entry[number].extend([token] * tf)
        for shard in range(bucket, self.lunr_shards, SPILL_BUCKETS):
            documents = by_shard.get(shard, {})
            ordered: list[ShardDocument] = [(doc_id, *documents[doc_id]) for doc_id in sorted(documents)]
            write_json(self.out_dir / "t" / f"{shard}.json", shard_index(ordered))
