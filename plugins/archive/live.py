"""Live preview of ``sources/``: ``make serve`` = ``python -m plugins.archive.live``.

``mkdocs serve`` watches ``docs_dir`` (``content/``) but knows nothing of ``sources/``. This module
runs ``mkdocs serve`` with itself added as a MkDocs hook; while it serves, the hook watches ``sources/`` (``manifest.yaml`` included) and, a moment after the last
change, runs the incremental conversion (``python -m build_scripts convert`` with the cache in
``build/convert-cache``): only the changed sources are converted and only changed pages are
written, and that write is what makes MkDocs rebuild, once. A source edit therefore costs one
incremental conversion (seconds) plus the rebuild MkDocs does for any page edit. The conversion
runs in a separate process (this one has the server's threads; its output stays out of the log
except for one summary line). ``mkdocs build`` and a plain ``mkdocs serve`` are not affected: the
hook is added on the command line, so configurations copied elsewhere need no file beside them.

Rebuilds are MkDocs' dirty builds (``mkdocs serve --dirty``; ``--full`` turns that off): a report page
is rendered again only when its file changed, and the archive plugin keeps its generated pages as
files in ``build/serve-pages/`` that change only when their text does
(:mod:`plugins.archive.serve_pages`), so one edit re-renders the edited page and the few index pages
whose figures it changed, not the whole archive. When a record changed, the home page and the
report pages of the same agency (their previous/next links and cross-year checks) are rendered again
too; ``--full`` renders everything on every change, and ``mkdocs build`` is always whole.

The folders are those of the project: ``sources/`` is the folder of the archive plugin's
``manifest`` setting (``sources/manifest.yaml`` by default), ``build/`` sits beside ``mkdocs.yml``.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger("mkdocs.hooks.live")

#: Seconds to wait after the last change before converting (an editor saves in several steps).
SETTLE_SECONDS = 0.3
_state: dict[str, Any] = {"observer": None}


def conversion_command(project: Path, sources: Path, content: Path) -> list[str]:
    """The incremental ``convert`` this hook runs for the project at ``project``."""
    build = project / "build"
    return [
        sys.executable, "-m", "build_scripts", "convert", "--quiet",
        "--sources", str(sources), "--content", str(content),
        "--cache", str(build / "convert-cache"), "--report", str(build / "conversion-report.json"),
    ]  # fmt: skip


def sources_folder(config: Any, project: Path) -> Path:
    archive = config.plugins.get("archive") if hasattr(config, "plugins") else None
    manifest = getattr(getattr(archive, "config", None), "manifest", None) or "sources/manifest.yaml"
    return (project / manifest).parent


class Reconvert(FileSystemEventHandler):
    """Runs the conversion once the sources have been quiet for :data:`SETTLE_SECONDS`."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.command = command
        self.cwd = cwd
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        name = Path(str(event.src_path)).name
        if name.startswith("."):  # editors' swap and temporary files; they are no sources either
            return
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(SETTLE_SECONDS, self.convert)
            self.timer.daemon = True
            self.timer.start()

    def convert(self) -> None:
        done = subprocess.run(self.command, cwd=self.cwd, capture_output=True, text=True, check=False)
        lines = done.stdout.strip().splitlines()
        summary = lines[-1] if lines else "no output"
        if done.returncode == 0:
            log.info("sources/ changed; converted: %s", summary)
        else:
            log.warning("sources/ changed; converted with problems (see build/conversion-report.json): %s", summary)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Start watching ``sources/`` (``mkdocs serve`` only)."""
    project = Path(config.config_file_path).resolve().parent
    sources = sources_folder(config, project)
    if not sources.is_dir():
        return server
    handler = Reconvert(conversion_command(project, sources, Path(config.docs_dir)), project)
    observer = Observer()
    observer.schedule(handler, str(sources), recursive=True)
    observer.daemon = True
    observer.start()
    _state["observer"] = observer
    log.info("watching %s: a changed source is converted again", sources)
    return server


def on_shutdown() -> None:
    observer = _state.get("observer")
    if observer is not None:
        observer.stop()
        _state["observer"] = None


def with_this_hook(config_file: Path) -> list[str]:
    """The hooks of ``config_file`` (resolved against its folder) plus this module."""
    from mkdocs.utils import yaml_load

    with config_file.open("rb") as handle:
        declared = (yaml_load(handle) or {}).get("hooks") or []
    return [str((config_file.parent / hook).resolve()) for hook in declared] + [str(Path(__file__).resolve())]


def main(argv: list[str] | None = None) -> None:
    from mkdocs.commands.serve import serve

    parser = argparse.ArgumentParser(prog="python -m plugins.archive.live", description="mkdocs serve, watching sources/ too")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", default=None, help="IP:PORT to serve on (default: the config's, 127.0.0.1:8000)")
    parser.add_argument(
        "--full", action="store_true", help="render every page on every rebuild (MkDocs' default; slow for a large archive)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    config_file = Path(args.config_file).resolve()
    options: dict[str, Any] = {"hooks": with_this_hook(config_file)}
    if args.dev_addr:
        options["dev_addr"] = args.dev_addr
    serve(config_file=str(config_file), build_type=None if args.full else "dirty", **options)


if __name__ == "__main__":
    main()
