"""A report's numbered headings and its sentences, each sentence placed in its section.

Reports number their parts 一、… （一）… 1、…; flattened web copies put a whole report
on one line, so headings are found at the start of a line or after a space or a full
stop, not only at line starts. Work on normalised text (see ``normalize``): positions
and line numbers then match the source.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate, pairwise

_CN_NUMBER = "[一二三四五六七八九十]{1,3}"
# At the start of the text or after a space or a full stop (one negative lookbehind: faster
# than "^ or lookbehind" tried at every position).
_HEADING = re.compile(
    rf"(?<![^\s。；;：:！？])[ \t]*"
    rf"(?:(?P<l1>{_CN_NUMBER})\s*[、.．]"
    rf"|[（(]\s*(?P<l2>{_CN_NUMBER})\s*[）)]"
    rf"|(?P<l3>\d{{1,2}})\s*[、．](?!\d))",
)
#: Where a heading's title ends: punctuation, the end of the line, or a long space run.
_TITLE = re.compile(r"[ \t]*([^。；;：:！？\s]{1,40})")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]+")


@dataclass(frozen=True)
class Heading:
    level: int  # 1: 一、  2: （一）  3: 1、
    number: str
    title: str
    start: int  # character offset of the marker
    line: int  # 1-based line number


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    line: int  # 1-based line number of the sentence start
    section: str  # title of the enclosing 一、 heading ("" before the first)
    subsection: str  # title of the enclosing （一） heading within that section ("" if none)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of ``text`` begins."""
    return list(accumulate((len(line) + 1 for line in text.split("\n")), initial=0))[:-1]


def line_of(starts: list[int], offset: int) -> int:
    """1-based line number of ``offset``."""
    return bisect.bisect_right(starts, offset)


def find_headings(text: str) -> list[Heading]:
    """Numbered headings in document order."""
    starts = line_starts(text)
    headings: list[Heading] = []
    for match in _HEADING.finditer(text):
        level = 1 if match.group("l1") else 2 if match.group("l2") else 3
        number = match.group("l1") or match.group("l2") or match.group("l3") or ""
        title_match = _TITLE.match(text, match.end())
        title = title_match.group(1) if title_match else ""
        headings.append(Heading(level, number, title, match.start(), line_of(starts, match.start())))
    return headings


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (split at 。；！？ and line ends, and before a heading inside a line), each with its section."""
    starts = line_starts(text)
    headings = find_headings(text)
    cuts = sorted(
        {0, len(text)} | {h.start for h in headings} | {m.end() for m in _SENTENCE_END.finditer(text)}
    )
    sentences: list[Sentence] = []
    section = subsection = ""
    heading_index = 0
    for begin, end in pairwise(cuts):
        while heading_index < len(headings) and headings[heading_index].start <= begin:
            heading = headings[heading_index]
            if heading.level == 1:
                section, subsection = heading.title, ""
            elif heading.level == 2:
                subsection = heading.title
            heading_index += 1
        chunk = text[begin:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        offset = begin + (len(chunk) - len(chunk.lstrip()))
        sentences.append(Sentence(stripped, offset, line_of(starts, offset), section, subsection))
    return sentences
