"""Page chrome: lines that a web page or a crawler put around a report.

:func:`find_chrome` recognises general shapes, never particular files:

* a crawler header: ``key: value`` lines closed by a ``==== 正文 ====`` line;
* a metadata block at the top of a page (``索引号:``, ``发布机构:``, ``标题:`` …);
* publication lines (``发布时间：2021-01-25 来源：…``, ``浏览次数``, ``字体：大 中 小``);
* breadcrumbs (``首页 > 政务公开 > …``, ``当前位置：…``);
* lines made only of page buttons (``打印本页``, ``关闭窗口``, ``扫一扫在手机打开当前页``,
  share buttons …).

The report text itself never matches: every rule needs a short line and page
vocabulary. Lines are matched after :func:`~build_scripts.normalize.normalize_line`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from build_scripts.normalize import normalize_line

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


def is_button_line(line: str) -> bool:
    """A line made only of page buttons: 打印本页, 【关闭窗口】, 分享到：微信 微博 …"""
    core = _BUTTON_NOISE.sub("", line)
    return bool(core) and len(core) >= 2 and bool(_BUTTON_LINE.match(core))


def is_breadcrumb(line: str) -> bool:
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
        if (
            is_button_line(line)
            or is_breadcrumb(line)
            or is_publication_line(line)
        ):
            found.add(index)
    return sorted(found)
