"""Generated pages kept as files while ``make serve`` rebuilds only what changed (``build/serve-pages/``).

``mkdocs serve --dirty`` renders a page again only when its file is newer than the page it built last
time (``File.is_modified``). A page generated with ``content=`` has no file and always counts as
modified, so every rebuild would render all of the archive's agency, year and region pages again.
While serving dirty, the plugin therefore writes each generated page to a file here and hands MkDocs
that file; the file is rewritten only when its bytes change, so a page whose text is the same as in
the last build keeps its old modification time and is not rendered again. Files of pages no longer
generated are removed. Nothing here is used by ``mkdocs build``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from build_scripts.pages.paths import write_atomic

#: The folder inside ``build/`` (beside ``mkdocs.yml``).
FOLDER_NAME = "serve-pages"


class PageStore:
    """The files of generated pages under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def file_of(self, src_uri: str, content: str | bytes) -> Path:
        """The file holding ``content`` for the page ``src_uri``, written only when its bytes differ."""
        relative = PurePosixPath(src_uri)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"{src_uri!r} is not a path inside the site")
        path = self.folder.joinpath(*relative.parts)
        write_atomic(path, content)
        return path

    def keep_only(self, src_uris: Iterable[str]) -> None:
        """Remove the files of pages not in ``src_uris`` (and empty folders)."""
        wanted = {self.folder.joinpath(*PurePosixPath(uri).parts) for uri in src_uris}
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink(missing_ok=True)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
