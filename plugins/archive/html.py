"""Small HTML builders. Everything that comes from a report goes through :func:`esc`.

Generated pages are Markdown documents made of raw HTML blocks, so report text never
reaches the Markdown parser either (an agency called ``*某局*`` stays literal).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from mkdocs.utils import get_relative_url

from build_scripts.schema import CHECK_LABELS
from plugins.archive.changes import Change
from plugins.archive.flags import Computed, FailedCheck
from plugins.archive.model import format_number

#: Check statuses as a citizen reads them.
STATUS_LABELS: dict[str, str] = {"pass": "通过", "fail": "不一致", "not_assessable": "无法核对"}


def esc(value: object) -> str:
    """Text or attribute value, HTML-escaped (quotes too)."""
    return html.escape(str(value), quote=True)


def attrs(values: Mapping[str, str | None]) -> str:
    """`` key="value"`` pairs, escaped, skipping ``None``; keys are ours, never a report's."""
    return "".join(f' {key}="{esc(value)}"' for key, value in values.items() if value is not None)


def link(href: str, text: str, **extra: str | None) -> str:
    return f"<a{attrs({'href': href, **extra})}>{esc(text)}</a>"


def relative(target_url: str, page_url: str) -> str:
    """``target_url`` (site-root relative, as ``File.url``) seen from the page at ``page_url``."""
    return get_relative_url(target_url, page_url)


def safe_external_url(url: str | None) -> str | None:
    """The URL if it is plain http(s), else ``None`` (a report must not inject ``javascript:`` links)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def number_cell(
    value: int | float | None,
    href: str | None,
    *,
    failed: Sequence[FailedCheck] = (),
    computed: Computed | None = None,
    change: Change | None = None,
    with_change: bool = False,
) -> str:
    """A sortable table cell: the number as text (the row's first cells link to its report); an em
    dash when not stated.

    Rows of figures fill the year, region and agency pages, one row per report on each, so a cell
    carries nothing its table already says: no link (``href`` is the report, which the row links),
    no class (the table's columns are styled by position), no empty attribute.
    ``failed``: checks the report failed on this figure, each a ⚠ linking to the check in the report
    (a figure the report does not state carries none: there is nothing printed to distrust).
    ``computed``: the sum of printed cells for a figure the report left blank, shown with 「计」
    (it sorts and totals as not stated).
    ``with_change``: the cell shows ``change`` (from the agency's previous year) and carries it as
    ``data-change`` for sorting by change; a cell without one sorts last in that order (archive.js).
    """
    marks = "".join(flag_marker(f"{href}#{check.anchor}" if href else None, check) for check in failed)
    if with_change:
        marks += change_note(change)
    extra = {"data-change": format_number(change.delta) if change else None} if with_change else {}
    if value is None:
        if computed is not None:
            shown = format_number(computed.value)
            text = f"合计（按分项计算）：{shown}，报告未填报"
            return (
                f'<td class="archive-computed" data-sort=""{attrs(extra)}>{esc(shown)}'
                f'<abbr class="archive-computed-mark"{attrs({"title": text})}>计</abbr>{marks}</td>'
            )
        return "<td>—</td>"  # not stated: archive.js sorts a bare dash last either way
    shown = format_number(value)
    # archive.js sorts by the cell's first node: the figure, before its marks
    if failed:  # the figure itself is underlined (archive.css), not its change note
        return f"<td{attrs({'class': 'archive-flagged', **extra})}><span>{esc(shown)}</span>{marks}</td>"
    return f"<td{attrs(extra)}>{esc(shown)}{marks}</td>"


def change_note(change: Change | None) -> str:
    """The change from last year under a figure: ``+12（+5.0%）`` (always against the calendar year
    before the row's, as the table's note says)."""
    if change is None:
        return ""
    return f"<small>{esc(change.short)}（{esc(change.percent_text)}）</small>"  # styled by place (archive.css)


def flag_marker(href: str | None, check: FailedCheck) -> str:
    """A visible ⚠ after a figure whose report failed ``check``; links to the check when ``href``."""
    name = f"报告自相矛盾（{check.label}）"
    text = f"{name}：{check.detail}"  # the tooltip (and a screen reader's description) has the figures
    if href is None:
        return f'<span class="archive-flag" role="img"{attrs({"title": text, "aria-label": name})}>⚠</span>'
    return link(href, "⚠", title=text, **{"class": "archive-flag", "aria-label": name})


def rule_label(rule: str) -> str:
    """A consistency rule's Chinese name; the rule's code when it has none."""
    return CHECK_LABELS.get(rule, rule)


def status_badge(status: str) -> str:
    return badge(status, STATUS_LABELS.get(status, status))


def badge(status: str, text: str, title: str | None = None) -> str:
    """A check result as a coloured badge; ``status`` is one of pass, fail, not_assessable."""
    return f"<span{attrs({'class': f'archive-badge archive-badge--{status}', 'title': title})}>{esc(text)}</span>"


def scroll(table_html: str) -> str:
    """Wrap a wide table so it scrolls sideways on a phone instead of breaking the page."""
    return f'<div class="archive-scroll">{table_html}</div>'


def md_text(value: str) -> str:
    """Report text placed in Markdown (headings): HTML-escaped and Markdown specials backslash-escaped."""
    text = html.escape(value, quote=False)
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|~^=" else ch for ch in text)
