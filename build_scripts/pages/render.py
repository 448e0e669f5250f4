"""Record + decoded source text → the Markdown body of a report page.

The body is the report itself, laid out for reading: the title as ``#``, section
headings as ``##``/``###``/``####``, tables as HTML tables, every other line a
paragraph. Nothing is dropped except the chrome listed in ``record["chrome"]`` (whole
lines, and the spans ``{line, text, part: "start"|"end"}`` cut from the start or the end
of a line) and the source lines that became the title; every piece of report text is
escaped (see :mod:`build_scripts.pages.markdown_text`). Patterns are recognised on normalised
lines; the page always shows the source's own characters.

Evidence anchors. Source lines count from 1, as in ``record["evidence"]``. The page
element rendered from source line N carries ``id="LN"`` (e.g. ``#L163``), so a figure's
evidence links to ``#L{line}``:

* a paragraph or heading: the first Markdown block made from the line, through
  ``attr_list`` (``{: #L12 }``); a line cut into several blocks (a report flattened onto
  one line) anchors only its first block, so every id is unique;
* the title: ``# title {: #LN }`` with N the first source line printing the title;
* a TAB-separated table row (表三, 表四, any grid): its ``<tr>``;
* a 统计表 printed one cell per line: the row's ``<tr>`` carries its first (label) line,
  and the unit and value cells (``<td>``) and header cells (``<th>``) their own lines.

Lines without an anchor: blank lines, chrome lines, title lines after the first, the
second line of a table label the source broke in two, and lines inside a one-cell-per-line
label. A link to such a line has no target; link to the nearest earlier anchor instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from build_scripts.inputs.chrome import fold_keeping_offsets, remove_chrome_spans
from build_scripts.inputs.normalize import normalize_line
from build_scripts.pages import markdown_text as md
from build_scripts.pages.render_tables import (
    anchor_id,
    grid_table,
    is_grid_row,
    read_stat_table,
    record_table,
)
from build_scripts.reader.numerals import chinese_to_int

RECONSTRUCTED_LABEL = "据原文推算的表格"

_MARK1 = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]")
_MARK2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]")
_MARK3 = re.compile(r"^\d{1,2}\s*[、.．](?!\d)")
_SENTENCE_END = "。；;！!？?"
#: A top-level heading glued to its text usually ends at its first 情况/事项 ("三、…申请情况2013年…").
_SECTION_NAME = re.compile(r"^[^。；，,：:\s]{2,30}?(?:情况|事项|措施)[：:]?")
#: Where a sub-heading glued to its text usually ends: a numbered item or a year begins ("…安排1.高度重视", "…的数量2017年").
_GLUED_TEXT_START = re.compile(r"\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|(?:19|20)\d{2}年")
MIN_GLUED_HEADING = 4
MAX_HEADING = 40
MAX_SUBHEADING = 30
FLAT_LINE = 300
MAX_TITLE = 60

#: Section titles of the official templates (条例 第五十条 and the 2008/2019/2021 forms). A
#: flattened body often glues a heading to its first sentence ("一、 概述推进政府信息公开…");
#: these let the heading be split off without guessing.
SECTION_TITLES: tuple[str, ...] = tuple(
    sorted(
        {
            "概述", "总体情况", "基本情况", "主动公开政府信息情况", "主动公开政府信息的情况", "主动公开情况",
            "依申请公开政府信息情况", "依申请公开情况", "依申请公开政府信息和不予公开政府信息情况",
            "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
            "因政府信息公开申请行政复议、提起行政诉讼的情况", "因政府信息公开申请提起行政复议、行政诉讼的情况",
            "行政复议、行政诉讼情况", "政府信息公开的收费及减免情况", "政府信息公开收费及减免情况",
            "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "其他需要报告的事项",
            "政府信息公开情况统计表", "回应解读情况", "政府信息公开工作机构建设情况",
        },
        key=len,
        reverse=True,
    )
)


# --- title ----------------------------------------------------------------------------------


def _is_title_like(line: str) -> bool:
    text = normalize_line(line).strip()
    return (
        0 < len(text) <= MAX_TITLE
        and text[-1] not in _SENTENCE_END + "，,："
        and ("报告" in text or "年报" in text)
        and not _MARK1.match(text)
        and not _MARK2.match(text)
    )


def find_title_lines(lines: Sequence[str], skip: set[int]) -> list[int]:
    """Indexes of the source lines that print the report's title (at the top), or [].

    A title is a short line naming a 报告/年报 among the first three text lines; a short
    line just before it without such a word (the organ's name) and a bare ``年度报告`` right
    after it (a title broken in two) belong to it.
    """
    first = [i for i, line in enumerate(lines) if i not in skip and line.strip()][:3]
    for position, index in enumerate(first):
        if not _is_title_like(lines[index]):
            continue
        found = [index]
        if position > 0:
            before = normalize_line(lines[first[position - 1]]).strip()
            if len(before) <= 20 and before[-1] not in _SENTENCE_END + "，,：:" and not _MARK1.match(before):
                found.insert(0, first[position - 1])
        if position + 1 < len(first):
            after = normalize_line(lines[first[position + 1]]).strip()
            if len(after) <= 10 and after.startswith(("年度报告", "报告", "工作年度报告")):
                found.append(first[position + 1])
        return found
    return []


def title_text(lines: Sequence[str], indexes: Sequence[int]) -> str:
    return "".join(lines[i].strip() for i in indexes)


def same_title(a: str, b: str) -> bool:
    """Whether two titles are the same text once normalised and without whitespace."""
    return re.sub(r"\s+", "", normalize_line(a)) == re.sub(r"\s+", "", normalize_line(b))


# --- headings and paragraphs ------------------------------------------------------------------


def _split_heading(text: str, limit: int) -> tuple[str, str] | None:
    """Split ``text`` (starting with a section marker) into (heading, rest), or None.

    The heading ends at a known section title, at a 一、 section name ending in 情况/事项/措施,
    at the first space after the marker, where a numbered item or a year starts right after
    it (``（一）加强组织领导1.高度重视。``), or at the first sentence end — whichever comes first
    and gives a short heading.
    """
    norm = fold_keeping_offsets(text)
    marker = _MARK1.match(norm) or _MARK2.match(norm) or _MARK3.match(norm)
    if marker is None:
        return None
    head_end = marker.end()
    while head_end < len(norm) and norm[head_end] == " ":
        head_end += 1
    after = norm[head_end:]
    for title in SECTION_TITLES:
        if after.startswith(title):
            end = head_end + len(title)
            while end < len(norm) and norm[end] in "：:":
                end += 1
            return text[:end], text[end:]
    if _MARK1.match(norm):
        named = _SECTION_NAME.match(after)
        if named is not None:
            end = head_end + named.end()
            return text[:end], text[end:]
    space = re.search(r"\s", after)
    if space is not None and space.start() <= limit:
        end = head_end + space.start()
        return text[:end], text[end:]
    glued = _GLUED_TEXT_START.search(after, MIN_GLUED_HEADING, limit + 1)
    if glued is not None and "。" not in after[: glued.start()]:
        end = head_end + glued.start()
        return text[:end], text[end:]
    stop = next((i for i, ch in enumerate(after) if ch in "。"), None)
    if stop is not None and stop + 1 <= limit:
        end = head_end + stop + 1
        return text[:end], text[end:]
    return None


def heading_level(text: str) -> int:
    """Markdown heading level of a line that starts with a section marker: 一、 → 2, （一） → 3,
    1、 → 4; 0 for any other line."""
    norm = normalize_line(text).strip()
    if _MARK1.match(norm):
        return 2
    if _MARK2.match(norm):
        return 3
    if _MARK3.match(norm):
        return 4
    return 0


def text_blocks(text: str, line: int | None = None) -> list[str]:
    """One source line (or a segment of a flattened line) as Markdown blocks.

    With ``line`` (1-based) the first block carries the anchor ``{: #L<line> }``.
    """
    text = text.strip()
    if not text:
        return []
    level = heading_level(text)
    norm = normalize_line(text)
    limit = MAX_HEADING if level in (2, 3) else MAX_SUBHEADING
    anchor = f"{{: #{anchor_id(line)} }}" if line is not None else ""
    if level and len(norm) <= limit and norm[-1] not in _SENTENCE_END + "，,":
        return [_with_anchor(md.heading(level, text), anchor, heading=True)]
    if level:
        split = _split_heading(text, limit)
        if split is not None and split[1].strip():
            head, rest = split
            return [_with_anchor(md.heading(level, head), anchor, heading=True), md.paragraph(rest.strip())]
    return [_with_anchor(md.paragraph(text), anchor, heading=False)]


def _with_anchor(block: str, anchor: str, *, heading: bool) -> str:
    """An ``attr_list`` anchor: at the end of a heading line, on its own line after a paragraph."""
    if not anchor:
        return block
    return f"{block} {anchor}" if heading else f"{block}\n{anchor}"


_FLAT_MARKER = re.compile(r"([一二三四五六七八九十]{1,3})\s*、|[（(]([一二三四五六七八九十]{1,3})[)）]")
_CUT_AFTER = frozenset(" \t。；;！？!?：:")


def _section_title_end(norm: str, position: int) -> int | None:
    """End of the official section title (SECTION_TITLES) starting at ``position``, or None."""
    while position < len(norm) and norm[position] == " ":
        position += 1
    for title in SECTION_TITLES:
        if norm.startswith(title, position):
            return position + len(title)
    return None


def split_flattened(line: str) -> list[str]:
    """Cut a whole report flattened onto one line at its section markers.

    A cut is made before ``一、``/``（一）`` markers that continue the numbering (二、 after
    一、 …) and follow a space or a sentence end — or, glued to the text before them, when
    a ``一、`` opens an official section title (``…163.com一、概述``) or a ``（一）`` comes right
    after one (``二、主动公开政府信息情况（一）…``). Numbered lists and table rows inside the
    text (``第二十条第（一）项``) stay whole. Concatenating the pieces gives back ``line``.
    """
    norm = fold_keeping_offsets(line)
    cuts: list[int] = []
    last1, last2 = 0, 0
    title_end: int | None = None
    for match in _FLAT_MARKER.finditer(norm):
        start = match.start()
        after_break = start == 0 or norm[start - 1] in _CUT_AFTER
        if match.group(1):
            number = chinese_to_int(match.group(1))
            ends_title = _section_title_end(norm, match.end())
            if number == last1 + 1 and (after_break or ends_title is not None):
                cuts.append(start)
                last1, last2, title_end = number, 0, ends_title
        else:
            number = chinese_to_int(match.group(2))
            if number == last2 + 1 and last1 and (after_break or start == title_end):
                cuts.append(start)
                last2 = number
    bounds = [0, *[cut for cut in cuts if cut > 0], len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds) if line[a:b]]


# --- the body -------------------------------------------------------------------------------


def chrome_indexes(lines: Sequence[str], chrome: Sequence[Mapping[str, Any]]) -> set[int]:
    """0-based indexes of the whole-line chrome entries ``{line, text}`` (``line`` counts from 1)."""
    found: set[int] = set()
    for entry in chrome:
        line, text = entry.get("line"), str(entry.get("text", "")).strip()
        if not isinstance(line, int) or "part" in entry:
            continue
        for index in (line - 1, line):
            if 0 <= index < len(lines) and lines[index].strip() == text:
                found.add(index)
                break
    return found


def without_partial_chrome(lines: Sequence[str], chrome: Sequence[Mapping[str, Any]]) -> list[str]:
    """``lines`` with the chrome spans ``{line, text, part}`` cut from their starts and ends."""
    by_index: dict[int, list[Mapping[str, Any]]] = {}
    for entry in chrome:
        line = entry.get("line")
        if "part" in entry and isinstance(line, int) and 0 < line <= len(lines):
            by_index.setdefault(line - 1, []).append(entry)
    visible = list(lines)
    for index, entries in by_index.items():
        visible[index] = remove_chrome_spans(visible[index], entries)
    return visible


def reconstructed_tables(record: Mapping[str, Any]) -> dict[int, list[Mapping[str, Any]]]:
    """Reader tables by the (1-based) source line all their rows came from."""
    by_line: dict[int, list[Mapping[str, Any]]] = {}
    for name in sorted(record.get("tables") or {}):
        table = record["tables"][name]
        lines = {row.get("line") for row in table.get("rows", [])}
        if len(lines) == 1:
            (line,) = lines
            if isinstance(line, int):
                by_line.setdefault(line, []).append(table)
    return by_line


def _grid_block_end(lines: Sequence[str], start: int, skip: set[int]) -> int:
    """Index after a block of TAB rows that starts at ``start`` (up to 2 blank lines inside)."""
    end = index = start
    while index < len(lines):
        if index in skip:
            break
        if is_grid_row(lines[index]):
            index += 1
            end = index
            continue
        if not lines[index].strip() and index + 1 < len(lines):
            ahead = index
            while ahead < len(lines) and not lines[ahead].strip() and ahead - index < 2:
                ahead += 1
            if ahead < len(lines) and is_grid_row(lines[ahead]) and ahead not in skip:
                index = ahead
                continue
        break
    return end


def body_blocks(lines: Sequence[str], skip: set[int], reconstructed: Mapping[int, Sequence[Mapping[str, Any]]]) -> list[str]:
    """The report's lines (``skip``: chrome and title lines) as Markdown blocks: one-cell-per-line
    统计表 and TAB grids as HTML tables, every other line as headings and paragraphs, each
    ``reconstructed`` table after the line it was read from."""
    blocks: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in skip or not line.strip():
            index += 1
            continue
        stat = read_stat_table(lines, index) if len(line.strip()) <= 12 else None
        if stat is not None:
            table, index = stat
            blocks.append(table.html())
            continue
        if is_grid_row(line):
            end = _grid_block_end(lines, index, skip)
            blocks.append(grid_table(lines[index:end], first=index + 1).html())
            index = end
            continue
        pieces = split_flattened(line) if len(line) > FLAT_LINE else [line]
        anchor: int | None = index + 1
        for piece in pieces:
            made = text_blocks(piece, anchor)
            if made:
                anchor = None
            blocks.extend(made)
        for table in reconstructed.get(index + 1, []):
            caption = f"{RECONSTRUCTED_LABEL}：{table.get('title') or ''}".rstrip("：")
            blocks.append(record_table({**table, "title": caption}).html())
        index += 1
    return blocks


def render_body(record: Mapping[str, Any], text: str, *, title: str, title_lines: Sequence[int] = ()) -> str:
    """The Markdown body of a report page: ``# title`` then the report.

    ``title_lines`` are the source lines that print ``title`` (they are not repeated).
    """
    chrome = record.get("chrome") or []
    lines = text.split("\n")
    skip = chrome_indexes(lines, chrome) | set(title_lines)
    lines = without_partial_chrome(lines, chrome)
    title_anchor = f"{{: #{anchor_id(min(title_lines) + 1)} }}" if title_lines else ""
    blocks = [_with_anchor(md.heading(1, title), title_anchor, heading=True)]
    blocks.extend(body_blocks(lines, skip, reconstructed_tables(record)))
    return "\n\n".join(blocks) + "\n"
