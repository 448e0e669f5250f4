"""The statistics panel shown above every report's text.

Each headline figure with the line it was read from, the consistency checks as badges,
what the reader could not decide, and where the original file can be downloaded.
All values come from the report, so all of them are escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from build_scripts.schema import STAT_KEYS, STAT_LABELS, TEMPLATE_LABELS
from plugins.archive.html import CHECK_LABELS, attrs, badge, esc, link, safe_external_url, scroll
from plugins.archive.model import CrossYearCheck, Report, format_number


@dataclass(frozen=True)
class PanelLinks:
    """Relative links from the report page to the pages and files about it."""

    agency: str
    year: str
    regions: Sequence[tuple[str, str | None]]  # (region name, link or None) province → county
    source: str | None  # the downloadable original; None when the file is not in the project
    earlier: str | None = None  # last year's report of the same agency
    later: str | None = None  # next year's report


def _meta(report: Report, links: PanelLinks) -> str:
    record = report.record
    region = " ".join(link(href, name) if href else esc(name) for name, href in links.regions) or "不详"
    rows = [
        ("发布机关", link(links.agency, report.agency_label)),
        ("报告年度", link(links.year, report.year_label)),
        ("地区", region),
        ("层级", esc(record["level"] or "不详")),
        ("报告格式", esc(TEMPLATE_LABELS.get(record["template"], record["template"]))),
    ]
    return '<dl class="archive-meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _evidence(item: Mapping[str, Any] | None) -> str:
    if not item:
        return ""
    line = item.get("line")
    where = f'<span class="archive-line">第{esc(line)}行</span> ' if line is not None else ""
    return f"{where}<q>{esc(item.get('text', ''))}</q>"


def stats_table(report: Report) -> str:
    """Every headline figure beside its evidence; 未填报 where the report does not state it."""
    evidence = report.record["evidence"]
    rows = []
    for key in STAT_KEYS:
        value = report.stats[key]
        shown = '<span class="archive-null">未填报</span>' if value is None else esc(format_number(value))
        rows.append(
            f'<tr{attrs({"data-stat": key})}><th scope="row">{esc(STAT_LABELS[key])}</th>'
            f'<td class="archive-num">{shown}</td><td class="archive-evidence">{_evidence(evidence.get(key))}</td></tr>'
        )
    return scroll(
        '<table class="archive-table archive-stats"><caption>主要统计数据及其原文依据</caption>'
        '<thead><tr><th scope="col">指标</th><th scope="col">数值</th><th scope="col">原文依据</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def checks_block(report: Report, cross_year: Sequence[tuple[CrossYearCheck, str | None, str]]) -> str:
    """Consistency checks of the report itself, then the cross-year checks (with links to the other year)."""
    items = []
    for check in report.record["checks"]:
        status = str(check.get("status"))
        rule = str(check.get("rule", ""))
        items.append(
            f"<li{attrs({'data-check': rule, 'data-status': status})}>"
            f"{badge(status, CHECK_LABELS.get(status, status))} <code>{esc(rule)}</code> "
            f"{esc(check.get('detail') or '')}</li>"
        )
    for check, href, label in cross_year:
        other = link(href, label) if href else esc(label)
        items.append(
            f"<li{attrs({'data-check': 'cross_year_carry_over', 'data-status': check.status})}>"
            f"{badge(check.status, CHECK_LABELS[check.status])} 跨年结转（{other}）：{esc(check.detail)}</li>"
        )
    if not items:
        return '<p class="archive-checks-none">本报告没有可核对的勾稽关系。</p>'
    failed = sum(1 for c in report.record["checks"] if c.get("status") == "fail") + sum(
        1 for c, _, _ in cross_year if c.status == "fail"
    )
    summary = f"{failed} 项不一致" if failed else "未发现不一致"
    return (
        f'<div class="archive-checks"><p><strong>勾稽关系核对</strong>：{summary}'
        "（报告自身的数据，按原样保留，不作修正）</p>"
        f'<ul class="archive-check-list">{"".join(items)}</ul></div>'
    )


def warnings_block(report: Report) -> str:
    warnings = report.record["warnings"]
    if not warnings:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return (
        '<div class="archive-warnings" role="note"><p><strong>待人工确认</strong>：'
        f"以下数值无法从原文可靠判定，已留空：</p><ul>{items}</ul></div>"
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
    digest = f"<br><small>SHA-256：<code>{esc(sha)}</code></small>" if sha else ""
    return f'<p class="archive-source">原始文件：{download}（{esc(fmt)}）<br>来源：{origin}{digest}</p>'


def tables_block(report: Report) -> str:
    """The full template tables (表三, 表四, 统计表 …) as the reader recorded them, folded."""
    blocks = []
    for name, table in report.record["tables"].items():
        if not isinstance(table, Mapping):
            continue
        columns = [str(c) for c in table.get("columns") or []]
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
        body = []
        for row in table.get("rows") or []:
            values = row.get("values") or {}
            cells = "".join(
                f'<td class="archive-num">{"—" if values.get(c) is None else esc(format_number(values[c]))}</td>'
                for c in columns
            )
            line = row.get("line")
            label = esc(row.get("label", ""))
            where = f' <span class="archive-line">第{esc(line)}行</span>' if line is not None else ""
            body.append(f'<tr><th scope="row">{label}{where}</th>{cells}</tr>')
        title = esc(table.get("title") or name)
        blocks.append(
            f'<details class="archive-fulltable"><summary>{title}</summary>'
            + scroll(
                f'<table class="archive-table"><thead><tr><th scope="col">项目</th>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table>"
            )
            + "</details>"
        )
    return "".join(blocks)


def chrome_block(report: Report) -> str:
    chrome = report.record["chrome"]
    if not chrome:
        return ""
    lines = "".join(
        f"<li>第{esc(item.get('line', '?'))}行：{esc(item.get('text', ''))}</li>"
        for item in chrome
        if isinstance(item, Mapping)
    )
    return (
        f'<details class="archive-chrome"><summary>从正文中移除的网页框架文字（{len(chrome)} 行）</summary>'
        f"<ul>{lines}</ul></details>"
    )


def report_panel(
    report: Report, links: PanelLinks, cross_year: Sequence[tuple[CrossYearCheck, str | None, str]]
) -> str:
    """The whole panel as one raw HTML block (no blank lines, so Markdown leaves it alone)."""
    parts = [
        _meta(report, links),
        source_block(report, links),
        warnings_block(report),
        checks_block(report, cross_year),
        stats_table(report),
        tables_block(report),
        chrome_block(report),
    ]
    return '<section class="archive-panel" data-archive-panel>' + "".join(parts) + "</section>"
