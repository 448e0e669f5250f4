"""The two pages about the open data: 「数据下载」 (``data/``) and 「数据说明」 (``data/notes/``).

The download page lists every file :mod:`plugins.archive.downloads` publishes and documents the CSV
columns; the notes page explains every field, where it comes from in the official forms, null
versus 0, the checks and flags, how to cite, the licence and the corrections log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from build_scripts.schema import (
    CHECK_LABELS,
    FORM_LABELS,
    RECORD_KEYS,
    SCHEMA_VERSION,
    STAT_KEYS,
    STAT_LABELS,
)
from plugins.archive.corrections import Correction
from plugins.archive.datapackage import field_descriptor
from plugins.archive.downloads import RECORD_JSON, Download
from plugins.archive.export import COLUMNS
from plugins.archive.html import esc, link, scroll

DATA = "data/index.md"
NOTES = "data/notes.md"

#: Where each headline figure is printed in the official forms (``../shared/FORMATS.md``).
FORM_SOURCES: dict[str, str] = {
    "proactive_total": "2008版统计表 一（一）主动公开政府信息数；叙述体及2019/2021版报告正文中的主动公开总数",
    "applications_new": "2019/2021版表三 一、本年新收（总计栏）；2008版统计表 三（一）收到申请数；叙述体正文",
    "applications_carried_over": "2019/2021版表三 二、上年结转（总计栏）",
    "outcome_disclosed": "2019/2021版表三 三（一）予以公开（总计栏）；2008版统计表 三（三）同意公开",
    "outcome_partial": "2019/2021版表三 三（二）部分公开；2008版统计表 三（三）同意部分公开",
    "outcome_refused_total": "2019/2021版表三 三（三）不予公开各行之和；2008版统计表 三（三）不同意公开",
    "outcome_unable_total": "2019/2021版表三 三（四）无法提供各行之和；2008版统计表 不属于本行政机关公开、申请信息不存在之和",
    "outcome_not_processed_total": "2019/2021版表三 三（五）不予处理各行之和",
    "outcome_other_total": "2019/2021版表三 三（六）其他处理各行之和；2008版统计表 告知作出更改补充、告知通过其他途径办理之和",
    "outcome_total": "2019/2021版表三 三（七）总计；2008版统计表 三（三）申请答复数",
    "carried_forward": "2019/2021版表三 四、结转下年度继续办理",
    "reconsideration_total": "2019/2021版表四 行政复议 总计；2008版统计表 四、行政复议数量；叙述体正文",
    "litigation_total": "2019/2021版表四 未经复议直接起诉与复议后起诉的总计之和；2008版统计表 五、行政诉讼数量；叙述体正文",
    "fees_yuan": "2019版表三所附收费、2008版统计表 七、依申请公开信息收取的费用（万元折算为元）；叙述体正文。"
    "2021版第（八）项“行政事业性收费”是机关收取的行政事业性收费金额，不是信息公开费用",
}

#: The record's keys (JSON, ``record.json``, JSON Lines) and what they hold.
RECORD_FIELDS: dict[str, str] = {
    "title": "报告标题（原文印出的；没有标题时按机关和年份组成）",
    "agency": "发布机关，报告或清单写明的名称；未署名为 null",
    "year": "报告年度（不是发布年份）；不详为 null",
    "region": "省、市、县三级地区（province、city、county），不详为 null",
    "level": "机关层级：省级、市级、县级、乡镇、街道、部门",
    "form": "报告所用的官方格式：" + "、".join(f"{k}（{v}）" for k, v in FORM_LABELS.items()),
    "source": "原始文件：file（相对于 sources/）、sha256、url（原文网址）、format（txt/html/docx/pdf）、duplicate_of",
    "stats": "主要统计数字（见下表）；null = 报告未填报，0 = 报告写明为零",
    "evidence": "每个非空统计数字的出处：原文行号 line 和原句 text",
    "checks": "勾稽关系核对：rule（规则）、status（pass 一致 / fail 不一致 / not_assessable 无法核对）、detail（算式）",
    "tables": "从报告中读出的完整表格：标题、列名、各行的数值和原文行号",
    "warnings": "读取时无法判定、需要人工确认的问题",
    "chrome": "从正文中去掉的网页或爬虫附加内容（页眉、导航等）及其行号",
    "provenance": "agency、year、region、url 各项的来源：extracted（从报告读出）、manifest（清单更正）、missing（没有）",
    "schema_version": f"记录格式的版本（当前为 {SCHEMA_VERSION}；版本 2 把 template 改名为 form）",
    "derived": "（可选）报告未填总计而印出了各分项时，由分项相加得到的合计及所加的单元格；stats 中该项仍为 null",
}

#: Added to every record in the downloads (not part of the page's front matter).
EXPORT_FIELDS: dict[str, str] = {
    "page": "报告页面地址（相对于网站根目录）",
    "duplicate_of": "本条是另一份副本时，主副本的原始文件名；否则为 null",
    "cross_year_check": "与同一机关上年报告的结转核对：status 与 detail；无上年报告为 null",
}


@dataclass(frozen=True)
class Citation:
    """How to cite the archive, from ``CITATION.cff`` (and the site's address)."""

    title: str
    authors: str
    version: str
    url: str

    def text(self, year: str) -> str:
        parts = [f"{self.authors}（{year}）", f"《{self.title}》", f"数据版本 {self.version}" if self.version else ""]
        return "，".join(p for p in parts if p) + (f"，{self.url}" if self.url else "") + "。"


def citation_from(cff: Mapping[str, Any] | None, site_name: str, site_url: str) -> Citation:
    cff = cff or {}
    authors = "、".join(
        str(a.get("name") or " ".join(filter(None, (a.get("family-names"), a.get("given-names")))))
        for a in cff.get("authors") or ()
        if isinstance(a, Mapping)
    )
    return Citation(
        title=str(cff.get("title") or site_name),
        authors=authors or site_name,
        version=str(cff.get("version") or ""),
        url=str(cff.get("url") or site_url or ""),
    )


def _size(content: bytes) -> str:
    size = len(content)
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def _file_link(href: str, item: Download) -> str:
    name = item.src_uri.rsplit("/", 1)[-1]
    return f"{link(href, name, download='')}（{item.rows} 行，{_size(item.content)}）"


def columns_table() -> str:
    rows = []
    for name, meaning in COLUMNS:
        field = field_descriptor(name, meaning)
        rows.append(
            f"<tr><td><code>{esc(name).replace('_', '_<wbr>')}</code></td><td>{esc(field['type'])}</td>"
            f"<td>{esc(field.get('unit', ''))}</td><td>{esc(meaning)}</td></tr>"
        )
    return scroll(
        '<table class="archive-table archive-columns"><thead><tr><th scope="col">列名</th><th scope="col">类型</th>'
        f'<th scope="col">单位</th><th scope="col">含义</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def data_page(
    downloads: Sequence[Download], href: Mapping[str, str], *, reports: int, copies: int, limit_mb: int
) -> str:
    """``data/index.md``: every download (``href`` maps a file's ``src_uri`` to its link from this page).

    ``reports`` counts each report once; the files have one row per page, ``copies`` more than that.
    """
    whole = [d for d in downloads if d.scope == "all"]
    years = [d for d in downloads if d.scope == "year"]
    provinces = [d for d in downloads if d.scope == "province"]
    copies_note = (
        f"文件中另有 {copies} 行是同一报告的另一副本（<code>duplicate_of</code> 非空），计数、求和前请排除。"
        if copies
        else ""
    )
    all_items = "".join(f"<li>{_file_link(href[d.src_uri], d)}</li>" for d in whole)
    if not any(d.src_uri.endswith(".jsonl") for d in whole):
        all_items += f"<li>全部记录合成一个文件会超过 {limit_mb} MB，请按年度下载。</li>"
    by_label: dict[str, list[Download]] = {}
    for d in years:
        by_label.setdefault(d.label, []).append(d)
    year_rows = "".join(
        f"<tr><th scope=\"row\">{esc(label)}</th><td>{'<br>'.join(_file_link(href[d.src_uri], d) for d in items)}</td></tr>"
        for label, items in by_label.items()
    )
    province_items = "".join(f"<li>{esc(d.label)}：{_file_link(href[d.src_uri], d)}</li>" for d in provinces)
    sections = [
        "---\ntitle: 数据下载\n---\n",
        "# 数据下载\n",
        f"<p>全部 {reports} 份报告的结构化数据，以 CC BY 4.0 许可发布，可自由下载使用。{copies_note}"
        f"每个文件不超过 {limit_mb} MB；网站页面不加载这些文件。字段、来源、空值和核对的含义见"
        f"{link(href[NOTES], '数据说明')}。</p>",
        "## 全部记录\n",
        '<ul class="archive-downloads">' + all_items + "</ul>",
        "<p><code>.csv</code>：每份报告一行；UTF-8（带 BOM，可直接用 Excel、WPS 打开）；空单元格表示报告未填报，0 表示报告写明为零；"
        "以 <code>'</code> 开头的文本是为防止电子表格把它当作公式执行而加的前缀。"
        "<code>.json</code>/<code>.jsonl</code>/<code>.jsonl.gz</code>（gzip 压缩的 JSON Lines）：每份报告的完整记录（含统计表、原文依据、核对结果、待确认事项），"
        "外加 <code>page</code>、<code>duplicate_of</code>（副本的主副本原始文件名，否则为 null）与"
        " <code>cross_year_check</code>；JSON Lines 每行一份报告。</p>",
        "## 按年度\n",
        scroll(f'<table class="archive-table archive-download-years"><tbody>{year_rows}</tbody></table>'),
        "## 按省份\n",
        f'<ul class="archive-downloads">{province_items}</ul>' if provinces else "<p>暂无地区已知的报告。</p>",
        "## 单份报告\n",
        f"<p>每份报告页面旁有该报告的完整记录 <code>reports/&lt;机关&gt;/&lt;年度&gt;/{RECORD_JSON}</code>，"
        "报告页面的统计面板中有链接。</p>",
        "## 数据包\n",
        f"<p>{link(href['data/datapackage.json'], 'datapackage.json', download='')}："
        "<a href=\"https://frictionlessdata.io/\">Frictionless Data Package</a> 描述文件，列出本页全部 CSV 及其表结构"
        "（字段名、类型、单位、空值含义）。可用 <code>frictionless validate datapackage.json</code> 校验。</p>",
        "## CSV 列说明\n",
        columns_table(),
        "<p>各年度页面和地区页面也提供只含该年度、该地区报告的同格式 CSV（不含副本）。</p>",
    ]
    return "\n\n".join(sections) + "\n"


def _value(value: Any) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, Mapping):
        return "，".join(f"{k}: {_value(v)}" for k, v in value.items() if v is not None) or "（无）"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def corrections_html(log: Sequence[Correction] | None, current: Mapping[str, Mapping[str, Any]]) -> str:
    """The corrections log as HTML: one item per commit of the manifest, newest first."""
    if log is None:
        items = "".join(
            f"<li><code>{esc(name)}</code>：{esc('；'.join(f'{k} = {_value(v)}' for k, v in sorted(values.items())))}</li>"
            for name, values in sorted(current.items())
        )
        return (
            "<p>构建时没有完整的 git 历史（没有 git、不在 git 仓库中或是浅克隆），无法列出更正的日期和原因；以下是清单中现有的更正。</p>"
            f'<ul class="archive-corrections">{items}</ul>'
        )
    if not log:
        return "<p>清单尚无更正。</p>"
    entries = []
    for item in log:
        if not item.readable:
            body = "<p>这一版清单无法读取（转换时会报告其错误）。</p>"
        else:
            body = "".join(
                f"<li><code>{esc(c.file)}</code> 的 <code>{esc(c.field)}</code>：{esc(_value(c.before))} → "
                f"{esc(_value(c.after))}</li>"
                for c in item.changes
            )
            body = f"<ul>{body}</ul>" if body else "<p>（只改了注释或格式）</p>"
        entries.append(
            f'<li data-commit="{esc(item.commit[:12])}"><strong>{esc(item.date)}</strong>　{esc(item.reason)}{body}</li>'
        )
    return f'<ol class="archive-corrections">{"".join(entries)}</ol>'


def notes_page(
    citation: Citation, log: Sequence[Correction] | None, current: Mapping[str, Mapping[str, Any]], year: str
) -> str:
    """``data/notes.md``: 数据说明, in Chinese with an English summary."""
    stat_rows = "".join(
        f"<tr><td><code>{esc(key).replace('_', '_<wbr>')}</code></td><td>{esc(STAT_LABELS[key])}</td>"
        f"<td>{esc(field_descriptor(key, '').get('unit', ''))}</td><td>{esc(FORM_SOURCES[key])}</td></tr>"
        for key in STAT_KEYS
    )
    record_rows = "".join(
        f"<tr><td><code>{esc(key)}</code></td><td>{esc(meaning)}</td></tr>"
        for key, meaning in [*((k, RECORD_FIELDS[k]) for k in (*RECORD_KEYS, "derived")), *EXPORT_FIELDS.items()]
    )
    rules = "".join(f"<li><code>{esc(rule)}</code>：{esc(label)}</li>" for rule, label in CHECK_LABELS.items())
    cite = citation.text(year)
    sections = [
        "---\ntitle: 数据说明\n---\n",
        "# 数据说明\n",
        "<p>本页说明本档案数据的每个字段、它在官方报告格式中的出处、空值与零的区别、一致性核对和标记、"
        "引用方式、许可和更正记录。下载见“数据下载”页面。</p>",
        "## 主要统计数字\n",
        "<p>每份报告的主要统计数字（CSV 中的同名列、JSON 中的 <code>stats</code>）。"
        "出处按国务院办公厅发布的报告格式：2008版《政府信息公开情况统计表》、2019版（国办公开办函〔2019〕60号）"
        "和2021版（国办公开办函〔2021〕30号）表格，以及不用表格的叙述体报告。</p>",
        scroll(
            '<table class="archive-table archive-fields"><thead><tr><th scope="col">字段</th><th scope="col">名称</th>'
            f'<th scope="col">单位</th><th scope="col">出处</th></tr></thead><tbody>{stat_rows}</tbody></table>'
        ),
        "<p>2019版和2021版中名称相近的项目含义不同（例如第（八）项），不应跨格式直接比较。</p>",
        "## 记录的全部字段\n",
        scroll(
            '<table class="archive-table archive-fields"><thead><tr><th scope="col">字段</th><th scope="col">含义</th>'
            f"</tr></thead><tbody>{record_rows}</tbody></table>"
        ),
        "## 空值不是零\n",
        "<p><strong>空（CSV 空单元格，JSON 中的 null）表示「未填报」</strong>：报告没有写这个数字，或程序无法可靠判定"
        "（此时记录的 <code>warnings</code> 说明原因）。只有报告明确写了“0”“未发生”“未收到”“没有”“无”时才记为 0。"
        "表格中空白、“/”、“—”的单元格是空值。统计、求和时请把空值当作缺失，不要当作 0。</p>",
        "## 核对与标记\n",
        "<p>每份报告按官方表格印明和隐含的勾稽关系逐项核对，结果为一致（pass）、不一致（fail）或无法核对"
        "（not_assessable），附算式。报告自相矛盾时数字照原样保留，不作修正。核对规则：</p>",
        f"<ul>{rules}</ul>",
        "<p>CSV 中 <code>checks_failed</code> 是未通过的核对项数，<code>checks_failed_rules</code> 列出其规则；"
        "<code>cross_year</code> 是与同一机关上年报告的结转核对。网站上，被未通过的核对牵涉到的数字带有 ⚠ 标记（报告自相矛盾）；"
        "报告未填总计而印出了各分项时，页面显示由分项相加的「合计（按分项计算）」，数据中该项仍为空，"
        "计算结果和所加的单元格在 JSON 的 <code>derived</code> 中。</p>",
        "## 如何引用\n",
        f'<blockquote class="archive-citation"><p>{esc(cite)}</p></blockquote>',
        "<p>仓库中的 <code>CITATION.cff</code> 给出同样的引用信息（GitHub 的“Cite this repository”按钮读取它）。"
        "引用某一份报告时，请同时注明发布机关、报告标题和原文网址（报告页面上有）。</p>",
        "## 许可\n",
        "<p><strong>提取的数据</strong>（本站的 CSV、JSON、JSON Lines、每份报告的 <code>record.json</code>，以及统计面板、"
        "汇总表和核对结果）以 "
        '<a href="https://creativecommons.org/licenses/by/4.0/deed.zh-hans">知识共享 署名 4.0 国际许可协议（CC BY 4.0）</a>'
        " 发布：可以自由使用、改编和再发布，须署名本档案并注明修改。</p>"
        "<p><strong>报告原文</strong>不在此许可之内：各份年度报告是各级行政机关依《中华人民共和国政府信息公开条例》"
        "公开发布的政府文件，本档案为便于查阅而原样转载（正文转写和原始文件副本），注明发布机关，并在已知时附原文网址；"
        "相关权利归原发布机关，权威文本以原发布网站为准。</p>",
        "## 更正记录\n",
        "<p>报告没写明或写错的机关、年份、地区、原文网址，维护者在 <code>sources/manifest.yaml</code> 中更正。"
        "下表由该文件的版本历史在构建时生成：日期是提交日期，原因是提交说明，逐项列出改动的文件和字段（最近的在前）。"
        "更正时请在提交说明中写明原因。</p>",
        corrections_html(log, current),
        "## English summary\n",
        "<p>Each row of the CSV downloads (each object of the JSON and JSON Lines files) is one annual report: its "
        "agency, year, region, level, form (the official template it follows: the 2008 statistics table, the 2019 or "
        "the 2021 tables, or free prose), fourteen headline figures with units, the consistency checks it failed, and "
        "its original file with SHA-256. <strong>An empty cell (null) means the report did not state the figure; 0 "
        "means it stated zero.</strong> Figures are kept as printed even when the report contradicts itself; failed "
        "checks are listed, and totals the site computes from printed parts stay null in the data (they are in "
        "<code>derived</code>). Text cells that would start a spreadsheet formula get a leading <code>'</code>. "
        "The data are licensed CC BY 4.0 (cite as above or with <code>CITATION.cff</code>); the reproduced report "
        "texts are official government documents republished with their source links, not covered by that licence. "
        "The corrections log above is generated from the history of <code>sources/manifest.yaml</code>.</p>",
    ]
    return "\n\n".join(sections) + "\n"
