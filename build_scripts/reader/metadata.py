"""Who reports, for which year, where, at which level: read from the report's own words.

Everything here works on normalised lines (``normalize.normalize_text(...).split("\\n")``)
and never guesses: a value the text does not give is None, and a value that needed an
inference the reader is not sure of comes with a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from build_scripts.inputs.chrome import chrome_span_entries, remove_chrome_spans
from build_scripts.reader.numerals import YEAR_DIGITS, year_from_chinese
from build_scripts.reader.regions import CITY, COUNTY, PROVINCE, division_kind

_YEAR = rf"(?:(?:19|20)\d{{2}}|[{YEAR_DIGITS}]{{4}})"
#: The suffixes that end the name of a reporting organ.
ORGAN_SUFFIX = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公室|政府|街道办事处|办事处|街道|管理委员会|管委会|委员会"
    r"|办公厅|办公室|管理局|服务中心|中心|局|厅|委|办|署|院|所|站|镇|乡|片区)"
)
#: A place name before the year of a title is the government of that place (平潭综合实验区2011年…).
PLACE_SUFFIX = r"(?:省|自治区|市|州|盟|县|旗|区)"
#: Words that show a phrase is not an organ's name.
#: "和" and "信息" alone are not enough: 发展和改革委员会, 工业和信息化局 are organs.
_NOT_ORGAN = re.compile(r"公开|工作|情况|要点|落实|及|、|关于|根据|按照|信息(?!化)")
_REPORT_WORDS = r"(?:政府)?(?:信息|政务)公开(?:工作)?(?:年度)?(?:报告|年报)|(?:年度)?(?:报告|年报)"
#: A title: optional organ, a year, then the words of a disclosure report.
_TITLE = re.compile(
    rf"(?P<organ>[^\s，,。：:；;《》“”()（）]{{2,40}}?)?\s*(?:关于)?\s*(?P<year>{_YEAR})\s*年度?"
    rf"(?P<middle>[^\s。，,；;]{{0,30}}?)(?P<words>{_REPORT_WORDS})"
)
_TITLE_PREFIX = re.compile(r"^(?:标\s*题|题\s*目)\s*[:：]\s*")
_HEADING_MARK = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")
_ORGAN_LINE = re.compile(rf"^[^\s，,。：:；;《》“”0-9]{{2,30}}{ORGAN_SUFFIX}$")
_ORGAN_LEAD = re.compile(
    rf"^(?P<organ>[^\s，,。：:；;《》“”0-9]{{2,30}}?{ORGAN_SUFFIX})"
    r"(?:依据|根据|按照|认真|坚持|严格|深入|全面|高度|积极|切实|进一步|始终|紧紧|围绕|不断|持续|扎实|以)"
)
#: The organ named where the report introduces its self-reference: "XX街道办事处（以下简称“我街道”）",
#: "我局（XX市住房和城乡建设局）".
_ORGAN_SELF_NAMED = re.compile(
    rf"(?P<organ>[^\s，,。：:；;《》“”0-9（()）]{{2,30}}{ORGAN_SUFFIX})\s*[（(]\s*(?:以下)?简称\s*[“\"‘]?(?:我|本)"
    rf"|(?:我|本)(?:局|委|办|厅|街道|镇|乡|中心|单位|机关)\s*[（(](?P<named>[^\s，,。：:；;《》“”0-9（()）]{{2,30}}{ORGAN_SUFFIX})[）)]"
)
#: The organ that compiled the report, named in a sentence ("本报告由某县人力资源和社会保障局编制").
_ORGAN_COMPILED = re.compile(rf"由(?P<organ>[^\s，,。：:；;《》“”0-9]{{2,30}}{ORGAN_SUFFIX})(?:负责)?(?:编制|编写|制作|发布)")
_DATE_LINE = re.compile(
    rf"^\s*{_YEAR}\s*年\s*[\d一二三四五六七八九十〇○零]{{1,2}}\s*月(?:[\d一二三四五六七八九十〇○零]{{1,3}}\s*日)?\s*$"
)
_ORGAN_IN_TEXT = re.compile(
    rf"(?P<year>{_YEAR})\s*年度?(?P<organ>[^\s，,。：:；;《》“”0-9]{{2,30}}?{ORGAN_SUFFIX})(?:{_REPORT_WORDS})"
)
_PERIOD = re.compile(rf"(?P<year>{_YEAR})\s*年\s*1\s*月\s*1\s*日(?:起)?\s*(?:至|到|—|-|~)")
_REPORT_YEAR_IN_TEXT = re.compile(
    rf"(?P<year>{_YEAR})\s*年度?(?:政府)?(?:信息|政务)公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_ANY_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
#: A whole title inside what looks like an organ's name: two titles glued together.
_GLUED_TITLE = re.compile(rf"{_YEAR}\s*年度?[^\s。，,；;]{{0,30}}?(?:{_REPORT_WORDS})")
#: An organ and the closing date that end a flattened page ("…。亭子坝镇人民政府 2015年1月10日").
_FLAT_SIGNATURE = re.compile(
    rf"(?:^|[。；;！!])\s*(?P<organ>[^\s，,。：:；;《》“”0-9]{{2,30}}{ORGAN_SUFFIX})\s*"
    rf"{_YEAR}\s*年\s*[\d一二三四五六七八九十〇○零]{{1,2}}\s*月(?:[\d一二三四五六七八九十〇○零]{{1,3}}\s*日)?\s*$"
)
#: What a flattened page prints after the signature and date: the copy list (抄送：…。), the
#: issuing office's 印发 line ("…办公室 2021年1月26日印发"), the page's 来源 and attachment links.
_AFTER_SIGNATURE = re.compile(
    rf"(?:\s*(?:[^\s。；;]{{2,30}}\s*{_YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*印发?"
    r"|抄\s*送[：:][^。]{0,80}。?|来源[：:]\s*\S*|附件下载|附件))+\s*$"
)
_MAX_TITLE = 80
_CLOSING_LINES = 6
_FLAT_TITLE_WINDOW = 300
_HEAD_LINES = 15


@dataclass
class Metadata:
    title: str | None = None
    title_line: int | None = None
    agency: str | None = None
    agency_line: int | None = None
    year: int | None = None
    level: str | None = None
    warnings: list[str] = field(default_factory=list)


def parse_year(text: str) -> int | None:
    """2017 or 二〇一七 / 二0一七 → 2017 (only plausible report years)."""
    value = int(text) if text.isdigit() else year_from_chinese(text)
    return value if value is not None and 1990 <= value <= 2100 else None


#: Markdown and pipe-table syntax a converter wraps a title or signature line in.
_MARKUP_CHARS = "|｜#>*"
_LINE_MARKUP = re.compile(r"^(?:[#>]+\s*|\*{1,3}|[|｜]\s*)+|(?:\s*[|｜]|\*{1,3})+\s*$")


def _clean(line: str) -> str:
    """A head line without a 标题: prefix and without Markdown/table syntax (cells joined by spaces)."""
    text = line.strip()
    if any(char in text for char in _MARKUP_CHARS):  # substring searches: a flattened page is one long line
        text = re.sub(r"\s*[|｜]\s*", " ", _LINE_MARKUP.sub("", text))
    return _TITLE_PREFIX.sub("", text)


def _head_lines(lines: Sequence[str], skip: set[int]) -> list[tuple[int, str]]:
    """The first non-empty, non-chrome lines (0-based index, cleaned text)."""
    found: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if index in skip or not line.strip():
            continue
        found.append((index, _clean(line)))
        if len(found) >= _HEAD_LINES:
            break
    return found


def _title_at(text: str) -> re.Match[str] | None:
    """A title at the start of ``text``, or after a space within its first characters
    (a flattened page: "当前位置：首页… 平潭综合实验区2011年政府信息公开工作年度报告 来源：…")."""
    return next(_titles_in(text), None)


def _titles_in(text: str) -> Iterator[re.Match[str]]:
    """Every title :func:`_title_at` accepts in ``text``, in order: the one at the start, one glued
    right after it ("2017年信息公开年报赤马港办事处2017年度…报告"), then those after a space."""
    match = _TITLE.match(text)
    inner = _GLUED_TITLE.search(match.group("organ") or "") if match is not None else None
    if match is not None and inner is not None:
        match = _TITLE.match(text[: match.start("organ") + inner.end()]) or match
    if match is not None and match.end() <= _MAX_TITLE:
        yield match
        glued = _TITLE.match(text, match.end())
        if glued is not None and glued.end() - match.end() <= _MAX_TITLE and glued.group("organ"):
            yield glued
    for space in re.finditer(r"\s+", text[:_FLAT_TITLE_WINDOW]):
        match = _TITLE.match(text, space.end())
        if match is not None and match.end() - space.end() <= _MAX_TITLE and match.group("organ"):
            yield match


def _flat_pieces(head: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """``head`` with a long line cut at its spaces in its first characters: a page flattened
    onto one line gets back the title lines it was made of (same line index for every piece)."""
    pieces: list[tuple[int, str]] = []
    for index, text in head:
        if len(text) <= _MAX_TITLE or not re.search(r"\s", text[:_FLAT_TITLE_WINDOW]):
            pieces.append((index, text))
            continue
        parts = list(re.finditer(r"\S+", text[:_FLAT_TITLE_WINDOW]))
        pieces.extend((index, part.group()) for part in parts[:-1])
        pieces.append((index, text[parts[-1].start() :]))
    return pieces[:_HEAD_LINES]


def find_title(lines: Sequence[str], skip: set[int]) -> tuple[str | None, int | None]:
    """The printed title and its 0-based line: a year + 信息公开…报告 line near the top.

    A title whose organ stands on the line before ("泗门镇人民政府" / "2017年…报告") or whose
    last words run onto the next line ("…2013年度信息公开工作" / "年度报告") is joined.
    A title that names an organ is preferred over one that does not.
    """
    head = _flat_pieces(_head_lines(lines, skip))
    candidates: list[tuple[int, str]] = []
    for position, (index, text) in enumerate(head):
        if _HEADING_MARK.match(text):
            continue
        found = list(_titles_in(text))
        match = found[0] if found else None
        if match is None and position + 1 < len(head):
            joint = " " if head[position + 1][0] == index else ""  # two pieces of one flattened line
            joinable = len(text) <= 40 and not re.search("[。，,]", text)
            joined = text + joint + head[position + 1][1]
            match = _title_at(joined) if joinable else None
            if match is None and joinable and joint:
                joined = text + head[position + 1][1]
                match = _title_at(joined)
            if match is not None and not match.group("words") and match.end() <= len(text):
                match = None
        if match is None:
            continue
        title = match.group(0)
        if not match.group("organ") and position > 0:
            previous = head[position - 1][1]
            if _ORGAN_LINE.match(previous):
                joint = " " if head[position - 1][0] == index else ""  # two pieces of one flattened line
                title, index = previous + joint + title, head[position - 1][0]
        candidates.append((index, title))
        candidates.extend((index, later.group(0)) for later in found[1:])
    if not candidates:
        return None, None
    for index, title in candidates:
        if _organ_from_title(title):
            return title, index
    return candidates[0][1], candidates[0][0]


def closing_title(lines: Sequence[str], skip: set[int]) -> tuple[str | None, int | None]:
    """A title that names its organ printed on a line of its own among the closing lines
    (a page that moved the title under the text, next to the signature and date)."""
    for index, text in reversed(_closing_lines(lines, skip)):
        match = _TITLE.fullmatch(text)
        if match is not None and len(text) <= _MAX_TITLE and _organ_from_title(text):
            return text, index
    return None, None


def _title_from_page_metadata(lines: Sequence[str], chrome: set[int]) -> tuple[str | None, int | None]:
    """The title a page's metadata block gives ("标题: …"), for reports whose body prints none."""
    for index in sorted(chrome):
        line = lines[index].strip()
        if _TITLE_PREFIX.match(line):
            match = _title_at(_clean(line))
            if match is not None:
                return match.group(0), index
    return None, None


def _organ_from_title(title: str) -> str | None:
    match = _TITLE.match(title)
    if match is None:
        return None
    organ = re.sub(r"^关于", "", (match.group("organ") or "").strip())
    if organ and re.search(f"(?:{ORGAN_SUFFIX}|{PLACE_SUFFIX})$", organ) and not _NOT_ORGAN.search(organ):
        return organ
    middle = match.group("middle") or ""
    # The whole middle is the organ (2020年某市住房和城乡建设局政府信息公开…): a name is never cut at
    # an inner suffix (住房和城乡|建设局).
    inner = re.fullmatch(rf"([^\s，,。]{{2,30}}{ORGAN_SUFFIX})(?:政府|政务)?(?:信息|政务)?(?:公开)?(?:工作)?", middle)
    if middle and inner and len(inner.group(1)) >= 3 and not _NOT_ORGAN.search(inner.group(1)):
        return inner.group(1)
    return None


#: Table and Markdown syntax around a name ("| 某某镇 |", "**某某局**", "# 某某局").
_MARKUP_AROUND = re.compile(r"^[\s|｜#*>`_~\-\[\]【】]+|[\s|｜#*>`_~\-\[\]【】]+$")
#: What a body's name never contains: a self-reference (我街道, 本局), digits, a date's characters
#: at its start (the "9年" of a year cut by a line break), or a particle at its start.
_FRAGMENT = re.compile(
    r"我|本(?:局|委|厅|镇|乡|街道|办|单位|机关)|\d|^[年月日度号的了和与及在对为是将该各其]"
)


def organ_name(text: str) -> str | None:
    """``text`` as a body's name without table/Markdown syntax, or None when it is a fragment
    rather than a name: a self-reference, digits, a cut-off start, or a bare suffix (街道, 人民政府)."""
    name = _MARKUP_AROUND.sub("", text)
    if len(name) < 2 or _FRAGMENT.search(name) or re.fullmatch(ORGAN_SUFFIX + "+", name):
        return None
    if not re.search(f"(?:{ORGAN_SUFFIX}|{PLACE_SUFFIX})$", name):
        return None
    return name


def find_agency(lines: Sequence[str], skip: set[int], title: str | None) -> tuple[str | None, int | None]:
    """The organ as the report names it: in the title, at the head of the first sentence
    ("五河县临北回族乡依据…"), in a sentence ("公布2014年谯城区政务服务中心政府信息公开工作年度报告",
    "本报告由…局编制"), or in the closing signature (a line of just the organ's name before the
    date). A candidate that is a fragment rather than a name (:func:`organ_name`) is passed over."""
    for organ, line in _agency_candidates(lines, skip, title):
        name = organ_name(organ)
        if name is not None:
            return name, line
    return None, None


def _agency_candidates(
    lines: Sequence[str], skip: set[int], title: str | None
) -> Iterator[tuple[str, int | None]]:
    """Every place :func:`find_agency` looks, best first."""
    if title:
        organ = _organ_from_title(title)
        if organ:
            yield organ, None
    head = _head_lines(lines, skip)
    if head and _ORGAN_LINE.match(head[0][1]) and not _NOT_ORGAN.search(head[0][1]):
        yield head[0][1], head[0][0]  # the first half of a title printed on two lines
    for index, text in head[:3]:
        match = _ORGAN_LEAD.match(text)
        if match:
            yield match.group("organ"), index
    for index, text in head:
        for match in _ORGAN_IN_TEXT.finditer(text):
            if not _NOT_ORGAN.search(match.group("organ")):
                yield match.group("organ"), index
        for match in _ORGAN_COMPILED.finditer(text):
            if not _NOT_ORGAN.search(match.group("organ")):
                yield match.group("organ"), index
        for match in _ORGAN_SELF_NAMED.finditer(text):
            organ = match.group("organ") or match.group("named")
            if not _NOT_ORGAN.search(organ):
                yield organ, index
    organ, line = _signature(lines, skip)
    if organ is not None:
        yield organ, line


def _without_footer(line: str) -> str:
    """``line`` stripped, without page buttons glued onto its end ("2015年1月10日 【打印本页】")."""
    entries = chrome_span_entries([line])
    return remove_chrome_spans(line, [entry for entry in entries if entry["part"] == "end"]).strip()


def _closing_lines(lines: Sequence[str], skip: set[int]) -> list[tuple[int, str]]:
    """The last non-empty, non-chrome lines (0-based index, text without a glued page footer), in order."""
    found: list[tuple[int, str]] = []
    for index in range(len(lines) - 1, -1, -1):
        if index in skip or not lines[index].strip():
            continue
        found.append((index, _LINE_MARKUP.sub("", _without_footer(lines[index]))))
        if len(found) == _CLOSING_LINES:
            break
    return found[::-1]


def _signature(lines: Sequence[str], skip: set[int]) -> tuple[str | None, int | None]:
    """An organ name alone on a line just before or after the closing date (the date on one of
    the last five lines, the organ on one of the last six)."""
    body = _closing_lines(lines, skip)
    for position in range(len(body) - 1, max(len(body) - _CLOSING_LINES, -1), -1):
        text = body[position][1]
        if not _DATE_LINE.match(text):
            continue
        for neighbour in (position - 1, position + 1):
            if 0 <= neighbour < len(body) and _ORGAN_LINE.match(body[neighbour][1]):
                return body[neighbour][1], body[neighbour][0]
    if body:
        flat = _FLAT_SIGNATURE.search(_AFTER_SIGNATURE.sub("", body[-1][1])[-_FLAT_TITLE_WINDOW:])
        organ = _signed_organ(flat.group("organ")) if flat is not None else None
        if organ is not None:
            return organ, body[-1][0]
    return None, None


#: Where the last words of the text end and a flattened signature starts: section 六's
#: "…其他需要报告的事项无" / "…事项：无" glued onto the organ's name.
_SIGNATURE_START = re.compile(r"(?:事项|情况)[：:]?(?:无|暂无|没有)?|、")


def _signed_organ(text: str) -> str | None:
    """The organ's name that ends ``text`` (the words before a flattened page's closing date):
    all of it, else what follows the last words of the report glued before it."""
    if not _NOT_ORGAN.search(text):
        return text
    starts = [m.end() for m in _SIGNATURE_START.finditer(text)]
    rest = text[starts[-1] :] if starts else ""
    if len(rest) >= 3 and not _NOT_ORGAN.search(rest) and re.search(f"{ORGAN_SUFFIX}$", rest):
        return rest
    return None


def find_year(text: str, title: str | None) -> tuple[int | None, list[str]]:
    """The reporting year: the title's, else the statistics period's, else the year a
    sentence calls the report's, else a clearly dominant year of the body (with a warning)."""
    if title:
        match = _TITLE.match(title)
        if match:
            year = parse_year(match.group("year"))
            if year:
                return year, []
    for pattern in (_PERIOD, _REPORT_YEAR_IN_TEXT):
        match = pattern.search(text)
        if match:
            year = parse_year(match.group("year"))
            if year:
                return year, []
    counts = Counter(int(m.group("year")) for m in _ANY_YEAR.finditer(text))
    if not counts:
        return None, []
    ranked = counts.most_common()
    if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
        return ranked[0][0], [f"年度由正文推断：{ranked[0][0]}年出现最多，报告未写明所属年度"]
    years = "、".join(str(y) for y, _ in ranked[:3])
    return None, [f"年度不确定：正文提到{years}年，报告未写明所属年度"]


_LEVEL_RULES: tuple[tuple[str, str], ...] = (
    (r"(?:街道办事处|街道|办事处)$", "街道"),
    (r"(?:镇|乡)(?:人民政府|政府)?$", "乡镇"),
    (r"(?:局|委员会|委|办公室|办公厅|办|中心|厅|署|院|所|站|管理局)$", "部门"),
)
_GOVERNMENT = re.compile(r"^(?P<place>.+?)(?:人民政府|政府)$")
_LEVEL_OF_DIVISION: dict[str, str] = {PROVINCE: "省级", CITY: "市级", COUNTY: "县级"}


#: Development zones and their administrative committees: their level is not one of the
#: divisions' (a zone may be county-, city- or province-managed), so none is given.
_ZONE_GOVERNMENT = re.compile(
    r"(?:实验区|开发区|高新区|园区|新区|保税区|示范区|试验区|合作区)(?:管理委员会|管委会)?(?:办公室)?$"
)


def level_of_agency(agency: str) -> str | None:
    """省级 | 市级 | 县级 | 乡镇 | 街道 | 部门 from the organ's name; None when the name does not say
    (development zones included: see ``_ZONE_GOVERNMENT``)."""
    name = re.sub(r"\s+", "", agency)
    if _ZONE_GOVERNMENT.search(name):
        return None
    kind = division_kind(name)
    if kind is not None:
        return _LEVEL_OF_DIVISION[kind]
    government = _GOVERNMENT.match(name)
    if government:
        place = government.group("place")
        if re.search("(?:镇|乡)$", place):
            return "乡镇"
        kind = _place_kind(place)
        if kind is not None:
            return _LEVEL_OF_DIVISION[kind]
        if place.endswith(("省", "自治区")):
            return "省级"
        if place.endswith(("县", "区", "旗")):
            return "县级"
        return "市级" if place.endswith("市") else None
    for pattern, level in _LEVEL_RULES:
        if re.search(pattern, name):
            return level
    return None


def _place_kind(place: str) -> str | None:
    """Kind of the last division named in ``place`` (宁波市余姚市 → county)."""
    for start in range(len(place)):
        kind = division_kind(place[start:])
        if kind is not None:
            return kind
    return None


_SELF_REFERENCE: tuple[tuple[str, str], ...] = (
    (r"我(?:镇|乡)|本(?:镇|乡)", "乡镇"),
    (r"我街道?|本街道|我办事处", "街道"),
    (r"我(?:局|委|厅)|本(?:局|委|厅)", "部门"),
)


def level_from_text(text: str) -> tuple[str | None, list[str]]:
    """The level of an unnamed organ from how it refers to itself (我镇, 我局, 我办 + 街道 …)."""
    counts: Counter[str] = Counter()
    for pattern, level in _SELF_REFERENCE:
        counts[level] += len(re.findall(pattern, text))
    if re.search("我办", text) and "街道" in text:
        counts["街道"] += len(re.findall("我办", text))
    counts = Counter({level: n for level, n in counts.items() if n})
    if not counts:
        return None, []
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None, ["层级不确定：报告的自称不一致"]
    return ranked[0][0], [f"层级由报告的自称推断（{ranked[0][0]}），报告未写明机关名称"]


def read_metadata(lines: Sequence[str], skip: set[int]) -> Metadata:
    """Title, agency, year and level of a report (``lines`` normalised, ``skip`` = chrome lines)."""
    meta = Metadata()
    meta.title, meta.title_line = find_title(lines, skip)
    if meta.title is None:
        meta.title, meta.title_line = closing_title(lines, skip)
    if meta.title is None:
        meta.title, meta.title_line = _title_from_page_metadata(lines, skip)
        if meta.title is not None:
            meta.warnings.append("标题取自网页的“标题”栏（正文未印标题）")
    meta.agency, meta.agency_line = find_agency(lines, skip, meta.title)
    body = "\n".join(line for index, line in enumerate(lines) if index not in skip)
    meta.year, warnings = find_year(body, meta.title)
    meta.warnings.extend(warnings)
    if meta.agency:
        meta.level = level_of_agency(meta.agency)
    if meta.level is None:
        meta.level, warnings = level_from_text(body)
        meta.warnings.extend(warnings)
    return meta
