"""The record contract: the YAML front matter of every report page.

This is the ONE module that both sides import: ``build_scripts`` writes records
with :func:`dump_page`, the MkDocs plugin reads them back with :func:`split_page`
and :func:`validate_record`. It depends on PyYAML only, so the plugin stays light.

Record layout (keys in this order; see ``DESIGN.md`` of the shared docs)::

    title        str                 report title (as printed, or composed when absent)
    agency       str | None          the reporting organ as the report names it
    year         int | None          the reporting year (not the publication year)
    region       {province, city, county}: str | None each
    level        one of LEVELS | None
    form         one of FORMS: the official form the report follows (was ``template`` before schema 2)
    source       {file, sha256, url, format[, duplicate_of]}  duplicate_of: file name of the main copy
    stats        {STAT_KEYS: int | float | None}; None = not stated, 0 = stated zero; a negative or
                 implausibly large value is kept as printed and the reader adds a warning about it
    evidence     {stat key: {line: int, text: str[, lines: [int], texts: [str]]}} for every non-null stat;
                 ``lines``/``texts`` quote every row when the value adds up several rows
    derived      (optional, only when not empty) {stat key: {value: number, cells: [{label: str,
                 value: number, line: int}], rule: str}}: a total the report did NOT print, computed
                 from cells it did print (e.g. a blank 总计 column); the stat itself stays None.
                 Pages show it labelled as computed (「合计（按分项计算）」), never as a stated value
    checks       [{rule, status, detail}] status in CHECK_STATUSES
    tables       {table name: {title, columns: [str], rows: [{label, values: {column: number|None}, line}]}}
    warnings     [str] things the reader could not decide (shown on the page and as build warnings)
    chrome       [{line, text}] page chrome dropped from the body (crawler headers, breadcrumbs …)
    provenance   {agency|year|region|url: "extracted" | "manifest" | "missing"}
    schema_version  int              SCHEMA_VERSION of the contract the page was written by
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

#: The contract's version, written into every record. 2: ``template`` renamed ``form`` (MkDocs and its
#: successors read a page's ``template`` key as the name of a Jinja template).
SCHEMA_VERSION = 2

STAT_KEYS: tuple[str, ...] = (
    "proactive_total",
    "applications_new",
    "applications_carried_over",
    "outcome_disclosed",
    "outcome_partial",
    "outcome_refused_total",
    "outcome_unable_total",
    "outcome_not_processed_total",
    "outcome_other_total",
    "outcome_total",
    "carried_forward",
    "reconsideration_total",
    "litigation_total",
    "fees_yuan",
)

#: Chinese labels for the headline statistics, used on pages, in CSV headers' docs and in search.
STAT_LABELS: dict[str, str] = {
    "proactive_total": "主动公开信息数",
    "applications_new": "本年新收申请",
    "applications_carried_over": "上年结转申请",
    "outcome_disclosed": "予以公开",
    "outcome_partial": "部分公开",
    "outcome_refused_total": "不予公开",
    "outcome_unable_total": "无法提供",
    "outcome_not_processed_total": "不予处理",
    "outcome_other_total": "其他处理",
    "outcome_total": "办理结果总计",
    "carried_forward": "结转下年度",
    "reconsideration_total": "行政复议",
    "litigation_total": "行政诉讼",
    "fees_yuan": "信息公开收费（元）",
}

FORMS: tuple[str, ...] = ("narrative", "table2008", "table2019", "table2021")
FORM_LABELS: dict[str, str] = {
    "narrative": "叙述体",
    "table2008": "2008版统计表",
    "table2019": "2019版表格",
    "table2021": "2021版表格",
}
LEVELS: tuple[str, ...] = ("省级", "市级", "县级", "乡镇", "街道", "部门")

#: Chinese names of the consistency rules (``checks[].rule``) that ``build_scripts.reader.checks``, the
#: narrative reader and the site's cross-year check emit. Pages fall back to the code for a rule not listed.
CHECK_LABELS: dict[str, str] = {
    "applications_balance": "申请数收支平衡（新收＋上年结转＝办理结果＋结转下年度）",
    "applications_balance_by_outcomes": "申请数与各项办理结果之和平衡",
    "outcome_total": "各项办理结果之和等于总计",
    "row_total": "各类申请人之和等于总计",
    "review_total": "行政复议各项结果之和等于总计",
    "litigation_direct_total": "未经复议直接起诉各项结果之和等于总计",
    "litigation_after_review_total": "复议后起诉各项结果之和等于总计",
    "applications_channels": "各渠道申请数之和等于申请总数",
    "litigation_total": "行政诉讼各项结果之和等于总数",
    "cumulative_not_less": "累计数不小于本年度数",
    "prose_matches_table": "正文数字与表格一致",
    "prose_consistent": "正文前后数字一致",
    "cross_year_carry_over": "跨年结转一致（本年上年结转＝上年结转下年度）",
}
REGION_KEYS: tuple[str, ...] = ("province", "city", "county")
CHECK_STATUSES: tuple[str, ...] = ("pass", "fail", "not_assessable")
PROVENANCE_VALUES: tuple[str, ...] = ("extracted", "manifest", "missing")
PROVENANCE_KEYS: tuple[str, ...] = ("agency", "year", "region", "url")
SOURCE_FORMATS: tuple[str, ...] = ("txt", "html", "docx", "pdf")

RECORD_KEYS: tuple[str, ...] = (
    "title",
    "agency",
    "year",
    "region",
    "level",
    "form",
    "source",
    "stats",
    "evidence",
    "checks",
    "tables",
    "warnings",
    "chrome",
    "provenance",
    "schema_version",
)

#: Keys a record carries only when they have content, by the key they follow in the front matter.
OPTIONAL_RECORD_KEYS: dict[str, tuple[str, ...]] = {"evidence": ("derived",)}

#: Honest names for what a report does not say (used in titles, slugs and index pages).
UNKNOWN_AGENCY = "未署名"
UNKNOWN_YEAR = "年份不详"

FRONT_MATTER_FENCE = "---"

_BASE_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _SafeDumper(_BASE_DUMPER):  # type: ignore[misc, valid-type]
    """``yaml.safe_dump``'s dumper (libyaml's build when PyYAML has it: same safe representer, ~4x faster)
    that never writes an anchor and alias: a value the record holds twice is written twice, because
    :func:`check_yaml` refuses aliases in what it reads back."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_SAFE_DUMPER: type = _SafeDumper
_SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def composed_title(agency: str | None, year: int | None) -> str:
    """The honest title of a report whose own title is unknown (the convert step and the site)."""
    when = f"{year}年" if year is not None else f"（{UNKNOWN_YEAR}）"
    return f"{agency or UNKNOWN_AGENCY}{when}政府信息公开工作年度报告"


class RecordError(ValueError):
    """A record (front matter) that breaks the contract. ``str()`` names the file."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def empty_stats() -> dict[str, int | float | None]:
    """All headline statistics, none stated."""
    return {key: None for key in STAT_KEYS}


def empty_region() -> dict[str, str | None]:
    return {key: None for key in REGION_KEYS}


def new_record(*, file: str, sha256: str, fmt: str, url: str | None = None) -> dict[str, Any]:
    """A record with every key present and nothing stated yet."""
    return {
        "title": None,
        "agency": None,
        "year": None,
        "region": empty_region(),
        "level": None,
        "form": "narrative",
        "source": {"file": file, "sha256": sha256, "url": url, "format": fmt},
        "stats": empty_stats(),
        "evidence": {},
        "checks": [],
        "tables": {},
        "warnings": [],
        "chrome": [],
        "provenance": {key: "missing" for key in PROVENANCE_KEYS},
        "schema_version": SCHEMA_VERSION,
    }


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_optional_str(path: str, where: str, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise RecordError(path, f"{where} must be text or null, got {type(value).__name__}")


def _check_derived(path: str, derived: Any) -> None:
    """``derived``: computed totals, each with its value, the cells it adds up and the rule."""
    if not isinstance(derived, Mapping):
        raise RecordError(path, "derived must be a mapping")
    for key, item in derived.items():
        where = f"derived.{key}"
        if key not in STAT_KEYS:
            raise RecordError(path, f"{where} is not a statistic")
        if not isinstance(item, Mapping) or not _is_number(item.get("value")) or not isinstance(item.get("rule"), str):
            raise RecordError(path, f"{where} must be a mapping with a number value and a rule")
        cells = item.get("cells")
        if not isinstance(cells, list) or not cells:
            raise RecordError(path, f"{where}.cells must be a non-empty list")
        for cell in cells:
            if not (isinstance(cell, Mapping) and isinstance(cell.get("label"), str) and _is_number(cell.get("value"))
                    and isinstance(cell.get("line"), int)):
                raise RecordError(path, f"{where}.cells: each cell needs a label, a number value and a line")


def validate_record(data: Any, path: str) -> dict[str, Any]:
    """Check a parsed front matter mapping against the contract; return it unchanged.

    Raises :class:`RecordError` naming ``path`` and the first problem found.
    """
    if not isinstance(data, Mapping):
        raise RecordError(path, "front matter is not a mapping")
    missing = [key for key in RECORD_KEYS if key not in data]
    if missing:
        raise RecordError(path, f"front matter lacks {', '.join(missing)}")
    if data["schema_version"] != SCHEMA_VERSION:
        raise RecordError(
            path,
            f"written by schema version {data['schema_version']!r}, this build reads version {SCHEMA_VERSION}:"
            " convert the sources again (make site)",
        )
    _check_optional_str(path, "title", data["title"])
    _check_optional_str(path, "agency", data["agency"])
    year = data["year"]
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100):
        raise RecordError(path, f"year must be a year between 1990 and 2100 or null, got {year!r}")
    region = data["region"]
    if not isinstance(region, Mapping) or set(region) != set(REGION_KEYS):
        raise RecordError(path, f"region must have exactly {', '.join(REGION_KEYS)}")
    for key in REGION_KEYS:
        _check_optional_str(path, f"region.{key}", region[key])
    if data["level"] is not None and data["level"] not in LEVELS:
        raise RecordError(path, f"level {data['level']!r} is not one of {', '.join(LEVELS)}")
    if data["form"] not in FORMS:
        raise RecordError(path, f"form {data['form']!r} is not one of {', '.join(FORMS)}")
    source = data["source"]
    if not isinstance(source, Mapping) or not isinstance(source.get("file"), str):
        raise RecordError(path, "source must be a mapping with a file")
    _check_optional_str(path, "source.url", source.get("url"))
    if source.get("format") not in SOURCE_FORMATS:
        raise RecordError(path, f"source.format {source.get('format')!r} is not one of {', '.join(SOURCE_FORMATS)}")
    _check_optional_str(path, "source.duplicate_of", source.get("duplicate_of"))
    stats = data["stats"]
    if not isinstance(stats, Mapping):
        raise RecordError(path, "stats must be a mapping")
    unknown = sorted(set(stats) - set(STAT_KEYS))
    if unknown:
        raise RecordError(path, f"stats has unknown keys {', '.join(unknown)}")
    for key in STAT_KEYS:
        value = stats.get(key)
        if value is not None and not _is_number(value):
            raise RecordError(path, f"stats.{key} must be a number or null, got {value!r}")
    evidence = data["evidence"]
    if not isinstance(evidence, Mapping):
        raise RecordError(path, "evidence must be a mapping")
    for key, item in evidence.items():
        if not isinstance(item, Mapping) or not isinstance(item.get("text"), str):
            raise RecordError(path, f"evidence.{key} must be a mapping with text")
    _check_derived(path, data.get("derived", {}))
    if not isinstance(data["checks"], list):
        raise RecordError(path, "checks must be a list")
    for check in data["checks"]:
        if not isinstance(check, Mapping) or check.get("status") not in CHECK_STATUSES:
            raise RecordError(path, f"check {check!r} must have a status in {', '.join(CHECK_STATUSES)}")
    if not isinstance(data["tables"], Mapping):
        raise RecordError(path, "tables must be a mapping")
    if not isinstance(data["warnings"], list) or not all(isinstance(w, str) for w in data["warnings"]):
        raise RecordError(path, "warnings must be a list of text")
    if not isinstance(data["chrome"], list):
        raise RecordError(path, "chrome must be a list")
    provenance = data["provenance"]
    if not isinstance(provenance, Mapping):
        raise RecordError(path, "provenance must be a mapping")
    for key, value in provenance.items():
        if value not in PROVENANCE_VALUES:
            raise RecordError(path, f"provenance.{key} {value!r} is not one of {', '.join(PROVENANCE_VALUES)}")
    return dict(data)


def ordered_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of ``record`` that a page carries, in the contract's order (the optional keys right
    after the key they follow, when not empty)."""
    ordered: dict[str, Any] = {}
    for key in RECORD_KEYS:
        ordered[key] = record[key]
        for optional in OPTIONAL_RECORD_KEYS.get(key, ()):
            if record.get(optional):
                ordered[optional] = record[optional]
    return ordered


def dump_front_matter(record: Mapping[str, Any]) -> str:
    """The record as YAML, exactly as the contract says (safe_dump, unicode, key order kept;
    the optional keys right after the key they follow, when present)."""
    return yaml.dump(ordered_record(record), Dumper=_SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=1000)


def dump_page(record: Mapping[str, Any], body: str) -> str:
    """A whole report page: front matter fence, record, fence, blank line, body."""
    body = body.rstrip("\n") + "\n"
    return f"{FRONT_MATTER_FENCE}\n{dump_front_matter(record)}{FRONT_MATTER_FENCE}\n\n{body}"


# ---------------------------------------------------------------------------- YAML people edit

#: Limits for YAML that people (and their tools) edit: front matter and ``sources/manifest.yaml``.
#: The largest page of the sample archive has 43 KB of front matter; a record nests 5 levels deep.
MAX_FRONT_MATTER_CHARS = 10 * 1024 * 1024
MAX_YAML_DEPTH = 32
#: The only tags a record or the manifest may carry explicitly (``!!str 2019`` …).
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map"))


class UnsafeYaml(ValueError):
    """YAML refused before anything is constructed. ``line`` is 1-based within the YAML text."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _event_line(event: yaml.Event) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def check_yaml(text: str, *, max_chars: int, max_depth: int = MAX_YAML_DEPTH) -> None:
    """Refuse YAML that no record or manifest needs and that makes loaders blow up.

    Checked on the parser's event stream, before any node or object exists: the size,
    anchors and aliases (``&a``/``*a``: an alias bomb grows to gigabytes), merge keys
    (``<<``), tags other than the plain ones (``!!python/object`` …) and nesting deeper
    than ``max_depth``. Raises :class:`UnsafeYaml` with the line, or ``yaml.YAMLError``
    when the text is not YAML at all.
    """
    if len(text) > max_chars:
        raise UnsafeYaml(None, f"too large ({len(text):,} characters > limit {max_chars:,})")
    try:
        _check_events(yaml.parse(text, Loader=_SAFE_LOADER), max_depth)
    except yaml.YAMLError as exc:
        if "nesting depth" not in str(exc):  # libyaml stops at 1,000 levels before any event says so
            raise
        raise UnsafeYaml(yaml_error_line(exc), f"nested deeper than {max_depth} levels") from None


def _check_events(events: Iterable[yaml.Event], max_depth: int) -> None:
    depth = 0
    for event in events:
        line = _event_line(event)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise UnsafeYaml(line, "anchors and aliases (&name, *name) are not allowed")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            raise UnsafeYaml(line, f"the tag {tag!r} is not allowed (only plain values, lists and mappings)")
        if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.tag is None and event.implicit[0]:
            raise UnsafeYaml(line, "merge keys (<<) are not allowed")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > max_depth:
                raise UnsafeYaml(line, f"nested deeper than {max_depth} levels")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _unreadable_scalar_line(text: str) -> int | None:
    """The line of the first plain scalar the safe constructor cannot turn into a value."""
    loader = yaml.SafeLoader("")
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag or loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, style=event.style)
            try:
                loader.construct_object(node)
            except (ValueError, OverflowError, yaml.YAMLError):
                return _event_line(event)
    return None


def load_yaml(text: str, *, max_chars: int) -> Any:
    """``yaml.safe_load`` of YAML a person edits, after :func:`check_yaml`.

    Raises :class:`UnsafeYaml` (refused, or a value such as ``2019-02-30`` or a 5,000-digit
    number that cannot be constructed) or ``yaml.YAMLError`` (not YAML).
    """
    check_yaml(text, max_chars=max_chars)
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)
    except (ValueError, OverflowError) as exc:
        raise UnsafeYaml(_unreadable_scalar_line(text), f"a value cannot be read ({exc})") from None


def yaml_error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a PyYAML error points at, if it points anywhere."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def split_page(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Parse a page written by :func:`dump_page` into (validated record, body).

    Raises :class:`RecordError` naming ``path`` (and the page line, where there is one) when
    the front matter is absent, is not YAML, is refused by :func:`check_yaml`, or breaks the
    contract.
    """
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != FRONT_MATTER_FENCE:
        raise RecordError(path, "no front matter (the page must start with a '---' line)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r") == FRONT_MATTER_FENCE)
    except StopIteration:
        raise RecordError(path, "front matter is not closed by a '---' line") from None
    try:
        data = load_yaml("\n".join(lines[1:end]), max_chars=MAX_FRONT_MATTER_CHARS)
    except UnsafeYaml as exc:
        where = f" line {exc.line + 1}" if exc.line is not None else ""
        raise RecordError(path, f"front matter refused{where}: {exc.message}") from None
    except yaml.YAMLError as exc:
        line = yaml_error_line(exc)
        where = f" (line {line + 1})" if line is not None else ""
        raise RecordError(path, f"front matter is not valid YAML{where}: {exc}") from None
    record = validate_record(data, path)
    body = "\n".join(lines[end + 1 :]).lstrip("\n")
    return record, body
