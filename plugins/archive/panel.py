"""The statistics panel shown above every report's text.

In reading order: who published the report and where each of those facts came from,
the headline figures beside the line they were read from, the consistency checks that
failed with their arithmetic (passing ones folded away, one line per rule with its count; the
arithmetic of each is in the report's ``record.json``), what the reader could not
decide, where the original file can be downloaded, and links to the tables the reader read. All values come from the report, so all of
them are escaped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from build_scripts.schema import FORM_LABELS, STAT_KEYS, STAT_LABELS
from plugins.archive.flags import (
    CROSS_NEXT,
    CROSS_PREVIOUS,
    Computed,
    FailedCheck,
    check_anchor,
    cross_year_flags,
    report_flags,
)
from plugins.archive.html import (
    attrs,
    esc,
    flag_marker,
    link,
    rule_label,
    safe_external_url,
    scroll,
    status_badge,
)
from plugins.archive.model import UNKNOWN_REGION, CrossYearCheck, Report, format_number

#: Where a fact about the report came from (``record["provenance"]``), as the page says it.
PROVENANCE_LABELS: dict[str, str] = {"extracted": "自动识别", "manifest": "清单更正", "missing": "未写明"}
#: Evidence longer than this is folded to two lines until the reader opens it.
LONG_EVIDENCE = 60
#: How much of a long evidence line the panel quotes when the body shows the whole line.
EXCERPT = 40
#: The id a rendered report body may give its source line ``n``: ``<tr id="L12">``, or through
#: ``attr_list`` ``{: #L12 }`` (what :mod:`build_scripts.pages.render` writes) or ``{#L12}``.
LINE_ANCHOR = re.compile(r"""(?:\bid=["']|\{:?[ \t]*#)L(\d+)\b""")


@dataclass(frozen=True)
class PanelLinks:
    """Relative links from the report page to the pages and files about it."""

    agency: str | None  # None when no agency page lists this report's agency (a copy's own name)
    year: str | None
    regions: Sequence[tuple[str, str | None]]  # stated region parts (province → county), link or None
    source: str | None  # the downloadable original; None when the file is not in the project
    main: tuple[str, str] | None = None  # (link, title) of the main page when this page is a copy
    copies: Sequence[tuple[str, str]] = ()  # (link, label) of further copies of this report
    line_anchors: Collection[int] = field(default_factory=frozenset)  # source lines the body anchors
    record: str | None = None  # the report's full record as JSON (``record.json`` beside the page)
    previous: tuple[str, str] | None = None  # (link, label) of the agency's report of the nearest earlier year
    next: tuple[str, str] | None = None  # (link, label) of the nearest later year


def line_anchors(markdown: str) -> frozenset[int]:
    """Source line numbers the report body carries an anchor for (see :data:`LINE_ANCHOR`)."""
    return frozenset(int(n) for n in LINE_ANCHOR.findall(markdown))


def _provenance(report: Report, key: str) -> str:
    value = str((report.record.get("provenance") or {}).get(key, ""))
    label = PROVENANCE_LABELS.get(value)
    if label is None:
        return ""
    return f" <span{attrs({'data-provenance': value})}>{label}</span>"  # styled by the attribute (archive.css)


def _maybe_link(href: str | None, text: str) -> str:
    return link(href, text) if href else esc(text)


def region_html(regions: Sequence[tuple[str, str | None]]) -> str:
    """The stated parts joined with ``·`` (``福建省 · 平潭综合实验区``); ``地区不详`` when none is stated."""
    if not regions:
        return esc(UNKNOWN_REGION)
    return " · ".join(_maybe_link(href, name) for name, href in regions)


def copy_note(links: PanelLinks) -> str:
    """On a copy: which page is the report; on a main page: its other copies."""
    if links.main is not None:
        href, title = links.main
        return (
            '<p class="archive-copy-note" role="note" data-copy-of>'
            f"本页是同一报告的另一份副本，主页面：{link(href, title)}。"
            "各项统计、汇总表和数据下载中的合计只计主页面。</p>"
        )
    if links.copies:
        items = "、".join(link(href, label, **{"data-copy": ""}) for href, label in links.copies)
        return f'<p class="archive-copies" data-copies>同一报告的其他副本：{items}</p>'
    return ""


def year_nav(links: PanelLinks) -> str:
    """``← 2012年报告 · 2014年报告 →``: the same agency's neighbouring years."""
    parts = []
    if links.previous:
        href, label = links.previous
        parts.append(link(href, f"← 上一年度：{label}", rel="prev", **{"data-year-nav": "previous"}))
    if links.next:
        href, label = links.next
        parts.append(link(href, f"下一年度：{label} →", rel="next", **{"data-year-nav": "next"}))
    return '<span class="archive-year-nav">' + " · ".join(parts) + "</span>"


def _meta(report: Report, links: PanelLinks) -> str:
    record = report.record
    rows = [
        ("发布机关", _maybe_link(links.agency, report.agency_label) + _provenance(report, "agency")),
        ("报告年度", _maybe_link(links.year, report.year_label) + _provenance(report, "year")),
        ("地区", region_html(links.regions) + _provenance(report, "region")),
        ("层级", esc(record["level"] or "不详")),
        ("报告格式", esc(FORM_LABELS.get(record["form"], record["form"]))),
    ]
    if links.previous or links.next:
        rows.append(("同一机关", year_nav(links)))
    return '<dl class="archive-meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _line_ref(line: object, anchors: Collection[int]) -> str:
    """``第12行 `` — a link when the body anchors that line; nothing when the line is unknown."""
    if isinstance(line, int) and line in anchors:
        return link(f"#L{line}", f"第{line}行") + " "  # styled by its #L href (archive.css)
    if line is not None:
        return f'<span class="archive-line">第{esc(line)}行</span> '
    return ""


def excerpt(text: str, figure: str | None = None) -> str:
    """At most :data:`EXCERPT` characters of ``text`` around the first ``figure`` in it (its start
    when the figure is not printed as such), with ``…`` where the text was cut."""
    if len(text) <= EXCERPT:
        return text
    found = text.find(figure) if figure else -1
    start = max(0, min(found - EXCERPT // 3, len(text) - EXCERPT)) if found >= 0 else 0
    end = start + EXCERPT
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def evidence_html(
    item: Mapping[str, Any] | None, anchors: Collection[int] = frozenset(), figure: str | None = None
) -> str:
    """Line number (a link when the body anchors that line) and the quoted text.

    A long line the body anchors is quoted as an excerpt around ``figure`` beside the link to the
    whole line (it would repeat the body verbatim); a long line the body does not show is quoted
    whole, folded to two lines. A value that adds up several rows (``lines``/``texts``) quotes
    every row, one per list item.
    """
    if not item:
        return ""
    lines, texts = item.get("lines"), item.get("texts")
    if isinstance(lines, list) and isinstance(texts, list) and len(lines) == len(texts) and len(lines) > 1:
        rows = "".join(
            f"<li>{evidence_html({'line': n, 'text': t}, anchors)}</li>" for n, t in zip(lines, texts, strict=True)
        )
        return f'<span class="archive-rows-note">共 {len(lines)} 行相加：</span><ul class="archive-summed">{rows}</ul>'
    line = item.get("line")
    where = _line_ref(line, anchors)
    text = str(item.get("text", ""))
    if len(text) <= LONG_EVIDENCE:
        return f"{where}<q>{esc(text)}</q>"
    if isinstance(line, int) and line in anchors:
        return f"{where}<q>{esc(excerpt(text, figure))}</q>"
    return (
        f'{where}<details class="archive-evidence-long"><summary><q>{esc(text)}</q>'
        '<span class="archive-more" aria-hidden="true">展开全文</span></summary></details>'
    )


def computed_html(computed: Computed, anchors: Collection[int] = frozenset()) -> str:
    """A computed total: its value labelled as computed, and every printed cell it sums with its line."""
    cells = "".join(f"<li>{_line_ref(c.get('line'), anchors)}{esc(_cell_text(c))}</li>" for c in computed.cells)
    summed = f'<ul class="archive-summed">{cells}</ul>' if cells else ""
    return (
        f'<div class="archive-computed-total" data-computed><strong>合计（按分项计算）：'
        f"{esc(format_number(computed.value))}</strong>（报告未填报此项，由下列印出的单元格相加）{summed}</div>"
    )


def _cell_text(cell: Mapping[str, Any]) -> str:
    label, value = cell.get("label"), cell.get("value")
    shown = "" if value is None else format_number(value)
    return f"{label}：{shown}" if label else str(cell.get("text") or shown)


def cross_year_marks(
    report: Report, cross_year: Sequence[tuple[CrossYearCheck, str | None, str]]
) -> dict[str, FailedCheck]:
    """The figures of ``report`` that a failed carry-over check with a neighbouring year involves."""
    marks: dict[str, FailedCheck] = {}
    for check, _, _ in cross_year:
        marks.update(cross_year_flags(check.status, check.detail, later=check.later.src_uri == report.src_uri))
    return marks


def stats_table(
    report: Report, anchors: Collection[int] = frozenset(), cross: Mapping[str, FailedCheck] | None = None
) -> str:
    """Every headline figure beside its evidence; the figures the report does not state named in
    one last row (未填报), unless something is said about them (a computed total, a failed check).

    A figure that a failed check involves carries a ⚠ linking to that check below; a blank
    total whose cells the report printed shows their sum, labelled as computed.
    """
    evidence = report.record["evidence"]
    flags = report_flags(report.record)
    rows = []
    blank = []
    for key in STAT_KEYS:
        value = report.stats[key]
        if value is None and not evidence.get(key) and key not in flags.computed and not flags.of(key) and key not in (cross or {}):
            blank.append(STAT_LABELS[key])
            continue
        shown = "未填报" if value is None else esc(format_number(value))
        null = ' class="archive-null"' if value is None else ""
        failed = [*flags.of(key), *([cross[key]] if cross and key in cross else [])]
        marks = "".join(flag_marker(f"#{check.anchor}", check) for check in failed)
        proof = evidence_html(evidence.get(key), anchors, None if value is None else format_number(value))
        if key in flags.computed:
            proof += computed_html(flags.computed[key], anchors)
        rows.append(
            f"<tr><th>{esc(STAT_LABELS[key])}</th>"  # a row header by position; its label names the figure
            f"<td{null}>{shown}{marks}</td><td>{proof}</td></tr>"
        )
    if blank:
        rows.append(f'<tr class="archive-blank"><th>未填报</th><td colspan="2">{esc("、".join(blank))}</td></tr>')
    return scroll(
        '<table class="archive-table archive-stats"><caption>主要统计数据及其原文依据</caption>'
        '<thead><tr><th scope="col">指标</th><th scope="col">数值</th><th scope="col">原文依据</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


@dataclass(frozen=True)
class CheckItem:
    rule: str
    status: str
    html: str  # the explanation after the label (escaped)
    anchor: str | None = None  # the id figures' markers link to


def _check_items(
    report: Report, cross_year: Sequence[tuple[CrossYearCheck, str | None, str]]
) -> list[CheckItem]:
    items = []
    for index, check in enumerate(report.record["checks"]):
        items.append(
            CheckItem(
                str(check.get("rule", "")), str(check.get("status")), esc(check.get("detail") or ""), check_anchor(index)
            )
        )
    for check, href, label in cross_year:
        text = f"（{_maybe_link(href, label)}）：{esc(check.detail)}"
        anchor = CROSS_PREVIOUS if check.later.src_uri == report.src_uri else CROSS_NEXT
        items.append(CheckItem("cross_year_carry_over", check.status, text, anchor))
    return items


def _explained(item: CheckItem) -> str:
    """``<strong>rule label</strong>：detail`` (a cross-year item's detail starts with the other year)."""
    separator = "" if item.rule == "cross_year_carry_over" else "："
    return f"<strong>{esc(rule_label(item.rule))}</strong>{separator}{item.html}"


def _check_list(items: Sequence[CheckItem]) -> str:
    """Every item in full: badge, rule label, detail; each carries the id its figures' ⚠ link to."""
    lis = "".join(
        f"<li{attrs({'id': i.anchor, 'data-check': i.rule, 'data-status': i.status})}>"
        f"{status_badge(i.status)} {_explained(i)}</li>"
        for i in items
    )
    return f'<ul class="archive-check-list">{lis}</ul>'


def _counted_check_list(items: Sequence[CheckItem]) -> str:
    """Checks nothing links to, one item per rule and status: the rule's label and how many checks of
    that rule there are (the list's summary says whether they passed). A carry-over check against a neighbouring year keeps its detail and its link
    to that year's report (the report's own ``record.json`` does not hold it)."""
    groups: dict[tuple[str, str], list[CheckItem]] = {}
    for item in items:
        groups.setdefault((item.rule, item.status), []).append(item)
    lis = []
    for (rule, status), group in groups.items():
        if rule == "cross_year_carry_over":
            shown = "<br>".join(_explained(i) for i in group)
        else:
            shown = f"<strong>{esc(rule_label(rule))}</strong>（{len(group)} 项）"
        lis.append(f"<li{attrs({'data-check': rule, 'data-status': status})}>{shown}</li>")  # the summary names the status
    return f'<ul class="archive-check-list">{"".join(lis)}</ul>'


def _details_link(record: str | None) -> str:
    """Where each folded check's arithmetic is: the report's ``record.json``."""
    if not record:
        return ""
    return f'<p class="archive-checks-details">每项核对的算式：{link(record, "核对明细（JSON）", type="application/json")}</p>'


def checks_block(
    report: Report, cross_year: Sequence[tuple[CrossYearCheck, str | None, str]], record: str | None = None
) -> str:
    """Failed checks in full view, with their arithmetic; passing and not-assessable ones folded, each
    rule once with its count, and a link to ``record`` (the report's JSON), which holds every check's
    arithmetic."""
    items = _check_items(report, cross_year)
    if not items:
        return '<p class="archive-checks-none">本报告没有可核对的勾稽关系。</p>'
    failed = [i for i in items if i.status == "fail"]
    passed = [i for i in items if i.status == "pass"]
    other = [i for i in items if i.status not in ("fail", "pass")]
    parts = []
    if failed:
        parts.append(
            '<div class="archive-checks-failed" role="note">'
            f"<p><strong>勾稽关系不一致：{len(failed)} 项</strong>"
            "（报告自身的数据，按原样保留，不作修正）</p>"
            f"{_check_list(failed)}</div>"
        )
    else:
        parts.append('<p class="archive-checks-ok"><strong>勾稽关系核对</strong>：未发现不一致。</p>')
    if passed:
        parts.append(
            f'<details class="archive-checks-passed"><summary>{len(passed)} 项核对通过</summary>'
            f"{_counted_check_list(passed)}{_details_link(record)}</details>"
        )
    if other:
        parts.append(
            f'<details class="archive-checks-unassessable"><summary>{len(other)} 项无法核对（缺少数据）</summary>'
            f"{_counted_check_list(other)}{_details_link(record)}</details>"
        )
    return '<div class="archive-checks">' + "".join(parts) + "</div>"


def warnings_block(report: Report) -> str:
    warnings = report.record["warnings"]
    if not warnings:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return (
        '<div class="archive-warnings" role="note"><p><strong>待人工确认</strong>：'
        f"以下问题无法从原文可靠判定，相关数值已留空或按原文记录：</p><ul>{items}</ul></div>"
    )


def source_block(report: Report, links: PanelLinks) -> str:
    source = report.record["source"]
    name = source["file"].replace("\\", "/").rsplit("/", 1)[-1]
    fmt = str(source.get("format") or "").upper()
    if links.source:
        download = link(links.source, f"下载原始文件 {name}", download="")
    else:
        download = f"{esc(name)}（原始文件未收录）"
    url = safe_external_url(source.get("url"))
    origin = (
        link(url, url, rel="nofollow noopener noreferrer", **{"class": "archive-origin"})
        if url
        else "原始网址不详"
    )
    sha = source.get("sha256")
    digest = f'<br><small>SHA-256：<code class="archive-sha">{esc(sha)}</code></small>' if sha else ""
    data = f"<br>本报告的数据：{link(links.record, 'record.json', type='application/json')}（完整记录，JSON）" if links.record else ""
    return (
        f'<p class="archive-source">原始文件：{download}（{esc(fmt)}）<br>'
        f"来源：{origin}{_provenance(report, 'url')}{digest}{data}</p>"
    )


def tables_block(report: Report, links: PanelLinks) -> str:
    """The tables the reader recorded (表三, 表四, 统计表 …), each linked to where the body shows it.

    The body prints every table (a table reconstructed from glued text right after its line), so the
    panel names them and links to their first anchored row instead of printing them again; the
    values as read, cell by cell, are in ``record.json``.
    """
    names = []
    for name, table in report.record["tables"].items():
        if not isinstance(table, Mapping):
            continue
        title = str(table.get("title") or name)
        rows = [row.get("line") for row in table.get("rows") or [] if isinstance(row, Mapping)]
        shown = sorted(line for line in rows if isinstance(line, int) and line in links.line_anchors)
        names.append(link(f"#L{shown[0]}", title) if shown else esc(title))
    if not names:
        return ""
    data = f"（逐格读取结果见 {link(links.record, 'record.json', type='application/json')}）" if links.record else ""
    return f'<p class="archive-tables">读取的表格：{"、".join(names)}{data}</p>'


def chrome_block(report: Report, links: PanelLinks) -> str:
    """How many lines of website chrome conversion removed from the text; the lines themselves are in
    ``record.json`` (``chrome``), linked."""
    chrome = report.record["chrome"]
    if not chrome:
        return ""
    where = f"：见 {link(links.record, 'record.json', type='application/json')}（chrome）" if links.record else ""
    return f'<p class="archive-chrome">从正文中移除了 {len(chrome)} 行网页框架文字（导航、页脚等）{where}</p>'


def report_panel(
    report: Report, links: PanelLinks, cross_year: Sequence[tuple[CrossYearCheck, str | None, str]]
) -> str:
    """The whole panel as one raw HTML block (no blank lines, so Markdown leaves it alone)."""
    parts = [
        copy_note(links),
        _meta(report, links),
        stats_table(report, links.line_anchors, cross_year_marks(report, cross_year)),
        checks_block(report, cross_year, links.record),
        warnings_block(report),
        source_block(report, links),
        tables_block(report, links),
        chrome_block(report, links),
    ]
    html = '<section class="archive-panel" data-archive-panel>' + "".join(parts) + "</section>"
    return " ".join(html.splitlines())  # a line break inside report text must not end the HTML block
