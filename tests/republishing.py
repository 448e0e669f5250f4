"""Publishing transformations of a real report text (test support for ``test_invariance.py``).

Each function re-publishes the report the way crawlers, CMSs and copy-paste do: it moves,
joins, re-encodes or surrounds the report's own text, and never invents report text. The
page chrome added by :func:`with_chrome` is page vocabulary the reader's chrome rules know.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ASCII_PUNCTUATION = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"})
_TITLE = re.compile(r"(?:年度?|年)?.{0,40}(?:报告|年报)\s*$")
_TITLE_SEARCH_LINES = 12

HEADER = ("当前位置：首页 > 政务公开 > 政府信息公开年报", "来源：本站 时间：2020-03-01")
FOOTER = ("【打印本页】【关闭窗口】", "扫一扫在手机打开当前页")


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def _non_blank(text: str) -> list[str]:
    return [line.strip() for line in _lines(text) if line.strip()]


def flattened(text: str) -> str:
    """The whole body on one line, lines joined by a space (a crawler's saved page)."""
    return " ".join(_non_blank(text))


def glued(text: str) -> str:
    """The whole body on one line with no separator at all (headings glued to text)."""
    return "".join(_non_blank(text))


def with_chrome(text: str) -> str:
    """A CMS header and footer around the text, as lines of their own."""
    return "\n".join([*HEADER, *_lines(text), *FOOTER])


def with_glued_chrome(text: str) -> str:
    """The same header glued onto the first line of the report (after a crawler's own header
    ending in ``==== 正文 ====``, if any) and the footer onto the last one."""
    lines = _non_blank(text)
    marker = next((i for i, line in enumerate(lines) if re.fullmatch(r"=+\s*正文\s*=+", line)), -1)
    lines[marker + 1] = " ".join(HEADER) + " " + lines[marker + 1]
    lines[-1] = lines[-1] + " " + " ".join(FOOTER)
    return "\n".join(lines)


def no_blank_lines(text: str) -> str:
    return "\n".join(line for line in _lines(text) if line.strip())


def doubled_blank_lines(text: str) -> str:
    return "\n\n".join(_lines(text))


def crlf(text: str) -> str:
    return "\r\n".join(_lines(text))


def indented(text: str) -> str:
    """Every line indented with two full-width spaces (the CMS paragraph indent)."""
    return "\n".join("\u3000\u3000" + line if line.strip() else line for line in _lines(text))


def full_width_digits(text: str) -> str:
    return text.translate(_FULL_WIDTH_DIGITS)


def ascii_punctuation(text: str) -> str:
    """，（）：； as the ASCII , ( ) : ; of web copies."""
    return text.translate(_ASCII_PUNCTUATION)


def title_index(lines: list[str]) -> int | None:
    """The index of the report's title line: the first short line near the top ending in 报告."""
    for index, line in enumerate(lines[:_TITLE_SEARCH_LINES]):
        stripped = line.strip()
        if 6 <= len(stripped) <= 60 and _TITLE.search(stripped) and not re.search("[。:：]", stripped):
            return index
    return None


def title_split(text: str) -> str:
    """The title broken over two lines after its agency part (before the year or mid-way)."""
    lines = _lines(text)
    index = title_index(lines)
    if index is None:
        return text
    title = lines[index].strip()
    year = re.search(r"\d{4}年", title)
    cut = year.start() if year and year.start() > 0 else len(title) // 2
    lines[index : index + 1] = [title[:cut], title[cut:]]
    return "\n".join(lines)


def title_at_end(text: str) -> str:
    """The title removed from the top and printed after the body, above the closing date."""
    lines = _lines(text)
    index = title_index(lines)
    if index is None:
        return text
    title = lines.pop(index)
    return "\n".join([*lines, title])


def title_removed(text: str) -> str:
    """No title line: only the body, its closing signature and date name the report."""
    lines = _lines(text)
    index = title_index(lines)
    if index is None:
        return text
    del lines[index]
    return "\n".join(lines)


Transformation = Callable[[str], str]
#: Transformations after which every field must be read exactly as before.
KEEPING: dict[str, Transformation] = {
    "chrome-lines": with_chrome,
    "chrome-glued": with_glued_chrome,
    "no-blank-lines": no_blank_lines,
    "doubled-blank-lines": doubled_blank_lines,
    "crlf": crlf,
    "full-width-indent": indented,
    "full-width-digits": full_width_digits,
    "ascii-punctuation": ascii_punctuation,
    "title-split": title_split,
    "title-at-end": title_at_end,
}
#: One-line bodies of prose reports (tables flattened this way are test_layouts' business).
FLATTENING: dict[str, Transformation] = {"flattened": flattened, "glued": glued}
ENCODINGS = ("gbk", "utf-16", "utf-8-sig")
