"""The official table forms: their rows, columns and the words that find them.

Patterns are written for text normalised by :mod:`build_scripts.inputs.normalize` and are
compiled so that any whitespace may sit between two characters (web pages and PDF
extraction break labels: "本年度办 理结果", "社会公益 组织"). Every row pattern
carries the form's own item number as an optional prefix ("2." / "2、" / "（二）"),
so that digits glued to the front of a label are never taken for a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

_CN_ITEMS = "一二三四五六七八九十"


@cache
def loose(words: str) -> str:
    """Regex source matching ``words`` with optional whitespace between characters.

    Inside ``words``: "|" separates alternatives, "?" after a character makes it optional,
    "（" and "）" match either width of bracket.
    """
    alternatives = []
    for alternative in words.split("|"):
        atoms: list[list] = []
        for ch in alternative:
            if ch == "?" and atoms:
                atoms[-1][1] = True
                continue
            atoms.append([_atom(ch), False])
        source = ""
        for index, (atom, optional) in enumerate(atoms):
            piece = atom if index == 0 else rf"\s*{atom}"
            source += f"(?:{piece})?" if optional else piece
        alternatives.append(source)
    return "(?:" + "|".join(alternatives) + ")"


def _atom(ch: str) -> str:
    if ch == "（":
        return "[（(]"
    if ch == "）":
        return "[）)]"
    if ch in "、.":
        return "[、.．]"
    if ch in "：:":
        return "[:：]"
    return re.escape(ch)


def item_prefix(number: int, style: str = "arabic") -> str:
    """Optional item-number prefix: "3." / "3、" (arabic) or "（三）" / "三、" (chinese)."""
    if style == "arabic":
        return rf"(?:{number}\s*[.、．]\s*)?"
    cn = _CN_ITEMS[number - 1]
    return rf"(?:[（(]\s*{cn}\s*[）)]\s*|{cn}\s*[、.．]\s*)?"


@dataclass(frozen=True)
class RowSpec:
    """One row of a form: a stable key, its display label and how to find it."""

    key: str
    label: str
    pattern: str

    def compiled(self) -> re.Pattern[str]:
        return compiled(self.pattern)


@dataclass(frozen=True)
class FormSpec:
    """A table form: its name, title, value columns and rows (in printed order)."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[RowSpec, ...]
    boundaries: tuple[str, ...] = field(default=())


@cache
def compiled(source: str) -> re.Pattern[str]:
    """Cached ``re.compile`` (patterns are built from the forms' words on every read)."""
    return re.compile(source)


def _row(key: str, label: str, words: str, number: int | None = None, style: str = "arabic") -> RowSpec:
    prefix = item_prefix(number, style) if number is not None else ""
    return RowSpec(key=key, label=label, pattern=prefix + loose(words))


# ---------------------------------------------------------------- 表三 (applications)

APPLICANT_COLUMNS: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

#: The 表三 outcome groups that have numbered sub-rows, by row-key prefix, with their printed labels.
APPLICATION_GROUPS: dict[str, str] = {
    "refused": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
_REFUSED, _UNABLE, _NOT_PROCESSED, _OTHER = APPLICATION_GROUPS.values()


def _application_rows(year: int) -> tuple[RowSpec, ...]:
    rows = [
        _row("new", "一、本年新收政府信息公开申请数量", "本年新收", 1, "chinese"),
        _row("carried_over", "二、上年结转政府信息公开申请数量", "上年结转", 2, "chinese"),
        _row("disclosed", "（一）予以公开", "予以公开", 1, "chinese"),
        _row("partial", "（二）部分公开", "部分公开（区分处理的?，?只计这一情形，?不计其他情形）?|部分公开", 2,
             "chinese"),
    ]
    refused = ["属于?国家秘密", "其他法律行政法规禁止公开|法律行政法规禁止公开", "危及", "保护第三方合法权益|第三方合法权益",
               "属于?三类内部事务信息?", "属于?四类过程性信?息?", "属于?行政执法案卷", "属于?行政查询事项"]
    labels = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
              "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
    for i, (words, label) in enumerate(zip(refused, labels, strict=True), 1):
        rows.append(_row(f"refused_{i}", f"{_REFUSED} {label}", words, i))
    unable = [("本机关不掌握相关?政府信息|本机关不掌握", "1.本机关不掌握相关政府信息"),
              ("没有现成信息需要另行制作|没有现成信息", "2.没有现成信息需要另行制作"),
              ("补正后申请内容仍不明确|补正后", "3.补正后申请内容仍不明确")]
    for i, (words, label) in enumerate(unable, 1):
        rows.append(_row(f"unable_{i}", f"{_UNABLE} {label}", words, i))
    not_processed = [("信访举报投诉类申请|信访举报投诉", "1.信访举报投诉类申请"), ("重复申请", "2.重复申请"),
                     ("要求提供公开出版物|公开出版物", "3.要求提供公开出版物"),
                     ("无正当理由大量反复申请|大量反复申请", "4.无正当理由大量反复申请"),
                     ("要求行政机关确认或重新出具已获取信息|重新出具", "5.要求行政机关确认或重新出具已获取信息")]
    for i, (words, label) in enumerate(not_processed, 1):
        rows.append(_row(f"not_processed_{i}", f"{_NOT_PROCESSED} {label}", words, i))
    if year == 2021:
        other = [("申请人无正当理由逾期不补正、?行政机关不再处理其政府信息公开申请|逾期不补正",
                  "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                 ("申请人逾期未按收费通知要求缴纳费用、?行政机关不再处理其政府信息公开申请|逾期未按收费通知",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                 ("其他", "3.其他")]
        for i, (words, label) in enumerate(other, 1):
            rows.append(_row(f"other_{i}", f"{_OTHER} {label}", words, i))
    else:
        rows.append(_row("other", _OTHER, "其他处理", 6, "chinese"))
    rows.append(_row("total", "（七）总计", "总计", 7, "chinese"))
    rows.append(_row("carried_forward", "四、结转下年度继续办理", "结转下年度继续办理|结转下年度", 4, "chinese"))
    return tuple(rows)


#: Headings inside 表三 that carry no values but end the previous row's cells.
APPLICATION_BOUNDARIES: tuple[str, ...] = (
    item_prefix(3, "chinese") + loose("本年度办理结果"),
    item_prefix(3, "chinese") + loose("不予公开"),
    item_prefix(4, "chinese") + loose("无法提供"),
    item_prefix(5, "chinese") + loose("不予处理"),
)
OTHER_GROUP_HEADING = item_prefix(6, "chinese") + loose("其他处理")

APPLICATIONS_2019 = FormSpec("applications", "收到和处理政府信息公开申请情况", APPLICANT_COLUMNS,
                             _application_rows(2019), APPLICATION_BOUNDARIES)
APPLICATIONS_2021 = FormSpec("applications", "收到和处理政府信息公开申请情况", APPLICANT_COLUMNS,
                             _application_rows(2021), (*APPLICATION_BOUNDARIES, OTHER_GROUP_HEADING))

#: The 表三 outcome groups （一）…（六） as row-key prefixes (``refused_3`` is a row of ``refused``).
OUTCOME_GROUPS: tuple[str, ...] = ("disclosed", "partial", "refused", "unable", "not_processed", "other")


def in_group(key: str, group: str) -> bool:
    """Whether the 表三 row ``key`` is ``group`` or one of its numbered sub-rows."""
    return key == group or key.startswith(group + "_")


# ---------------------------------------------------------------- 表四 (review and litigation)

REVIEW_BLOCKS: tuple[str, ...] = ("行政复议", "未经复议直接起诉", "复议后起诉")
REVIEW_PARTS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_COLUMNS: tuple[str, ...] = tuple(f"{block} {part}" for block in REVIEW_BLOCKS for part in REVIEW_PARTS)
REVIEW_TITLE = "政府信息公开行政复议、行政诉讼情况"

# ---------------------------------------------------------------- 表二 (第二十条)


@dataclass(frozen=True)
class Article20Item:
    """One 第二十条 sub-table: its item, column names and rows."""

    item: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]  # (row name, pattern words)


ARTICLE20_2019: tuple[Article20Item, ...] = (
    Article20Item("第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
                  (("规章", "规章"), ("规范性文件", "规范性文件"))),
    Article20Item("第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
                  (("行政许可", "行政许可"), ("其他对外管理服务事项", "其他对外管理服务事项"))),
    Article20Item("第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
                  (("行政处罚", "行政处罚"), ("行政强制", "行政强制"))),
    Article20Item("第（八）项", ("上一年项目数量", "本年增/减"), (("行政事业性收费", "行政事业性收费"),)),
    Article20Item("第（九）项", ("采购项目数量", "采购总金额"), (("政府集中采购", "政府集中采购"),)),
)
ARTICLE20_2021: tuple[Article20Item, ...] = (
    Article20Item("第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
                  (("规章", "规章"), ("行政规范性文件", "行政规范性文件|规范性文件"))),
    Article20Item("第（五）项", ("本年处理决定数量",), (("行政许可", "行政许可"),)),
    Article20Item("第（六）项", ("本年处理决定数量",), (("行政处罚", "行政处罚"), ("行政强制", "行政强制"))),
    Article20Item("第（八）项", ("本年收费金额（单位：万元）",), (("行政事业性收费", "行政事业性收费"),)),
)
ARTICLE20_TITLE = "主动公开政府信息情况"

#: The two rows only the 2021 表三 prints under （六）其他处理.
OVERDUE_ROWS_2021: tuple[str, ...] = ("逾期不补正", "逾期未按收费通知")
#: Labels only one of the two templates prints; ``extract.decide_template`` also looks for them
#: in a report's whole text when no table was read.
LABELS_2021: tuple[str, ...] = ("本年制发件数", "本年废止件数", "现行有效件数", *OVERDUE_ROWS_2021)
LABELS_2019: tuple[str, ...] = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
#: Words only one of the two templates prints (the contents decide the template, never the year).
#: The labels plus words looked for only inside the tables (政府集中采购 may occur in a sentence).
MARKERS_2021: tuple[str, ...] = (*LABELS_2021, "本年收费金额")
MARKERS_2019: tuple[str, ...] = (*LABELS_2019, "政府集中采购", "采购总金额", "采购项目数量")

# ---------------------------------------------------------------- 统计表 (2008 template)

STATISTICS_TITLE = "政府信息公开情况统计表"
STATISTICS_HEADER = loose("统计指标|指标名称")
NATIONAL_COLUMNS: tuple[str, ...] = ("统计数",)
LOCAL_COLUMNS: tuple[str, ...] = ("本年度", "历年累计")

#: (key, label, pattern words). Rows of the national form and of the local (Fujian-style) variants;
#: a report prints a subset in its own order, so they are found by position, not by sequence.
STATISTICS_ROWS: tuple[tuple[str, str, str], ...] = (
    ("proactive", "主动公开政府信息数", "主动公开政府信息数|主动公开信息数|主动公开文件数"),
    ("proactive_normative", "主动公开规范性文件数", "主动公开规范性文件数"),
    ("normative_issued", "制发规范性文件总数", "制发规范性文件总数"),
    ("gazette", "政府公报公开政府信息数", "政府公报公开政府信息数|政府公报公开数?"),
    ("website", "政府网站公开政府信息数", "政府网站公开政府信息数|政府网站公开数|网站公开"),
    ("weibo", "政务微博公开政府信息数", "政务微博公开政府信息数"),
    ("weixin", "政务微信公开政府信息数", "政务微信公开政府信息数"),
    ("other_channels", "其他方式公开政府信息数", "其他方式公开政府信息数"),
    ("hotspots", "回应公众关注热点或重大舆情数", "回应公众关注热点或重大舆情数"),
    ("press_conferences", "参加或举办新闻发布会总次数", "参加或举办新闻发布会总次数"),
    ("press_conferences_leaders", "主要负责同志参加新闻发布会次数", "主要负责同志参加新闻发布会次数"),
    ("interviews", "政府网站在线访谈次数", "政府网站在线访谈次数"),
    ("interviews_leaders", "主要负责同志参加政府网站在线访谈次数", "主要负责同志参加政府网站在线访谈次数"),
    ("interpretations", "政策解读稿件发布数", "政策解读稿件发布数"),
    ("weibo_responses", "微博微信回应事件数", "微博微信回应事件数"),
    ("other_responses", "其他方式回应事件数", "其他方式回应事件数"),
    ("applications", "收到申请数", "收到申请数|受理依申请公开信息总数|受理政府信息依申请公开总数"),
    ("channel_in_person", "当面申请数", "当面申请数"),
    ("channel_fax", "传真申请数", "传真申请数"),
    ("channel_online", "网络申请数", "网络申请数|网上申请数"),
    ("channel_email", "电子邮件申请数", "电子邮件申请数"),
    ("channel_letter", "信函申请数", "信函申请数"),
    ("channel_letter_fax", "信函、传真申请数", "信函、?传真申请数"),
    ("channel_other", "其它形式申请数", "其它形式申请数|其他形式申请数"),
    ("concluded", "申请办结数", "申请办结数"),
    ("concluded_on_time", "按时办结数", "按时办结数"),
    ("concluded_extended", "延期办结数", "延期办结数"),
    ("answers", "申请答复数", "申请答复数|对申请的答复总?数"),
    ("answer_already_public", "属于已主动公开范围数", "属于已主动公开范围数"),
    ("answer_disclosed", "同意公开答复数", "同意公开答复数"),
    ("answer_partial", "同意部分公开答复数", "同意部分公开答复数"),
    ("answer_refused", "不同意公开答复数", "不同意公开答复数|否决公开答复数|不予公开答复数"),
    ("refused_state_secret", "涉及国家秘密", "涉及国家秘密"),
    ("refused_commercial_secret", "涉及商业秘密", "涉及商业秘密"),
    ("refused_privacy", "涉及个人隐私", "涉及个人隐私"),
    ("refused_security", "危及国家安全、公共安全、经济安全和社会稳定", "危及国家安全、?公共安全、?经济安全和社会稳定"),
    ("refused_not_government_information", "不是《条例》所指政府信息", "不是《条例》所指政府信息"),
    ("refused_other_law", "法律法规规定的其他情形", "法律法规规定的其他情形"),
    ("answer_not_this_organ", "不属于本行政机关公开数", "不属于本行政机关公开数"),
    ("answer_not_exist", "申请信息不存在数", "申请信息不存在数"),
    ("answer_change", "告知作出更改补充数", "告知作出更改补充数"),
    ("answer_other_route", "告知通过其他途径办理数", "告知通过其他途径办理数"),
    ("answer_other_type", "其他类型答复数", "其他类型答复数"),
    ("fee_waivers", "政府信息公开收费减免金额", "政府信息公开收费减免金额|收费减免金额"),
    ("review", "行政复议数量", "行政复议数量?"),
    ("review_upheld", "行政复议 维持具体行政行为数", "维持具体行政行为数"),
    ("litigation", "行政诉讼数量", "行政诉讼数量?"),
    ("litigation_upheld", "行政诉讼 维持具体行政行为或者驳回原告诉讼请求数", "维持具体行政行为或者驳回原告诉讼请求数"),
    ("complaints", "举报投诉数量", "举报投诉数量|接受行政申诉、?举报数|接受行政诉讼、?举报数|行政申诉、?举报数|行政申诉数"),
    ("fees", "依申请公开信息收取的费用", "依申请公开信息收取的费用"),
)
#: Rows whose label repeats under both 行政复议 and 行政诉讼: told apart by the heading they follow.
STATISTICS_REPEATED: tuple[tuple[str, str], ...] = (
    ("corrected", "被依法纠错数"),
    ("other_cases", "其他情形数"),
)
#: Parent rows and the rows that must add up to them (per column).
STATISTICS_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("applications", ("channel_in_person", "channel_fax", "channel_online", "channel_email", "channel_letter",
                      "channel_letter_fax", "channel_other")),
    ("answers", ("answer_already_public", "answer_disclosed", "answer_partial", "answer_refused",
                 "answer_not_this_organ", "answer_not_exist", "answer_change", "answer_other_route",
                 "answer_other_type")),
    ("proactive", ("website", "gazette")),
    ("review", ("review_upheld", "review_corrected", "review_other_cases")),
    ("litigation", ("litigation_upheld", "litigation_corrected", "litigation_other_cases")),
)
UNIT_WORDS = ("万元", "元", "条", "件", "次", "篇", "个", "项", "人次", "份", "人", "期")
