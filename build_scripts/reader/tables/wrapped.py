"""Row labels that PDF-to-text tools wrap around the row's numbers.

A text layer laid out by columns prints a long label cell on two lines and the row's numbers on
the first of them::

    （四）无法提供 1.本机关不      75     0     0     0     0     0     75
    掌握相关政府信息

Read as it stands, the label is cut by the numbers ("本机关不" … "掌握相关政府信息") and the row
is missed, so a group total silently loses a row. The continuation is put back before the
numbers (the continuation line is left empty, so line numbers stay the same).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMBER = r"[+\-]?\d+(?:\.\d+)?"
#: A line that ends with a run of at least two numbers after label text.
_VALUES_AT_END = re.compile(rf"^(?P<label>.*?[^\d\s.+\-])(?P<gap>\s+)(?P<values>{_NUMBER}(?:\s+{_NUMBER})+)\s*$")
#: The start of a new row or heading: 一、 （一） 1. …
_ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+\s*[.、．])")
#: Column headers and table titles never continue a row's label.
_HEADER_WORDS = re.compile(r"自然人|法人|申请人情况|行政复议|行政诉讼|结果维持|信息内容|第二十条|总计|统计指标|单位")
_MAX_TAIL = 60
_MAX_TAIL_LINES = 2


def _is_label_tail(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= _MAX_TAIL
        and "\t" not in line
        and not re.search(r"\d", text)
        and not _ITEM_START.match(text)
        and not _HEADER_WORDS.search(text)
    )


def rejoin_wrapped_labels(lines: Sequence[str]) -> list[str]:
    """``lines`` with each wrapped label continuation moved before its row's numbers."""
    out = list(lines)
    index = 0
    while index < len(out):
        line = out[index]
        ends_with_digit = line.rstrip()[-1:].isdigit()
        match = _VALUES_AT_END.match(line) if ends_with_digit and "\t" not in line else None
        if match is None:
            index += 1
            continue
        end = index + 1
        while end < len(out) and end - index <= _MAX_TAIL_LINES and _is_label_tail(out[end]):
            end += 1
        if end > index + 1:
            tail = "".join(out[i].strip() for i in range(index + 1, end))
            out[index] = f"{match.group('label')}{tail}{match.group('gap')}{match.group('values')}"
            for i in range(index + 1, end):
                out[i] = ""
        index = end
    return out
