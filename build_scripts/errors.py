"""The reader's own errors. Everything else raised inside ``build_scripts`` is a bug."""

from __future__ import annotations


class SourceError(Exception):
    """A source file that cannot be read as a report. ``str()`` names the file and the cause."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message
