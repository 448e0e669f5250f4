"""The generated pages: home blocks, agencies, one page per agency, years, regions, data.

Each function returns a whole Markdown document (front matter + raw HTML blocks).
Headings that carry report text go through :func:`md_text`; everything else is HTML
built with the escaping helpers. Every row of figures links to its report (the row's year).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

import yaml

from build_scripts.schema import FORM_LABELS, STAT_KEYS, STAT_LABELS
from plugins.archive import downloads, paths
from plugins.archive.changes import Change, previous_reports, report_change
from plugins.archive.charts import Series, bar_chart, line_chart
from plugins.archive.filters import (
    agency_attrs,
    agency_level,
    filter_bar,
    level_label,
    level_page,
    levels_present,
)
from plugins.archive.flags import FailedCheck, Flags, cross_year_flags, report_flags
from plugins.archive.html import attrs, esc, link, md_text, number_cell, relative, scroll, status_badge
from plugins.archive.model import (
    UNKNOWN_REGION,
    UNKNOWN_REGION_PART,
    Agency,
    Archive,
    CrossYearCheck,
    RegionNode,
    Report,
    format_number,
    year_label,
)

T = TypeVar("T")

#: The series of the agency trend charts: requests and their outcome, and appeals (counts of cases).
REQUEST_SERIES: tuple[str, ...] = (
    "applications_new",
    "outcome_total",
    "reconsideration_total",
    "litigation_total",
)


@dataclass(frozen=True)
class SiteMap:
    """The archive plus where everything is published; the only input of the page builders."""

    archive: Archive
    folders: dict[tuple[str, ...], str]
    url_of: Callable[[str], str]  # src_uri → File.url
    cross_year: dict[str, CrossYearCheck]  # later report's src_uri → its check against last year
    page_rows: int = 100  # at most this many rows (agencies, reports) on one page of a list or table
    added: Mapping[str, str] = field(default_factory=dict)  # source name → date it joined the archive

    def href(self, page_src: str, target_src: str) -> str:
        return relative(self.url_of(target_src), self.url_of(page_src))

    @cached_property
    def previous(self) -> dict[str, Report]:
        """Report ``src_uri`` → its agency's report of the year before (:mod:`~plugins.archive.changes`)."""
        return {uri: r for a in self.archive.agencies.values() if not a.unsigned
                for uri, r in previous_reports(a.reports).items()}

    @cached_property
    def next_year(self) -> dict[str, CrossYearCheck]:
        """Earlier report's ``src_uri`` → its carry-over check against the next year's report."""
        return {check.earlier.src_uri: check for check in self.cross_year.values()}

    def failed(self, report: Report, flags: Flags, key: str) -> list[FailedCheck]:
        """The failed checks involving ``report``'s figure ``key``: its own, and the carry-over ones."""
        found = list(flags.of(key))
        for check, later in ((self.cross_year.get(report.src_uri), True), (self.next_year.get(report.src_uri), False)):
            if check is not None and key in (marks := cross_year_flags(check.status, check.detail, later=later)):
                found.append(marks[key])
        return found

    def change(self, report: Report, key: str) -> Change | None:
        return report_change(report, self.previous.get(report.src_uri), key)

    def region_src(self, path: tuple[str, ...]) -> str:
        return paths.region_page(self.folders, self.archive.region(path))

    def province_slug(self, province: str) -> str:
        """The province's folder name under ``regions/`` (also its data file's name)."""
        folder = self.folders.get((province,))
        return folder.rsplit("/", 1)[-1] if folder else province

    @cached_property
    def exporter(self) -> downloads.Exporter:
        """How reports become CSV rows and JSON (each report's JSON encoded once a build)."""
        return downloads.Exporter(
            page_of=lambda r: self.url_of(r.src_uri), cross_year=self.cross_year, main_of=self.archive.copy_links.main_of
        )

    @cached_property
    def downloads(self) -> list[downloads.Download]:
        """Every data file under ``data/`` (:func:`downloads.plan`), made once a build."""
        return downloads.plan(self.archive.all_reports, self.exporter, self.province_slug)

    def csv_links(self, page: str, scope: str, label: str, text: str) -> str:
        """Links from ``page`` to the CSV file(s) under ``data/`` of one year or province (``scope``,
        ``label`` as :func:`downloads.plan` names them); the data page when there is none. Year and
        region pages link these files instead of publishing copies of the same rows."""
        files = [f for f in self.downloads if f.scope == scope and f.label == label and f.src_uri.endswith(".csv")]
        if not files:
            return link(self.href(page, paths.DATA), "数据下载")
        if len(files) == 1:
            return link(self.href(page, files[0].src_uri), text, download="")
        parts = "、".join(
            link(self.href(page, f.src_uri), f"第 {n} 部分", download="") for n, f in enumerate(files, start=1)
        )
        return f"{esc(text)}：{parts}"


def front_matter(title: str, hide: Sequence[str] = ()) -> str:
    data: dict[str, object] = {"title": title}
    if hide:
        data["hide"] = list(hide)
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n"



def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` in consecutive pages of ``size``; an empty list is one empty page."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def page_suffix(number: int, count: int) -> str:
    """``（第 2 页，共 5 页）`` on a paginated page; nothing when there is one page."""
    return f"（第 {number} 页，共 {count} 页）" if count > 1 else ""


def pager(site: SiteMap, page: str, sources: Sequence[str], current: int) -> str:
    """Links to every page of a paginated list (nothing when there is one page)."""
    if len(sources) < 2:
        return ""
    items = "".join(
        f'<span aria-current="page">{n}</span>' if n == current else link(site.href(page, src), str(n))
        for n, src in enumerate(sources, start=1)
    )
    return f'<nav class="archive-pager" aria-label="分页">{items}</nav>'


def _region_label(path: tuple[str, ...], below: tuple[str, ...] = ()) -> str:
    """The stated parts of ``path`` under the region ``below``, joined with ``·``.

    ``("福建省", "不详", "平潭综合实验区")`` → ``福建省 · 平潭综合实验区``; below ``("福建省",)``
    → ``平潭综合实验区``; a report of the region itself shows the region's own name.
    """
    inner = path[len(below) :] if path[: len(below)] == below else path
    parts = [part for part in inner if part != UNKNOWN_REGION_PART] or [
        part for part in path if part != UNKNOWN_REGION_PART
    ][-1:]
    return " · ".join(parts)


def figure(title: str, svg: str) -> str:
    """A chart with its title printed above it (the SVG's own title is only a tooltip)."""
    if not svg:
        return ""
    return f'<figure class="archive-figure"><figcaption>{esc(title)}</figcaption>{svg}</figure>'


def _year_range(years: Sequence[int]) -> list[int]:
    """Every year from the first to the last: a year without a report is a gap, not squeezed out."""
    return list(range(min(years), max(years) + 1)) if years else []


def _by_name(node: RegionNode) -> list[RegionNode]:
    """Children in the order of :meth:`RegionNode.walk` (pinyin, unknown last)."""
    return [child for child in node.walk() if len(child.path) == len(node.path) + 1]


def _year_links(site: SiteMap, page: str, agency: Agency) -> str:
    return " ".join(
        link(site.href(page, r.src_uri), r.year_label)
        for r in agency.reports
    )


def _span(agency: Agency) -> str:
    """The years the agency's reports cover: ``2015–2024年``, ``2019年``, ``年份不详``."""
    years = sorted({r.year for r in agency.reports if r.year is not None})
    if not years:
        return "年份不详"
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"


def _agency_list(site: SiteMap, page: str, agencies: Sequence[Agency]) -> str:
    items = "".join(
        f"<li{attrs(agency_attrs(a))}>{link(site.href(page, paths.agency_page(a.slug)), a.name)}"
        f'<span class="archive-years">{_year_links(site, page, a)}</span></li>'
        for a in sorted(agencies, key=lambda a: (a.name, a.slug))
    )
    return f'<ul class="archive-agency-list">{items}</ul>'


#: The switch between sorting by the figures and by their change from last year (shown by archive.js).
SORT_MODE = (
    '<p class="archive-sort-mode" data-sort-mode hidden>排序依据：'
    '<button type="button" data-mode="value" aria-pressed="true">数值</button>'
    '<button type="button" data-mode="change" aria-pressed="false">较上年变化</button></p>'
)


def reports_table(
    site: SiteMap,
    page: str,
    reports: Sequence[Report],
    *,
    caption: str,
    region: tuple[str, ...] = (),
    total_of: Sequence[Report] | None = None,
) -> str:
    """A sortable table, one row per report, every figure linked to its report, totals in the footer.

    The region column names each report's region below ``region`` (the page's own region). On one
    page of a paginated table ``total_of`` is the whole list, which the footer sums.
    """
    head = (
        '<th scope="col">机关</th><th scope="col">年度</th><th scope="col">地区</th>'
        + "".join(f'<th scope="col" class="archive-num">{esc(STAT_LABELS[k])}</th>' for k in STAT_KEYS)
        + '<th scope="col">核对</th>'
    )
    rows = []
    for report in reports:
        href = site.href(page, report.src_uri)
        agency_href = site.href(page, paths.agency_page(report.agency_slug))
        cross = site.cross_year.get(report.src_uri)
        failed = len(report.failed_checks) + (1 if cross is not None and cross.status == "fail" else 0)
        check_cell = (
            link(href, f"{failed} 项不一致", **{"class": "archive-badge archive-badge--fail"})
            if failed
            else "无不一致"
        )
        flags = report_flags(report.record)
        cells = "".join(
            number_cell(
                report.stats[k],
                href,
                failed=site.failed(report, flags, k),
                computed=flags.computed.get(k),
                change=site.change(report, k),
                with_change=True,
            )
            for k in STAT_KEYS
        )
        rows.append(
            "<tr>"
            f"<td>{link(agency_href, report.agency_label)}</td>"
            f"<td{attrs({'data-sort': str(report.year or '')})}>{link(href, report.year_label)}</td>"
            f"<td>{esc(_region_label(report.region_path, region))}</td>{cells}"
            f'<td data-sort="{failed}">{check_cell}</td></tr>'
        )
    summed = reports if total_of is None else total_of
    totals = []
    for key in STAT_KEYS:
        stated = [r.stats[key] for r in summed if r.stats[key] is not None]
        total = format_number(sum(stated)) if stated else "—"
        totals.append(
            f'<td class="archive-num">{esc(total)}<br><small>{len(stated)}/{len(summed)} 份填报</small></td>'
        )
    foot = (
        f'<tr><th scope="row" colspan="3">合计（{len(summed)} 份报告）</th>{"".join(totals)}<td></td></tr>'
    )
    return (
        SORT_MODE
        + scroll(
            f'<table class="archive-table archive-reports" data-sortable><caption>{esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody><tfoot>{foot}</tfoot></table>"
        )
        + '<p class="archive-hint">点击表头可排序；每行的年度链接到该报告（数字的原文依据在报告页上），数字下方是与该机关上一年度相比的变化。'
        "⚠ 表示报告在这个数字上自相矛盾（点击查看核对）；「计」表示报告未填报、按分项相加的合计。"
        "合计只加总报告填报的数值，空白（—）表示未填报。</p>"
    )


#: How many of the newest reports the home page lists.
LATEST_REPORTS = 6


def _glance(site: SiteMap, page: str) -> str:
    """The archive's size as cards, each a link to the pages it counts."""
    archive = site.archive
    known_years = [y for y in archive.years if y is not None]
    span = f"{known_years[0]}–{known_years[-1]}" if known_years else "—"
    provinces = sum(1 for name in archive.regions.children if name not in (UNKNOWN_REGION_PART, UNKNOWN_REGION))
    counties = sum(1 for node in archive.regions.walk() if len(node.path) == 3)
    newest = known_years[-1] if known_years else None
    cards = [
        ("报告", f"{len(archive.reports)} 份", paths.YEARS),
        ("机关", f"{len(archive.named_agencies)} 个", paths.AGENCIES),
        ("年度", f"{len(known_years)} 个（{span}）", paths.YEARS),
        ("省份", f"{provinces} 个", paths.REGIONS),
        ("县级地区", f"{counties} 个", paths.REGIONS),
    ]
    if newest is not None:
        cards.append(("最新年度", f"{newest}年 · {len(archive.reports_of_year(newest))} 份", paths.year_page(newest)))
    items = "".join(
        f'<a class="archive-card"{attrs({"href": site.href(page, target)})}>'
        f'<span class="archive-card__label">{esc(k)}</span><strong class="archive-card__value">{esc(v)}</strong></a>'
        for k, v, target in cards
    )
    inconsistent = sum(1 for r in archive.reports if r.failed_checks)
    cross_fail = sum(1 for c in archive.cross_year_checks() if c.status == "fail")
    undecided = sum(1 for r in archive.reports if r.record["warnings"])
    quality = (
        f'<p class="archive-quality">{inconsistent} 份报告的勾稽关系不一致，{cross_fail} 处跨年结转不一致，'
        f"{undecided} 份报告含待人工确认的数值——数字都按原样保留，在报告页面上注明；"
        "表格中自相矛盾的数字带 ⚠。</p>"
    )
    return f'<nav class="archive-glance" aria-label="档案概览" data-archive-glance>{items}</nav>{quality}'


def _latest(site: SiteMap, page: str) -> str:
    """The reports added last (:mod:`~plugins.archive.additions`), with the date they were added;
    without that history, the newest by reporting year."""
    reports = site.archive.reports
    if any(r.source_name in site.added for r in reports):
        newest = sorted(
            reports, key=lambda r: (site.added.get(r.source_name, ""), r.year or 0, r.title), reverse=True
        )[:LATEST_REPORTS]
        intro = "<p>最近加入档案的报告：</p>"
    else:
        newest = sorted(
            (r for r in reports if r.year is not None), key=lambda r: (-(r.year or 0), r.agency_label, r.src_uri)
        )[:LATEST_REPORTS]
        intro = "<p>（没有收录日期可查）按报告年度，最新的几份：</p>"

    def when(report: Report) -> str:
        date = site.added.get(report.source_name)
        return f" · {esc(date)} 收录" if date else ""

    items = "".join(
        f'<li>{link(site.href(page, r.src_uri), r.title, **{"class": "archive-latest__link"})}'
        f" <small>{esc(r.year_label)} · {esc(_region_label(r.region_path))}{when(r)}</small></li>"
        for r in newest
    )
    return f'{intro}<ul class="archive-latest" data-latest>{items}</ul>' if items else ""


def _region_tree(site: SiteMap, page: str, node: RegionNode, depth: int = 1) -> str:
    """Nested list of regions with report counts, down to counties."""
    items = []
    for child in _by_name(node):
        name = child.name
        count = len(child.all_reports())
        inner = _region_tree(site, page, child, depth + 1) if child.children else ""
        items.append(
            f"<li>{link(site.href(page, paths.region_page(site.folders, child)), name)}"
            f" <small>{count} 份</small>{inner}</li>"
        )
    return f'<ul class="archive-region-tree archive-depth-{depth}">{"".join(items)}</ul>' if items else ""


def _reports_per_year(archive: Archive) -> str:
    years = _year_range([y for y in archive.years if y is not None])
    title = "各年度收录报告数"
    return figure(
        title, bar_chart(title, [str(y) for y in years], [len(archive.reports_of_year(y)) for y in years])
    )


def home_blocks(site: SiteMap, page: str = paths.HOME) -> str:
    """The archive at a glance, appended to the hand-written ``index.md``."""
    archive = site.archive
    year_links = " ".join(
        '<span class="archive-year-link">'
        + link(site.href(page, paths.year_page(y)), year_label(y))
        + f"<small>（{len(archive.reports_of_year(y))}）</small></span>"
        for y in archive.years
    )
    return (
        "\n\n".join(
            [
                _glance(site, page),
                "## 最新收录的报告",
                _latest(site, page),
                "## 按地区查找",
                '<div class="archive-home-regions">' + _region_tree(site, page, archive.regions) + "</div>",
                "## 按年度浏览",
                f'<p class="archive-year-links">{year_links}</p>',
                _reports_per_year(archive),
                "## 全部机关与数据下载",
                f"<p>{link(site.href(page, paths.AGENCIES), '按地区排列的全部机关')} · "
                f"{link(site.href(page, paths.DATA), '下载全部数据（CSV / JSON）')}</p>",
            ]
        )
        + "\n"
    )


def agencies_pages(site: SiteMap) -> list[str]:
    """The list of every agency by region (province → city → county), then by name, in pages of
    ``site.page_rows`` agencies; a page that starts inside a region repeats the region's headings."""
    placed = [(node, agency) for node in site.archive.regions.walk() if node.path
              for agency in sorted(node.agencies, key=lambda a: (a.name, a.slug))]
    count = len(site.archive.named_agencies)
    intro = f"<p>共 {count} 个机关，按地区（省 → 市 → 县）排列；未署名的报告按地区列为「未署名」，不计入机关数。</p>"
    return _agency_pages(site, paths.AGENCIES, "全部机关", placed, intro, "")


def level_pages(site: SiteMap) -> dict[str | None, list[str]]:
    """One list per level (``agencies/levels/<level>/``): the no-script filter by level."""
    pages_of: dict[str | None, list[str]] = {}
    for level in levels_present(site.archive):
        placed = [(node, agency) for node in site.archive.regions.walk() if node.path
                  for agency in sorted(node.agencies, key=lambda a: (a.name, a.slug))
                  if not agency.unsigned and agency_level(agency) == level]
        title = f"{level_label(level)}机关"
        intro = f"<p>{len(placed)} 个{esc(level_label(level))}机关，按地区排列。</p>"
        pages_of[level] = _agency_pages(site, level_page(level), title, placed, intro, level)
    return pages_of


def _agency_pages(
    site: SiteMap,
    first: str,
    title_text: str,
    placed: Sequence[tuple[RegionNode, Agency]],
    intro: str,
    level: str | None,
) -> list[str]:
    """(region, agency) pairs as pages of region headings and agency lists, with the filters on top."""
    parts = chunks(placed, site.page_rows)
    sources = [paths.numbered(first, n) for n in range(1, len(parts) + 1)]
    documents = []
    for number, part in enumerate(parts, start=1):
        page = sources[number - 1]
        title = title_text + page_suffix(number, len(parts))
        bar = filter_bar(
            site.archive,
            lambda target, page=page: site.href(page, target),
            site.region_src,
            paths.year_page,
            current=level,
        )
        blocks = [
            front_matter(title),
            f"# {title}\n",
            intro,
            bar,
            pager(site, page, sources, number),
        ]
        shown: set[tuple[str, ...]] = set()
        run: list[Agency] = []
        for node, agency in part:
            if node.path not in shown:
                if run:
                    blocks.append(_agency_list(site, page, run))
                    run = []
                for depth in range(1, len(node.path) + 1):
                    if node.path[:depth] not in shown:
                        shown.add(node.path[:depth])
                        blocks.append(f"{'#' * min(depth + 1, 6)} {md_text(node.path[depth - 1])}\n")
            run.append(agency)
        if run:
            blocks.append(_agency_list(site, page, run))
        blocks.append(pager(site, page, sources, number))
        documents.append("\n\n".join(b for b in blocks if b) + "\n")
    return documents


def _breadcrumb(site: SiteMap, page: str, path: tuple[str, ...]) -> str:
    crumbs = [link(site.href(page, paths.REGIONS), "全部地区")]
    crumbs += [
        link(site.href(page, site.region_src(path[:i])), path[i - 1])
        for i in range(1, len(path) + 1)
        if path[i - 1] != UNKNOWN_REGION_PART
    ]
    return '<nav class="archive-breadcrumb" aria-label="地区">' + " › ".join(crumbs) + "</nav>"


def agency_page(site: SiteMap, agency: Agency) -> str:
    page = paths.agency_page(agency.slug)
    latest = agency.latest
    others = [name for name in agency.names if name != agency.name]
    other_names = f'<p class="archive-aliases">也称：{esc("、".join(others))}</p>' if others else ""
    unsigned = (
        '<p class="archive-unsigned-note">这些报告没有写明发布机关，按地区归在「未署名」下，不计入机关数。</p>'
        if agency.unsigned
        else ""
    )
    meta = (
        f"{_breadcrumb(site, page, agency.region_path)}"
        f"<p>层级：{esc(latest.record['level'] or '不详')} · 共 {len(agency.reports)} 份报告"
        f"（{esc(_span(agency))}，每份见下表的年度）</p>{other_names}{unsigned}"
    )
    rows = []
    for report in agency.reports:
        href = site.href(page, report.src_uri)
        flags = report_flags(report.record)
        cells = "".join(
            number_cell(
                report.stats[k],
                href,
                failed=site.failed(report, flags, k),
                computed=flags.computed.get(k),
                change=site.change(report, k),
                with_change=not agency.unsigned,
            )
            for k in STAT_KEYS
        )
        template = FORM_LABELS.get(report.record["form"], report.record["form"])
        rows.append(
            "<tr>"
            f'<th scope="row"{attrs({"data-sort": str(report.year or "")})}>{link(href, report.year_label)}</th>'
            f'<td class="archive-template">{esc(template)}</td>{cells}</tr>'
        )
    head = '<th scope="col">年度</th><th scope="col">格式</th>' + "".join(
        f'<th scope="col" class="archive-num">{esc(STAT_LABELS[k])}</th>' for k in STAT_KEYS
    )
    table = scroll(
        '<table class="archive-table archive-agency-years" data-sortable><caption>历年主要统计数据</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    years = _year_range([r.year for r in agency.reports if r.year is not None])
    labels = [str(y) for y in years]

    per_year = [[r for r in agency.reports if r.year == y] for y in years]
    single = [found[0] if len(found) == 1 else None for found in per_year]

    def series(key: str) -> Series:
        """One point per year; a year with no report, or two, is a gap (which one is right is undecided).

        A point whose report contradicts itself on ``key`` is marked and links to the report.
        """
        values = [r.stats[key] if r is not None else None for r in single]
        flags = [
            "；".join(c.detail for c in report_flags(r.record).of(key)) if r is not None else "" for r in single
        ]
        links = [site.href(page, r.src_uri) if r is not None else None for r in single]
        return Series(STAT_LABELS[key], values, flags, links)

    requests_title, proactive_title = "依申请公开与复议诉讼（件）", "主动公开信息数（条）"
    figures = figure(
        requests_title, line_chart(requests_title, labels, [series(k) for k in REQUEST_SERIES])
    ) + figure(proactive_title, line_chart(proactive_title, labels, [series("proactive_total")]))
    checks = agency.cross_year_checks()
    if checks:
        def years(c: CrossYearCheck) -> str:
            """The two years; links to both reports when they disagree (the table above links every year)."""
            if c.status != "fail":
                return f"{esc(c.earlier.year_label)} → {esc(c.later.year_label)}"
            return (
                f"{link(site.href(page, c.earlier.src_uri), c.earlier.year_label)} → "
                f"{link(site.href(page, c.later.src_uri), c.later.year_label)}"
            )

        items = "".join(
            f"<li{attrs({'data-status': c.status})}>{status_badge(c.status)} {years(c)}：{esc(c.detail)}</li>"
            for c in checks
        )
        cross = f'<ul class="archive-check-list" data-cross-year>{items}</ul>'
    else:
        cross = "<p>没有可核对的相邻年度：只有相邻两年各有且只有一份报告时才能核对。</p>"
    return (
        "\n\n".join(
            [
                front_matter(agency.name, hide=("toc",)),
                f"# {md_text(agency.name)}\n",
                meta,
                "## 历年统计",
                table,
                '<p class="archive-hint">每行的年度链接到该报告（数字的原文依据在报告页上）。数字下方是与上一年度相比的变化（绝对数和百分比；上一年没有报告或未填报时不比较）。'
                "⚠ 表示报告在这个数字上自相矛盾，点击查看核对。</p>",
                figures or "<p>各年报告均未填报可绘图的数值。</p>",
                "## 跨年结转核对",
                "<p>本年度“上年结转”应等于上一年度“结转下年度”。</p>",
                cross,
            ]
        )
        + "\n"
    )


def years_page(site: SiteMap) -> str:
    page = paths.YEARS
    archive = site.archive
    items = "".join(
        f"<li>{link(site.href(page, paths.year_page(y)), year_label(y))}"
        f" <small>{len(archive.reports_of_year(y))} 份报告</small></li>"
        for y in archive.years
    )
    return (
        "\n\n".join(
            [
                front_matter("年度"),
                "# 年度\n",
                f'<ul class="archive-year-list">{items}</ul>',
                _reports_per_year(archive),
            ]
        )
        + "\n"
    )


def year_pages(site: SiteMap, year: int | None) -> list[str]:
    """The year's reports by region and agency, ``site.page_rows`` to a page; the footer sums them all."""
    first = paths.year_page(year)
    label = year_label(year)
    reports = site.archive.reports_of_year(year)
    reports = sorted(reports, key=lambda r: (r.region_path, r.agency_label, r.src_uri))
    templates = sorted({FORM_LABELS.get(r.record["form"], r.record["form"]) for r in reports})
    parts = chunks(reports, site.page_rows)
    sources = [paths.numbered(first, n) for n in range(1, len(parts) + 1)]
    documents = []
    for number, part in enumerate(parts, start=1):
        page = sources[number - 1]
        suffix = page_suffix(number, len(parts))
        documents.append(
            "\n\n".join(
                [
                    front_matter(f"{label}政府信息公开年报{suffix}", hide=("toc", "navigation")),
                    f"# {md_text(label)}政府信息公开年报{suffix}\n",
                    f"<p>{len(reports)} 份报告 · 格式：{esc('、'.join(templates))} · "
                    f"{site.csv_links(page, 'year', downloads.year_label(year), '下载本年度表格（CSV）')}</p>",
                    pager(site, page, sources, number),
                    reports_table(site, page, part, caption=f"{label}各机关主要统计数据{suffix}", total_of=reports),
                    pager(site, page, sources, number),
                ]
            )
            + "\n"
        )
    return documents


def _children_summary(site: SiteMap, page: str, node: RegionNode) -> str:
    """One row per sub-region: its agencies and reports, linked to its page."""
    rows = []
    for child in _by_name(node):
        reports = child.all_reports()
        failed = sum(1 for r in reports if r.failed_checks)
        rows.append(
            f"<tr><th scope=\"row\">{link(site.href(page, paths.region_page(site.folders, child)), child.name)}</th>"
            f'<td class="archive-num" data-sort="{len(child.all_agencies())}">{len(child.all_agencies())}</td>'
            f'<td class="archive-num" data-sort="{len(reports)}">{len(reports)}</td>'
            f'<td class="archive-num" data-sort="{failed}">{failed}</td></tr>'
        )
    return scroll(
        '<table class="archive-table archive-region-summary" data-sortable><caption>各下级地区</caption>'
        '<thead><tr><th scope="col">地区</th><th scope="col" class="archive-num">机关</th>'
        '<th scope="col" class="archive-num">报告</th><th scope="col" class="archive-num">勾稽关系不一致的报告</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _agency_groups(agencies: Sequence[Agency], rows: int) -> list[list[Agency]]:
    """Agencies by name in consecutive groups of at most ``rows`` reports (an agency is never split)."""
    groups: list[list[Agency]] = [[]]
    count = 0
    for agency in sorted(agencies, key=lambda a: (a.name, a.slug)):
        if groups[-1] and count + len(agency.reports) > rows:
            groups.append([])
            count = 0
        groups[-1].append(agency)
        count += len(agency.reports)
    return groups


def _region_csv(site: SiteMap, page: str, node: RegionNode) -> str:
    """The region's rows to download: its province's CSV (which holds every region below it)."""
    province = node.path[0] if node.path else None
    if province is None or province in (UNKNOWN_REGION, UNKNOWN_REGION_PART):
        return link(site.href(page, paths.DATA), "数据下载")
    text = "下载本省表格（CSV）" if len(node.path) == 1 else f"下载{province}表格（CSV，含本地区）"
    return site.csv_links(page, "province", province, text)


def region_pages(site: SiteMap, node: RegionNode) -> list[str]:
    """A region's page(s): its sub-regions, then its agencies and every report's figures.

    While the region holds at most ``site.page_rows`` reports, one page lists all of them, sub-regions
    included. A larger region lists its sub-regions in a summary table (each has its own page) and
    only its own agencies (a province's departments), ``site.page_rows`` reports to a page.
    """
    first = paths.region_page(site.folders, node)
    title = _region_label(node.path) if node.path else "全部地区"
    if node.path and node.name == UNKNOWN_REGION_PART:
        title += "（下级地区不详）"
    everything = node.all_reports()
    small = len(everything) <= site.page_rows
    groups = [node.all_agencies()] if small else _agency_groups(node.agencies, site.page_rows)
    sources = [paths.numbered(first, n) for n in range(1, len(groups) + 1)]
    documents = []
    for number, agencies in enumerate(groups, start=1):
        page = sources[number - 1]
        suffix = page_suffix(number, len(groups))
        blocks = [
            front_matter(title + suffix, hide=("toc", "navigation")),
            f"# {md_text(title + suffix)}\n",
            _breadcrumb(site, page, node.path) if node.path else "",
        ]
        if node.children and number == 1:
            blocks += ["## 下级地区", _region_tree(site, page, node)]
            if not small:
                blocks.append(_children_summary(site, page, node))
        if node.path and agencies:
            reports = sorted(
                (r for a in agencies for r in a.reports),
                key=lambda r: (r.year or 0, r.region_path, r.agency_label, r.src_uri),
            )
            counted = f"{sum(1 for a in agencies if not a.unsigned)} 个机关，{len(reports)} 份报告"
            if not small:
                counted = f"本级（不含下级地区）{counted}，第 {number} 页"
            blocks += [
                "## 机关与报告",
                pager(site, page, sources, number),
                _agency_list(site, page, agencies),
                "## 全部报告对比",
                f"<p>{counted} · {_region_csv(site, page, node)}</p>",
                reports_table(site, page, reports, caption=f"{title}各机关历年主要统计数据{suffix}", region=node.path),
                pager(site, page, sources, number),
            ]
        elif node.path and number == 1:
            blocks.append(f"<p>共 {len(everything)} 份报告 · {_region_csv(site, page, node)}</p>")
        documents.append("\n\n".join(b for b in blocks if b) + "\n")
    return documents


