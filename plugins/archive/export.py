"""The data downloads: one CSV row / one JSON object per report.

The CSV is UTF-8 *with* a byte-order mark and CRLF line ends, so Excel and WPS open the
Chinese text correctly by double-click. Empty cell = not stated (never 0). A text cell that a
spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a carriage return: a
report title, an agency written in ``manifest.yaml``) gets a leading ``'`` (OWASP's rule);
numbers are never prefixed, so negative figures stay numeric. JSON keeps every value as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from build_scripts.schema import FORM_LABELS, STAT_KEYS, STAT_LABELS
from plugins.archive.flags import flag_codes
from plugins.archive.model import CrossYearCheck, Report, format_number

#: (column, meaning) in CSV order — documented on the data page.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("page", "报告页面地址（相对于网站根目录）"),
    ("agency", "发布机关（报告未署名时为空）"),
    ("year", "报告年度（不是发布年份；不详时为空）"),
    ("province", "省级地区"),
    ("city", "地市级地区"),
    ("county", "县级地区"),
    ("level", "机关层级：省级、市级、县级、乡镇、街道、部门"),
    ("form", "报告格式：" + "、".join(f"{k}（{v}）" for k, v in FORM_LABELS.items())),
    ("title", "报告标题"),
    *((key, STAT_LABELS[key] + "（空 = 报告未填报，0 = 报告写明为零）") for key in STAT_KEYS),
    ("checks_failed", "未通过的勾稽关系核对项数"),
    ("checks_failed_rules", "未通过的核对项名称，以分号分隔"),
    ("cross_year", "与上年报告的结转核对：pass 一致，fail 不一致，not_assessable 无法核对，空 = 无上年报告"),
    ("warnings", "阅读时无法判定、需要人工确认的问题数"),
    (
        "flags",
        "不能照字面使用的数字，以分号分隔：<列名>:contradicted = 报告自相矛盾（该数字牵涉未通过的核对）；"
        "<列名>:computed = 报告未填、网站按印出的分项相加得到合计（该列仍为空，合计见 JSON 的 derived）",
    ),
    (
        "duplicate_of",
        "本行是同一报告的另一份副本时，主副本的原始文件名（相对于 sources/）；空 = 本行就是报告本身。"
        "计数、求和前请排除有此值的行",
    ),
    ("source_file", "原始文件（可在报告页面下载）"),
    ("source_url", "原始发布网址"),
    ("sha256", "原始文件的 SHA-256 校验值"),
)


CSV_BOM = "\ufeff".encode()

#: What makes Excel, WPS or LibreOffice read a cell as a formula (or a DDE call) when it starts it.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs: a leading ``'`` before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    return neutralise(str(value))


def csv_row(
    report: Report, page: str, cross_year: CrossYearCheck | None, main: Report | None = None
) -> dict[str, str]:
    """One report as CSV cells keyed by column name; ``main`` is the report this page is a copy of."""
    record = report.record
    region, source = record["region"], record["source"]
    failed = report.failed_checks
    values: dict[str, Any] = {
        "page": page,
        "agency": record["agency"],
        "year": record["year"],
        "province": region["province"],
        "city": region["city"],
        "county": region["county"],
        "level": record["level"],
        "form": record["form"],
        "title": report.title,
        **report.stats,
        "checks_failed": len(failed),
        "checks_failed_rules": "; ".join(str(c.get("rule", "")) for c in failed),
        "cross_year": cross_year.status if cross_year else None,
        "warnings": len(record["warnings"]),
        "flags": flag_codes(record),
        "duplicate_of": main.source_name if main is not None else None,
        "source_file": source["file"],
        "source_url": source.get("url"),
        "sha256": source.get("sha256"),
    }
    return {column: _cell(values[column]) for column, _ in COLUMNS}


def csv_lines(
    reports: Sequence[Report],
    page_of: Callable[[Report], str],
    cross_year_of: Mapping[str, CrossYearCheck],
    main_of: Mapping[str, Report] | None = None,
) -> tuple[bytes, list[bytes]]:
    """(header line, one encoded line per report): the pieces a CSV file or its parts are made of.

    ``main_of`` maps a copy's ``src_uri`` to its main report (the ``duplicate_of`` column).
    """
    main_of = main_of or {}
    names = [c for c, _ in COLUMNS]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    header = buffer.getvalue().encode("utf-8")
    lines = []
    for report in reports:
        buffer.seek(0)
        buffer.truncate()
        uri = report.src_uri
        writer.writerow(csv_row(report, page_of(report), cross_year_of.get(uri), main_of.get(uri)))
        lines.append(buffer.getvalue().encode("utf-8"))
    return header, lines


def record_object(
    report: Report, page: str, cross_year: CrossYearCheck | None, main: Report | None = None
) -> dict[str, Any]:
    """The full record (tables, evidence, checks …) with its page address, cross-year check and,
    for a copy, ``duplicate_of`` (the main copy's source file name; ``null`` otherwise)."""
    return {
        "page": page,
        "duplicate_of": main.source_name if main is not None else None,
        **report.record,
        "cross_year_check": None
        if cross_year is None
        else {"status": cross_year.status, "detail": cross_year.detail},
    }


def json_array(lines: Iterable[bytes]) -> bytes:
    """Records as :func:`record_line` writes them, as one JSON array with one record a line.

    Not indented: ``json.dumps`` with ``indent`` runs Python's pure-Python encoder (3–7% of a build
    for ``records.json``), and the lines of the JSON Lines files are encoded already.
    """
    items = [line.rstrip(b"\n") for line in lines]
    return b"[\n" + b",\n".join(items) + b"\n]\n" if items else b"[]\n"


def record_line(
    report: Report, page: str, cross_year: CrossYearCheck | None, main: Report | None = None
) -> bytes:
    """One report's :func:`record_object` as one line of JSON Lines (UTF-8, ``\\n`` ended)."""
    item = record_object(report, page, cross_year, main)
    return (json.dumps(item, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode("utf-8")
