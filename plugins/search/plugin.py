"""MkDocs plugin ``archive-search``: the search page, the sharded index and its scripts.

What is indexed: every report page (a page under ``reports_dir`` whose front matter
is a report record). Its searchable text is :func:`~plugins.search.page_text.searchable_text`:
the record's title, its agency and the text content of the rendered ``<article>``.

What the build writes under ``search/`` (see :mod:`plugins.search.index_writer`):

* ``index/t/<shard>.json``: **lunr.py** indexes (``lunr.builder.Builder``, no pipeline,
  no search pipeline, ref = document id, fields ``title`` boost 10 and ``agency`` boost 5)
  over the title/agency bigram + unigram tokens, sharded by token, each the output of
  ``Index.serialize()``;
* ``index/s``, ``index/b``: the compact body postings; ``index/d``: one compressed file per
  report (its url, title, agency, year, place, level and searchable text);
* ``lunr.js``: lunr 2.3.9, copied from the installed mkdocs package
  (``mkdocs/contrib/search/templates/search/lunr.js``) on every build, never committed;
* ``search.js`` / ``search.css``.

In the browser, ``search.js`` is loaded when someone focuses the search box or opens the
search page, and it loads ``lunr.js`` with the first lunr shard a query needs (a query
whose tokens are all compact headings needs none). A query's tokens select their lunr shards; each is loaded with
``lunr.Index.load`` and queried with ``index.query`` (every token a required term,
``usePipeline: false``, fields title and agency); refs are intersected across shards and
their lunr scores added. Those title/agency hits (verified against the stored title and
agency) rank first, by lunr's score; the other pages follow, ranked by lunr's BM25 formula
(its idf, ``k1`` = 1.2, ``b`` = 0.75) computed from the compact body postings. A query
downloads the postings of its rarest tokens (a token in more than half of the reports only
when it is the rarest); the others, and every query run longer than two characters, are
confirmed on the listed hits' own texts.

Dirty builds (``mkdocs serve --dirty``, ``build(config, dirty=True)``) render only the changed
pages. The new index is written beside the old one and replaces it only when every report
page was rendered; after a partial build the last full build's index stays as it is (one
log line says so).
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

import mkdocs
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from plugins.search.index_writer import BIG_POSTING_CHARS, LUNR_MAX_DOCUMENTS, IndexWriter, RenderedPage

log = logging.getLogger("mkdocs.plugins.archive-search")

ASSETS = Path(__file__).parent / "assets"
#: lunr.js 2.3.9 as the installed mkdocs package ships it; copied into the site, never committed.
LUNR_JS = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"
SEARCH_PAGE = """\
---
title: 搜索
search_page: true
---

# 搜索

<div class="archive-search-page" data-search-page markdown="0">
<form class="archive-search-page__form" action="." role="search">
<input type="search" name="q" aria-label="搜索报告全文" placeholder="输入字词，如 行政复议" autocomplete="off">
<button type="submit">搜索</button>
</form>
<form class="archive-filter" data-search-filter hidden aria-label="筛选搜索结果">
<label>层级 <select name="level"><option value="*">全部</option><option>省级</option><option>市级</option><option>县级</option><option>乡镇</option><option>街道</option><option>部门</option><option value="">不详</option></select></label>
<label>地区 <input type="search" name="place" placeholder="省、市或县名" autocomplete="off"></label>
<label>年度 <input type="number" name="year" min="1990" max="2100" placeholder="如 2019"></label>
<output class="archive-filter__count" aria-live="polite" data-search-filter-count></output>
</form>
<p class="archive-search__status" data-search-status aria-live="polite"></p>
<ol class="archive-search__results" data-search-results></ol>
<p><button type="button" data-search-more hidden>显示更多</button></p>
</div>
<noscript>搜索需要 JavaScript。</noscript>
"""


class SearchConfig(base.Config):
    reports_dir = c.Type(str, default="reports/")
    page_uri = c.Type(str, default="search/index.md")
    #: Tokens in more titles/agencies than this stay out of the lunr shards (see index_writer).
    lunr_max_documents = c.Type(int, default=LUNR_MAX_DOCUMENTS)
    #: Postings longer than this (characters) get a file of their own (see index_writer).
    big_posting_chars = c.Type(int, default=BIG_POSTING_CHARS)


class SearchPlugin(BasePlugin[SearchConfig]):
    def __init__(self) -> None:
        self.writer: IndexWriter | None = None
        #: Report-folder pages of this build, and those rendered (fewer in a dirty build).
        self.report_pages: set[str] = set()
        self.rendered: set[str] = set()
        self.new_index_dir = Path()
        #: Seconds this plugin spent in the current build (page text, indexing, shard files).
        self.seconds = 0.0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if "material/search" in config.plugins or "search" in config.plugins:
            raise PluginError(
                "archive-search replaces the theme's search: remove the 'search' plugin from mkdocs.yml"
            )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.report_pages = {
            file.src_uri
            for file in files.documentation_pages()
            if file.src_uri.startswith(self.config.reports_dir) and not file.inclusion.is_excluded()
        }
        files.append(
            File.generated(config, self.config.page_uri, content=SEARCH_PAGE, inclusion=InclusionLevel.NOT_IN_NAV)
        )
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.writer = None
        self.seconds = 0.0
        self.rendered = set()

    @staticmethod
    def _new_index_dir(config: MkDocsConfig) -> Path:
        """Where this build writes its index before it replaces ``search/index/``."""
        return Path(config.site_dir) / "search" / "index.new"

    def _new_writer(self, config: MkDocsConfig) -> IndexWriter:
        """A writer into an emptied ``search/index.new/`` of the site."""
        index_dir = self.new_index_dir = self._new_index_dir(config)
        shutil.rmtree(index_dir, ignore_errors=True)
        return IndexWriter(
            index_dir,
            lunr_max_documents=self.config.lunr_max_documents,
            big_posting_chars=self.config.big_posting_chars,
        )

    def is_report(self, page: Page) -> bool:
        """A report page that search lists: not a further copy of another report.

        A page whose ``source.duplicate_of`` names its main copy is the same report (the site
        counts it once), so only the main page is indexed: a phrase is found, and counted, once.
        """
        source = page.meta.get("source")
        return (
            page.file.src_uri.startswith(self.config.reports_dir)
            and isinstance(source, dict)
            and not source.get("duplicate_of")
        )

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.rendered.add(page.file.src_uri)
        if not self.is_report(page):
            return output
        start = time.perf_counter()
        if self.writer is None:
            self.writer = self._new_writer(config)
        year = page.meta.get("year")
        region = page.meta.get("region")
        place = " ".join(str(v) for v in region.values() if v) if isinstance(region, dict) else ""
        self.writer.add(
            RenderedPage(
                url=page.url,
                title=str(page.meta.get("title") or page.title or ""),
                agency=str(page.meta.get("agency") or ""),
                year=year if isinstance(year, int) and not isinstance(year, bool) else None,
                html=page.content or output,  # the article: the theme around it is not searched
                place=place,
                level=str(page.meta.get("level") or ""),
            )
        )
        self.seconds += time.perf_counter() - start
        return output

    def on_build_error(self, *, error: Exception) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            shutil.rmtree(self.new_index_dir, ignore_errors=True)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        start = time.perf_counter()
        target = Path(config.site_dir) / "search"
        partial = not self.report_pages <= self.rendered
        if partial and (target / "index" / "manifest.json").is_file():
            if self.writer is not None:
                self.writer.close()
                self.writer = None
            shutil.rmtree(self._new_index_dir(config), ignore_errors=True)
            self.seconds += time.perf_counter() - start
            log.info(
                "archive-search: dirty build (%d of %d report pages rendered): search keeps the index "
                "of the last full build (%.1f s)",
                len(self.rendered & self.report_pages),
                len(self.report_pages),
                self.seconds,
            )
            return
        if self.writer is None:
            self.writer = self._new_writer(config)
        manifest = self.writer.finish()
        self.writer = None
        shutil.rmtree(target / "index", ignore_errors=True)
        self._new_index_dir(config).rename(target / "index")
        for asset in ("search.js", "search.css"):
            shutil.copyfile(ASSETS / asset, target / asset)
        if not LUNR_JS.is_file():
            raise PluginError(f"archive-search: lunr.js not found in the mkdocs package ({LUNR_JS})")
        shutil.copyfile(LUNR_JS, target / "lunr.js")
        self.seconds += time.perf_counter() - start
        log.info(
            "archive-search: indexed %d report pages into %d shards in %.1f s",
            manifest["documents"],
            manifest["shards"],
            self.seconds,
        )
