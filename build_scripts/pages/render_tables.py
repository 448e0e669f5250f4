"""Tables of a report as HTML: TAB-separated grids, the official 表三/表四, the 统计表.

Every cell text comes from the report and is escaped with
:func:`~build_scripts.pages.markdown_text.cell`. Header cells keep the report's order;
the official forms only decide the rowspan/colspan of cells they recognise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from build_scripts.inputs.normalize import normalize_line
from build_scripts.pages.markdown_text import attribute, cell
from build_scripts.reader.tables.forms import APPLICANT_COLUMNS, REVIEW_COLUMNS

_VALUE = re.compile(r"^(?:[-+]?\d[\d,]*(?:\.\d+)?%?|/|／|-|—+|－+|无|空)$")
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]{1,2}\s*、")
_LEVEL2 = re.compile(r"^[（(]\s*[一二三四五六七八九十]{1,2}\s*[)）]")
_LEVEL3 = re.compile(r"^\d{1,2}\s*[.．、]")

APPLICATION_VALUES = len(APPLICANT_COLUMNS)  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
APPLICATION_LABEL_COLUMNS = 3
REVIEW_VALUES = len(REVIEW_COLUMNS)  # 行政复议 5 + 未经复议直接起诉 5 + 复议后起诉 5


def _key(text: str) -> str:
    return re.sub(r"\s+", "", normalize_line(text))


def is_value(text: str) -> bool:
    """A table value cell: a number, or a printed blank such as ``/`` or ``—``."""
    return bool(_VALUE.match(_key(text)))


def split_cells(line: str) -> list[str]:
    return [part.strip() for part in line.split("\t")]


def is_grid_row(line: str) -> bool:
    """A TAB-separated table row: a TAB between cells, or several TABs (cells left empty)."""
    return "\t" in line.strip() or line.count("\t") >= 2


def anchor_id(line: int) -> str:
    """The HTML id of the page element rendered from source line ``line`` (1-based)."""
    return f"L{line}"


@dataclass
class Cell:
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    line: int | None = None  # source line of a cell printed on a line of its own (anchor)

    def html(self) -> str:
        tag = "th" if self.header else "td"
        spans = f' id="{anchor_id(self.line)}"' if self.line is not None else ""
        if self.rowspan > 1:
            spans += f' rowspan="{self.rowspan}"'
        if self.colspan > 1:
            spans += f' colspan="{self.colspan}"'
        return f"<{tag}{spans}>{cell(self.text)}</{tag}>"


@dataclass
class Table:
    kind: str
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    caption: str | None = None
    head_lines: list[int | None] = field(default_factory=list)  # source line of each head row (anchors)
    body_lines: list[int | None] = field(default_factory=list)  # source line of each body row (anchors)

    def html(self) -> str:
        """One ``<tr>`` per line and no blank line, so Markdown keeps it one HTML block."""
        out = [f'<table data-table="{attribute(self.kind)}">']
        if self.caption:
            out.append(f"<caption>{cell(self.caption)}</caption>")
        if self.head:
            out.append("<thead>")
            out.extend(_rows_html(self.head, self.head_lines))
            out.append("</thead>")
        out.append("<tbody>")
        out.extend(_rows_html(self.body, self.body_lines))
        out.append("</tbody>")
        out.append("</table>")
        return "\n".join(out)


def _rows_html(rows: Sequence[Sequence[Cell]], lines: Sequence[int | None]) -> list[str]:
    out = []
    for index, row in enumerate(rows):
        line = lines[index] if index < len(lines) else None
        opening = f'<tr id="{anchor_id(line)}">' if line is not None else "<tr>"
        out.append(opening + "".join(c.html() for c in row) + "</tr>")
    return out


def _numbered_rows(lines: Sequence[str], first: int | None) -> tuple[list[list[str]], list[int | None]]:
    """The non-blank lines as cell lists, with their source line numbers (None when unknown)."""
    rows, numbers = [], []
    for offset, line in enumerate(lines):
        if line.strip():
            rows.append(split_cells(line))
            numbers.append(None if first is None else first + offset)
    return rows, numbers


def fits(rows: Sequence[Sequence[Cell]], width: int) -> bool:
    """True when the cells (with their spans) tile exactly ``width`` columns on every row."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for item in row:
            while (r, c) in taken:
                c += 1
            for dr in range(item.rowspan):
                for dc in range(item.colspan):
                    taken.add((r + dr, c + dc))
            c += item.colspan
    for r in range(len(rows)):
        if {c for (row, c) in taken if row == r} != set(range(width)):
            return False
    return not any(row >= len(rows) for (row, _) in taken)


# --- generic grids ---------------------------------------------------------------------------


def generic_table(lines: Sequence[str], first: int | None = None) -> Table:
    """Any TAB grid: rows as printed; a row with one filled cell spans the table (a section row).

    ``first`` is the source line number of ``lines[0]``; rows then carry anchors.
    """
    rows, numbers = _numbered_rows(lines, first)
    for row in rows:
        while row and not row[-1]:
            row.pop()
    width = max((len(row) for row in rows), default=1)
    table = Table(kind="grid", body_lines=numbers)
    for row in rows:
        filled = [text for text in row if text]
        if len(filled) == 1 and width > 1 and not is_value(filled[0]):
            table.body.append([Cell(filled[0], header=True, colspan=width)])
        else:
            table.body.append([Cell(text) for text in row] + [Cell("") for _ in range(width - len(row))])
    return table


# --- 表三: applications by applicant type ------------------------------------------------------


def is_applications_table(lines: Sequence[str]) -> bool:
    text = _key("".join(lines))
    return "本年新收" in text and ("予以公开" in text or "办理结果" in text) and "总计" in text


def _header_rows(rows: Sequence[list[str]], is_data: Any) -> int:
    for index, row in enumerate(rows):
        if is_data(row):
            return index
    return len(rows)


def _applications_header(rows: Sequence[list[str]]) -> list[list[Cell]]:
    count = len(rows)
    head: list[list[Cell]] = []
    for r, row in enumerate(rows):
        texts = [text for text in row if text]
        keys = [_key(text) for text in texts]
        cells: list[Cell] = []
        if r == 0 and not any("勾稽" in key or "本列数据" in key for key in keys):
            cells.append(Cell("", header=True, rowspan=count, colspan=APPLICATION_LABEL_COLUMNS))
        for text, key in zip(texts, keys, strict=False):
            item = Cell(text, header=True)
            if "勾稽" in key or "本列数据" in key:
                item.rowspan, item.colspan = count - r, APPLICATION_LABEL_COLUMNS
            elif key == "申请人情况":
                item.colspan = APPLICATION_VALUES - (1 if "总计" in keys else 0)
            elif key in ("总计", "自然人"):
                item.rowspan = count - r
            elif key == "法人或其他组织":
                item.colspan = 5
            cells.append(item)
        head.append(cells)
    if fits(head, APPLICATION_LABEL_COLUMNS + APPLICATION_VALUES):
        return head
    width = max((len(row) for row in rows), default=1)
    return [[Cell(text, header=True) for text in row] + [Cell("", header=True)] * (width - len(row)) for row in rows]


@dataclass
class _Row:
    labels: list[str]
    values: list[str]
    levels: list[int]


def _level(label: str) -> int:
    key = _key(label)
    if _LEVEL1.match(key):
        return 1
    if _LEVEL2.match(key):
        return 2
    if _LEVEL3.match(key):
        return 3
    return 0


def _application_rows(rows: Sequence[list[str]], numbers: Sequence[int | None]) -> tuple[list[_Row], list[int | None]]:
    """The parsed rows and the source line of each (a label fragment joins the row above)."""
    parsed: list[_Row] = []
    kept: list[int | None] = []
    for cells, number in zip(rows, numbers, strict=True):
        label_positions = [i for i, text in enumerate(cells) if text and not is_value(text)]
        last = label_positions[-1] if label_positions else -1
        labels = [cells[i] for i in label_positions]
        values = cells[last + 1 :]
        while len(values) > APPLICATION_VALUES and not values[0]:
            values.pop(0)
        while len(values) > APPLICATION_VALUES and not values[-1]:
            values.pop()
        if not any(values) and len(labels) == 1 and _level(labels[0]) == 0 and parsed:
            parsed[-1].labels[-1] += labels[0]  # a label the source broke over two lines ("…信" / "息")
            continue
        extra = max(0, len(values) - APPLICATION_VALUES)
        labels += values[:extra]  # cells the form has no place for stay visible beside the label
        values = values[extra:]
        values += [""] * (APPLICATION_VALUES - len(values))
        parsed.append(_Row(labels=labels, values=values, levels=[_level(label) for label in labels]))
        kept.append(number)
    return parsed, kept


def _top_level(row: _Row) -> int:
    return min((level for level in row.levels if level), default=0)


def _span(parsed: Sequence[_Row], index: int, level: int) -> int:
    """Rows a level-1/2 label covers: its own and the following rows of deeper levels."""
    span = 1
    for later in parsed[index + 1 :]:
        top = _top_level(later)
        if top and top <= level:
            break
        span += 1
    return span


def _application_body(parsed: Sequence[_Row]) -> list[list[Cell]]:
    """Row labels in three columns (一、 | （一） | 1.), group labels spanning their rows."""
    body: list[list[Cell]] = []
    covered_until = [0] * APPLICATION_LABEL_COLUMNS
    for index, row in enumerate(parsed):
        column = 0
        while column < APPLICATION_LABEL_COLUMNS and covered_until[column] > index:
            column += 1
        cells: list[Cell] = []
        for label, level in zip(row.labels, row.levels, strict=False):
            item = Cell(label, header=not is_value(label))
            if level in (1, 2) and column < APPLICATION_LABEL_COLUMNS:
                span = _span(parsed, index, level)
                if span > 1:
                    item.rowspan = span
                    covered_until[column] = index + span
            cells.append(item)
            column += 1
        if cells and cells[-1].rowspan == 1:
            cells[-1].colspan = max(1, APPLICATION_LABEL_COLUMNS - column + 1)
        elif column < APPLICATION_LABEL_COLUMNS:
            cells.append(Cell("", header=True, colspan=APPLICATION_LABEL_COLUMNS - column))
        cells.extend(Cell(value) for value in row.values)
        body.append(cells)
    return body


def applications_table(lines: Sequence[str], first: int | None = None) -> Table:
    """The 表三 grid with the form's two-level header and grouped row labels."""
    rows, numbers = _numbered_rows(lines, first)
    header_count = _header_rows(rows, lambda row: any(text and is_value(text) for text in row))
    head = _applications_header(rows[:header_count])
    parsed, body_lines = _application_rows(rows[header_count:], numbers[header_count:])
    body = _application_body(parsed)
    table = Table(kind="applications", head=head, body=body, head_lines=numbers[:header_count], body_lines=body_lines)
    if not fits(head + body, APPLICATION_LABEL_COLUMNS + APPLICATION_VALUES):
        fallback = generic_table(lines, first)
        fallback.kind = "applications"
        return fallback
    return table


# --- 表四: administrative review and litigation -------------------------------------------------


def is_review_table(lines: Sequence[str]) -> bool:
    text = _key("".join(lines))
    return "行政复议" in text and "行政诉讼" in text and ("复议后起诉" in text or "未经复议" in text)


def review_table(lines: Sequence[str], first: int | None = None) -> Table:
    """The 表四 grid: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉), five columns each."""
    rows, numbers = _numbered_rows(lines, first)
    header_count = _header_rows(rows, lambda row: sum(1 for text in row if text and is_value(text)) >= 5)
    head: list[list[Cell]] = []
    for r, row in enumerate(rows[:header_count]):
        cells: list[Cell] = []
        keys = [_key(text) for text in row if text]
        lawsuit_at = next((i for i, key in enumerate(keys) if "未经复议" in key or "复议后" in key), len(keys))
        for position, (text, key) in enumerate(zip([t for t in row if t], keys, strict=False)):
            item = Cell(text, header=True)
            if key == "行政复议" or "未经复议" in key or "复议后" in key:
                item.colspan = 5
            elif key == "行政诉讼":
                item.colspan = 10
            elif r == 1 and position < lawsuit_at and header_count > 2:
                item.rowspan = header_count - 1
            cells.append(item)
        head.append(cells)
    body = []
    for row in rows[header_count:]:
        values = [text for text in row]
        while len(values) > REVIEW_VALUES and not values[-1]:
            values.pop()
        while len(values) > REVIEW_VALUES and not values[0]:
            values.pop(0)
        body.append([Cell(text) for text in values])
    table = Table(
        kind="review_litigation", head=head, body=body, head_lines=numbers[:header_count], body_lines=numbers[header_count:]
    )
    if not fits(head + body, REVIEW_VALUES):
        fallback = generic_table(lines, first)
        fallback.kind = "review_litigation"
        return fallback
    return table


def grid_table(lines: Sequence[str], first: int | None = None) -> Table:
    """The best HTML table for a block of TAB-separated lines (``first``: line number of ``lines[0]``)."""
    if is_applications_table(lines):
        return applications_table(lines, first)
    if is_review_table(lines):
        return review_table(lines, first)
    return generic_table(lines, first)


# --- 统计表 with one cell per line --------------------------------------------------------------

_STAT_HEADER_FIRST = ("统计指标", "指标名称", "指标")
_STAT_HEADER_OTHERS = ("单位", "计量单位", "统计数", "本年度", "历年累计", "数量", "年度", "累计")
MAX_UNIT_LENGTH = 6


def stat_table_header(lines: Sequence[str], start: int) -> int:
    """Number of header cells of a one-cell-per-line 统计表 starting at ``start`` (0 if none)."""
    if _key(lines[start]).replace("　", "") not in _STAT_HEADER_FIRST:
        return 0
    count = 1
    for line in lines[start + 1 : start + 5]:
        if _key(line) in _STAT_HEADER_OTHERS:
            count += 1
        else:
            break
    return count if count >= 3 else 0


def _is_unit(text: str) -> bool:
    key = _key(text)
    return len(key) <= MAX_UNIT_LENGTH and not any(ch.isdigit() for ch in key)


def read_stat_table(lines: Sequence[str], start: int) -> tuple[Table, int] | None:
    """Read a 统计表 printed one cell per line (label lines, unit, value…; groups split by empty lines).

    Returns the table and the index after its last line, or None when ``start`` is not one.
    """
    columns = stat_table_header(lines, start)
    if not columns:
        return None
    head = [[Cell(lines[start + i].strip(), header=True, line=start + i + 1) for i in range(columns)]]
    body: list[list[Cell]] = []
    body_lines: list[int | None] = []
    index = start + columns
    end = index
    while index < len(lines):
        while index < len(lines) and lines[index].strip(" ") == "":
            index += 1
        group_start = index
        while index < len(lines) and lines[index].strip(" ") != "":
            index += 1
        group = list(lines[group_start:index])
        if len(group) < columns:
            break
        label_lines, others = group[: len(group) - columns + 1], group[len(group) - columns + 1 :]
        unit = others[0]
        values = others[1:]
        if not _is_unit(unit) or not all(not v.strip() or is_value(v) for v in values):
            break
        label = "".join(part.strip("\t ") for part in label_lines)
        value_start = group_start + len(label_lines) + 1
        body.append([Cell(label, header=True), *(Cell(text, line=value_start + i) for i, text in enumerate(others))])
        body_lines.append(group_start + 1)
        end = index
    if not body:
        return None
    return Table(kind="statistics", head=head, body=body, body_lines=body_lines), end


# --- tables the reader reconstructed (from flattened or glued text) ------------------------------


def record_table(table: Mapping[str, Any]) -> Table:
    """A table of ``record["tables"]`` (label + columns) as HTML."""
    columns = [str(column) for column in table.get("columns", [])]
    head = [[Cell("", header=True), *(Cell(column, header=True) for column in columns)]]
    body: list[list[Cell]] = []
    for row in table.get("rows", []):
        values = row.get("values", {})
        body.append(
            [Cell(str(row.get("label", "")), header=True)]
            + [Cell("" if values.get(column) is None else str(values.get(column))) for column in columns]
        )
    return Table(kind="reconstructed", head=head, body=body, caption=table.get("title"))
