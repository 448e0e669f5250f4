"""Does one source file hold several reports (two downloads saved into one file)?

A report's title line names a year and ends in 信息公开…年度报告/年报. A file holds
another report when such a title line comes again after a body of text (not just
after the page chrome that repeats the title, as in ``标题: …`` then the title).
The converter cannot split the file honestly, so it writes one page and warns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from build_scripts.inputs.normalize import normalize_line

#: ``[organ]2018年[度][政府]信息公开[工作][年度]报告`` / ``…年报`` on a line of its own.
_TITLE = re.compile(
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年度?.{0,30}?信息公开.{0,6}?(?:年度报告|年报|工作报告)$"
)
MAX_TITLE = 60
#: Characters of text between two title lines before the second one starts another report.
MIN_BODY_CHARS = 200


def is_title_line(line: str) -> bool:
    text = normalize_line(line).strip()
    return 0 < len(text) <= MAX_TITLE and bool(_TITLE.search(text))


def report_starts(lines: Sequence[str]) -> list[int]:
    """0-based indexes of the title lines that start a report (the first title always does)."""
    starts: list[int] = []
    body = 0
    for index, line in enumerate(lines):
        if is_title_line(line):
            if not starts or body >= MIN_BODY_CHARS:
                starts.append(index)
            body = 0
        else:
            body += len(line.strip())
    return starts


def several_reports_warning(lines: Sequence[str]) -> str | None:
    """A warning naming the title lines when the text holds more than one report."""
    starts = report_starts(lines)
    if len(starts) < 2:
        return None
    where = "、".join(f"第{index + 1}行" for index in starts)
    return (
        f"此文件似乎包含{len(starts)}份报告（标题在{where}），只生成了一个页面，"
        "统计数字可能混合了几份报告：请把文件拆开"
    )
