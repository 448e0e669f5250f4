"""When each report came into the archive: the date of the commit that added its source file.

The archive keeps no date of collection in the record; the git history of ``sources/`` is that
date. One ``git log`` call reads it for every file at build time (newest first: a file added,
removed and added again counts from its last addition). Without git (a tarball, no ``git``
program) nothing is dated and the home page lists the newest reports by reporting year instead.
"""

from __future__ import annotations

from pathlib import Path

from plugins.archive.corrections import _git  # the one git call of the plugin: bounded time, no errors raised


def parse_added(log: str, folder: str = "sources") -> dict[str, str]:
    """``git log --diff-filter=A --format=@%cs --name-only`` output → file (relative to ``folder``) → date."""
    added: dict[str, str] = {}
    date = ""
    prefix = folder.rstrip("/") + "/"
    for line in log.splitlines():
        if line.startswith("@"):
            date = line[1:].strip()
        elif line.startswith(prefix) and date:
            added.setdefault(line[len(prefix) :], date)
    return added


def added_dates(project: Path, folder: str = "sources") -> dict[str, str]:
    """Source file name (relative to ``sources/``) → ``YYYY-MM-DD`` it was committed; ``{}`` without git."""
    out = _git(project, "log", "--diff-filter=A", "--format=@%cs", "--name-only", "--", folder)
    return parse_added(out.decode("utf-8", "replace"), folder) if out else {}
