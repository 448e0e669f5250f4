"""Fixtures for the search tests: a real MkDocs site of real report texts, served under a sub-path."""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml
from opencc import OpenCC

from build_scripts.inputs.source_text import read_source
from build_scripts.schema import dump_page, new_record
from plugins.search.page_text import searchable_text
from tests import browser
from tests.samples import SOURCES, expected

PROJECT = Path(__file__).resolve().parents[1]
SUB_PATH = "/archive/"


def fold(text: str) -> str:
    """Per character NFKC + lower case where that stays one character (written apart from the product)."""

    def one(char: str) -> str:
        folded = unicodedata.normalize("NFKC", char).lower()
        return folded if len(folded) == 1 and ord(char) <= 0xFFFF else char

    return "".join(map(one, text))


def expected_pages(texts: dict[str, str], query: str) -> set[str]:
    """The pages (url → folded text) containing every letter/digit run of the simplified, folded query."""
    runs = re.findall(r"[^\W_]+", OpenCC("t2s").convert(fold(query)))
    return {url for url, text in texts.items() if runs and all(run in text for run in runs)}


def shared_reports() -> list[Path]:
    """The real report texts of the sample archive (plain text only): the corpus, then the seeds."""
    texts = sorted(SOURCES.glob("*.txt"))
    return [p for p in texts if not p.name.startswith("00")] + [p for p in texts if p.name.startswith("00")]


def seed_facts() -> dict[str, dict]:
    data = expected("seeds")
    return {item["file"]: item for item in data if isinstance(item, dict) and "file" in item}


def report_page(path: Path, index: int) -> tuple[str, str]:
    """(relative path under content/, page text) for one real report."""
    raw = path.read_bytes()
    text = read_source(path.name, raw).text
    facts = seed_facts().get(path.name, {})
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    record = new_record(file=f"sources/{path.name}", sha256=hashlib.sha256(raw).hexdigest(), fmt="txt")
    record["title"] = lines[0][:80] if lines else path.stem
    record["agency"] = facts.get("agency")
    record["year"] = facts.get("year")
    body = "\n\n".join(html.escape(line, quote=False) for line in lines)
    return f"reports/r{index:03d}/{record['year'] or 'unknown'}.md", dump_page(record, body)


#: The record's ``template`` key would make MkDocs look for a Jinja template of that
#: name; the archive plugin owns that question, these tests only move the key aside.
TEMPLATE_HOOK = """
def on_page_markdown(markdown, page, **kwargs):
    if "template" in page.meta and "source" in page.meta:
        page.meta["report_template"] = page.meta.pop("template")
    return markdown
"""


def write_site_source(root: Path, reports: list[Path], **search_options: int) -> Path:
    """A docs dir with one page per report plus a home page; returns the mkdocs.yml path.

    ``search_options``: options of the ``archive-search`` plugin, e.g. a small ``lunr_max_documents``
    sends common heading tokens to the compact postings, a small ``big_posting_chars`` gives common
    tokens posting files of their own, so that every kind of lookup is exercised on a small archive.
    """
    docs = root / "docs"
    (docs / "reports").mkdir(parents=True)
    (docs / "index.md").write_text("# 档案\n\n首页不会被检索：行政复议。\n", "utf-8")
    for index, path in enumerate(reports):
        relative, page = report_page(path, index)
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, "utf-8")
    hook = root / "report_template_hook.py"
    hook.write_text(TEMPLATE_HOOK, "utf-8")
    config = {
        "site_name": "测试档案",
        "docs_dir": str(docs),
        "site_dir": str(root / "site"),
        "strict": True,
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "custom_dir": str(PROJECT / "overrides"),
        },
        "plugins": [{"archive-search": search_options} if search_options else "archive-search"],
        "nav": [{"档案": "index.md"}],
        "not_in_nav": "/reports/",
        "markdown_extensions": ["attr_list", "md_in_html"],
        "hooks": [str(hook)],
    }
    config_path = root / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return config_path


def build_site(config_path: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config_path)],
        check=True,
        cwd=config_path.parent,
    )
    return config_path.parent / "site"


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` at ``http://127.0.0.1:<port>/archive/``; yields that URL.

    The server's root holds nothing but a link to the site named like the sub-path, so the
    site's files answer only under it (a root-relative URL that forgets the sub-path gets a 404).
    """
    with tempfile.TemporaryDirectory(prefix="search-www-") as www:
        (Path(www) / SUB_PATH.strip("/")).symlink_to(site.resolve(), target_is_directory=True)
        with browser.serve(Path(www)) as origin:
            yield origin + SUB_PATH


@contextmanager
def search_page(site: Path) -> Iterator[tuple[str, object, list[str]]]:
    """(base URL of ``site`` served under the sub-path, a Chromium page, the page's script errors)."""
    with serve(site) as base, browser.chromium() as launched:
        page = launched.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield base, page, errors


def page_texts(docs: Path, site: Path) -> dict[str, str]:
    """url → folded searchable text (the indexer's definition) of every report page built from ``docs``.

    A further copy of a report (``source.duplicate_of``) is not listed: search finds the report once.
    """
    texts: dict[str, str] = {}
    for source in sorted((docs / "reports").rglob("*.md")):
        meta = yaml.safe_load(source.read_text("utf-8").split("---\n")[1])
        if (meta.get("source") or {}).get("duplicate_of"):
            continue
        url = source.relative_to(docs).with_suffix("").as_posix() + "/"
        rendered = (site / url / "index.html").read_text("utf-8")
        texts[url] = fold(
            searchable_text(str(meta.get("title") or ""), str(meta.get("agency") or ""), rendered)
        )
    return texts


def run_query(base: str, page, query: str) -> list[str]:
    """Open ``search/?q=…``, show every page of hits ("显示更多") and return their paths (relative to the site)."""
    page.goto(base + "search/?q=" + quote(query))
    page.wait_for_selector("[data-search-results][data-search-state=done]", state="attached", timeout=15000)
    while page.is_visible("[data-search-more]"):  # every hit, page after page
        page.click("[data-search-more]")
        page.wait_for_selector("[data-search-results][data-search-state=done]", state="attached", timeout=15000)
    hrefs = page.eval_on_selector_all("[data-search-hit]", "els => els.map(e => e.href)")
    return [urlsplit(href).path.removeprefix(SUB_PATH) for href in hrefs]
