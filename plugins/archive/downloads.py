"""The full data downloads under ``data/``, split so that no file passes :data:`MAX_BYTES`.

* ``data/records.csv``, ``data/records.json``, ``data/records.jsonl``: everything in one file, each
  published only while it stays within the limit (at 20,000 reports only the CSV does);
* ``data/years/<year>.csv`` and ``.jsonl.gz``: one year's reports (the JSON Lines gzip-compressed, about
  a tenth of the bytes: 24 MB of JSON Lines per 2,000 reports would otherwise be published twice, here
  and in the ``record.json`` files);
* ``data/provinces/<province>.csv``: one province's reports;
* ``reports/<agency>/<year>/record.json``: one report's full record, beside its page.

A group too large for one file is cut into ``-part1``, ``-part2`` … at report boundaries. No page
loads any of these files; pages only link them.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from plugins.archive import export
from plugins.archive.model import UNKNOWN_REGION, UNKNOWN_REGION_PART, CrossYearCheck, Report
from plugins.archive.paths import year_slug

#: The largest download file (bytes): 50 MB.
MAX_BYTES = 50_000_000
DATA_DIR = "data"
ALL_CSV = f"{DATA_DIR}/records.csv"
ALL_JSON = f"{DATA_DIR}/records.json"
ALL_JSONL = f"{DATA_DIR}/records.jsonl"
PACKAGE = f"{DATA_DIR}/datapackage.json"
RECORD_JSON = "record.json"


@dataclass(frozen=True)
class Download:
    """One published data file."""

    src_uri: str
    content: bytes
    scope: str  # "all" | "year" | "province"
    label: str  # 全部 / 2019年 / 浙江省
    rows: int


#: gzip level of the compressed JSON Lines downloads.
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Exporter:
    """How a report becomes a row: its page address, cross-year check and main copy.

    Each report's JSON is encoded once per build and shared by the JSON Lines files and its ``record.json``.
    """

    page_of: Callable[[Report], str]
    cross_year: Mapping[str, CrossYearCheck]
    main_of: Mapping[str, Report]
    _json: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    def lines(self, reports: Sequence[Report]) -> tuple[bytes, list[bytes]]:
        return export.csv_lines(reports, self.page_of, self.cross_year, self.main_of)

    def json_line(self, report: Report) -> bytes:
        uri = report.src_uri
        line = self._json.get(uri)
        if line is None:
            line = export.record_line(report, self.page_of(report), self.cross_year.get(uri), self.main_of.get(uri))
            self._json[uri] = line
        return line

    def record_json(self, report: Report) -> bytes:
        """The report's ``record.json``: the same bytes as its JSON Lines line."""
        return self.json_line(report)


def record_json_uri(report_src_uri: str) -> str:
    """``reports/a/2019.md`` → ``reports/a/2019/record.json``: beside the page's ``index.html``."""
    path = PurePosixPath(report_src_uri)
    return str(path.with_suffix("") / RECORD_JSON)


def split(lines: Sequence[bytes], limit: int, head: bytes = b"") -> list[list[bytes]]:
    """``lines`` in consecutive runs whose file (``head`` + the run) stays within ``limit`` bytes.

    A single line larger than the limit still gets a file of its own (it cannot be cut).
    """
    runs: list[list[bytes]] = [[]]
    size = len(head)
    for line in lines:
        if runs[-1] and size + len(line) > limit:
            runs.append([])
            size = len(head)
        runs[-1].append(line)
        size += len(line)
    return runs


def _named(base: str, suffix: str, count: int, index: int) -> str:
    return f"{base}{suffix}" if count == 1 else f"{base}-part{index}{suffix}"


def _csv_files(base: str, scope: str, label: str, reports: Sequence[Report], exporter: Exporter) -> list[Download]:
    header, lines = exporter.lines(reports)
    head = export.CSV_BOM + header
    runs = split(lines, MAX_BYTES, head)
    return [
        Download(_named(base, ".csv", len(runs), i), head + b"".join(run), scope, label, len(run))
        for i, run in enumerate(runs, 1)
    ]


def _jsonl_files(
    base: str, scope: str, label: str, reports: Sequence[Report], exporter: Exporter, *, compress: bool = False
) -> list[Download]:
    """JSON Lines files of at most :data:`MAX_BYTES` each (uncompressed); gzip without a timestamp when ``compress``
    (at zlib's default level 6: a third less time than gzip's 9 for about 1.5% more bytes)."""
    runs = split([exporter.json_line(r) for r in reports], MAX_BYTES)
    suffix = ".jsonl.gz" if compress else ".jsonl"
    return [
        Download(
            _named(base, suffix, len(runs), i),
            gzip.compress(b"".join(run), compresslevel=GZIP_LEVEL, mtime=0) if compress else b"".join(run),
            scope,
            label,
            len(run),
        )
        for i, run in enumerate(runs, 1)
    ]


def year_label(year: int | None) -> str:
    """How the year's files are labelled (``2019年``; ``年份不详``)."""
    return "年份不详" if year is None else f"{year}年"


def province_of(report: Report) -> str | None:
    """The report's province as its region pages name it; ``None`` when not known."""
    path = report.region_path
    if not path or path[0] in (UNKNOWN_REGION, UNKNOWN_REGION_PART):
        return None
    return path[0]


def plan(
    reports: Sequence[Report], exporter: Exporter, province_slug: Callable[[str], str]
) -> list[Download]:
    """Every download file, in a stable order: all-in-one (when small), per year, per province."""
    files: list[Download] = []
    everything = _csv_files(ALL_CSV.removesuffix(".csv"), "all", "全部", reports, exporter)
    if len(everything) == 1:
        files += everything
    jsonl = _jsonl_files(ALL_JSONL.removesuffix(".jsonl"), "all", "全部", reports, exporter)
    if len(jsonl) == 1:
        files += jsonl
        whole = export.json_array(exporter.json_line(report) for report in reports)
        if len(whole) <= MAX_BYTES:
            files.append(Download(ALL_JSON, whole, "all", "全部", len(reports)))
    by_year: dict[int | None, list[Report]] = {}
    by_province: dict[str, list[Report]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
        province = province_of(report)
        if province is not None:
            by_province.setdefault(province, []).append(report)
    for year in sorted(by_year, key=lambda y: (y is None, y or 0)):
        label = year_label(year)
        base = f"{DATA_DIR}/years/{year_slug(year)}"
        files += _csv_files(base, "year", label, by_year[year], exporter)
        files += _jsonl_files(base, "year", label, by_year[year], exporter, compress=True)
    for province in sorted(by_province, key=province_slug):
        base = f"{DATA_DIR}/provinces/{province_slug(province)}"
        files += _csv_files(base, "province", province, by_province[province], exporter)
    return files
