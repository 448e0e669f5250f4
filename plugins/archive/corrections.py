"""The corrections log: what changed in ``sources/manifest.yaml``, when, and why.

The manifest is where maintainers correct what the reports do not state or state wrongly
(agency, year, region, url, copies, acknowledged warnings). Its git history is the log: at
build time every commit that touched it (newest first, at most :data:`MAX_COMMITS`) is read,
each revision parsed with the convert step's own manifest parser, and the entries compared
field by field with the revision before. *When* is the commit date, *why* the commit message —
so a correction is explained by writing the reason in the commit message.

Without git (a tarball, no ``git`` program, an untracked manifest, a shallow clone) the log cannot be dated:
:func:`read_log` returns ``None`` and the data page lists the manifest's current corrections instead.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_scripts.pages.manifest import ManifestError, decode_manifest, parse_manifest, read_manifest

#: How many of the latest commits of the manifest the log reads.
MAX_COMMITS = 200
_GIT_TIMEOUT = 30


@dataclass(frozen=True)
class Change:
    """One field of one file's entry: ``before`` → ``after`` (``None`` = absent)."""

    file: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Correction:
    """One commit of the manifest."""

    commit: str
    date: str  # YYYY-MM-DD, the commit date
    reason: str  # the commit message's subject
    changes: tuple[Change, ...]
    readable: bool = True  # False: this revision of the manifest could not be parsed


def _git(project: Path, *args: str) -> bytes | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "-C", str(project), *args],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout


def entries_of(data: bytes) -> dict[str, dict[str, Any]] | None:
    """File name → field values of a manifest's bytes; ``None`` when they are not a readable manifest."""
    try:
        manifest = parse_manifest(decode_manifest(data))
    except ManifestError:
        return None
    return {name: dict(entry.values) for name, entry in manifest.entries.items()}


def diff_entries(
    before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]
) -> tuple[Change, ...]:
    """Every field that was added, changed or removed, by file then field."""
    changes = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, {}), after.get(name, {})
        for field in sorted(set(old) | set(new)):
            if old.get(field) != new.get(field):
                changes.append(Change(name, field, old.get(field), new.get(field)))
    return tuple(changes)


def read_log(project: Path, manifest: str) -> list[Correction] | None:
    """The manifest's corrections from git, newest first; ``None`` when git cannot tell."""
    shallow = _git(project, "rev-parse", "--is-shallow-repository")
    if shallow is None or shallow.strip() != b"false":
        return None  # no repository, or a shallow clone whose history would be cut short
    listed = _git(project, "log", f"-n{MAX_COMMITS + 1}", "--format=%H%x1f%cs%x1f%s", "--", manifest)
    if not listed:
        return None
    lines = listed.decode("utf-8", errors="replace").splitlines()
    commits = [line.split("\x1f") for line in lines if line.count("\x1f") == 2]
    revisions = []
    for commit, _date, _subject in commits:
        data = _git(project, "show", f"{commit}:./{manifest}")
        revisions.append(entries_of(data) if data is not None else {})
    log = []
    for i, (commit, date, subject) in enumerate(commits[:MAX_COMMITS]):
        after = revisions[i]
        before = revisions[i + 1] if i + 1 < len(revisions) else {}
        if after is None:
            log.append(Correction(commit, date, subject, (), readable=False))
            continue
        log.append(Correction(commit, date, subject, diff_entries(before or {}, after)))
    return log


def current_corrections(project: Path, manifest: str) -> dict[str, dict[str, Any]]:
    """The manifest's entries as they are now (the log's fallback without git)."""
    try:
        text = read_manifest(project / manifest)
        return {name: dict(entry.values) for name, entry in parse_manifest(text).entries.items()}
    except ManifestError:
        return {}
