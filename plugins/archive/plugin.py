"""The ``archive`` MkDocs plugin.

``on_files`` reads and validates the front matter of every report page under
``reports/`` (MkDocs would silently swallow YAML errors), builds the in-memory
:class:`~plugins.archive.model.Archive`, reports maintainer problems as warnings on the
``mkdocs.plugins.archive`` logger (so ``--strict`` fails on them), and adds the
generated pages, downloads, assets and the reports' original files with
``File.generated`` — nothing is ever written into ``docs_dir``. ``on_page_markdown``
puts the statistics panel above each report and the at-a-glance blocks on the home page.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from build_scripts.pages.manifest import Manifest, acknowledgements
from build_scripts.pages.record_cache import FOLDER_NAME as RECORDS_FOLDER
from build_scripts.pages.record_cache import RecordCache, read_record, text_key
from build_scripts.schema import FRONT_MATTER_FENCE, RecordError
from plugins.archive import csp, open_data, pages, panel, paths
from plugins.archive.additions import added_dates
from plugins.archive.changes import neighbours
from plugins.archive.compact import compact_page
from plugins.archive.filters import level_page
from plugins.archive.identity import same_as_links
from plugins.archive.issues import (
    Issue,
    ManifestError,
    find_issues,
    load_manifest,
    split_acknowledged,
)
from plugins.archive.model import UNKNOWN_REGION, UNKNOWN_REGION_PART, Archive, CrossYearCheck, Report
from plugins.archive.raw_html import HeldBlocks
from plugins.archive.render_cache import FOLDER_NAME as RENDERED_FOLDER
from plugins.archive.render_cache import RenderCache, markdown_settings, render_key
from plugins.archive.serve_pages import FOLDER_NAME as SERVE_PAGES_FOLDER
from plugins.archive.serve_pages import PageStore
from plugins.archive.subset_markdown import render_subset, renders_as

log = logging.getLogger("mkdocs.plugins.archive")

ASSETS: tuple[str, ...] = ("archive.css", "archive.js")
_FIRST_H1 = re.compile(r"\A\s*#\s[^\n]*\n")
#: Where a report's statistics panel goes, until :meth:`ArchivePlugin.on_post_page` puts it there (report
#: text cannot produce it: the convert step escapes every ``<``).
PANEL_SLOT = "<div data-archive-panel-slot></div>"


class ArchiveConfig(base.Config):
    reports_dir = c.Type(str, default="reports")
    """Folder inside ``docs_dir`` holding ``<agency-slug>/<year>.md`` report pages."""
    manifest = c.Type(str, default="sources/manifest.yaml")
    """Per-source-file metadata, relative to ``mkdocs.yml``; read for ``acknowledge:`` lists."""
    sources = c.Choice(("copy", "link"), default="link")
    """What a report page offers of its original file. ``copy``: the original's bytes as a download under
    ``sources/`` (one that a browser would run, such as HTML, as ``.txt``; see :func:`paths.source_uri`);
    ``link``: only the original's web address (``source.url``, shown in either case). ``link`` is the
    default because copies double a large archive's site (about 350 MB of text at 20,000 reports,
    several GB as PDFs; GitHub Pages takes 1 GB)."""
    subset_markdown = c.Type(bool, default=True)
    """Render a report body written in the convert step's Markdown subset without Python-Markdown
    (:mod:`plugins.archive.subset_markdown`: the same HTML, about ten times faster); a body outside the
    subset, or other Markdown extensions or settings, go through Markdown either way."""
    page_rows = c.Type(int, default=100)
    """At most this many agencies or reports on one page of the agency list, a year or a region (a row
    of figures with their changes from last year takes about 3.5 KB: 100 rows keep a page under 500 KB)."""


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self) -> None:
        self.site: pages.SiteMap | None = None
        self.reports: dict[str, Report] = {}
        self.source_links: dict[str, str] = {}  # report src_uri → src_uri of its published original
        self.generated: set[str] = set()
        self.serving = False
        self.dirty_serving = False  # ``mkdocs serve --dirty``: generated pages are kept as files (serve_pages)
        #: While serving: the last build's validated records by the SHA-256 of their page's text (the
        #: plugin object lives across the rebuilds of ``mkdocs serve``; an unchanged page is not read again).
        self.records: dict[str, dict[str, Any]] = {}
        self.records_digest: dict[str, str] = {}  # the same text hashes → hash of the record (while serving)
        self.record_digests: dict[str, str] = {}  # report src_uri → hash of its record (while serving)
        #: While serving: what the last build generated (path, content, in nav) and a hash of what it was
        #: generated from; a rebuild from the same inputs (a report's text edited, not its record) reuses it.
        self.generated_files: list[tuple[str, str | bytes, bool]] = []
        self.generated_inputs: str | None = None
        self.panel_anchors: dict[str, frozenset[int]] = {}  # report src_uri → source lines its body anchors
        self.rendered: RenderCache | None = None  # report pages as Markdown rendered them (build/page-html)
        self.render_keys: set[str] = set()  # the render cache keys of this build's report pages
        self.markdown_settings = ""  # the Markdown extensions and their settings, as part of those keys
        self.subset = False  # report bodies in the convert step's subset skip Markdown (subset_markdown)
        self.unstored: dict[str, str] = {}  # report src_uri → key, rendered by Markdown this build, not yet kept
        self.held: dict[str, HeldBlocks] = {}  # report src_uri → raw HTML kept out of Markdown while it renders
        self.next_year_checks: dict[str, CrossYearCheck] = {}  # earlier report's src_uri → its check against next year

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty_serving = self.serving and dirty
        self.records, self.records_digest = {}, {}  # MkDocs keeps this object for every later build
        self.generated_files, self.generated_inputs = [], None
        self.reports = {}  # a first build has no earlier records to compare with

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        css, js = f"{paths.ASSET_DIR}/archive.css", f"{paths.ASSET_DIR}/archive.js"
        if css not in config.extra_css:
            config.extra_css.append(css)
        if js not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(js)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        project = Path(config.config_file_path).resolve().parent
        for unused in [f for f in files if _unused_theme_file(f.src_uri) and f.abs_src_path and not _in_docs(f, config)]:
            files.remove(unused)
        reports = self._read_reports(files, project)
        try:  # read once a build: its same_as links and its acknowledgements
            manifest = load_manifest(project / self.config.manifest)
        except ManifestError as exc:
            raise PluginError(f"archive: {exc}") from None
        archive = Archive.from_reports(reports, same_as_links(manifest.entries))
        folders = paths.region_slugs(archive)
        earlier = self.reports
        self.reports = {r.src_uri: r for r in archive.all_reports}  # with their agency identity
        if self.dirty_serving:
            self._render_neighbours(files, archive, earlier)
        self.generated = set()
        self.rendered = RenderCache(project / "build" / RENDERED_FOLDER)
        self.render_keys, self.unstored = set(), {}
        self.markdown_settings = markdown_settings(config.markdown_extensions, config.mdx_configs)
        self.subset = self.config.subset_markdown and renders_as(config.markdown_extensions, config.mdx_configs)

        urls: dict[str, str] = {}  # asked once per link on every page: one File each, not one per call

        def url_of(src_uri: str) -> str:
            url = urls.get(src_uri)
            if url is None:
                existing = files.get_file_from_path(src_uri)
                url = urls[src_uri] = (existing or File(src_uri, None, config.site_dir, config.use_directory_urls)).url
            return url

        cross = {check.later.src_uri: check for check in archive.cross_year_checks()}
        self.next_year_checks = {check.earlier.src_uri: check for check in cross.values()}
        self.site = pages.SiteMap(
            archive=archive, folders=folders, url_of=url_of, cross_year=cross, page_rows=max(1, self.config.page_rows),
            added=added_dates(project),
        )
        issues = find_issues(archive) + self._add_sources(files, config, project, archive)
        self._report_issues(issues, acknowledgements(manifest))
        inputs = self._generation_inputs(files, config, manifest) if self.serving else None
        self._add_generated(files, config, archive, inputs)
        return files

    def _render_neighbours(self, files: Files, archive: Archive, earlier: dict[str, Report]) -> None:
        """Dirty rebuilds: the report pages that show something of a report whose record changed (its
        agency's other years: previous/next links and cross-year checks; its copies) are rendered again."""
        if not earlier:
            return
        now = self.reports
        changed = {
            uri for uri in now.keys() | earlier.keys()
            if uri not in now or uri not in earlier or now[uri].record != earlier[uri].record
        }
        slugs = {r.agency_slug for uri in changed for r in (self.reports.get(uri), earlier.get(uri)) if r is not None}
        for slug in slugs & archive.agencies.keys():
            for report in archive.agencies[slug].reports:
                for page in (report, *archive.copies_of(report)):
                    file = files.get_file_from_path(page.src_uri)
                    if file is not None and page.src_uri not in changed:
                        file.is_modified = _modified  # type: ignore[method-assign]

    def _generation_inputs(self, files: Files, config: MkDocsConfig, manifest: Manifest) -> str:
        """A hash of everything the generated files are made of: the records (by their pages' text), the
        other pages, the manifest's entries (as this build read them), the sources' dates and the settings."""
        assert self.site is not None
        facts = {
            "reports": sorted(self.record_digests.items()),
            "files": sorted(f.src_uri for f in files if f.src_uri not in self.record_digests),
            "manifest": repr(manifest.entries),
            "added": sorted(self.site.added.items()),
            "settings": [config.site_name, config.site_url, config.use_directory_urls, dict(self.config)],
        }
        return _digest(facts)

    def _read_reports(self, files: Files, project: Path) -> list[Report]:
        """The validated record of every report page: from the record cache (``build/page-records``,
        by the hash of the page text) or, for a page it does not hold, read from the front matter."""
        prefix = self.config.reports_dir.strip("/") + "/"
        reports = []
        self.record_digests = {}
        digests: dict[str, str] = {}
        store = RecordCache(project / "build" / RECORDS_FOLDER)
        known: dict[str, dict[str, Any]] = {}  # text hash → record, for the next build while serving
        for file in sorted(files, key=lambda f: f.src_uri):
            if not (file.src_uri.startswith(prefix) and file.is_documentation_page()):
                continue
            if not file.inclusion.is_included():
                continue
            shown = _display_path(file, project)
            try:
                text = file.content_string
                key = text_key(text)
                record = self.records.get(key) or read_record(store, key, text, shown)
            except RecordError as exc:
                raise PluginError(f"archive: {exc}") from None
            except UnicodeDecodeError:
                raise PluginError(f"archive: {shown}: not UTF-8 text") from None
            if self.serving:
                digest = digests[key] = self.records_digest.get(key) or _digest(record)
                self.record_digests[file.src_uri] = digest
            known[key] = record
            file.inclusion = InclusionLevel.NOT_IN_NAV
            reports.append(Report(file.src_uri, record))
        store.keep_only(known)
        self.records = known if self.serving else {}
        self.records_digest = digests
        return reports

    def _add_sources(
        self, files: Files, config: MkDocsConfig, project: Path, archive: Archive
    ) -> list[Issue]:
        """With ``sources: copy``, publish each report's original file; a missing one is an issue."""
        issues: list[Issue] = []
        self.source_links = {}
        if self.config.sources != "copy":
            return issues
        published: dict[str, Path] = {}  # src_uri → the original published there
        for report in archive.all_reports:
            declared = report.record["source"]["file"]
            path = (project / declared).resolve()
            if not path.is_relative_to(project) or not path.is_file():
                why = "outside the project" if not path.is_relative_to(project) else "not found"
                issues.append(Issue(report.src_uri, "source-missing", f"{declared} is {why}", declared))
                continue
            uri = first = paths.source_uri(path.relative_to(project).as_posix())
            number = 1
            while published.get(uri, path) != path or (uri not in published and files.get_file_from_path(uri)):
                number += 1
                uri = paths.another_source_uri(first, number)
            if uri not in published:
                published[uri] = path
                files.append(File.generated(config, uri, abs_src_path=str(path)))
            self.source_links[report.src_uri] = uri
        return issues

    def _report_issues(self, issues: list[Issue], acknowledged: dict[str, frozenset[str]]) -> None:
        open_issues, done = split_acknowledged(sorted(issues), acknowledged)
        for issue in open_issues:
            log.warning(
                "%s (fix the data, or acknowledge it: add '%s' to 'acknowledge' for %s in %s)",
                issue,
                issue.code,
                issue.source_file,
                self.config.manifest,
            )
        for issue in done:
            log.info("acknowledged: %s", issue)

    def _add_generated(self, files: Files, config: MkDocsConfig, archive: Archive, inputs: str | None = None) -> None:
        """Add the generated pages, downloads and assets; while serving, those of the last build when
        ``inputs`` (see :meth:`_generation_inputs`) are the same."""
        site = self.site
        assert site is not None
        project = Path(config.config_file_path).resolve().parent
        store = PageStore(project / "build" / SERVE_PAGES_FOLDER) if self.dirty_serving else None
        added: list[tuple[str, str | bytes, bool]] = []

        def add(src_uri: str, content: str | bytes, *, in_nav: bool = False) -> None:
            if files.get_file_from_path(src_uri) is not None:
                raise PluginError(
                    f"archive: {config.docs_dir}/{src_uri} collides with a page the archive generates"
                )
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            self.generated.add(src_uri)
            if inputs is not None:
                added.append((src_uri, content, in_nav))
            if store is not None and src_uri.endswith(".md"):  # unchanged text: not rendered again
                source = str(store.file_of(src_uri, content))
                files.append(File.generated(config, src_uri, abs_src_path=source, inclusion=inclusion))
            else:
                files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))

        def add_pages(first: str, documents: list[str], *, in_nav: bool = False) -> None:
            """The pages of a paginated page; only the first is in the nav."""
            for number, document in enumerate(documents, start=1):
                add(paths.numbered(first, number), document, in_nav=in_nav and number == 1)

        if inputs is not None and inputs == self.generated_inputs:  # the same as last time
            for src_uri, content, in_nav in self.generated_files:
                add(src_uri, content, in_nav=in_nav)
            self._keep_generated(store, added, inputs)
            return
        home = files.get_file_from_path(paths.HOME)
        if store is not None and home is not None:  # its text is the maintainer's, its blocks are the archive's
            home.is_modified = _modified  # type: ignore[method-assign]
        if home is None:
            add(paths.HOME, pages.front_matter(config.site_name) + f"# {config.site_name}\n", in_nav=True)
        add_pages(paths.AGENCIES, pages.agencies_pages(site), in_nav=True)
        for level, documents in pages.level_pages(site).items():
            add_pages(level_page(level), documents)
        add(paths.YEARS, pages.years_page(site), in_nav=True)
        add_pages(paths.REGIONS, pages.region_pages(site, archive.regions), in_nav=True)
        for slug in sorted(archive.agencies):
            add(paths.agency_page(slug), pages.agency_page(site, archive.agencies[slug]))
        for year in archive.years:
            add_pages(paths.year_page(year), pages.year_pages(site, year))
        for node in archive.regions.walk():
            if node.path:  # their CSVs are the year and province files under data/, linked
                add_pages(paths.region_page(site.folders, node), pages.region_pages(site, node))
        open_data.add_open_data(
            add,
            site,
            project=Path(config.config_file_path).resolve().parent,
            manifest=self.config.manifest,
            site_name=config.site_name,
            site_url=config.site_url or "",
        )
        for name in ASSETS:
            add(
                f"{paths.ASSET_DIR}/{name}",
                resources.files("plugins.archive").joinpath("assets", name).read_bytes(),
            )
        self._keep_generated(store, added, inputs)

    def _keep_generated(self, store: PageStore | None, added: list[tuple[str, str | bytes, bool]], inputs: str | None) -> None:
        if store is not None:
            store.keep_only(uri for uri in self.generated if uri.endswith(".md"))
        self.generated_files, self.generated_inputs = added, inputs

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        site = self.site
        if site is None:
            return markdown
        src = page.file.src_uri
        if src in self.reports:
            page.meta = dict(self.reports[src].record)
        if src in self.reports or src in self.generated:
            _escape_title(page)
        if src == paths.HOME:
            held = self.held[src] = HeldBlocks()
            return markdown.rstrip("\n") + "\n\n" + held.hold_raw_blocks(pages.home_blocks(site))
        if src in self.generated:
            held = self.held[src] = HeldBlocks()
            return held.hold_raw_blocks(markdown)
        report = self.reports.get(src)
        if report is None:
            return markdown
        self.panel_anchors[src] = panel.line_anchors(markdown)
        held = self.held[src] = HeldBlocks()
        page.render = partial(self._render_report, page)  # type: ignore[method-assign]
        return report_markdown(markdown, held)

    def _render_report(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """``page.render`` of a report page: the subset renderer's result when the body is in the convert
        step's subset (:mod:`plugins.archive.subset_markdown`; not cached: rendering is about as quick
        as reading an entry); else what Markdown made of the same text last time, if the render cache
        (:mod:`plugins.archive.render_cache`) holds it; else Markdown, and kept."""
        assert page.markdown is not None
        src = page.file.src_uri
        rendered = render_subset(page.markdown) if self.subset else None
        if rendered is not None:
            page.content, page.toc, page._title_from_render = rendered.html, get_toc(rendered.toc), rendered.title
            page.present_anchor_ids, page.links_to_anchors = set(rendered.anchors), {}
            return
        held = self.held.get(src)
        text = held.fingerprint(page.markdown) if held is not None else page.markdown
        key = render_key(text, page, self.markdown_settings)
        self.render_keys.add(key)
        if self.rendered is not None and self.rendered.apply(key, page):
            self.held.pop(src, None)  # the stored HTML has its blocks back already
            page.markdown = ""
            return
        type(page).render(page, config, files)  # the engine's own (MkDocs or a fork of it)
        self.unstored[src] = key

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """A report page's text without its front matter, which :meth:`on_files` has read already.

        ``page.meta`` becomes the record in :meth:`on_page_markdown`; MkDocs' own (pure-Python)
        YAML parse of the whole record is skipped.
        """
        report = self.reports.get(page.file.src_uri)
        if report is None:
            return None
        body = page_body(page.file.content_string)
        return f"---\ntitle: {json.dumps(report.title)}\n---\n\n{body}"

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        held = self.held.pop(page.file.src_uri, None)
        if held is None:
            return html
        if page.file.src_uri in self.reports:
            page.markdown = ""  # rendered: MkDocs would keep every page's text until the build ends
        try:
            restored = held.restore(html)
        except ValueError as exc:
            raise PluginError(f"archive: {page.file.src_uri}: {exc}") from None
        key = self.unstored.pop(page.file.src_uri, None)
        if key is not None and self.rendered is not None:
            self.rendered.put(key, page, restored)
        return restored

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Drop the rendered pages this build did not use (a dirty rebuild renders only a few: keep all)."""
        if self.rendered is not None and not self.dirty_serving:
            self.rendered.keep_only(self.render_keys)

    @event_priority(-100)  # last: after every plugin has changed the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """A report's statistics panel, then the page's Content-Security-Policy (the theme's inline scripts by hash).

        The panel (most of a report page's HTML) goes in only now, as the page is written: MkDocs keeps
        every page's content in memory from the first page rendered to the last page written.
        """
        report = self.reports.get(page.file.src_uri)
        if report is not None and PANEL_SLOT in output:
            anchors = self.panel_anchors.pop(report.src_uri, frozenset())
            html = panel.report_panel(report, self._panel_links(report, anchors), self._cross_year_items(report))
            output = output.replace(PANEL_SLOT, html, 1)
        return csp.with_policy(compact_page(output), page.content or "")

    @event_priority(-100)
    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        """The same for pages rendered from a bare template (404.html)."""
        return csp.with_policy(compact_page(output_content))

    def _panel_links(self, report: Report, anchors: frozenset[int]) -> panel.PanelLinks:
        site = self.site
        assert site is not None
        archive = site.archive
        here = report.src_uri
        main = archive.main_of(report)
        path = report.region_path
        regions = [
            (path[i - 1], site.href(here, site.region_src(path[:i])) if archive.has_region(path[:i]) else None)
            for i in range(1, len(path) + 1)
            if path[i - 1] not in (UNKNOWN_REGION_PART, UNKNOWN_REGION)
        ]
        source = self.source_links.get(here)
        listed = report.agency_slug in archive.agencies
        earlier, later = (
            neighbours(archive.agencies[report.agency_slug].reports, archive.main_of(report) or report)
            if listed and not archive.agencies[report.agency_slug].unsigned
            else (None, None)
        )
        return panel.PanelLinks(
            agency=site.href(here, paths.agency_page(report.agency_slug)) if listed else None,
            year=site.href(here, paths.year_page(report.year)) if report.year in archive.years else None,
            regions=regions,
            source=site.href(here, source) if source else None,
            main=(site.href(here, main.src_uri), main.title) if main is not None else None,
            copies=[(site.href(here, c.src_uri), _copy_label(c)) for c in archive.copies_of(report)],
            line_anchors=anchors,
            record=site.href(here, open_data.record_json_uri(here)),
            previous=(site.href(here, earlier.src_uri), earlier.year_label) if earlier else None,
            next=(site.href(here, later.src_uri), later.year_label) if later else None,
        )

    def _cross_year_items(self, report: Report) -> list[tuple[CrossYearCheck, str | None, str]]:
        """The report's cross-year checks: against last year's report, then against next year's."""
        site = self.site
        assert site is not None
        items = []
        against_last = site.cross_year.get(report.src_uri)
        if against_last is not None:
            earlier = against_last.earlier
            items.append((against_last, site.href(report.src_uri, earlier.src_uri), f"{earlier.year_label}报告"))
        against_next = self.next_year_checks.get(report.src_uri)
        if against_next is not None:
            later = against_next.later
            items.append((against_next, site.href(report.src_uri, later.src_uri), f"{later.year_label}报告"))
        return items


def _modified() -> bool:
    """``File.is_modified`` of a page a dirty rebuild must render again although its file did not change."""
    return True


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def report_markdown(body: str, held: HeldBlocks) -> str:
    """A report page's body as it goes to be rendered: the statistics panel's slot after the title,
    the raw HTML blocks (tables) held out (:mod:`plugins.archive.raw_html`)."""
    heading = _FIRST_H1.match(body)
    cut = heading.end() if heading else 0
    return f"{body[:cut]}{held.hold(PANEL_SLOT)}{held.hold_raw_blocks(body[cut:])}"


def page_body(text: str) -> str:
    """What follows the front matter of a page :func:`split_page` has read (as it returns the body)."""
    lines = text.lstrip("\ufeff").split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r") == FRONT_MATTER_FENCE), 0)
    return "\n".join(lines[end + 1 :]).lstrip("\n")


def _copy_label(report: Report) -> str:
    """How a copy is named on its main page: by its original file and that file's format."""
    fmt = str(report.record["source"].get("format") or "").upper()
    return f"{report.source_name}（{fmt}）" if fmt else report.source_name


def _escape_title(page: Page) -> None:
    """Material prints ``page.meta.title`` into ``<title>`` and ``<h1>`` unescaped; titles here are report text."""
    title = page.meta.get("title")
    if isinstance(title, str):
        page.meta["title"] = html.escape(title, quote=False)


def _unused_theme_file(src_uri: str) -> bool:
    """A theme file no page of the archive reads: Material's source maps (1 MB, for its developers' tools)
    and the lunr.js build of Material's own search (1 MB with its language files). That search's worker
    starts only on a page with a ``<form name="search">``, which the archive's header replaces."""
    return src_uri.endswith(".map") or src_uri.startswith("assets/javascripts/lunr/")


def _in_docs(file: File, config: MkDocsConfig) -> bool:
    """Whether ``file`` comes from ``docs_dir`` (the maintainer's) rather than from the theme."""
    assert file.abs_src_path is not None
    return Path(file.abs_src_path).resolve().is_relative_to(Path(config.docs_dir).resolve())


def _display_path(file: File, project: Path) -> str:
    """The page's path as the maintainer sees it (``content/reports/…``), for error messages."""
    if file.abs_src_path:
        try:
            path = _resolved_folder(os.path.dirname(file.abs_src_path)) / os.path.basename(file.abs_src_path)
            return path.relative_to(project).as_posix()
        except ValueError:
            return file.abs_src_path
    return file.src_uri


@lru_cache(maxsize=4096)
def _resolved_folder(folder: str) -> Path:
    """``folder`` with its symbolic links resolved, once per folder (a build asks for every report's)."""
    return Path(folder).resolve()
