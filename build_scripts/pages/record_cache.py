"""Validated records of report pages, kept by the SHA-256 of the page text (``build/page-records/``).

Reading a page's front matter (YAML parse, the safety walk over its events, validation) is most of
what a build does per report before rendering. A record follows from the page text alone, so the
cache is content-addressed: ``<sha256 of the page text>.json`` holds the record that
:func:`~build_scripts.schema.split_page` made of that text. An edited page has another hash and is
parsed and validated again; nothing depends on modification times.

- Filled by ``convert`` (it knows the record of every page it writes) and by every build.
- JSON, not pickle: ``build/`` may be restored from a CI cache, and a JSON file cannot run code.
  A loaded record is validated again (cheap next to YAML), so a foreign file cannot smuggle in a
  record the contract refuses.
- Each entry also names the contract it was validated by (a hash of :mod:`build_scripts.schema`):
  a changed contract misses every entry.
- Writes are atomic (a temporary file renamed into place), so concurrent runs never see half an
  entry; a corrupt or foreign file is ignored with a one-line warning and replaced.
- :meth:`RecordCache.keep_only` drops the entries of pages that are gone (the build calls it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from build_scripts import schema
from build_scripts.pages.paths import write_atomic
from build_scripts.schema import RecordError, validate_record

log = logging.getLogger("build_scripts.record_cache")

#: The cache's folder inside ``build/`` (beside ``mkdocs.yml``; ``convert-cache`` is its sibling).
FOLDER_NAME = "page-records"
_SUFFIX = ".json"


def text_key(text: str) -> str:
    """The cache key of a page: SHA-256 of its text as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def contract_version() -> str:
    """Hash of the schema module's source: records validated by another contract are not reused."""
    return hashlib.sha256(Path(schema.__file__).read_bytes()).hexdigest()[:16]


def as_stored(record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` as :func:`~build_scripts.schema.split_page` reads it back from the page it is written to
    (key order and optional keys as :func:`~build_scripts.schema.dump_front_matter` writes them; tuples as lists)."""
    result: dict[str, Any] = json.loads(json.dumps(schema.ordered_record(record), ensure_ascii=False))
    return result


class JsonEntries:
    """JSON files ``<key>.json`` in ``folder`` (created on the first write), each ``{"key": key, ...}``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_of(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def read(self, key: str, instead: str) -> dict[str, Any] | None:
        """The entry stored under ``key``, or None: absent, or damaged (with a one-line warning that names
        the file and says what is done ``instead``)."""
        path = self.path_of(key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        try:
            entry = json.loads(raw)
            if not isinstance(entry, dict) or entry.get("key") != key:
                raise ValueError("not an entry of this cache")
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError; nesting too deep
            damaged(path, instead, exc)
            return None
        return entry

    def write(self, key: str, fields: Mapping[str, Any]) -> None:
        """Store ``fields`` under ``key``; a folder that cannot be written is skipped with a warning."""
        data = json.dumps({"key": key, **fields}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_atomic(self.path_of(key), data)
        except OSError as exc:
            log.warning("cannot write the cache %s (%s)", self.folder, exc.strerror or exc)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Delete the entries whose key is not in ``keys`` (pages that are gone or changed)."""
        wanted = {f"{key}{_SUFFIX}" for key in keys}
        try:
            names = [e.name for e in os.scandir(self.folder) if e.name.endswith(_SUFFIX) and not e.name.startswith(".")]
        except OSError:
            return
        for name in names:
            if name not in wanted:
                try:
                    (self.folder / name).unlink()
                except OSError:
                    pass  # another run removed it, or the folder is read-only: the entry is only unused


def damaged(path: Path, instead: str, exc: Exception) -> None:
    """The one-line warning for a cache entry that is not what this build wrote; ``instead`` says what
    is done instead (``content/reports/x/2019.md is read again``)."""
    log.warning("ignored a damaged cache entry %s (%s); %s", path, _first_line(exc), instead)


class RecordCache(JsonEntries):
    """Validated records by page-text key."""

    def get(self, key: str, shown: str) -> dict[str, Any] | None:
        """The record cached for ``key``, or None (absent, from another contract, or unreadable)."""
        entry = self.read(key, f"{shown} is read again")
        if entry is None or entry.get("contract") != contract_version():
            return None
        try:
            return validate_record(entry.get("record"), shown)
        except (RecordError, RecursionError) as exc:
            damaged(self.path_of(key), f"{shown} is read again", exc)
            return None

    def put(self, key: str, record: Mapping[str, Any]) -> None:
        """Store ``record`` under ``key``."""
        self.write(key, {"contract": contract_version(), "record": record})


def read_record(cache: RecordCache | None, key: str, text: str, shown: str) -> dict[str, Any]:
    """The record of the page ``text`` (whose :func:`text_key` is ``key``): from ``cache`` when it holds
    it, else parsed with :func:`~build_scripts.schema.split_page` (raising its :class:`RecordError`
    naming ``shown``) and stored."""
    record = cache.get(key, shown) if cache is not None else None
    if record is None:
        record = schema.split_page(text, shown)[0]
        if cache is not None:
            cache.put(key, record)
    return record


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
