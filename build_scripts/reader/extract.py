"""Report text → record (the front matter of DESIGN.md).

The pipeline: normalise (for matching only) → drop page chrome → metadata → sentences in
their sections → prose statements → tables → template → merged statistics → checks.
Evidence always quotes the source's own characters, never the normalised ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from functools import cache
from typing import Any

from build_scripts.inputs.chrome import chrome_span_entries, crawler_url, find_chrome
from build_scripts.inputs.normalize import normalize_line, normalize_text
from build_scripts.inputs.several_reports import several_reports_warning
from build_scripts.inputs.source_text import SourceText
from build_scripts.reader.checks import implausible_values, run_checks
from build_scripts.reader.metadata import Metadata, read_metadata
from build_scripts.reader.narrative import ProseReading, Statement, read_prose
from build_scripts.reader.regions import resolve_region
from build_scripts.reader.sections import line_starts, split_sentences
from build_scripts.reader.tables.cells import markdown_row_as_tabs
from build_scripts.reader.tables.forms import LABELS_2019, LABELS_2021
from build_scripts.reader.tables.read import TableReading, read_tables
from build_scripts.schema import STAT_KEYS, new_record

#: Words only a 2021-template report prints: its table labels, the notice that set the template.
_MARKS_2021 = re.compile("|".join(map(re.escape, (*LABELS_2021, "国办公开办函〔2021〕30号"))))
#: Words only a 2019-template report prints.
_MARKS_2019 = re.compile("|".join(map(re.escape, (*LABELS_2019, "国办公开办函〔2019〕60号"))))
#: The 2019/2021 six-section headings (三、… 四、…) that replace the 统计表.
_SIX_SECTIONS = re.compile(r"收到和处理政府信息公开申请情况")
_SIX_SECTIONS_2 = re.compile(r"政府信息公开行政复议、?行政诉讼情况")
#: Rows of a pre-2019 统计表.
_MARKS_2008 = re.compile(
    r"统计表|统计指标|指标名称|计量单位|收到申请数|申请答复数|对申请的答复总?数|受理依申请公开信息总数|主动公开(?:政府)?(?:信息|文件)数"
)
_MIN_2008_MARKS = 2


@cache
def _normalised_length(char: str) -> int:
    return len(normalize_line(char))


def offset_map(source_line: str) -> list[int]:
    """For each character of the normalised line, the index of its source character.

    Normalisation changes characters one for one except that it drops zero-width
    characters, so the offsets are mapped character by character.
    """
    mapping: list[int] = []
    for index, char in enumerate(source_line):
        mapping.extend([index] * _normalised_length(char))
    return mapping


def _source_excerpt(source_line: str, mapping: list[int] | None, start: int, length: int) -> str:
    """The part of ``source_line`` that normalises to ``normalised[start:start+length]``
    (``mapping`` from :func:`offset_map`, or None when the offsets are equal)."""
    if mapping is None or start >= len(mapping):
        return source_line[start : start + length]
    begin = mapping[start]
    end_index = start + length - 1
    end = mapping[end_index] + 1 if end_index < len(mapping) else len(source_line)
    return source_line[begin:end]


def _excerpter(
    source_lines: Sequence[str], normalised_lines: Sequence[str], normalised: str
) -> Callable[[Statement], str]:
    """Evidence text of a statement, cut from the source line (not the normalised one)."""
    starts = line_starts(normalised)
    maps: dict[int, list[int] | None] = {}

    def excerpt(statement: Statement) -> str:
        index = statement.line - 1
        if index not in maps:
            same = len(normalised_lines[index]) == len(source_lines[index])
            maps[index] = None if same else offset_map(source_lines[index])
        within = statement.start - starts[index]
        return _source_excerpt(source_lines[index], maps[index], within, len(statement.text)).strip()

    return excerpt


def decide_template(text: str, year: int | None, warnings: list[str]) -> str:
    """The format family from the words the report prints (and, for the six-section layout
    without its tables, from the reporting year: 2019/2020 → table2019, 2021+ → table2021)."""
    if _MARKS_2021.search(text):
        return "table2021"
    if _MARKS_2019.search(text):
        return "table2019"
    if _SIX_SECTIONS.search(text) and _SIX_SECTIONS_2.search(text):
        if year is None:
            warnings.append("模板不确定：报告按2019年后的六部分格式编写，但年度不详，按2019版记录")
            return "table2019"
        return "table2021" if year >= 2021 else "table2019"
    if len(set(_MARKS_2008.findall(text))) >= _MIN_2008_MARKS:
        return "table2008"
    return "narrative"


def _chrome_entries(source_lines: Sequence[str], indexes: Collection[int]) -> list[dict[str, Any]]:
    """``record["chrome"]`` entries ``{line, text}`` of whole chrome lines (lines count from 1)."""
    return [{"line": i + 1, "text": source_lines[i]} for i in sorted(indexes)]


def _blank_spans(lines: Sequence[str], spans: Sequence[dict[str, Any]], fold: bool) -> list[str]:
    """``lines`` with the partial chrome ``spans`` (``{line, text, part}``) overwritten by spaces of the
    same length, so positions in a line stay where they were; ``fold`` matches on normalised text."""
    out = list(lines)
    for span in spans:
        index, text = span["line"] - 1, normalize_line(span["text"]) if fold else span["text"]
        line = out[index]
        stripped = line.strip()
        if span["part"] == "start" and stripped.startswith(text):
            at = line.index(stripped)
        elif span["part"] == "end" and stripped.endswith(text):
            at = line.index(stripped) + len(stripped) - len(text)
        else:
            continue
        out[index] = line[:at] + " " * len(text) + line[at + len(text) :]
    return out


#: Statistics that prose may state for a report whose tables were read: the tables carry no
#: yearly proactive total (2019+) and often no fee row. The 表三 outcome breakdown and the
#: carry-over figures are defined by the form's categories; a prose summary of them
#: ("不予公开35件") is compared with the table by the checks, never substituted for a row the
#: table prints (blank or not) — it fills only a statistic whose row the tables do not print at all.
PROSE_FILLS_TABLE_TEMPLATE: tuple[str, ...] = (
    "proactive_total",
    "applications_new",
    "reconsideration_total",
    "litigation_total",
    "fees_yuan",
)


def _tables_found(reading: TableReading) -> bool:
    """The report prints its statistics tables: values were read, or rows were found whose
    cells could not be decided (a flattened row that splits no way or several ways)."""
    if any(value is not None for value in reading.stats.values()):
        return True
    return reading.undecided


def merge_stats(record: dict[str, Any], reading: TableReading, prose: ProseReading) -> None:
    """Table values win; prose fills what the tables leave None (see PROSE_FILLS_TABLE_TEMPLATE) and
    what they do not print at all (a 结转下年度 or 办理结果 row missing from a partial table)."""
    tables_read = record["form"] != "narrative" and _tables_found(reading)
    for key in STAT_KEYS:
        value = reading.stats.get(key)
        if value is not None:
            record["stats"][key] = value
            if key in reading.evidence:
                record["evidence"][key] = reading.evidence[key]
            continue
        if key in prose.stats and (not tables_read or key in PROSE_FILLS_TABLE_TEMPLATE or key not in reading.stats):
            record["stats"][key] = prose.stats[key]
            record["evidence"][key] = prose.evidence[key]


def _metadata_into(record: dict[str, Any], meta: Metadata, body: str) -> None:
    record["title"] = meta.title
    record["agency"] = meta.agency
    record["year"] = meta.year
    record["level"] = meta.level
    region = resolve_region(" ".join(filter(None, (meta.title, meta.agency))), body)
    record["region"] = region.as_dict()
    record["warnings"].extend(meta.warnings)
    record["warnings"].extend(region.warnings)
    provenance = record["provenance"]
    provenance["agency"] = "extracted" if meta.agency else "missing"
    provenance["year"] = "extracted" if meta.year else "missing"
    provenance["region"] = "extracted" if any(region.as_dict().values()) else "missing"
    if meta.agency is None:
        record["warnings"].append("报告未写明发布机关")
    if meta.year is None and not any("年度" in w for w in meta.warnings):
        record["warnings"].append("报告未写明所属年度")


def infer_region_from_agency(record: dict[str, Any]) -> None:
    """Where the agency was given afterwards (by the manifest), the region its name implies fills
    what the record's region leaves open (never overriding a part the record already has)."""
    if not record["agency"]:
        return
    implied = resolve_region(record["agency"], "").as_dict()
    current = record["region"]
    if not any(implied.values()) or implied == current:
        return
    if all(current[part] in (None, implied[part]) for part in current):
        record["region"] = implied
        record["provenance"]["region"] = "manifest"


def _best_metadata(unblanked: Sequence[str], blanked: Sequence[str], chrome: set[int]) -> Metadata:
    """Metadata read with the chrome at line ends (a page header may be all that names the
    report); read again without it, if there was any, when that finds no title or no organ
    (a header glued onto the title line or the first sentence hides them)."""
    meta = read_metadata(unblanked, chrome)
    if (meta.title is not None and meta.agency is not None) or blanked == unblanked:
        return meta
    again = read_metadata(blanked, chrome)
    found = (meta.title is not None, meta.agency is not None)
    return again if (again.title is not None, again.agency is not None) > found else meta


def extract_record(source: SourceText, *, file: str, sha256: str) -> dict[str, Any]:
    """The record of one report. Pure: same input, same record."""
    record = new_record(file=file, sha256=sha256, fmt=source.format)
    source_lines = source.text.split("\n")
    url = crawler_url(source_lines)
    if url is not None:
        record["source"]["url"] = url
        record["provenance"]["url"] = "extracted"
    normalised_lines = normalize_text(source.text).split("\n")
    chrome = set(find_chrome(source_lines))
    spans = chrome_span_entries(source_lines, chrome)
    record["chrome"] = sorted([*_chrome_entries(source_lines, chrome), *spans], key=lambda entry: entry["line"])
    unblanked = normalised_lines
    source_lines = _blank_spans(source_lines, spans, fold=False)
    normalised_lines = _blank_spans(normalised_lines, spans, fold=True)
    meta = _best_metadata(unblanked, normalised_lines, chrome)
    body_lines = ["" if i in chrome else markdown_row_as_tabs(line) for i, line in enumerate(normalised_lines)]
    body = "\n".join(body_lines)
    _metadata_into(record, meta, body)

    sentences = split_sentences(body)
    prose = read_prose(sentences, _excerpter(source_lines, normalised_lines, body))
    reading = read_tables(body_lines)
    record["form"] = reading.template or decide_template(body, meta.year, record["warnings"])
    record["tables"] = reading.tables
    record["warnings"].extend(reading.warnings)
    merge_stats(record, reading, prose)
    derived = {key: value for key, value in reading.derived.items() if record["stats"].get(key) is None}
    if derived:
        record["derived"] = derived
    record["warnings"].extend(implausible_values(record["stats"]))
    record["checks"].extend(run_checks(record["form"], reading.stats, record["tables"], prose.firm_stats()))
    record["checks"].extend(prose.checks)
    record["warnings"].extend(prose.warnings)
    record["warnings"].extend(source.warnings)
    several = several_reports_warning(source.text.split("\n"))
    if several is not None:
        record["warnings"].append(several)
    return record
