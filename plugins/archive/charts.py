"""Inline SVG charts drawn at build time: readable without JavaScript, no chart library.

Colours come from CSS classes (``archive-series-N``) so light and dark schemes both work;
each series also has its own dash pattern and marker so the chart survives grey-scale
printing and colour blindness.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from plugins.archive.html import esc
from plugins.archive.model import format_number

WIDTH, HEIGHT = 640, 272
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 76
#: More x labels than this: every other one is marked minor (``archive-axis--minor``), which a
#: narrow screen hides so the remaining labels stay readable at a larger size.
CROWDED = 8
DASHES = ("", "6 4", "2 3", "10 3 2 3")


@dataclass(frozen=True)
class Series:
    """One line: a label and a value per x position (``None`` = not stated, drawn as a gap)."""

    label: str
    values: Sequence[int | float | None]
    #: Per x position: why the point's report contradicts itself on this figure ("" = it does not).
    flags: Sequence[str] = ()
    #: Per x position: the page the point comes from (the flagged point links there).
    links: Sequence[str | None] = ()


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ that is ≥ ``value`` (axis top); 1 for empty data."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def axis_ticks(value: float) -> list[float]:
    """Gridline values from 0: a 1, 2 or 5 × 10ⁿ step, at most four steps, the last ≥ ``value``."""
    if value <= 0:
        return [0.0, 1.0]
    rough = value / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    count = math.ceil(value / step - 1e-9)
    return [round(step * k, 10) for k in range(count + 1)]


def axis_label(value: float) -> str:
    """An axis number; whole ten-thousands as ``万`` so long numbers fit a phone (``80000`` → ``8万``)."""
    if value >= 10000 and value % 10000 == 0:
        return f"{format_number(value / 10000)}万"
    return format_number(round(value, 2))


def _segments(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known points; a ``None`` breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _x_label_class(index: int, count: int) -> str:
    return "archive-axis archive-axis--minor" if count > CROWDED and index % 2 else "archive-axis"


def line_chart(title: str, x_labels: Sequence[str], series: Sequence[Series]) -> str:
    """An SVG line chart; empty string when no series has a single stated value."""
    known = [v for s in series for v in s.values if v is not None]
    if not known or not x_labels:
        return ""
    ticks = axis_ticks(max(known))
    top = ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(x_labels) - 1, 1)

    def x_at(i: int) -> float:
        return LEFT + (i * step if len(x_labels) > 1 else plot_w / 2)

    def y_at(v: float) -> float:
        return TOP + plot_h - v / top * plot_h

    out = [
        f'<svg class="archive-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{esc(title)}"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc(title)}</title>",
    ]
    for value in ticks:
        y = _n(y_at(value))
        out.append(f'<line class="archive-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>')
    # Axis labels in groups that set their alignment once (archive.css styles every chart text).
    out.append('<g text-anchor="end">')
    out.extend(f'<text x="{LEFT - 6}" y="{_n(y_at(value) + 4)}">{esc(axis_label(value))}</text>' for value in ticks)
    out.append(f'</g><g text-anchor="middle" transform="translate(0 {TOP + plot_h + 20})">')
    for i, label in enumerate(x_labels):
        minor = ' class="archive-axis--minor"' if len(x_labels) > CROWDED and i % 2 else ""
        out.append(f'<text{minor} x="{_n(x_at(i))}">{esc(label)}</text>')
    out.append("</g>")
    for n, line in enumerate(series):
        cls = f"archive-series-{n % len(DASHES)}"
        dash = DASHES[n % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [None if v is None else (x_at(i), y_at(v)) for i, v in enumerate(line.values)]
        # The series' colour is set once on a group its lines and points inherit it from (text is kept
        # outside: it would inherit the stroke too).
        out.append(f'<g class="{cls}">')
        for run in _segments(points):
            if len(run) > 1:
                coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
                out.append(f'<polyline fill="none" points="{coords}"{dash_attr}/>')
        marks = []
        for i, value in enumerate(line.values):
            if value is None:
                continue
            out.append(f'<circle cx="{_n(x_at(i))}" cy="{_n(y_at(value))}" r="3.5"/>')  # its value: the table above
            flag = line.flags[i] if i < len(line.flags) else ""
            if flag:
                tip = f"{x_labels[i]} {line.label}：{format_number(value)}"
                href = line.links[i] if i < len(line.links) else None
                marks.append(_flag_mark(x_at(i), y_at(value), f"{tip}（{flag}）", href))
        legend_x = LEFT + (n % 2) * (plot_w / 2)
        legend_y = HEIGHT - 34 + (n // 2) * 22
        out.append(
            f'<line x1="{_n(legend_x)}" x2="{_n(legend_x + 24)}" y1="{legend_y - 4}" y2="{legend_y - 4}"{dash_attr}/></g>'
        )
        out.extend(marks)
        out.append(
            f'<text class="archive-legend" x="{legend_x + 30:.1f}" y="{legend_y}">{esc(line.label)}</text>'
        )
    if any(flag for line in series for flag in line.flags):
        out.append(
            f'<text class="archive-legend archive-flag-legend" x="{WIDTH - RIGHT}" y="{TOP + 4}" '
            'text-anchor="end">⚠ 报告自相矛盾的数值</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _n(value: float) -> str:
    """A coordinate to one decimal, without a trailing ``.0``."""
    return f"{value:.1f}".removesuffix(".0")


def _flag_mark(x: float, y: float, tip: str, href: str | None) -> str:
    """A ring and ⚠ on a point whose report contradicts itself; a link to the report when ``href``."""
    mark = (
        f'<g class="archive-flag-point"><title>{esc(tip)}</title>'
        f'<circle class="archive-flag-ring" cx="{x:.1f}" cy="{y:.1f}" r="7" fill="none"/>'
        f'<text class="archive-flag-sign" x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle">⚠</text></g>'
    )
    return f'<a href="{esc(href)}">{mark}</a>' if href else mark


def bar_chart(title: str, labels: Sequence[str], values: Sequence[int]) -> str:
    """An SVG column chart (reports per year on the home page); empty string when there is nothing."""
    if not labels:
        return ""
    top = nice_ceiling(max(values))
    height = HEIGHT - 24
    upper = TOP + 12  # room for the value printed above the tallest column
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - upper - 28
    slot = plot_w / len(labels)
    bar = min(slot * 0.7, 48)
    out = [
        f'<svg class="archive-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{esc(title)}"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc(title)}</title>",
        f'<line class="archive-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{upper + plot_h}" y2="{upper + plot_h}"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = value / top * plot_h
        x = LEFT + i * slot + (slot - bar) / 2
        y = upper + plot_h - h
        out.append(
            f'<rect class="archive-series-0" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
            f"<title>{esc(f'{label}：{value}')}</title></rect>"
        )
        out.append(
            f'<text class="archive-axis" x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{value}</text>'
        )
        out.append(
            f'<text class="{_x_label_class(i, len(labels))}" x="{x + bar / 2:.1f}" y="{upper + plot_h + 20}"'
            f' text-anchor="middle">{esc(label)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
