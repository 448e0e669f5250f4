"""Year against year: each figure's change from the same agency's previous year.

The previous year is the calendar year before, and only when the agency has exactly one
report for it (two reports for one year: which is right is undecided; a gap year: the
figures are not comparable across two years). A change needs both figures stated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plugins.archive.model import Report, format_number


@dataclass(frozen=True)
class Change:
    """``current − previous`` and its percentage of ``previous`` (``None`` when ``previous`` is 0)."""

    previous_year: int
    delta: int | float
    percent: float | None

    @property
    def short(self) -> str:
        """``+12``, ``−3``, ``±0``."""
        if self.delta == 0:
            return "±0"
        sign = "+" if self.delta > 0 else "−"
        return f"{sign}{format_number(abs(self.delta))}"

    @property
    def percent_text(self) -> str:
        """``+5.0%``; ``—`` when the previous figure was 0 (no percentage of nothing)."""
        if self.percent is None:
            return "—"
        sign = "+" if self.percent > 0 else ("−" if self.percent < 0 else "±")
        return f"{sign}{abs(self.percent):.1f}%"

    @property
    def sentence(self) -> str:
        """``较2012年 +12（+5.0%）``."""
        return f"较{self.previous_year}年 {self.short}（{self.percent_text}）"


def change(previous: int | float | None, current: int | float | None, previous_year: int) -> Change | None:
    """The change between two stated figures; ``None`` when either is not stated."""
    if previous is None or current is None:
        return None
    delta = current - previous
    if isinstance(delta, float) and delta.is_integer():
        delta = int(delta)
    percent = None if previous == 0 else round(delta / previous * 100, 1)
    return Change(previous_year, delta, percent)


def previous_reports(reports: Sequence[Report]) -> dict[str, Report]:
    """Report ``src_uri`` → the same agency's report of the year before (see the module doc).

    ``reports`` are one agency's reports; a year with two reports neither has nor is a previous year.
    """
    by_year: dict[int, list[Report]] = {}
    for report in reports:
        if report.year is not None:
            by_year.setdefault(report.year, []).append(report)
    found = {}
    for year, these in by_year.items():
        before = by_year.get(year - 1)
        if len(these) == 1 and before is not None and len(before) == 1:
            found[these[0].src_uri] = before[0]
    return found


def neighbours(reports: Sequence[Report], report: Report) -> tuple[Report | None, Report | None]:
    """The agency's nearest earlier and later report by year (any gap), for 上一年/下一年 links."""
    dated = sorted((r for r in reports if r.year is not None and r is not report), key=lambda r: (r.year, r.src_uri))
    if report.year is None:
        return None, None
    earlier = [r for r in dated if r.year < report.year]
    later = [r for r in dated if r.year > report.year]
    return (earlier[-1] if earlier else None, later[0] if later else None)


def report_change(report: Report, previous: Report | None, key: str) -> Change | None:
    """``report``'s change on ``key`` from ``previous`` (its agency's report of the year before)."""
    if previous is None or previous.year is None:
        return None
    return change(previous.stats[key], report.stats[key], previous.year)
