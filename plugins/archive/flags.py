"""Which headline figures of a report a reader should not take at face value.

Two kinds of flag, computed from the record alone (pure functions, no MkDocs):

* **contradicted** — the report failed a consistency check that involves the figure
  (e.g. 平潭综合实验区 2013: 主动公开信息数 72804 in the table, 4970 in the text). The figure
  stays as printed; every place that shows it adds a marker linking to the failed check.
* **computed** — the report left the figure blank but printed the cells it is the sum of;
  the site shows that sum labelled 「合计（按分项计算）」 from the record's ``derived`` map,
  while ``stats`` keeps ``null`` (the report did not state it).

A check names its figures in one of three ways, mapped here: by its rule (``outcome_total``
involves every outcome), by the label that starts its detail (``prose_matches_table``:
"主动公开信息数：表格 72804 ≠ 正文 4970"), or by the form row it sums (``row_total``:
"（一）予以公开: 自然人 0 + … = 总计 0").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from build_scripts.schema import CHECK_LABELS, STAT_KEYS, STAT_LABELS

#: The application outcomes, 予以公开 … 总计, in the contract's order.
_OUTCOMES: tuple[str, ...] = STAT_KEYS[STAT_KEYS.index("outcome_disclosed") : STAT_KEYS.index("outcome_total") + 1]

#: Rules whose figures do not depend on the detail text.
RULE_STATS: dict[str, tuple[str, ...]] = {
    "applications_balance": ("applications_new", "applications_carried_over", "outcome_total", "carried_forward"),
    "applications_balance_by_outcomes": (
        "applications_new",
        "applications_carried_over",
        *_OUTCOMES[:-1],
        "carried_forward",
    ),
    "outcome_total": _OUTCOMES,
    "review_total": ("reconsideration_total",),
    "litigation_direct_total": ("litigation_total",),
    "litigation_after_review_total": ("litigation_total",),
    "litigation_total": ("litigation_total",),
    "applications_channels": ("applications_new",),
}

#: Rules whose detail starts with the figure's label (``<STAT_LABELS value>：…``).
LABELLED_RULES: frozenset[str] = frozenset({"prose_matches_table", "prose_consistent"})

#: ``row_total`` details start with the form row; the rows that are headline figures.
ROW_STATS: tuple[tuple[str, str], ...] = (
    ("一、本年新收", "applications_new"),
    ("二、上年结转", "applications_carried_over"),
    ("（一）予以公开", "outcome_disclosed"),
    ("（二）部分公开", "outcome_partial"),
    ("（三）不予公开", "outcome_refused_total"),
    ("（四）无法提供", "outcome_unable_total"),
    ("（五）不予处理", "outcome_not_processed_total"),
    ("（六）其他处理", "outcome_other_total"),
    ("（七）总计", "outcome_total"),
    ("四、结转下年度", "carried_forward"),
)

_KEY_OF_LABEL: dict[str, str] = {label: key for key, label in STAT_LABELS.items()}


@dataclass(frozen=True)
class FailedCheck:
    """A failed check as a figure's marker names it: its position in ``record["checks"]`` and text."""

    index: int
    rule: str
    detail: str
    anchor_id: str = ""  # set for a check the site adds (the cross-year carry-over), not the record's

    @property
    def anchor(self) -> str:
        """The id of the check on the report page (:func:`check_anchor`)."""
        return self.anchor_id or check_anchor(self.index)

    @property
    def label(self) -> str:
        return CHECK_LABELS.get(self.rule, self.rule)


@dataclass(frozen=True)
class Computed:
    """A total the report left blank, summed from the printed cells listed in ``cells``."""

    value: int | float
    cells: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True)
class Flags:
    """The flags of one report: stat key → failed checks involving it; stat key → computed total."""

    contradicted: Mapping[str, Sequence[FailedCheck]] = field(default_factory=dict)
    computed: Mapping[str, Computed] = field(default_factory=dict)

    def of(self, key: str) -> Sequence[FailedCheck]:
        return self.contradicted.get(key, ())


#: Ids of the cross-year checks on a report page: against last year's report, against next year's.
CROSS_PREVIOUS, CROSS_NEXT = "check-cross-previous", "check-cross-next"


def cross_year_flags(status: str, detail: str, *, later: bool) -> dict[str, FailedCheck]:
    """A failed carry-over check flags the later report's 上年结转 and the earlier one's 结转下年度."""
    if status != "fail":
        return {}
    if later:
        return {"applications_carried_over": FailedCheck(-1, "cross_year_carry_over", detail, CROSS_PREVIOUS)}
    return {"carried_forward": FailedCheck(-1, "cross_year_carry_over", detail, CROSS_NEXT)}


def check_anchor(index: int) -> str:
    """``check-3``: the fragment of the report page's ``index``-th check (0-based, record order)."""
    return f"check-{index}"


def stats_of_check(check: Mapping[str, Any]) -> tuple[str, ...]:
    """The headline figures a check is about (empty when it names none of them)."""
    rule = str(check.get("rule", ""))
    detail = str(check.get("detail") or "")
    if rule in RULE_STATS:
        return RULE_STATS[rule]
    if rule in LABELLED_RULES:
        label = detail.split("：", 1)[0].strip()
        return (_KEY_OF_LABEL[label],) if label in _KEY_OF_LABEL else ()
    if rule == "row_total":
        return tuple(key for prefix, key in ROW_STATS if detail.startswith(prefix))[:1]
    return ()


def _computed(record: Mapping[str, Any]) -> dict[str, Computed]:
    """Totals from ``record["derived"]`` for figures the report left blank (``stats`` is null).

    ``derived`` maps a stat key to ``{value, cells: [{label, line, value}, …]}``; entries for
    stated figures, or without a number, are ignored (a stated value always wins).
    """
    derived = record.get("derived")
    if not isinstance(derived, Mapping):
        return {}
    stats = record.get("stats") or {}
    found = {}
    for key in STAT_KEYS:
        item = derived.get(key)
        if not isinstance(item, Mapping) or stats.get(key) is not None:
            continue
        value = item.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cells = [c for c in item.get("cells") or () if isinstance(c, Mapping)]
            found[key] = Computed(value, tuple(cells))
    return found


def report_flags(record: Mapping[str, Any]) -> Flags:
    """Every figure of ``record`` that a failed check involves, and every computed total."""
    contradicted: dict[str, list[FailedCheck]] = {}
    for index, check in enumerate(record.get("checks") or ()):
        if not isinstance(check, Mapping) or check.get("status") != "fail":
            continue
        failed = FailedCheck(index, str(check.get("rule", "")), str(check.get("detail") or ""))
        for key in stats_of_check(check):
            contradicted.setdefault(key, []).append(failed)
    return Flags(contradicted=contradicted, computed=_computed(record))


def flag_codes(record: Mapping[str, Any]) -> str:
    """The flags as one CSV/JSON cell: ``proactive_total:contradicted; outcome_total:computed``."""
    flags = report_flags(record)
    codes = [f"{key}:contradicted" for key in STAT_KEYS if key in flags.contradicted]
    codes += [f"{key}:computed" for key in STAT_KEYS if key in flags.computed]
    return "; ".join(codes)
