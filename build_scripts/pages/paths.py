"""Where report pages go in ``content/``, and writing them safely.

Paths are ``reports/<agency-slug>/<year>.md`` (``unknown-year`` when the year is not
known). Nothing is silently overwritten: when two agencies share a slug the later one
(by agency name) gets ``-2``, ``-3`` …; when several sources map to one page the later
ones (by source file name) get ``<year>-2.md`` …; each case is reported as a warning.
"""

from __future__ import annotations

import os
import secrets
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from build_scripts.pages.slugs import agency_slug, is_safe_slug, unnamed_agency_slug, year_slug

REPORTS_DIR = "reports"


@dataclass(frozen=True)
class PageKey:
    source: str  # source file name relative to sources/
    agency: str | None
    year: int | None
    slug: str | None = None  # folder_slug(source, agency) when already known (the conversion cache keeps it)


def _folder_identity(key: PageKey) -> str | tuple[str]:
    """What shares a folder: one named agency; an unnamed report is alone in its own."""
    return key.agency if key.agency is not None else (key.source,)


def folder_slug(source: str, agency: str | None) -> str:
    """The folder name a report's page starts from (before ``-2`` … for clashing agencies)."""
    return agency_slug(agency) if agency is not None else unnamed_agency_slug(source)


def assign_pages(keys: Sequence[PageKey]) -> tuple[dict[str, PurePosixPath], dict[str, list[str]]]:
    """Page path (relative to ``content/``) for every source, and conversion notes per source
    (folder-name clashes and several sources for one page; the site reports the latter too)."""
    notes: dict[str, list[str]] = defaultdict(list)
    by_slug: dict[str, set[str | tuple[str]]] = defaultdict(set)
    for key in keys:
        by_slug[key.slug or folder_slug(key.source, key.agency)].add(_folder_identity(key))
    folder_of: dict[str | tuple[str], str] = {}
    for slug, identities in sorted(by_slug.items()):
        ordered = sorted(identities, key=lambda item: (not isinstance(item, str), str(item)))
        for rank, identity in enumerate(ordered, start=1):
            folder_of[identity] = slug if rank == 1 else f"{slug}-{rank}"
        if len(ordered) > 1:
            names = "、".join(item if isinstance(item, str) else "（未署名）" for item in ordered)
            for key in keys:
                identity = _folder_identity(key)
                if identity in identities:
                    notes[key.source].append(
                        f"agencies {names} share the page folder name {slug!r}; "
                        f"{key.agency or '（未署名）'} uses {folder_of[identity]!r}"
                    )
    by_page: dict[tuple[str, str], list[PageKey]] = defaultdict(list)
    for key in keys:
        by_page[(folder_of[_folder_identity(key)], year_slug(key.year))].append(key)
    pages: dict[str, PurePosixPath] = {}
    for (folder, year), group in sorted(by_page.items()):
        group = sorted(group, key=lambda key: key.source)
        for rank, key in enumerate(group, start=1):
            stem = year if rank == 1 else f"{year}-{rank}"
            if not (is_safe_slug(folder) and is_safe_slug(stem)):
                raise ValueError(f"unsafe page path {folder}/{stem}")  # slugs guarantee this; a bug otherwise
            pages[key.source] = PurePosixPath(REPORTS_DIR, folder, f"{stem}.md")
        if len(group) > 1:
            names = ", ".join(key.source for key in group)
            for key in group:
                notes[key.source].append(
                    f"{len(group)} sources report {folder}/{year} ({names}); this one is {pages[key.source]}"
                )
    return pages, dict(notes)


def write_atomic(path: Path, text: str | bytes) -> bool:
    """Write ``text`` (``str`` as UTF-8, or bytes) to ``path`` through a temporary file in the same
    folder and ``os.replace``, creating the folder.

    Returns False (and leaves the file alone) when it already holds exactly ``text``. The file
    gets the permissions of any new file (``0o666`` less the umask), not ``mkstemp``'s 0600; a
    temporary file is named ``.<name>.<random>.tmp`` so that :func:`remove_temp_files` finds what a
    killed run left behind.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return True


def remove_temp_files(folder: Path, *, older_than: float = 0.0) -> int:
    """Delete the temporary files of :func:`write_atomic` that a killed run left under ``folder``
    (only those older than ``older_than`` seconds when it is given). Returns how many."""
    removed = 0
    if not folder.is_dir():
        return removed
    limit = time.time() - older_than
    for path in folder.rglob(".*.tmp"):
        try:
            if older_than and path.stat().st_mtime > limit:
                continue
            path.unlink()
        except OSError:
            continue
        removed += 1
    return removed


def inside(root: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def existing_pages(reports: Path) -> list[Path]:
    return sorted(reports.rglob("*.md")) if reports.is_dir() else []


def remove_pages(paths: Iterable[Path], reports: Path) -> list[Path]:
    """Delete ``paths`` (only inside ``reports``) and the folders they leave empty.

    A page or folder that vanished meanwhile (another run removed it) is no error."""
    removed = []
    for path in paths:
        if inside(reports, path) and path.is_file():
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
    if not reports.is_dir():
        return removed
    for folder in sorted((p for p in reports.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            if not any(folder.iterdir()):
                folder.rmdir()
        except (FileNotFoundError, OSError):
            continue
    return removed
