"""The conversion cache (``build/convert-cache/`` by default): what a run can skip next time.

A converted source is stored under a *page key*: the SHA-256 of the converter version (a hash of
this package's files, the Python version and the versions of the project's dependencies), the
source's name, the SHA-256 of its bytes, its manifest entry and the warnings that depend on the
other sources (a byte-identical copy). Nothing depends on modification times, so a touched file
is not reconverted and a file restored to old bytes finds its old page again. For each key the
cache holds a small summary (agency, year, warnings, or the rejection message) in ``index.json``
and the finished page text in ``pages/<2>/<key>.md``; a run reads the index once, and a page text
only when its page must be (re)written.

Which pages a run left in a ``content/`` folder (key, size and mtime of each, and which source
each came from) is kept per content folder in ``state-<hash of its path>.json``: when a page
still has the size and mtime this run would have left, it is not read back. A page edited by
hand no longer matches and is rewritten from the cache, as a cold run would.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from build_scripts.pages.paths import remove_temp_files, write_atomic

INDEX_NAME = "index.json"
PAGES_DIR = "pages"
_PACKAGE = Path(__file__).resolve().parents[1]
_REQUIREMENT_NAME = re.compile(r"^[A-Za-z0-9_.-]+")


def _dependency_versions() -> list[str]:
    try:
        requires = metadata.requires("disclosure-archive") or []
    except metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in requires:
        match = _REQUIREMENT_NAME.match(requirement)
        if match is None or "extra ==" in requirement:
            continue
        try:
            found.append(f"{match.group()}=={metadata.version(match.group())}")
        except metadata.PackageNotFoundError:
            found.append(f"{match.group()}==missing")
    return sorted(found)


@functools.cache
def converter_version() -> str:
    """SHA-256 of everything that decides what a source becomes: every file of ``build_scripts``
    (not byte code), the Python version and the installed versions of the dependencies."""
    digest = hashlib.sha256()
    digest.update(f"python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for line in _dependency_versions():
        digest.update(f"{line}\n".encode())
    files = sorted(
        path for path in _PACKAGE.rglob("*") if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    for path in files:
        digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def page_key(name: str, digest: str, entry: dict[str, Any] | None, extras: Iterable[str]) -> str:
    """The cache key of one source's page (see the module docstring)."""
    material = [converter_version(), name, digest, entry, list(extras)]
    return hashlib.sha256(json.dumps(material, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class ConversionCache:
    """The summaries and page texts of earlier conversions, and the state of one ``content/``."""

    def __init__(self, folder: Path, content: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        remove_temp_files(folder)  # a run killed mid-write left them: runs on one cache hold its lock
        index = _read_json(folder / INDEX_NAME)
        entries = index.get("entries")
        self.entries: dict[str, dict[str, Any]] = entries if index.get("converter") == converter_version() and isinstance(entries, dict) else {}
        identity = hashlib.sha256(str(content.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.state_path = folder / f"state-{identity}.json"
        state = _read_json(self.state_path)
        self.pages: dict[str, list[Any]] = state.get("pages", {}) if isinstance(state.get("pages"), dict) else {}
        self.sources: dict[str, str] = state.get("sources", {}) if isinstance(state.get("sources"), dict) else {}
        self.had_state = bool(state)

    def page_file(self, key: str) -> Path:
        return self.folder / PAGES_DIR / key[:2] / f"{key}.md"

    def summary(self, key: str) -> dict[str, Any] | None:
        """The stored outcome for ``key`` when it is complete (a rejection, or a page text on disk)."""
        found = self.entries.get(key)
        if found is None:
            return None
        if "error" in found or self.page_file(key).is_file():
            return found
        return None

    def read_page(self, key: str) -> str | None:
        try:
            return self.page_file(key).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def store(self, key: str, summary: dict[str, Any]) -> None:
        self.entries[key] = summary

    def page_unchanged(self, page: Path, relative: str, key: str) -> bool:
        """True when ``page`` is exactly what the last run wrote for ``key`` (size and mtime)."""
        known = self.pages.get(relative)
        if not known or known[0] != key:
            return False
        try:
            info = page.stat()
        except OSError:
            return False
        return [info.st_size, info.st_mtime_ns] == known[1:]

    def save(self, used: set[str], pages: dict[str, list[Any]], sources: dict[str, str]) -> None:
        """Keep the entries of this run only (old page texts are deleted) and this content's state."""
        self.entries = {key: value for key, value in self.entries.items() if key in used}
        folder = self.folder / PAGES_DIR
        if folder.is_dir():
            for path in folder.glob("*/*.md"):
                if path.stem not in used:
                    path.unlink(missing_ok=True)
        index = {"converter": converter_version(), "entries": self.entries}
        write_atomic(self.folder / INDEX_NAME, json.dumps(index, ensure_ascii=False, sort_keys=True))
        write_atomic(self.state_path, json.dumps({"pages": pages, "sources": sources}, ensure_ascii=False, sort_keys=True))


def page_stamp(page: Path) -> list[int] | None:
    """``[size, mtime_ns]`` of a page just written, for the next run's check."""
    try:
        info = page.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def environment_workers() -> int:
    """How many processes convert at once: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
