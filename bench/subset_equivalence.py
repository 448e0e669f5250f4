"""Every report page of an archive rendered by MkDocs' Markdown and by the subset renderer, compared.

Usage::

    .venv/bin/python bench/subset_equivalence.py /work/bench/b2k

renders the body of each page under ``<root>/content/reports`` as the archive plugin hands it to be
rendered (panel slot and tables held out: :func:`plugins.archive.plugin.report_markdown`) twice: with
MkDocs' own ``Page.render`` (Python-Markdown with ``<root>/mkdocs.yml``'s extensions) and with
:func:`plugins.archive.subset_markdown.render_subset`, and reports the pages where the HTML, the table of
contents, the title or the anchors differ, the pages the subset renderer left to Markdown, and the
time each took. Exits 1 when a page differs. ``tests/test_subset_markdown.py`` runs it on the sample
pages.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from mkdocs.config import load_config  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.toc import TableOfContents, get_toc  # noqa: E402

from plugins.archive.plugin import page_body, report_markdown  # noqa: E402
from plugins.archive.raw_html import HeldBlocks  # noqa: E402
from plugins.archive.subset_markdown import render_subset  # noqa: E402


@dataclass
class Comparison:
    pages: int = 0
    left_to_markdown: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    markdown_seconds: float = 0.0
    subset_seconds: float = 0.0


def toc_tree(toc: TableOfContents) -> list[Any]:
    return [(item.level, item.id, item.title, toc_tree(item.children)) for item in toc]


def compare(root: Path, config_file: Path | None = None) -> Comparison:
    """Both renderings of every report page under ``root/content/reports``."""
    config = load_config(config_file=str(config_file or root / "mkdocs.yml"), docs_dir=str(root / "content"))
    files = Files([])
    result = Comparison()
    for path in sorted((root / "content" / "reports").rglob("*.md")):
        markdown = report_markdown(page_body(path.read_text("utf-8")), HeldBlocks())
        uri = path.relative_to(root / "content").as_posix()
        page = Page(None, File(uri, str(root / "content"), str(root / "site"), True), config)
        page.markdown = markdown
        start = time.perf_counter()
        page.render(config, files)
        middle = time.perf_counter()
        rendered = render_subset(markdown)
        result.subset_seconds += time.perf_counter() - middle
        result.markdown_seconds += middle - start
        result.pages += 1
        if rendered is None:
            result.left_to_markdown.append(uri)
        elif (
            rendered.html != page.content
            or toc_tree(get_toc(rendered.toc)) != toc_tree(page.toc)
            or rendered.title != page._title_from_render
            or set(rendered.anchors) != page.present_anchor_ids
        ):
            result.different.append(uri)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="an archive: content/reports and mkdocs.yml")
    args = parser.parse_args()
    result = compare(args.root.resolve())
    print(f"{result.pages} report pages: {len(result.different)} different, {len(result.left_to_markdown)} left to Markdown")
    print(f"Markdown {result.markdown_seconds:.2f} s, subset renderer {result.subset_seconds:.2f} s")
    for uri in result.different:
        print(f"different: {uri}")
    for uri in result.left_to_markdown:
        print(f"left to Markdown: {uri}")
    sys.exit(1 if result.different else 0)


if __name__ == "__main__":
    main()
