"""The official statistics tables of a report: find them, read them, derive the headline statistics.

Entry point: :func:`read_tables` on the normalised lines of a report. It recognises the
2019 and 2021 templates (表二 第二十条, 表三 applications, 表四 review/litigation) and the
pre-2019 统计表 (national 统计指标|单位|统计数 and local 指标名称|计量单位|本年度|历年累计).
Only what the tables print becomes a statistic; undecidable cells are None with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from build_scripts.reader.tables import forms as layouts
from build_scripts.reader.tables.cells import fit_cells, is_value_cell, markdown_row_as_tabs
from build_scripts.reader.tables.derived import computed_review_totals, computed_totals
from build_scripts.reader.tables.forms import FormSpec, RowSpec, compiled, in_group, loose
from build_scripts.reader.tables.glued import Cell, Checkpoint, not_less, sum_equals
from build_scripts.reader.tables.rows import (
    RowReading,
    Text,
    agreed_values,
    boundary_starts,
    find_in_order,
    line_header_positions,
    read_row,
    resolve,
    settle_by_columns,
)
from build_scripts.reader.tables.wrapped import rejoin_wrapped_labels
from build_scripts.schema import STAT_LABELS

Stat = int | float | None
#: The 总计 column of 表三 (after 自然人 and the five 法人或其他组织 columns).
_APPLICATIONS_TOTAL_COLUMN = 6


@dataclass
class TableReading:
    """What the tables of one report say (see the module docstring)."""

    template: str | None
    stats: dict[str, Stat]
    evidence: dict[str, dict]
    tables: dict[str, dict]
    warnings: list[str] = field(default_factory=list)
    undecided: bool = False  # some printed row could not be read (see the warnings)
    #: totals the tables leave blank, computed from the cells they print (see ``tables.derived``)
    derived: dict[str, dict] = field(default_factory=dict)


@dataclass
class _Table:
    name: str
    title: str
    columns: tuple[str, ...]
    rows: list[RowReading]


_APPLICATION_CHECKS: tuple[Checkpoint, ...] = ((7, sum_equals(6, range(6))),)
_REVIEW_CHECKS: tuple[Checkpoint, ...] = tuple((5 * (b + 1), sum_equals(5 * b + 4, range(5 * b, 5 * b + 4)))
                                               for b in range(3))
_LOCAL_CHECKS: tuple[Checkpoint, ...] = ((2, not_less(1, 0)),)
_SEARCH_WINDOW = 6000


def _first(text: str, words: str, start: int = 0, end: int | None = None) -> int | None:
    match = compiled(loose(words)).search(text, start, len(text) if end is None else end)
    return match.start() if match else None


# ---------------------------------------------------------------- 表三


def _read_applications(text: Text, year: int) -> tuple[_Table | None, int]:
    joined = text.joined
    anchor = _first(joined, "本年新收")
    if anchor is None:
        return None, 0
    form: FormSpec = layouts.APPLICATIONS_2021 if year == 2021 else layouts.APPLICATIONS_2019
    header_from = _first(joined, "申请人情况", max(0, anchor - 1500), anchor)
    start = header_from if header_from is not None else max(0, anchor - 40)
    end = min(len(joined), anchor + _SEARCH_WINDOW)
    review = _first(joined, "行政复议", anchor, end)
    closing = review if review is not None else end
    found = find_in_order(joined, start, closing, form.rows)
    if not found:
        return None, 0
    positions = line_header_positions(text, start, found[0][1].start(), form.columns)
    bounds = boundary_starts(joined, start, closing, form.boundaries)
    rows = []
    for index, (spec, match) in enumerate(found):
        next_start = found[index + 1][1].start() if index + 1 < len(found) else closing
        stop = min([next_start, *[b for b in bounds if b >= match.end()]])
        rows.append(read_row(text, spec.key, spec.label, match.start(), match.end(), stop, 7,
                             _APPLICATION_CHECKS, positions, form.columns))
    settle_by_columns(rows, _applications_consistent)
    last = found[-1][1].end()
    return _Table("applications", form.title, form.columns, rows), last


def _applications_consistent(by_key: Mapping[str, list[Cell]]) -> bool:
    """Column arithmetic of 表三 wherever every cell involved is printed."""
    outcome_keys = [k for k in by_key if any(in_group(k, group) for group in layouts.OUTCOME_GROUPS)]
    for column in range(7):
        balance = [by_key.get(k, [None] * 7)[column] for k in ("new", "carried_over", "total", "carried_forward")]
        if all(v is not None for v in balance):
            new, carried, total, forward = balance
            if abs((new + carried) - (total + forward)) > 1e-6:
                return False
        outcomes = [by_key[k][column] for k in outcome_keys]
        total = by_key.get("total", [None] * 7)[column]
        if total is not None and outcomes and all(v is not None for v in outcomes):
            if abs(sum(outcomes) - total) > 1e-6:
                return False
    return True


# ---------------------------------------------------------------- 表四


def _read_review(text: Text, after: int) -> _Table | None:
    joined = text.joined
    anchor = _first(joined, "行政复议", after, min(len(joined), after + 1500))
    if anchor is None:
        return None
    end = _first(joined, "五、存在|五、主要问题", anchor, min(len(joined), anchor + 1500))
    end = end if end is not None else min(len(joined), anchor + 800)
    header_end = anchor
    for match in compiled(loose("总计|尚未审结|结果维持")).finditer(joined, anchor, end):
        header_end = match.end()
    row = _read_review_line(text, header_end, end) or read_row(
        text, "review", "行政复议、行政诉讼", anchor, header_end, end, 15, _REVIEW_CHECKS, None,
        layouts.REVIEW_COLUMNS)
    return _Table("review_litigation", layouts.REVIEW_TITLE, layouts.REVIEW_COLUMNS, [row])


def _read_review_line(text: Text, start: int, end: int) -> RowReading | None:
    """表四 as a TAB row line without a label: the first line made only of value cells."""
    for index in range(text.line_of(start), text.line_of(end) + 1):
        cells = text.lines[index].split("\t")
        if len(cells) >= 5 and any(c.strip() for c in cells) and all(is_value_cell(c) for c in cells):
            offset = text.starts[index]
            raw = fit_cells(cells, 15, None, offset)
            candidates, problem = resolve(raw, 15, _REVIEW_CHECKS)
            values = list(candidates[0]) if len(candidates) == 1 else agreed_values(candidates, 15)
            return RowReading("review", "行政复议、行政诉讼", values, offset, offset, None, candidates, problem)
    return None


# ---------------------------------------------------------------- 表二 第二十条


def _read_article20(text: Text, items: Sequence[layouts.Article20Item], end: int) -> _Table | None:
    joined = text.joined
    rows: list[RowReading] = []
    position = _first(joined, "第二十条", 0, end)
    if position is None:
        return None
    for item in items:
        item_start = _first(joined, f"第二十条第{item.item[1:]}", position, end)
        if item_start is None:
            continue
        next_item = _first(joined, "第二十条", item_start + 4, end)
        item_end = next_item if next_item is not None else end
        specs = [RowSpec(name, f"第二十条{item.item} {name}", loose(words)) for name, words in item.rows]
        found = find_in_order(joined, item_start + 4, item_end, specs)
        if not found:
            continue
        positions = line_header_positions(text, item_start, found[0][1].start(), item.columns)
        for index, (spec, match) in enumerate(found):
            stop = found[index + 1][1].start() if index + 1 < len(found) else item_end
            row = read_row(text, spec.key, spec.label, match.start(), match.end(), stop, len(item.columns), (),
                           positions, item.columns)
            row.key = f"{item.item} {spec.key}"
            rows.append(row)
        position = item_start + 4
    if not rows:
        return None
    return _Table("article20", layouts.ARTICLE20_TITLE, (), rows)


def _article20_columns(template: str) -> dict[str, tuple[str, ...]]:
    items = layouts.ARTICLE20_2021 if template == "table2021" else layouts.ARTICLE20_2019
    return {item.item: item.columns for item in items}


# ---------------------------------------------------------------- 统计表 (2008)


def _read_statistics(text: Text) -> _Table | None:
    joined = text.joined
    header = compiled(layouts.STATISTICS_HEADER).search(joined)
    if header is None:
        return None
    start = header.start()
    head_text = joined[start : start + 120]
    local = compiled(loose("历年累计")).search(head_text) is not None
    columns = layouts.LOCAL_COLUMNS if local else layouts.NATIONAL_COLUMNS
    checks = _LOCAL_CHECKS if local else ()
    matches = _statistics_matches(joined, header.end())
    if not matches:
        return None
    rows = []
    for index, (key, label, match) in enumerate(matches):
        stop = matches[index + 1][2].start() if index + 1 < len(matches) else min(len(joined), match.end() + 300)
        rows.append(read_row(text, key, label, match.start(), match.end(), stop, len(columns), checks, None,
                             columns))
    settle_by_columns(rows, _statistics_consistent)
    return _Table("statistics", layouts.STATISTICS_TITLE, columns, rows)


def _statistics_matches(joined: str, start: int) -> list[tuple[str, str, Any]]:
    """All row labels after the header, in printed order, without overlaps; stops at a long gap."""
    hits = []
    specs = [(key, label, words) for key, label, words in layouts.STATISTICS_ROWS]
    specs += [(key, words, words) for key, words in layouts.STATISTICS_REPEATED]
    end = min(len(joined), start + 8000)
    for key, label, words in specs:
        for match in compiled(loose(words)).finditer(joined, start, end):
            hits.append((match.start(), -(match.end() - match.start()), key, label, match))
    hits.sort(key=lambda h: (h[0], h[1]))
    chosen: list[tuple[str, str, Any]] = []
    seen: set[str] = set()
    last_end = start
    parent = ""
    for _, _, key, label, match in hits:
        if match.start() < last_end:
            continue
        if chosen and match.start() - last_end > 400:
            break
        if key in ("review", "litigation"):
            parent = key
        if key in {k for k, _ in layouts.STATISTICS_REPEATED}:
            if not parent:
                continue
            label = f"{'行政复议' if parent == 'review' else '行政诉讼'} {label}"
            key = f"{parent}_{key}"
        if key in seen:
            continue
        seen.add(key)
        chosen.append((key, label, match))
        last_end = match.end()
    return chosen


def _statistics_consistent(by_key: Mapping[str, list[Cell]]) -> bool:
    for parent, parts in layouts.STATISTICS_SUMS:
        if parent not in by_key:
            continue
        present = [p for p in parts if p in by_key]
        if not present:
            continue
        for column in range(len(by_key[parent])):
            values = [by_key[p][column] for p in present]
            total = by_key[parent][column]
            if total is not None and all(v is not None for v in values) and abs(sum(values) - total) > 1e-6:
                return False
    return True


# ---------------------------------------------------------------- template and statistics


def _has_any(joined: str, words: Sequence[str]) -> bool:
    return any(compiled(loose(w)).search(joined) for w in words)


def _detect_template(joined: str) -> tuple[int | None, str | None]:
    """2019 or 2021 by the words only one form prints inside the tables; a warning when they conflict."""
    starts = [p for p in (_first(joined, "第二十条第"), _first(joined, "本年新收")) if p is not None]
    if not starts:
        return None, None
    region = joined[min(starts) : min(starts) + _SEARCH_WINDOW]
    has21 = _has_any(region, layouts.MARKERS_2021)
    has19 = _has_any(region, layouts.MARKERS_2019)
    if has21 and not has19:
        return 2021, None
    if has19 and not has21:
        return 2019, None
    if has21 and has19:
        return None, "模板不确定：表格中同时出现2019版和2021版模板特有的栏目"
    return None, None


def read_tables(lines: Sequence[str]) -> TableReading:
    """Find and read the statistics tables in normalised report lines (Markdown pipe tables too)."""
    text = Text([markdown_row_as_tabs(line) for line in rejoin_wrapped_labels(lines)])
    warnings: list[str] = []
    year, conflict = _detect_template(text.joined)
    if conflict:
        warnings.append(conflict)
    tables: list[_Table] = []
    template: str | None = None
    if year is None and _first(text.joined, "本年新收") is not None:
        # Only the 2021 表三 prints the two "逾期…不再处理" rows under （六）其他处理.
        year = 2021 if _has_any(text.joined, layouts.OVERDUE_ROWS_2021) else 2019
    if year is not None:
        template = f"table{year}"
        applications, after = _read_applications(text, year)
        limit = _first(text.joined, "本年新收")
        article20 = _read_article20(text, layouts.ARTICLE20_2021 if year == 2021 else layouts.ARTICLE20_2019,
                                    limit if limit is not None else len(text.joined))
        review = _read_review(text, after) if applications is not None else None
        tables = [t for t in (article20, applications, review) if t is not None]
    else:
        statistics = _read_statistics(text)
        if statistics is not None and any(any(v is not None for v in r.values) for r in statistics.rows):
            template = "table2008"
            tables = [statistics]
    stats, evidence = _derive_stats(template, tables, text, warnings)
    derived = _computed(template, tables, text)
    undecided = False
    for table in tables:
        for row in table.rows:
            if row.problem:
                undecided = True
                warnings.append(f"{table.title}「{row.label}」：{row.problem}；无法确定的单元格留空")
    return TableReading(template, stats, evidence, _tables_dict(template, tables, text), warnings, undecided, derived)


def _computed(template: str | None, tables: Sequence[_Table], text: Text) -> dict[str, dict]:
    """Computed totals of a 2019/2021 表三/表四 whose 总计 cells are blank (none for other forms)."""
    if template not in ("table2019", "table2021"):
        return {}
    derived: dict[str, dict] = {}
    for table in tables:
        if table.name == "applications":
            rows = {row.key: row for row in table.rows}
            derived.update(computed_totals(rows, table.columns, _APPLICATIONS_TOTAL_COLUMN, text))
        elif table.name == "review_litigation" and table.rows:
            derived.update(computed_review_totals(table.rows[0], table.columns, text))
    return derived


def _tables_dict(template: str | None, tables: Sequence[_Table], text: Text) -> dict[str, dict]:
    out: dict[str, dict] = {}
    article_columns = _article20_columns(template or "")
    for table in tables:
        rows = []
        for row in table.rows:
            if table.name == "article20":
                item = row.key.split(" ")[0]
                columns = article_columns.get(item, ())
            else:
                columns = table.columns
            entry: dict[str, Any] = {"key": row.key, "label": row.label,
                                     "values": dict(zip(columns, row.values, strict=False)),
                                     "line": text.line_of(row.label_offset) + 1}
            if table.name == "statistics":
                entry["unit"] = row.unit
            rows.append(entry)
        columns_out = list(table.columns) if table.name != "article20" else []
        out[table.name] = {"title": table.title, "columns": columns_out, "rows": rows}
    return out


def _column_value(row: RowReading | None, column: int) -> Stat:
    if row is None or column >= len(row.values):
        return None
    return row.values[column]


def _sum_printed(values: Sequence[Stat]) -> Stat:
    """Sum of the printed cells; None when none is printed."""
    printed = [v for v in values if v is not None]
    return sum(printed) if printed else None


def _printed_rows(rows: Sequence[RowReading], values: Sequence[Stat]) -> list[RowReading]:
    """The rows whose value was printed (those a sum adds up)."""
    return [row for row, value in zip(rows, values, strict=True) if value is not None]


def _evidence_of(rows: Sequence[RowReading], text: Text) -> dict[str, Any]:
    """Evidence quoting every row a statistic was read from: ``line``/``text`` of the first, and
    ``lines``/``texts`` of all when it adds up several rows."""
    quoted = [(text.line_of(row.label_offset) + 1, text.snippet(row.label_offset, row.value_offset)) for row in rows]
    evidence: dict[str, Any] = {"line": quoted[0][0], "text": quoted[0][1]}
    if len(quoted) > 1:
        evidence["lines"] = [line for line, _ in quoted]
        evidence["texts"] = [snippet for _, snippet in quoted]
    return evidence


def _derive_stats(template: str | None, tables: Sequence[_Table], text: Text,
                  warnings: list[str]) -> tuple[dict[str, Stat], dict[str, dict]]:
    stats: dict[str, Stat] = {}
    evidence: dict[str, dict] = {}

    def put(key: str, value: Stat, rows: Sequence[RowReading]) -> None:
        if value is None:
            stats[key] = None
            return
        stats[key] = value
        evidence[key] = _evidence_of(rows, text)

    by_name = {t.name: {r.key: r for r in t.rows} for t in tables}
    if template in ("table2019", "table2021") and "applications" in by_name:
        rows = by_name["applications"]
        total_col = _APPLICATIONS_TOTAL_COLUMN
        for key, row_key in (("applications_new", "new"), ("applications_carried_over", "carried_over"),
                             ("outcome_disclosed", "disclosed"), ("outcome_partial", "partial"),
                             ("outcome_total", "total"), ("carried_forward", "carried_forward")):
            if row_key in rows:
                put(key, _column_value(rows[row_key], total_col), [rows[row_key]])
        for key, group in (("outcome_refused_total", "refused"), ("outcome_unable_total", "unable"),
                           ("outcome_not_processed_total", "not_processed"), ("outcome_other_total", "other")):
            members = [r for k, r in rows.items() if in_group(k, group)]
            if not members:
                continue
            values = [_column_value(r, total_col) for r in members]
            put(key, _sum_printed(values), _printed_rows(members, values))
            if stats.get(key) is not None and any(v is None for v in values):
                warnings.append(f"{layouts.APPLICATION_GROUPS[group]}：部分行的总计栏为空，"
                                f"{STAT_LABELS[key]}只合计了印出的单元格")
    if template in ("table2019", "table2021") and "review_litigation" in by_name:
        row = by_name["review_litigation"]["review"]
        put("reconsideration_total", _column_value(row, 4), [row])
        put("litigation_total", _sum_printed([_column_value(row, 9), _column_value(row, 14)]), [row])
    if template == "table2008" and "statistics" in by_name:
        _statistics_stats(by_name["statistics"], put)
    return stats, evidence


def _statistics_stats(rows: Mapping[str, RowReading], put: Any) -> None:
    simple = (("proactive_total", "proactive"), ("applications_new", "applications"),
              ("outcome_disclosed", "answer_disclosed"), ("outcome_partial", "answer_partial"),
              ("outcome_refused_total", "answer_refused"), ("outcome_total", "answers"),
              ("reconsideration_total", "review"), ("litigation_total", "litigation"))
    for key, row_key in simple:
        if row_key in rows:
            put(key, _column_value(rows[row_key], 0), [rows[row_key]])
    for key, parts in (("outcome_unable_total", ("answer_not_this_organ", "answer_not_exist")),
                       ("outcome_other_total", ("answer_change", "answer_other_route"))):
        members = [rows[p] for p in parts if p in rows]
        if members:
            values = [_column_value(r, 0) for r in members]
            put(key, _sum_printed(values), _printed_rows(members, values))
    if "answer_other_type" in rows and not any(p in rows for p in ("answer_change", "answer_other_route")):
        put("outcome_other_total", _column_value(rows["answer_other_type"], 0), [rows["answer_other_type"]])
    fee_row = rows.get("fees") or rows.get("fee_waivers")
    if fee_row is not None:
        amount = _column_value(fee_row, 0)
        unit = fee_row.unit or ("万元" if fee_row.key == "fees" else "元")
        if amount is not None and unit == "万元":
            amount = round(amount * 10000, 2)
        put("fees_yuan", amount, [fee_row])
