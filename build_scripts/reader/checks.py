"""Consistency rules (勾稽关系) of the report forms, applied to what a report printed.

Each rule yields ``{"rule", "status", "detail"}`` with the arithmetic spelled out. A rule whose
cells are not all printed is ``not_assessable``; failures are recorded, never repaired.
Tables are the ``tables`` mapping of :class:`build_scripts.reader.tables.read.TableReading` (rows carry a ``key``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from build_scripts.reader.tables.forms import OUTCOME_GROUPS, STATISTICS_SUMS, in_group
from build_scripts.schema import STAT_KEYS, STAT_LABELS

Number = int | float
_GROUP_NAMES = {"disclosed": "予以公开", "partial": "部分公开", "refused": "不予公开", "unable": "无法提供",
                "not_processed": "不予处理", "other": "其他处理"}
#: The 统计表 sums of ``tables_layouts.STATISTICS_SUMS`` that are consistency rules of FORMATS.md, by
#: parent row (the reader also uses 主动公开 = 网站 + 公报 to split glued digits; it is no rule of the form).
_STATISTICS_RULES = {"applications": "applications_channels", "answers": "outcome_total",
                     "review": "review_total", "litigation": "litigation_total"}


def _fmt(value: Number | None) -> str:
    if value is None:
        return "空"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check(rule: str, status: str, detail: str) -> dict[str, str]:
    return {"rule": rule, "status": status, "detail": detail}


def equation(rule: str, left: Sequence[tuple[str, Number | None]], right: Sequence[tuple[str, Number | None]],
             where: str = "") -> dict[str, str]:
    """Check Σ left = Σ right; the detail shows every term ("a 1 + b 2 = 3 ≠ c 4"), prefixed by ``where``.

    A term the report left blank shows as 「空」 and makes the rule not assessable; the detail is then
    the equation as printed ("a 空 + b 2 = c 4"), which already names every blank term.
    """

    def side(terms: Sequence[tuple[str, Number | None]]) -> str:
        return " + ".join(f"{name} {_fmt(v)}" for name, v in terms)

    values = [v for _, v in (*left, *right)]
    if any(v is None for v in values):
        return _check(rule, "not_assessable", f"{where}{side(left)} = {side(right)}")
    total_left = sum(v for _, v in left if v is not None)
    total_right = sum(v for _, v in right if v is not None)
    if abs(total_left - total_right) < 1e-6:
        return _check(rule, "pass", f"{where}{side(left)} = {side(right)}")
    return _check(rule, "fail", f"{where}{side(left)} = {_fmt(total_left)} ≠ {side(right)} = {_fmt(total_right)}")


def _rows(tables: Mapping[str, dict], name: str) -> dict[str, dict[str, Any]]:
    table = tables.get(name) or {}
    return {row.get("key", row.get("label")): row for row in table.get("rows", [])}


def _cell(row: Mapping[str, Any] | None, column: str) -> Number | None:
    if row is None:
        return None
    return row.get("values", {}).get(column)


def _group_rows(rows: Mapping[str, dict], group: str) -> list[dict]:
    return [row for key, row in rows.items() if in_group(key, group)]


def _group_sum(rows: Mapping[str, dict], group: str, column: str) -> Number | None:
    members = _group_rows(rows, group)
    values = [_cell(row, column) for row in members]
    if not members or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _application_checks(tables: Mapping[str, dict]) -> list[dict[str, str]]:
    rows = _rows(tables, "applications")
    if not rows:
        return []
    columns = tables["applications"]["columns"]
    total = columns[-1]
    out = []
    for column in columns:
        where = "" if column == total else f"{column}: "
        out.append(equation("applications_balance",
                            [("本年新收", _cell(rows.get("new"), column)),
                             ("上年结转", _cell(rows.get("carried_over"), column))],
                            [("办理结果总计", _cell(rows.get("total"), column)),
                             ("结转下年度", _cell(rows.get("carried_forward"), column))], where))
    outcomes = [(_GROUP_NAMES[g], _group_sum(rows, g, total)) for g in OUTCOME_GROUPS]
    out.append(equation("applications_balance_by_outcomes",
                        [("本年新收", _cell(rows.get("new"), total)),
                         ("上年结转", _cell(rows.get("carried_over"), total))],
                        [*outcomes, ("结转下年度", _cell(rows.get("carried_forward"), total))]))
    out.append(equation("outcome_total", outcomes, [("总计", _cell(rows.get("total"), total))]))
    for row in rows.values():
        parts = [(c, _cell(row, c)) for c in columns[:-1]]
        out.append(equation("row_total", parts, [("总计", _cell(row, total))], f"{row['label']}: "))
    return out


def _review_checks(tables: Mapping[str, dict]) -> list[dict[str, str]]:
    rows = _rows(tables, "review_litigation")
    row = rows.get("review")
    if row is None:
        return []
    out = []
    for block, rule in (("行政复议", "review_total"), ("未经复议直接起诉", "litigation_direct_total"),
                        ("复议后起诉", "litigation_after_review_total")):
        parts = [(p, _cell(row, f"{block} {p}")) for p in ("结果维持", "结果纠正", "其他结果", "尚未审结")]
        out.append(equation(rule, parts, [("总计", _cell(row, f"{block} 总计"))]))
    return out


def _statistics_checks(tables: Mapping[str, dict]) -> list[dict[str, str]]:
    rows = _rows(tables, "statistics")
    if not rows:
        return []
    columns = tables["statistics"]["columns"]
    out = []
    for parent, parts in STATISTICS_SUMS:
        rule = _STATISTICS_RULES.get(parent)
        present = [p for p in parts if p in rows]
        if rule is None or parent not in rows or not present:
            continue
        column = columns[0]
        out.append(equation(rule, [(rows[p]["label"], _cell(rows[p], column)) for p in present],
                            [(rows[parent]["label"], _cell(rows[parent], column))]))
    if len(columns) == 2:
        year, cumulative = columns
        bad = [row["label"] for row in rows.values()
               if _cell(row, year) is not None and _cell(row, cumulative) is not None
               and _cell(row, cumulative) < _cell(row, year)]
        assessable = [row for row in rows.values()
                      if _cell(row, year) is not None and _cell(row, cumulative) is not None]
        if not assessable:
            out.append(_check("cumulative_not_less", "not_assessable", "没有同时填写两列的行"))
        elif bad:
            out.append(_check("cumulative_not_less", "fail", f"{cumulative} < {year}：{'、'.join(bad)}"))
        else:
            out.append(_check("cumulative_not_less", "pass",
                              f"同时填写两列的 {len(assessable)} 行均为 {cumulative} ≥ {year}"))
    return out


def _prose_checks(
    table_stats: Mapping[str, Number | None], prose: Mapping[str, Number | None]
) -> list[dict[str, str]]:
    """The figures the prose states against the tables' own. Prose often counts the applications it
    "received" including last year's carried-over ones: a prose figure equal to 本年新收 + 上年结转
    passes, with the sum shown."""
    out = []
    for key in STAT_KEYS:
        table_value, prose_value = table_stats.get(key), prose.get(key)
        if table_value is None or prose_value is None:
            continue
        label = STAT_LABELS[key]
        carried = table_stats.get("applications_carried_over")
        if abs(table_value - prose_value) < 1e-6:
            out.append(_check("prose_matches_table", "pass",
                              f"{label}：表格 {_fmt(table_value)} = 正文 {_fmt(prose_value)}"))
        elif key == "applications_new" and carried and abs(table_value + carried - prose_value) < 1e-6:
            out.append(_check("prose_matches_table", "pass",
                              f"{label}：表格 {_fmt(table_value)} + 上年结转 {_fmt(carried)} = 正文 {_fmt(prose_value)}"
                              "（正文的收到申请数含上年结转）"))
        else:
            out.append(_check("prose_matches_table", "fail",
                              f"{label}：表格 {_fmt(table_value)} ≠ 正文 {_fmt(prose_value)}"))
    return out


def run_checks(
    template: str,
    table_stats: Mapping[str, Number | None],
    tables: Mapping[str, dict],
    prose: Mapping[str, Number | None],
) -> list[dict[str, str]]:
    """Every rule of FORMATS.md that applies to this report, in a fixed order.

    ``table_stats`` are the statistics the tables printed (``TableReading.stats``), not the
    record's merged ones: a figure the prose filled in would otherwise be checked against itself.
    """
    checks: list[dict[str, str]] = []
    if template in ("table2019", "table2021"):
        checks += _application_checks(tables)
        checks += _review_checks(tables)
    elif template == "table2008":
        checks += _statistics_checks(tables)
    checks += _prose_checks(table_stats, prose)
    return checks


#: The largest yearly count a single body plausibly reports (the largest in the sample archive is
#: 14571 proactive items; a province's is of the order of 10^5), and the largest disclosure fee in 元.
MAX_PLAUSIBLE_COUNT = 1_000_000
MAX_PLAUSIBLE_FEE_YUAN = 10_000_000


def implausible_values(stats: Mapping[str, Number | None]) -> list[str]:
    """Warnings for stated values no report can mean: negative ones, and ones beyond the plausible
    maximum. The values themselves are kept as the report printed them."""
    warnings = []
    for key in STAT_KEYS:
        value = stats.get(key)
        if value is None:
            continue
        limit = MAX_PLAUSIBLE_FEE_YUAN if key == "fees_yuan" else MAX_PLAUSIBLE_COUNT
        if value < 0:
            warnings.append(f"{STAT_LABELS[key]}：报告写的是负数 {_fmt(value)}，按所写记录，请核对原文")
        elif value > limit:
            warnings.append(f"{STAT_LABELS[key]}：报告写的 {_fmt(value)} 超出合理范围（不超过 {limit}），按所写记录，请核对原文")
    return warnings

