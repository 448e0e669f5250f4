"""Which entries of ``sources/`` are report files (they are read by
:func:`build_scripts.inputs.source_text.read_source_file`).

The walk never follows a link out of ``sources/`` and never opens anything but a regular
file: a link leaving the folder, a dangling link, a link to a folder, a FIFO, a socket or a
device is *refused* (listed with the reason, never read, so nothing can hang or leak), and so
is a name that cannot become a page or a download as it is: a name that is not valid UTF-8,
or that holds a backslash or a control character (``sub\\x.txt`` would be served as
``sub/x.txt``). Hidden entries (``.git``, ``.gitkeep`` …) and the manifest are not sources.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from build_scripts.pages.manifest import MANIFEST_NAME

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True)
class SourceFile:
    """A regular file to convert: its name relative to ``sources/`` and the path to read
    (a link inside ``sources/`` is read through its resolved target)."""

    name: str
    path: Path


@dataclass
class Walk:
    files: list[SourceFile] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (printable name, why)


def printable_name(name: str) -> str:
    """``name`` as valid UTF-8 text: bytes that are not UTF-8 shown as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be published as it is, or None."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8; rename the file (not read)"
    if "\\" in name:
        return "file name contains a backslash, which browsers read as a folder separator; rename the file (not read)"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        return "file name contains a control character; rename the file (not read)"
    return None


def kind_of(mode: int) -> str:
    for test, kind in _SPECIAL_KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def _link_target(entry: os.DirEntry[str], root: str) -> tuple[Path | None, str | None]:
    """The regular file a link inside ``sources/`` points at, or why it is refused."""
    target = os.path.realpath(entry.path)
    if os.path.commonpath([root, target]) != root:
        return None, "symbolic link to a file outside sources/; not read"
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None, "dangling symbolic link (its target does not exist); not read"
    if stat.S_ISDIR(mode):
        return None, "symbolic link to a folder; not followed"
    if not stat.S_ISREG(mode):
        return None, f"symbolic link to {kind_of(mode)}; not read"
    return Path(target), None


def walk_sources(sources: Path) -> Walk:
    """Every entry under ``sources`` (sorted by name): files to convert, and the refused ones."""
    walk = Walk()
    if not sources.is_dir():
        return walk
    root = os.path.realpath(sources)
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            walk.refused.append((printable_name(prefix.rstrip("/")) or ".", f"cannot list the folder ({exc.strerror})"))
            continue
        for entry in entries:
            name = prefix + entry.name
            if entry.name.startswith(".") or name == MANIFEST_NAME:
                continue
            problem = name_problem(entry.name)
            if problem is not None:
                walk.refused.append((printable_name(name), problem))
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                walk.refused.append((name, f"cannot read ({exc.strerror})"))
                continue
            if stat.S_ISDIR(mode):
                pending.append((entry.path, name + "/"))
            elif stat.S_ISREG(mode):
                walk.files.append(SourceFile(name, Path(entry.path)))
            elif stat.S_ISLNK(mode):
                target, why = _link_target(entry, root)
                if target is None:
                    walk.refused.append((name, why or "symbolic link; not read"))
                else:
                    walk.files.append(SourceFile(name, target))
            else:
                walk.refused.append((name, f"{kind_of(mode)}, not a regular file; not read"))
    walk.files.sort(key=lambda item: item.name)
    walk.refused.sort()
    return walk
