"""Record + decoded source text → the Markdown body of a report page.

The body is the report itself, laid out for reading: the title as ``#``, section
headings as ``##``/``###``/``####``, tables as HTML tables, every other line a
paragraph. Nothing is dropped except the chrome lines listed in ``record["chrome"]``
and the source lines that became the title; every piece of report text is escaped
(see :mod:`build_scripts.markdown_text`). Patterns are recognised on normalised
lines; the page always shows the source's own characters.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from build_scripts import markdown_text as md
from build_scripts.normalize import normalize_line
from build_scripts.render_tables import grid_table, is_grid_row, read_stat_table, record_table
from build_scripts.schema import UNKNOWN_AGENCY, UNKNOWN_YEAR

RECONSTRUCTED_LABEL = "据原文推算的表格"

_CHINESE_NUMERALS = "一二三四五六七八九十"
_MARK1 = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]")
_MARK2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]")
_MARK3 = re.compile(r"^\d{1,2}\s*[、.．](?!\d)")
_SENTENCE_END = "。；;！!？?"
#: A top-level heading glued to its text usually ends at its first 情况/事项 ("三、…申请情况2013年…").
_SECTION_NAME = re.compile(r"^[^。；，,：:\s]{2,30}?(?:情况|事项)[：:]?")
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


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as an int (enough for section numbers)."""
    if not text or any(ch not in _CHINESE_NUMERALS for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CHINESE_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (
            _CHINESE_NUMERALS.index(units) + 1 if units else 0
        )
    return _CHINESE_NUMERALS.index(text) + 1 if len(text) == 1 else None


# --- title ----------------------------------------------------------------------------------


def composed_title(agency: str | None, year: int | None) -> str:
    """The honest title of a report whose own title is unknown."""
    when = f"{year}年" if year is not None else f"（{UNKNOWN_YEAR}）"
    return f"{agency or UNKNOWN_AGENCY}{when}政府信息公开工作年度报告"


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
    return re.sub(r"\s+", "", normalize_line(a)) == re.sub(r"\s+", "", normalize_line(b))


# --- headings and paragraphs ------------------------------------------------------------------


def _split_heading(text: str, limit: int) -> tuple[str, str] | None:
    """Split ``text`` (starting with a section marker) into (heading, rest), or None.

    The heading ends at a known section title, at the first space after the marker, or at
    the first sentence end — whichever gives a short heading.
    """
    norm = normalize_line(text)
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
    stop = next((i for i, ch in enumerate(after) if ch in "。"), None)
    if stop is not None and stop + 1 <= limit:
        end = head_end + stop + 1
        return text[:end], text[end:]
    return None


def heading_level(text: str) -> int:
    norm = normalize_line(text).strip()
    if _MARK1.match(norm):
        return 2
    if _MARK2.match(norm):
        return 3
    if _MARK3.match(norm):
        return 4
    return 0


def text_blocks(text: str) -> list[str]:
    """One source line (or a segment of a flattened line) as Markdown blocks."""
    text = text.strip()
    if not text:
        return []
    level = heading_level(text)
    norm = normalize_line(text)
    limit = MAX_HEADING if level in (2, 3) else MAX_SUBHEADING
    if level and len(norm) <= limit and norm[-1] not in _SENTENCE_END + "，,":
        return [md.heading(level, text)]
    if level:
        split = _split_heading(text, limit)
        if split is not None and split[1].strip():
            head, rest = split
            return [md.heading(level, head), md.paragraph(rest.strip())]
    return [md.paragraph(text)]


def split_flattened(line: str) -> list[str]:
    """Cut a whole report flattened onto one line at its section markers.

    A cut is made before ``一、``/``（一）`` markers that follow a space or a sentence end
    and continue the numbering (二、 after 一、 …), so numbered lists and table rows inside
    the text stay whole. Concatenating the pieces gives back ``line``.
    """
    norm = normalize_line(line)
    cuts: list[int] = []
    last1, last2 = 0, 0
    pattern = re.compile(r"(?:(?<=^)|(?<=[\s。；;！？!?：:]))(?:([一二三四五六七八九十]{1,3})\s*、|[（(]([一二三四五六七八九十]{1,3})[)）])")
    for match in pattern.finditer(norm):
        if match.group(1):
            number = chinese_number(match.group(1))
            if number == last1 + 1:
                cuts.append(match.start())
                last1, last2 = number, 0
        else:
            number = chinese_number(match.group(2))
            if number == last2 + 1 and last1:
                cuts.append(match.start())
                last2 = number
    bounds = [0, *[cut for cut in cuts if cut > 0], len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds) if line[a:b]]


# --- the body -------------------------------------------------------------------------------


def chrome_indexes(lines: Sequence[str], chrome: Sequence[Mapping[str, Any]]) -> set[int]:
    """0-based indexes of the chrome entries ``{line, text}`` (``line`` counts from 1)."""
    found: set[int] = set()
    for entry in chrome:
        line, text = entry.get("line"), str(entry.get("text", "")).strip()
        if not isinstance(line, int):
            continue
        for index in (line - 1, line):
            if 0 <= index < len(lines) and lines[index].strip() == text:
                found.add(index)
                break
    return found


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
            blocks.append(grid_table(lines[index:end]).html())
            index = end
            continue
        pieces = split_flattened(line) if len(line) > FLAT_LINE else [line]
        for piece in pieces:
            blocks.extend(text_blocks(piece))
        for table in reconstructed.get(index + 1, []):
            caption = f"{RECONSTRUCTED_LABEL}：{table.get('title') or ''}".rstrip("：")
            blocks.append(record_table({**table, "title": caption}).html())
        index += 1
    return blocks


def render_body(record: Mapping[str, Any], text: str, *, title: str, title_lines: Sequence[int] = ()) -> str:
    """The Markdown body of a report page: ``# title`` then the report.

    ``title_lines`` are the source lines that print ``title`` (they are not repeated).
    """
    lines = text.split("\n")
    skip = chrome_indexes(lines, record.get("chrome") or []) | set(title_lines)
    blocks = [md.heading(1, title)]
    blocks.extend(body_blocks(lines, skip, reconstructed_tables(record)))
    return "\n\n".join(blocks) + "\n"
