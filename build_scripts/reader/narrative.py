"""Statistics stated in a report's sentences.

Reports before 2019 give their figures in prose ("主动公开政府信息336条",
"全年未发生因政府信息公开提起行政诉讼案件"); later reports repeat some of them beside their
tables. This module reads such statements into :class:`Statement` objects and then
decides one value per statistic.

Policy (documented here because the site shows the consequences):

* A count needs a unit after the number (条/件/份 …): a bare number in prose is more often a
  table cell, a date or a phone number than a statement.
* A stated zero is a negation before the topic within one clause ("未收到…申请",
  "没有收取任何…费用", "未发生…行政复议、行政诉讼") or an explicit "0件".
* "余", "多", "以上", "近", "约" make a figure approximate: the number is taken and a warning
  says it is approximate.
* Figures marked as cumulative (累计, 历年, 总计自) are not yearly figures and are skipped.
* Where explicit counts and stated zeros for one statistic disagree, the explicit count is
  kept and a failing ``prose_consistent`` check records the contradiction.
* The proactive total: an overall figure ("主动公开政府信息N条", "共发布信息N条", "公开N条政务信息")
  wins over one channel's ("通过政务微博发布N条"); a form category ("其他应主动公开的政府信息",
  规范性文件) is never the total; counts of several channels and no overall figure give no value
  and a warning. A figure from a weak rule or a single channel fills a blank but is never
  checked against a table (``ProseReading.tentative``).
* Numerals inside names and slogans (「三个一」, 两个责任, anything in quotation marks) are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from build_scripts.reader.numerals import parse_count
from build_scripts.reader.sections import Sentence
from build_scripts.schema import STAT_LABELS

NUMBER = r"(?P<num>(?<![\d.])[-－−]?\d+(?:,\d{3})*(?:\.\d+)?(?:万(?=余|多|\s*[条件份项篇个次]))?|[零〇一二两三四五六七八九十百千万]+)"
APPROX_AFTER = r"(?P<approx>余|多|以上|左右)?"
APPROX_BEFORE = re.compile(r"(?:近|约|大约|逾|超过)\s*$")
#: "1000条以上", "300件左右": the approximation printed after the unit.
APPROX_AFTER_UNIT = re.compile(r"\s*(?:以上|左右|有余)")
COUNT_UNIT = r"\s*(?:条|件|份|项|篇|个|宗|起|次|例|人次)(?!工作日|日|月|小时|天|年)"
_GAP = r"[^。；;，,：:\d]"
_CLAUSE_SPLIT = re.compile(r"[，：:]|,(?!\d{3}(?!\d))")
NEGATION = r"(?:未(?!经|按|能|及时|超|审结)|没有|无(?!正当|法|关)|尚未(?!审结)|均未|暂无|不曾)"
CUMULATIVE = re.compile(r"累计|历年|总计自|以来共")
#: Table text in prose clothing: TAB-separated cells, glued digit runs, rows of bare numbers.
_TABLE_TEXT = (
    re.compile(r"\t\s*\S.*\t"),
    re.compile(r"\d{7,}(?![\d.]|\s*(?:万元|元|条|件|份|项|篇|个|宗|起|次|例))"),
    # five numbers in a row; the first one not preceded by a digit or a point (the lookbehind
    # follows the first digit, so the scan for a digit runs in C)
    re.compile(r"\d(?<![\d.]\d)\d*\s+(?:\d+\s+){3}\d+"),
)
#: A number right after a unit or an ordinal marker is a table cell or a position, not a count.
_CELL_BEFORE = re.compile(r"(?:(?:数|\s)(?:条|件|个|份|项|元|万元)|第)\s*$")


#: Quotation marks around a name or slogan (「三个一」, “两个责任”, 《…》).
_OPEN_QUOTES, _CLOSE_QUOTES = "“「『‘《\"", "”」』’》\""
_CHINESE_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
#: After a Chinese numeral and its unit: another numeral (三个一, 五个一律, 一件事一次办) or 事.
_SLOGAN_AFTER_UNIT = re.compile(r"[一二两三四五六七八九十]|事")


def _in_quotes(text: str) -> bool:
    """The end of ``text`` lies inside quotation marks opened in it."""
    depth = 0
    for char in text:
        if char in _OPEN_QUOTES and (char != '"' or depth == 0):
            depth += 1
        elif char in _CLOSE_QUOTES and depth:
            depth -= 1
    return depth > 0


_UNIT_AFTER = re.compile(r"(?:余|多|以上|左右)?\s*(?P<unit>人次|条|件|份|项|篇|个|宗|起|次|例|万元|元)")


def is_slogan_numeral(clause: str, start: int, end: int) -> bool:
    """The number ``clause[start:end]`` names something rather than counting it: it stands inside
    quotation marks (「三个一」工作机制), or it is a Chinese numeral with 个 (两个责任, 四个全面) or
    whose unit is followed by another numeral or 事 (五个一律, 一件事一次办)."""
    if _in_quotes(clause[:start]):
        return True
    if not _CHINESE_NUMERAL.fullmatch(clause[start:end]):
        return False
    unit = _UNIT_AFTER.match(clause, end)
    if unit is None:
        return False
    return unit.group("unit") == "个" or bool(_SLOGAN_AFTER_UNIT.match(clause, unit.end()))


@dataclass(frozen=True)
class Statement:
    """One figure the prose states for ``key``: a count, or a zero stated by negation.

    ``weak`` statements come from a rule that only counts when no other rule states the figure.
    """

    key: str
    value: int | float
    line: int
    text: str
    kind: str  # "count" | "zero"
    approximate: bool = False
    start: int = 0  # offset of the sentence in the normalised text
    weak: bool = False
    #: the channel a proactive figure is counted for ("微博", "网站"), None for an overall figure
    channel: str | None = None


@dataclass
class ProseReading:
    stats: dict[str, int | float]
    evidence: dict[str, dict[str, int | str]]
    statements: list[Statement] = field(default_factory=list)
    checks: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: statistics whose value comes from a weak rule or one channel's count: good enough to fill a
    #: blank, too loose to call a table value wrong
    tentative: set[str] = field(default_factory=set)

    def firm_stats(self) -> dict[str, int | float]:
        """The stated values a table may be checked against (``stats`` without ``tentative``)."""
        return {key: value for key, value in self.stats.items() if key not in self.tentative}


@dataclass(frozen=True)
class CountRule:
    key: str
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None  # the sentence (or its section) must match this
    forbids: re.Pattern[str] | None = None  # the clause must not match this
    scale: dict[str, float] | None = None
    clause_needs: re.Pattern[str] | None = None  # the clause must match this
    section: re.Pattern[str] | None = None  # the enclosing section's title must match this
    weak: bool = False  # used only when no other rule states the figure
    #: ``clause_needs`` may be met instead by a section or subsection title matching this
    #: (a section *about* the topic, not merely one that shares a word with it)
    section_instead: re.Pattern[str] | None = None
    #: the clause up to the end of the figure must not match this (words after it may name
    #: other figures: "主动公开政府信息117条、依申请公开274条")
    forbids_before: re.Pattern[str] | None = None


def _count(body: str) -> re.Pattern[str]:
    return re.compile(body.replace("{N}", NUMBER + APPROX_AFTER))


_NOT_APPLICATIONS = re.compile(r"复议|诉讼|起诉|咨询|投诉|信访|举报|留言|热线|来电|信件|信箱|建议|提案")
_APPLICATION_CONTEXT = re.compile(r"申请|答复|办结|办理")
_APPLICATION_SECTION = re.compile(r"申请")
#: Channels a proactive figure may be counted for; one channel's count is not the year's total
#: unless it is the only figure given (a report that publishes through its website alone).
_CHANNEL = re.compile(r"微博|微信|公众号|政府公报|公报|报刊|报纸|广播|电视|新媒体|头条|抖音|客户端|APP|短信|公开栏|公示栏|显示屏|电子屏|网站")
#: Before a weak proactive figure: a part of the year's output (a column, a breakdown, one of the
#: 第二十条 categories such as 规范性文件) or a running total ("截至2019年底").
_PART_BEFORE = re.compile(r"其中|专栏|栏目|专题|截至|截止|规范性文件|规章|许可|处罚|强制")
#: Before a proactive figure: an application count, or a category of the form's list
#: ("其他应主动公开的政府信息10条"), not the year's total.
_NOT_PROACTIVE_TOTAL = re.compile(r"依申请|申请公开|其他应?主动公开|应主动公开的")
#: The fees a disclosure may cost ("检索、复制、邮寄等费用", "信息处理费", "公开费用"): "费用" alone
#: is any sum ("为群众节约费用12000元"), not a fee the organ charged.
_FEE_NAME = r"(?:处理|检索|复制|复印|邮寄|邮递|工本|公开|申请|信息)(?:等)?费(?:用)?|等费用"
_FEE_EXCLUDE = re.compile(r"行政事业性收费|收费通知|缴纳费用|收费项目|收费标准|经费|减免金额")

COUNT_RULES: tuple[CountRule, ...] = (
    CountRule(
        "proactive_total",
        _count(
            rf"主动(?:向社会)?公开{_GAP}{{0,25}}?信息{_GAP}{{0,12}}?(?:共计|共|总数为?|数为?|有|达)?\s*{{N}}{COUNT_UNIT}"
        ),
        forbids_before=_NOT_PROACTIVE_TOTAL,
    ),
    CountRule(
        "proactive_total",
        _count(rf"(?<![已应])主动公开(?:的)?(?:共计|共)?\s*{{N}}{COUNT_UNIT}"),
        forbids_before=_NOT_PROACTIVE_TOTAL,
    ),
    CountRule(
        "proactive_total",
        _count(r"(?<!部分)(?<!不予)(?<!予以)公开(?:了)?(?:共计|共)?\s*{N}\s*条(?:各类|各项|政府|政务)*信息"),
        forbids_before=_NOT_PROACTIVE_TOTAL,
        weak=True,
    ),
    CountRule(
        "proactive_total",
        _count(
            r"(?:^|共|全年|年度|今年|我[局委办镇乡厅处]|本(?:机关|单位|局|委))\s*(?:计)?(?:发布|公开)(?:了)?"
            r"(?:各类|各项|政府|政务)*信息(?:共计?|数)?\s*{N}\s*条"
        ),
        forbids_before=_NOT_PROACTIVE_TOTAL,
        weak=True,
    ),
    CountRule(
        "proactive_total",
        _count(rf"网站{_GAP}{{0,6}}?(?:发布|公开|更新)(?:各类|政府|政务)?信息(?:共计?)?\s*{{N}}\s*条"),
        forbids_before=_NOT_PROACTIVE_TOTAL,
        weak=True,
    ),
    CountRule(
        "proactive_total",
        _count(rf"公开{_GAP}{{0,60}}?共(?:计)?\s*{{N}}{COUNT_UNIT}"),
        forbids=re.compile(r"依申请|其中|累计"),
        section=re.compile(r"主动公开"),
        weak=True,
    ),
    CountRule(
        "applications_new",
        _count(
            rf"(?:(?:收到|受理|接到|接收|办理|处理|新收)(?:了)?{_GAP}{{0,20}}?申请{_GAP}{{0,8}}?"
            rf"|依申请公开{_GAP}{{0,10}}?|申请公开{_GAP}{{0,6}}?)(?:共计|共|总数为?|数为?|有|达)?\s*{{N}}{COUNT_UNIT}"
        ),
        forbids=re.compile(_NOT_APPLICATIONS.pattern + r"|答复|办结|信息数|信息总数|作为依申请"),
        clause_needs=re.compile(r"信息|依申请|申请公开|公开申请"),
        section_instead=_APPLICATION_SECTION,
    ),
    CountRule(
        "applications_carried_over",
        _count(rf"上年(?:度)?结转{_GAP}{{0,12}}?{{N}}{COUNT_UNIT}"),
    ),
    CountRule(
        "carried_forward",
        _count(rf"结转下(?:一)?年度?{_GAP}{{0,12}}?{{N}}{COUNT_UNIT}"),
    ),
    CountRule(
        "carried_forward",
        _count(rf"{{N}}\s*件(?:申请)?{_GAP}{{0,12}}?(?:顺延|结转|转入)(?:到|至)?下(?:一)?年度?"),
        needs=_APPLICATION_CONTEXT,
        forbids=re.compile(r"上年|复议|诉讼"),
    ),
    CountRule(
        "outcome_disclosed",
        _count(rf"(?<!部分)(?:予以公开|同意公开|全部公开){_GAP}{{0,6}}?(?<!信息){{N}}\s*件"),
        needs=_APPLICATION_CONTEXT,
        forbids=re.compile(r"及部分公开|和部分公开|信息"),
    ),
    CountRule(
        "outcome_partial",
        _count(rf"部分公开{_GAP}{{0,6}}?{{N}}\s*件"),
        needs=_APPLICATION_CONTEXT,
        forbids=re.compile(r"信息|公开[及和与、]部分公开"),
    ),
    CountRule(
        "outcome_refused_total",
        _count(rf"不予公开{_GAP}{{0,6}}?{{N}}\s*件"),
        needs=_APPLICATION_CONTEXT,
        forbids=re.compile(r"信息"),
    ),
    CountRule(
        "outcome_unable_total", _count(rf"无法提供{_GAP}{{0,6}}?{{N}}\s*件"), needs=_APPLICATION_CONTEXT
    ),
    CountRule(
        "outcome_not_processed_total",
        _count(rf"不予处理{_GAP}{{0,6}}?{{N}}\s*件"),
        needs=_APPLICATION_CONTEXT,
    ),
    CountRule(
        "outcome_other_total", _count(rf"其他处理{_GAP}{{0,6}}?{{N}}\s*件"), needs=_APPLICATION_CONTEXT
    ),
    CountRule(
        "reconsideration_total",
        _count(rf"(?:行政复议|复议){_GAP}{{0,14}}?{{N}}{COUNT_UNIT}"),
    ),
    CountRule(
        "reconsideration_total",
        _count(rf"{{N}}{COUNT_UNIT}{_GAP}{{0,15}}?行政复议"),
        forbids=re.compile(r"诉讼"),
    ),
    CountRule(
        "litigation_total",
        _count(rf"(?:行政诉讼|诉讼|起诉){_GAP}{{0,14}}?{{N}}{COUNT_UNIT}"),
    ),
    CountRule(
        "fees_yuan",
        _count(rf"(?:收取|收费|{_FEE_NAME}){_GAP}{{0,16}}?{{N}}\s*(?P<unit>万元|元)"),
        forbids=re.compile(_FEE_EXCLUDE.pattern + "|减免|节约|节省|减少|降低|支出|投入"),
        scale={"万元": 10_000.0, "元": 1.0},
    ),
)

#: Words every clause stating the statistic contains (a cheap test before the rules' patterns).
_CUES: dict[str, tuple[str, ...]] = {
    "proactive_total": ("公开", "发布", "更新"),
    "applications_new": ("申请",),
    "applications_carried_over": ("结转",),
    "carried_forward": ("结转", "顺延", "转入"),
    "outcome_disclosed": ("公开",),
    "outcome_partial": ("部分公开",),
    "outcome_refused_total": ("不予公开",),
    "outcome_unable_total": ("无法提供",),
    "outcome_not_processed_total": ("不予处理",),
    "outcome_other_total": ("其他处理",),
    "reconsideration_total": ("复议",),
    "litigation_total": ("诉讼", "起诉"),
    "fees_yuan": ("收取", "收费", "费"),
}

_CUE_WORDS = sorted({cue for cues in _CUES.values() for cue in cues}, key=len, reverse=True)
_CUE_PATTERN = re.compile("|".join(map(re.escape, _CUE_WORDS)))
#: The statistics a cue word found in a clause may belong to (a longer word holds shorter cues).
_KEYS_OF_CUE: dict[str, frozenset[str]] = {
    word: frozenset(key for key, cues in _CUES.items() if any(cue in word for cue in cues)) for word in _CUE_WORDS
}


def _cued_keys(clause: str) -> frozenset[str]:
    """The statistics whose cue words ``clause`` contains."""
    keys: set[str] = set()
    for word in set(_CUE_PATTERN.findall(clause)):
        keys |= _KEYS_OF_CUE[word]
    return frozenset(keys)


@cache
def _cued_rules(keys: frozenset[str]) -> tuple[CountRule, ...]:
    """The count rules for the statistics ``keys``, in :data:`COUNT_RULES` order."""
    return tuple(rule for rule in COUNT_RULES if rule.key in keys)


#: Stated zeros: (key, pattern that must follow a negation within the clause).
_ZERO_TOPICS: tuple[tuple[str, str], ...] = (
    (
        "applications_new",
        r"(?:依申请|依法申请|申请公开|公开申请|公开的申请|此类申请|(?:信息|公开)[^。；;，,]{0,6}申请)",
    ),
    ("reconsideration_total", r"复议"),
    ("litigation_total", r"诉讼|起诉"),
    ("fees_yuan", r"(?:费用|收费|处理费)"),
)
_ZERO_VERB = r"(?:发生|收到|接到|受理|出现|有|涉及|产生|收取|存在)?"
#: The negation, an optional verb and the topic within one clause, by key of :data:`_ZERO_TOPICS`.
_ZERO_STATEMENTS: dict[str, re.Pattern[str]] = {
    key: re.compile(rf"{NEGATION}{_ZERO_VERB}[^。；;，,]{{0,30}}?(?:{topic})") for key, topic in _ZERO_TOPICS
}
_ZERO_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fees_yuan", re.compile(r"暂不收费|不收取(?:任何)?费用|免收")),
)
_ZERO_FORBIDS: dict[str, re.Pattern[str]] = {
    "applications_new": _NOT_APPLICATIONS,
    "fees_yuan": _FEE_EXCLUDE,
}
_FEE_TOPIC = re.compile(r"信息|公开|检索|复制|复印|邮寄|处理费|收费")


def _meets_clause_needs(rule: CountRule, clause: str, sentence: Sentence) -> bool:
    if rule.clause_needs is None or rule.clause_needs.search(clause):
        return True
    return rule.section_instead is not None and bool(
        rule.section_instead.search(f"{sentence.section} {sentence.subsection}")
    )


def _about_disclosure_fees(clause: str, sentence: Sentence) -> bool:
    """A fee statement concerns disclosure when its clause or sentence names information or
    disclosure, or it sits in a section about fees or applications."""
    if _FEE_TOPIC.search(clause) or _FEE_TOPIC.search(sentence.text):
        return True
    return "费" in sentence.section or bool(_APPLICATION_SECTION.search(f"{sentence.section} {sentence.subsection}"))


def _clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(sentence) if c.strip()]


def _is_table_text(sentence: Sentence) -> bool:
    text = sentence.text
    cells, long_number, number_run = _TABLE_TEXT
    return bool(
        (text.count("\t") >= 2 and cells.search(text)) or long_number.search(text) or number_run.search(text)
    )


def _value(match: re.Match[str], rule: CountRule) -> int | float | None:
    value = parse_count(match.group("num"))
    if value is None:
        return None
    if rule.scale is not None:
        factor = rule.scale.get(match.groupdict().get("unit") or "", 1.0)
        value = value * factor
        if isinstance(value, float) and value.is_integer():
            value = int(value)
    return value


_HAS_NUMBER = re.compile(r"[\d零〇一二两三四五六七八九十百千万]")
_HAS_NEGATION = re.compile(r"[未没无尚均暂不免]")


def _counts_in(sentence: Sentence, clauses: Sequence[str]) -> Iterable[Statement]:
    context = f"{sentence.section} {sentence.subsection} {sentence.text}"
    for clause in clauses:
        if not _HAS_NUMBER.search(clause):
            continue
        seen: set[str] = set()
        for rule in _cued_rules(_cued_keys(clause)):
            if rule.key in seen:
                continue
            if rule.needs is not None and not rule.needs.search(context):
                continue
            if rule.forbids is not None and rule.forbids.search(clause):
                continue
            if rule.clause_needs is not None and not _meets_clause_needs(rule, clause, sentence):
                continue
            if rule.section is not None and not rule.section.search(
                f"{sentence.section} {sentence.subsection}"
            ):
                continue
            match = rule.pattern.search(clause)
            if match is None:
                continue
            if rule.forbids_before is not None and rule.forbids_before.search(clause[: match.end("num")]):
                continue
            before = clause[: match.start("num")]
            if CUMULATIVE.search(before) or _CELL_BEFORE.search(before):
                continue
            if rule.key == "fees_yuan" and not _about_disclosure_fees(clause, sentence):
                continue
            if is_slogan_numeral(clause, match.start("num"), match.end("num")):
                continue
            value = _value(match, rule)
            if value is None:
                continue
            channel = None
            if rule.key == "proactive_total":
                lead = _sentence_lead(sentence.text, clause, match.start("num"))
                if rule.weak and _PART_BEFORE.search(lead):
                    continue
                channel = _channel_of(_since_last_figure(lead))
            approximate = (bool(match.group("approx")) or bool(APPROX_BEFORE.search(before))
                           or bool(APPROX_AFTER_UNIT.match(clause, match.end())))
            seen.add(rule.key)
            yield Statement(
                rule.key, value, sentence.line, sentence.text, "count", approximate, sentence.start, rule.weak,
                channel,
            )
            if channel is not None:
                yield from _other_channels(sentence, clause[match.end() :], channel)


#: Another channel's count later in the same clause ("…门户网站发布信息1200条、政务微博300条").
_CHANNEL_COUNT = re.compile(rf"(?P<channel>{_CHANNEL.pattern})[^。；;，,\d]{{0,15}}?(?P<num>\d+)\s*条")


def _other_channels(sentence: Sentence, rest: str, channel: str) -> Iterable[Statement]:
    """Counts of other channels after a channel's proactive count in one clause: weak statements
    (never a total), so that several channels without a total give no total."""
    for found in _CHANNEL_COUNT.finditer(rest):
        if found.group("channel") != channel:
            value = int(found.group("num"))
            yield Statement("proactive_total", value, sentence.line, sentence.text, "count", False,
                            sentence.start, True, found.group("channel"))


def _sentence_lead(sentence: str, clause: str, within: int) -> str:
    """The sentence up to offset ``within`` of ``clause`` (the clause's first occurrence)."""
    at = sentence.find(clause)
    return clause[:within] if at < 0 else sentence[: at + within]


_FIGURE = re.compile(r"\d+\s*(?:条|件|个|份|项|篇|次)")


def _since_last_figure(lead: str) -> str:
    """The part of ``lead`` after the last figure it states (a channel named before an earlier
    figure belongs to that one)."""
    ends = [m.end() for m in _FIGURE.finditer(lead)]
    return lead[ends[-1] :] if ends else lead


def _channel_of(lead: str) -> str | None:
    """The channel named last in ``lead``, None when none is named."""
    found = _CHANNEL.findall(lead)
    return found[-1] if found else None


def _zeros_in(sentence: Sentence, clauses: Sequence[str]) -> Iterable[Statement]:
    for clause in clauses:
        if not _HAS_NEGATION.search(clause):
            continue
        for key, statement in _ZERO_STATEMENTS.items():
            forbids = _ZERO_FORBIDS.get(key)
            if forbids is not None and forbids.search(clause):
                continue
            if (
                key == "applications_new"
                and "此类申请" in clause
                and not _APPLICATION_SECTION.search(sentence.section)
            ):
                continue
            if key == "fees_yuan" and not _about_disclosure_fees(clause, sentence):
                continue
            if statement.search(clause):
                yield Statement(key, 0, sentence.line, sentence.text, "zero", start=sentence.start)
        for key, phrase in _ZERO_PHRASES:
            if phrase.search(clause):
                yield Statement(key, 0, sentence.line, sentence.text, "zero", start=sentence.start)


def find_statements(sentences: Sequence[Sentence]) -> list[Statement]:
    """Every count and stated zero in the prose, in document order (table rows are skipped)."""
    found: list[Statement] = []
    for sentence in sentences:
        if _is_table_text(sentence):
            continue
        clauses = _clauses(sentence.text)
        found.extend(_counts_in(sentence, clauses))
        found.extend(_zeros_in(sentence, clauses))
    return found


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _overall_counts(counts: Sequence[Statement]) -> list[Statement]:
    """Proactive counts that state the year's total, best first: those naming no channel (strong
    rules before weak); failing that, the counts of a single channel (a report publishing through
    one website). Counts of several channels and no total give nothing: one channel is not the total."""
    ranked = sorted(counts, key=lambda s: s.weak)
    overall = [s for s in ranked if s.channel is None]
    if overall:
        return overall
    return ranked if len({s.channel for s in ranked}) == 1 else []


def _channels_warning(statements: Sequence[Statement]) -> str:
    channels = "、".join(dict.fromkeys(s.channel or "" for s in statements if s.key == "proactive_total"))
    return f"{STAT_LABELS['proactive_total']}：报告只按渠道（{channels}）分别给出数字，未给出合计，不记录"


def decide(
    statements: Sequence[Statement], excerpt: Callable[[Statement], str] | None = None
) -> ProseReading:
    """One value per statistic: the first explicit count, else a stated zero; contradictions become checks.

    ``excerpt`` gives the evidence text of a statement (default: its normalised sentence);
    the extractor passes one that cuts the sentence out of the source's own characters.
    """
    show = excerpt or (lambda statement: statement.text)
    reading = ProseReading(stats={}, evidence={}, statements=list(statements))
    keys = list(dict.fromkeys(s.key for s in statements))
    for key in keys:
        found = [s for s in statements if s.key == key and s.kind == "count"]
        zeros = [s for s in statements if s.key == key and s.kind == "zero"]
        if key == "proactive_total":
            counts = _overall_counts(found)
            if not counts and not zeros:
                reading.warnings.append(_channels_warning(statements))
                continue
        else:
            counts = [s for s in found if not s.weak] or found[:1]
        chosen = counts[0] if counts else zeros[0]
        reading.stats[key] = chosen.value
        if chosen.weak or chosen.channel is not None:
            reading.tentative.add(key)
        reading.evidence[key] = {"line": chosen.line, "text": _shorten(show(chosen))}
        if chosen.approximate:
            reading.warnings.append(f"{STAT_LABELS[key]}：报告给出的是约数（{_shorten(chosen.text, 60)}），按所写数字记录")
        others = sorted({s.value for s in counts + zeros if s.value != chosen.value})
        if others and key != "proactive_total":
            conflict = next(s for s in counts + zeros if s.value in others)
            reading.checks.append(
                {
                    "rule": "prose_consistent",
                    "status": "fail",
                    "detail": (
                        f"{STAT_LABELS[key]}：第{chosen.line}行写 {chosen.value}（{_shorten(chosen.text, 40)}），"
                        f"第{conflict.line}行写 {conflict.value}（{_shorten(conflict.text, 40)}）"
                    ),
                }
            )
    return reading


def read_prose(
    sentences: Sequence[Sentence], excerpt: Callable[[Statement], str] | None = None
) -> ProseReading:
    """Statistics stated in the prose of a report."""
    return decide(find_statements(sentences), excerpt)
