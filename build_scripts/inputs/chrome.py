"""Page chrome: lines that a web page or a crawler put around a report.

:func:`find_chrome` recognises general shapes, never particular files:

* a crawler header: ``key: value`` lines closed by a ``==== 正文 ====`` line (its ``原文链接``
  line is also the report's source address, :func:`crawler_url`);
* a metadata block at the top of a page (``索引号:``, ``发布机构:``, ``标题:`` …);
* publication lines (``发布时间：2021-01-25 来源：…``, ``浏览次数``, ``字体：大 中 小``);
* breadcrumbs (``首页 > 政务公开 > …``, ``当前位置：…``);
* lines made only of page buttons (``打印本页``, ``关闭窗口``, ``扫一扫在手机打开当前页``,
  share buttons …).

The report text itself never matches: every rule needs a short line and page
vocabulary. Lines are matched after :func:`~build_scripts.inputs.normalize.normalize_line`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from build_scripts.inputs.normalize import normalize_line

#: The crawler's body marker, e.g. ``==================== 正文 ====================``.
_BODY_MARKER = re.compile(r"^=+\s*正文\s*=+$")
_HEADER_FIELD = re.compile(r"^[^\s:：]{1,12}\s*[:：]")
_HEADER_SEARCH_LINES = 30

_META_KEYS = (
    "索引号|信息索引|索取号|信息分类|主题分类|体裁分类|组配分类|发布机构|发文机关|发布日期|成文日期|生成日期|"
    "发布时间|标题|文号|发文字号|时效|有效性|公开方式|公开范围|公开时限|所属机构|信息来源|关键词|主题词"
)
_META_LINE = re.compile(rf"^(?:{_META_KEYS})\s*[:：]")
_META_BLOCK_LINES = 15
_PUBLISHED_LINE = re.compile(r"(?:发布|更新|生成)?(?:时间|日期)\s*[:：]\s*\d{4}\s*[-/年.]\s*\d")
_PAGE_COUNTERS = re.compile(r"浏览次数|浏览量|点击数|点击量|阅读次数|访问次数|字体\s*[:：]?\s*[【\[]?大|字号\s*[:：]|字体大小")
_BREADCRUMB_START = re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置)\s*[:：]")
_BREADCRUMB_SEPARATOR = re.compile(r"\s*(?:>|＞|»|›|→|/)\s*")

_BUTTON_WORDS = (
    "用微信扫描二维码分享至好友和朋友圈", "扫一扫在手机打开当前页", "扫一扫在手机上查看当前页面",
    "打印本页", "打印此页", "打印页面", "关闭窗口", "关闭本页", "保存本页", "加入收藏", "返回顶部",
    "我要打印", "我要纠错", "分享到", "新浪微博", "腾讯微博", "QQ空间", "全真版", "文字版", "文件下载",
    "相关链接", "上一篇", "下一篇", "打印", "关闭", "收藏", "分享", "微信", "微博", "字体", "字号",
    "默认", "返回", "大", "中", "小",
)
_BUTTON_LINE = re.compile("^(?:" + "|".join(re.escape(word) for word in _BUTTON_WORDS) + ")+$")
_BUTTON_NOISE = re.compile(r"[\s【】\[\]()（）|｜:：,，、.。·•>＞\-—]+")

SHORT_LINE = 80


def _is_short(line: str) -> bool:
    return 0 < len(line) <= SHORT_LINE


def crawler_header(lines: Sequence[str]) -> list[int]:
    """Indexes of a crawler header (``key: value`` lines, then ``==== 正文 ====``), or []."""
    for index, line in enumerate(lines[:_HEADER_SEARCH_LINES]):
        if _BODY_MARKER.match(line.strip()):
            before = [text.strip() for text in lines[:index] if text.strip()]
            fields = sum(1 for text in before if _HEADER_FIELD.match(text))
            if before and fields * 2 >= len(before):
                return list(range(index + 1))
            return []
    return []


#: The header field that names the page the crawler saved (``原文链接: https://…``).
_SOURCE_URL_FIELD = re.compile(r"^(?:原文链接|原文地址|原始链接|页面地址|来源链接|网址|URL|url)\s*[:：]\s*(https?://\S+)$")


def crawler_url(lines: Sequence[str]) -> str | None:
    """The address of the published page as a crawler header gives it (its ``原文链接`` line), or None."""
    for index in crawler_header(lines):
        found = _SOURCE_URL_FIELD.match(lines[index].strip())
        if found:
            return found.group(1)
    return None


def is_button_line(line: str) -> bool:
    """A line made only of page buttons: 打印本页, 【关闭窗口】, 分享到：微信 微博 …"""
    core = _BUTTON_NOISE.sub("", line)
    return bool(core) and len(core) >= 2 and bool(_BUTTON_LINE.match(core))


def is_breadcrumb(line: str) -> bool:
    """``当前位置：…`` or ``首页 > 政务公开 > …`` (three or more parts)."""
    if _BREADCRUMB_START.match(line):
        return True
    parts = [part for part in _BREADCRUMB_SEPARATOR.split(line) if part]
    return line.startswith("首页") and len(parts) >= 3 and len(_BREADCRUMB_SEPARATOR.findall(line)) >= 2


def is_publication_line(line: str) -> bool:
    """``发布时间：2021-01-25 来源：…`` or a line with page counters (浏览次数, 字体大小 …)."""
    if len(line) > 60 and "。" in line:
        return False
    return bool(_PUBLISHED_LINE.match(line) or _PAGE_COUNTERS.search(line))


def _is_meta(line: str) -> bool:
    return bool(_META_LINE.match(normalize_line(line).replace(" ", "").strip()))


def metadata_block(lines: Sequence[str]) -> list[int]:
    """``索引号: / 信息分类: / 发布机构: …`` lines at the top: two or more in a row."""
    top = [i for i, line in enumerate(lines[:_META_BLOCK_LINES]) if _is_meta(line) and _is_short(line.strip())]
    return [i for i in top if i - 1 in top or i + 1 in top]


def find_chrome(lines: Sequence[str]) -> list[int]:
    """0-based indexes of the lines that are page chrome, not report text (sorted)."""
    found = set(crawler_header(lines)) | set(metadata_block(lines))
    for index, raw in enumerate(lines):
        if index in found:
            continue
        line = normalize_line(raw).strip()
        if not _is_short(line):
            continue
        if is_button_line(line) or (
            (is_breadcrumb(line) or is_publication_line(line)) and not _report_title_follows(raw)
        ):
            found.add(index)
    return sorted(found)


#: What may follow a page header glued onto the report's first line: a title (a year and the
#: words of a disclosure report) or the organ's name that opens a title printed on two lines.
_REPORT_START = re.compile(
    r"\d{4}\s*年.{0,40}?(?:报告|年报|公开)|^\s*[^\s\d:：,，。]{2,30}(?:人民政府|政府|办事处|街道|委员会|管委会|局|办公室|办公厅|中心|镇|乡)\s*$"
)


def _report_title_follows(line: str) -> bool:
    """The page header glued onto the report's title line ("当前位置：首页 > … 时间：2020-03-01
    某某局2019年政府信息公开工作年度报告"): only the header's span is chrome, not the line."""
    span = _leading_span(line)
    if span is None or span[1] >= len(line.rstrip()):
        return False
    return _REPORT_START.search(fold_keeping_offsets(line[span[1] :])) is not None


# --- chrome at the start or the end of a line ---------------------------------------------------
#
# A crawled page flattened onto one line starts with its header (breadcrumb, title, 来源/时间,
# share buttons) and ends with its footer (来源, 附件下载, 打印本页 …). The scanner reads such a
# zone token by token; a zone counts only when its tokens weigh at least ZONE_WEIGHT, so a
# report sentence that happens to begin with "时间：2018-01-23" or end with "关闭" stays text.

_ZONE_WINDOW = 400
_TAIL_CANDIDATES = 16
_TITLE_RUN = 60
ZONE_WEIGHT = 2

_SEPARATORS = r">＞»›→/"
_BOUNDARY = r"(?=\s|$|[【\[]|(?:发布|更新)?(?:时间|日期)\s*[:：]|(?:信息|文章|稿件)?来源\s*[:：])"
_LOCATION_WORDS = ("当前位置", "您的位置", "你的位置", "您现在的位置", "你现在的位置", "所在位置")
_LOCATION_KEY = "(?:" + "|".join(_LOCATION_WORDS) + ")"
_PATH_PART = rf"[^\s{_SEPARATORS}]{{1,40}}"
_BUTTON_ALTERNATIVES = "|".join(re.escape(word) for word in sorted((*_BUTTON_WORDS, "附件下载", "扫一扫"), key=len, reverse=True))

#: (name, pattern, weight). Patterns are tried in order at the scanner's position.
_ZONE_TOKENS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("breadcrumb", re.compile(rf"{_LOCATION_KEY}\s*[:：]\s*(?:{_PATH_PART}(?:\s*[{_SEPARATORS}]\s*{_PATH_PART})*)?{_BOUNDARY}"), 2),
    ("breadcrumb", re.compile(rf"首页(?:\s*[{_SEPARATORS}]\s*{_PATH_PART}){{2,}}{_BOUNDARY}"), 2),
    ("source", re.compile(rf"(?:信息|文章|稿件)?来源\s*[:：]\s*[^\s:：]{{0,40}}?{_BOUNDARY}"), 1),
    (
        "published",
        re.compile(
            r"(?:发布|更新|发表)?(?:时间|日期)\s*[:：]\s*\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?"
            rf"(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?{_BOUNDARY}"
        ),
        1,
    ),
    ("counter", re.compile(rf"(?:浏览次数|浏览量|点击数|点击量|阅读次数|阅读量|访问次数|访问量)\s*[:：]?\s*\d*\s*次?{_BOUNDARY}"), 1),
    ("font", re.compile(rf"[【\[]?(?:字体大小|字号|字体)\s*[:：]?(?:\s*[【\[]?[大中小][】\]]?){{0,3}}[】\]]?{_BOUNDARY}"), 1),
    ("buttons", re.compile(rf"(?:[【\[]?(?:{_BUTTON_ALTERNATIVES})[】\]]?[:：]?)+{_BOUNDARY}"), 0),
    ("punctuation", re.compile(rf"(?:-->|->|[>＞»|｜]){_BOUNDARY}"), 0),
)
#: A button run weighs ZONE_WEIGHT when it holds an unmistakable page button (4+ characters or QQ空间).
_STRONG_BUTTON = re.compile("|".join(re.escape(word) for word in (*_BUTTON_WORDS, "附件下载") if len(word) >= 4 or word == "QQ空间"))
#: Every zone that weighs ZONE_WEIGHT holds one of these words: a cheap test before scanning. A flat
#: alternation of words (no group in front) lets the regex engine skip to their first characters.
_ZONE_HINT = re.compile(
    "|".join((*_LOCATION_WORDS, "首页", "来源", "时间", "日期", "浏览", "点击", "阅读", "访问", "字号", "字体"))
    + "|"
    + _STRONG_BUTTON.pattern
)
_SENTENCE_MARK = re.compile(r"[。；;！!？?]")


@dataclass(frozen=True)
class ChromeSpan:
    """Chrome at the start or the end of one line: ``line[start:end]`` (0-based line index)."""

    index: int
    start: int
    end: int
    part: str  # "start" | "end"


def fold_keeping_offsets(text: str) -> str:
    """:func:`normalize_line` with the length kept, so offsets in the result are offsets in ``text``."""
    folded = normalize_line(text)
    if len(folded) == len(text):
        return folded
    return "".join(normalize_line(char) or " " for char in text)


def _token_at(text: str, position: int) -> tuple[int, int] | None:
    """(end, weight) of the chrome token at ``position``, or None."""
    for name, pattern, weight in _ZONE_TOKENS:
        match = pattern.match(text, position)
        if match is None or match.end() == position:
            continue
        if name == "buttons" and _STRONG_BUTTON.search(match.group(0)):
            weight = ZONE_WEIGHT
        return match.end(), weight
    return None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _title_run_end(text: str, position: int) -> int | None:
    """Where a short page title between header tokens ends (the next weighty token), or None."""
    limit = min(len(text), position + _TITLE_RUN)
    for match in re.finditer(r"\s+", text[position:limit]):
        after = position + match.end()
        token = _token_at(text, after)
        if token is not None and token[1] > 0:
            run = text[position:after]
            return None if _SENTENCE_MARK.search(run) else after
    return None


def _scan(text: str, position: int, *, title_run: bool) -> tuple[int, int]:
    """Read chrome tokens from ``position``: (end of the last token, total weight)."""
    end, weight, used_title = position, 0, not title_run
    while position < len(text):
        token = _token_at(text, position)
        if token is None:
            if used_title or end == position == 0 or weight == 0:
                break
            after = _title_run_end(text, position)
            if after is None:
                break
            used_title, position = True, after
            continue
        end, weight = token[0], weight + token[1]
        position = _skip_space(text, end)
    return end, weight


def _leading_span(line: str) -> tuple[int, int] | None:
    if _ZONE_HINT.search(line, 0, _ZONE_WINDOW) is None:
        return None  # page words are Han characters, which folding leaves alone
    window = fold_keeping_offsets(line[:_ZONE_WINDOW])
    start = _skip_space(window, 0)
    end, weight = _scan(window, start, title_run=True)
    if weight < ZONE_WEIGHT or end <= start:
        return None
    return start, end


def _trailing_span(line: str) -> tuple[int, int] | None:
    offset = max(0, len(line.rstrip()) - _ZONE_WINDOW)
    if _ZONE_HINT.search(line, offset) is None:
        return None
    window = fold_keeping_offsets(line[offset:].rstrip())
    starts = sorted({m.start() for m in re.finditer(r"(?:(?<=\s)|^)\S|[【\[]", window)}, reverse=True)
    found: int | None = None
    for start in starts[:_TAIL_CANDIDATES]:
        end, weight = _scan(window, start, title_run=False)
        if end == len(window) and weight >= ZONE_WEIGHT:
            found = start
    if found is None:
        return None
    return offset + found, offset + len(window)


def find_chrome_spans(lines: Sequence[str], skip: Collection[int] = ()) -> list[ChromeSpan]:
    """Chrome that starts or ends a line of report text (lines in ``skip`` are not looked at).

    Sorted by line, the start span before the end span. A zone that covers a whole line is
    returned as a start span; the two spans of one line never overlap.
    """
    spans: list[ChromeSpan] = []
    for index, line in enumerate(lines):
        if index in skip or not line.strip():
            continue
        lead = _leading_span(line)
        if lead is not None:
            spans.append(ChromeSpan(index, lead[0], lead[1], "start"))
            if lead[1] >= len(line.rstrip()):
                continue
        tail = _trailing_span(line)
        if tail is not None and (lead is None or tail[0] >= lead[1]):
            spans.append(ChromeSpan(index, tail[0], tail[1], "end"))
    return spans


def chrome_span_entries(lines: Sequence[str], skip: Collection[int] = ()) -> list[dict[str, Any]]:
    """``record["chrome"]`` entries ``{line, text, part}`` for :func:`find_chrome_spans` (lines count from 1)."""
    return [
        {"line": span.index + 1, "text": lines[span.index][span.start : span.end], "part": span.part}
        for span in find_chrome_spans(lines, skip)
    ]


def remove_chrome_spans(line: str, entries: Sequence[Mapping[str, Any]]) -> str:
    """``line`` without the partial chrome ``entries`` of that line (``{text, part}``).

    An entry whose text is not where its part says is ignored, so a stale record never cuts
    report text.
    """
    for entry in entries:
        text, part = str(entry.get("text", "")), entry.get("part")
        if not text:
            continue
        if part == "start" and line.lstrip().startswith(text):
            line = line.lstrip()[len(text) :]
        elif part == "end" and line.rstrip().endswith(text):
            line = line.rstrip()[: -len(text)]
    return line
