"""The in-memory archive: every report's record, grouped by agency, year and region.

Built once per build from the validated front matter of the report pages; the page
generators and exports only read it. Nothing here touches MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any

from pypinyin import lazy_pinyin

from build_scripts.schema import REGION_KEYS, STAT_KEYS, UNKNOWN_AGENCY, UNKNOWN_YEAR, composed_title
from plugins.archive.identity import with_identity

#: Label of a region level that the reports do not name (a city missing between province and county).
UNKNOWN_REGION_PART = "不详"
#: Label of the bucket for agencies whose region is entirely unknown.
UNKNOWN_REGION = "地区不详"


@dataclass(frozen=True)
class Report:
    """One report page: where it lives in ``docs_dir`` and its record (front matter)."""

    src_uri: str
    record: Mapping[str, Any]
    #: The agency page's slug once :mod:`plugins.archive.identity` has joined name variants.
    identity: str | None = field(default=None, compare=False)

    @property
    def agency_slug(self) -> str:
        """Which agency page the report belongs to.

        Named reports are grouped by their folder under ``reports/`` (the convert step names
        it after the agency), and folders of one body are joined by :mod:`~plugins.archive.identity`.
        Before that, a report that names no agency stands alone: folder plus page stem.
        """
        if self.identity is not None:
            return self.identity
        path = PurePosixPath(self.src_uri)
        folder = path.parts[-2] if len(path.parts) > 2 else path.stem
        if self.record["agency"] is None:
            return f"{folder}-{path.stem}" if folder != path.stem else folder
        return folder

    @property
    def agency(self) -> str | None:
        return self.record["agency"]

    @property
    def agency_label(self) -> str:
        return self.record["agency"] or UNKNOWN_AGENCY

    @property
    def year(self) -> int | None:
        return self.record["year"]

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def title(self) -> str:
        return self.record["title"] or composed_title(self.agency, self.year)

    @cached_property
    def stats(self) -> Mapping[str, int | float | None]:
        """Every headline statistic (None = not stated); built once, the page tables read it per cell."""
        return MappingProxyType({key: self.record["stats"].get(key) for key in STAT_KEYS})

    @property
    def region_path(self) -> tuple[str, ...]:
        return region_path(self.record["region"])

    @property
    def source_name(self) -> str:
        """The original file's name relative to ``sources/`` (how the manifest names it)."""
        return source_name(self.record["source"]["file"])

    @property
    def duplicate_of(self) -> str | None:
        """The source file name of the main copy when this page is another copy of the same report."""
        target = self.record["source"].get("duplicate_of")
        return source_name(target) if target else None

    @property
    def failed_checks(self) -> list[Mapping[str, Any]]:
        return [check for check in self.record["checks"] if check.get("status") == "fail"]

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.agency_slug, self.year if self.year is not None else 0, self.src_uri)


def year_label(year: int | None) -> str:
    """``2019`` → ``2019年``; an unknown year → :data:`~build_scripts.schema.UNKNOWN_YEAR`."""
    return f"{year}年" if year is not None else UNKNOWN_YEAR


def source_name(file: str) -> str:
    """``sources/a/b.txt``, ``./a/b.txt`` or ``a\\b.txt`` → ``a/b.txt`` (relative to ``sources/``)."""
    name = file.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name.removeprefix("sources/")


def region_path(region: Mapping[str, str | None]) -> tuple[str, ...]:
    """Province → city → county as far as known; a gap inside the path is named :data:`UNKNOWN_REGION_PART`.

    ``{浙江省, None, None}`` → ``("浙江省",)``; ``{None, None, 道县}`` → ``("不详", "不详", "道县")``;
    nothing known → ``("地区不详",)``.
    """
    parts = [region.get(key) for key in REGION_KEYS]
    while parts and parts[-1] is None:
        parts.pop()
    if not parts:
        return (UNKNOWN_REGION,)
    return tuple(part if part is not None else UNKNOWN_REGION_PART for part in parts)


@dataclass(frozen=True)
class CrossYearCheck:
    """This year's 上年结转 against last year's 结转下年度 for one agency."""

    earlier: Report
    later: Report
    status: str
    detail: str


def cross_year_check(earlier: Report, later: Report) -> CrossYearCheck:
    """Compare ``earlier``'s carried_forward with ``later``'s applications_carried_over."""
    forward = earlier.stats["carried_forward"]
    carried = later.stats["applications_carried_over"]
    if forward is None or carried is None:
        status = "not_assessable"
        detail = (
            f"{earlier.year}年结转下年度：{_show(forward)}；{later.year}年上年结转：{_show(carried)}"
            "（缺少数据，无法核对）"
        )
    else:
        status = "pass" if forward == carried else "fail"
        relation = "=" if forward == carried else "≠"
        detail = (
            f"{earlier.year}年结转下年度 {_show(forward)} {relation} {later.year}年上年结转 {_show(carried)}"
        )
    return CrossYearCheck(earlier=earlier, later=later, status=status, detail=detail)


def _show(value: int | float | None) -> str:
    if value is None:
        return "未填报"
    return format_number(value)


def format_number(value: int | float) -> str:
    """Integers as written; other numbers without a trailing ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Agency:
    """All reports filed in one agency folder, oldest first (unknown year last)."""

    slug: str
    reports: list[Report] = field(default_factory=list)

    @property
    def latest(self) -> Report:
        """The newest report: its name, region and level describe the agency."""
        dated = [r for r in self.reports if r.year is not None]
        return dated[-1] if dated else self.reports[-1]

    @property
    def name(self) -> str:
        return self.latest.agency_label

    @property
    def region_path(self) -> tuple[str, ...]:
        return self.latest.region_path

    @property
    def names(self) -> list[str]:
        """Every name the agency's reports use, in order of first use (names change)."""
        seen: dict[str, None] = {}
        for report in self.reports:
            seen.setdefault(report.agency_label, None)
        return list(seen)

    @property
    def unsigned(self) -> bool:
        """The 未署名 group of a region: reports that name no agency (not an agency, not counted)."""
        return all(report.agency is None for report in self.reports)

    def cross_year_checks(self) -> list[CrossYearCheck]:
        """Checks for each pair of consecutive years that have exactly one report each."""
        if self.unsigned:
            return []
        by_year: dict[int, list[Report]] = {}
        for report in self.reports:
            if report.year is not None:
                by_year.setdefault(report.year, []).append(report)
        checks = []
        for year in sorted(by_year):
            earlier, later = by_year.get(year - 1), by_year[year]
            if earlier and len(earlier) == 1 and len(later) == 1:
                checks.append(cross_year_check(earlier[0], later[0]))
        return checks


@dataclass
class RegionNode:
    """A province, city or county: its own agencies and its sub-regions."""

    path: tuple[str, ...]
    children: dict[str, RegionNode] = field(default_factory=dict)
    agencies: list[Agency] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else "全部地区"

    def walk(self) -> Iterable[RegionNode]:
        """This node and every node below it, depth first, children in pinyin order, unknown last."""
        yield self
        for child in sorted(self.children.values(), key=_region_order):
            yield from child.walk()

    def all_agencies(self) -> list[Agency]:
        return [agency for node in self.walk() for agency in node.agencies]

    def all_reports(self) -> list[Report]:
        return sorted((r for a in self.all_agencies() for r in a.reports), key=lambda r: r.sort_key)


@dataclass(frozen=True)
class Copies:
    """Pages that are further copies of a report (``source.duplicate_of``), resolved against the main pages."""

    main_of: dict[str, Report]  # copy's src_uri → its main report
    of_main: dict[str, list[Report]]  # main report's src_uri → its copies
    unresolved: list[tuple[Report, str]]  # (page, why its duplicate_of names no main page)


def resolve_copies(reports: Sequence[Report]) -> Copies:
    """Match every ``duplicate_of`` to the page of that source file.

    A ``duplicate_of`` naming no page, the page itself, or another copy is unresolved:
    such a page counts as a report of its own (nothing is hidden on a guess).
    """
    by_source = {report.source_name: report for report in reports}
    claims = {report.src_uri: report.duplicate_of for report in reports if report.duplicate_of}
    main_of: dict[str, Report] = {}
    unresolved: list[tuple[Report, str]] = []
    for report in reports:
        target_name = claims.get(report.src_uri)
        if target_name is None:
            continue
        target = by_source.get(target_name)
        if target is None:
            unresolved.append((report, f"duplicate_of names {target_name}, which has no report page"))
        elif target is report:
            unresolved.append((report, f"duplicate_of names the page's own source {target_name}"))
        elif target.src_uri in claims:
            unresolved.append(
                (report, f"duplicate_of names {target_name}, itself a copy of {claims[target.src_uri]}; "
                 "name the main copy")
            )
        else:
            main_of[report.src_uri] = target
    of_main: dict[str, list[Report]] = {}
    for report in sorted(reports, key=lambda r: r.src_uri):
        if report.src_uri in main_of:
            of_main.setdefault(main_of[report.src_uri].src_uri, []).append(report)
    return Copies(main_of=main_of, of_main=of_main, unresolved=unresolved)


@dataclass
class Archive:
    """Every report, and the views the site is made of.

    ``reports`` are the reports counted everywhere; ``copies`` are further copies of one of
    them (kept as pages and in the downloads, never counted twice).
    """

    reports: list[Report]
    agencies: dict[str, Agency]
    regions: RegionNode
    copies: list[Report] = field(default_factory=list)
    copy_links: Copies = field(default_factory=lambda: Copies({}, {}, []))

    @property
    def all_reports(self) -> list[Report]:
        """Every page, copies included, in one stable order (the full downloads)."""
        return sorted([*self.reports, *self.copies], key=lambda r: r.sort_key)

    def main_of(self, report: Report) -> Report | None:
        """The main page when ``report`` is a copy, else ``None``."""
        return self.copy_links.main_of.get(report.src_uri)

    def copies_of(self, report: Report) -> list[Report]:
        return self.copy_links.of_main.get(report.src_uri, [])

    @property
    def named_agencies(self) -> list[Agency]:
        """The agencies proper: every agency page but the 未署名 groups."""
        return [agency for agency in self.agencies.values() if not agency.unsigned]

    @classmethod
    def from_reports(cls, reports: Iterable[Report], same_as: Mapping[str, str] | None = None) -> Archive:
        """Group ``reports`` into agencies; ``same_as`` (manifest file name → agency name) joins renames."""
        every = sorted(with_identity(list(reports), same_as), key=lambda r: r.sort_key)
        links = resolve_copies(every)
        ordered = [r for r in every if r.src_uri not in links.main_of]
        copies = [r for r in every if r.src_uri in links.main_of]
        agencies: dict[str, Agency] = {}
        for report in ordered:
            agencies.setdefault(report.agency_slug, Agency(report.agency_slug)).reports.append(report)
        for agency in agencies.values():
            agency.reports.sort(key=_year_order)
        root = RegionNode(())
        for slug in sorted(agencies):
            agency = agencies[slug]
            node = root
            for depth, part in enumerate(agency.region_path, start=1):
                node = node.children.setdefault(part, RegionNode(agency.region_path[:depth]))
            node.agencies.append(agency)
        return cls(reports=ordered, agencies=agencies, regions=root, copies=copies, copy_links=links)

    @cached_property
    def _by_year(self) -> dict[int | None, list[Report]]:
        """The counted reports of each year, in archive order (computed once: pages ask per page)."""
        by_year: dict[int | None, list[Report]] = {}
        for report in self.reports:
            by_year.setdefault(report.year, []).append(report)
        return by_year

    @cached_property
    def years(self) -> list[int | None]:
        """Every reporting year present, ascending; ``None`` (unknown) last when present."""
        known = sorted(y for y in self._by_year if y is not None)
        return [*known, None] if None in self._by_year else known

    def reports_of_year(self, year: int | None) -> list[Report]:
        return list(self._by_year.get(year, ()))

    @cached_property
    def _cross_year_checks(self) -> tuple[CrossYearCheck, ...]:
        return tuple(check for slug in sorted(self.agencies) for check in self.agencies[slug].cross_year_checks())

    def cross_year_checks(self) -> list[CrossYearCheck]:
        return list(self._cross_year_checks)

    def has_region(self, path: tuple[str, ...]) -> bool:
        """Whether ``path`` is a node of the tree (a report's own region may differ from its agency's)."""
        node = self.regions
        for part in path:
            if part not in node.children:
                return False
            node = node.children[part]
        return True

    def region(self, path: tuple[str, ...]) -> RegionNode:
        node = self.regions
        for part in path:
            node = node.children[part]
        return node


def _region_order(node: RegionNode) -> tuple[bool, str, str]:
    name = node.name
    return (name in (UNKNOWN_REGION_PART, UNKNOWN_REGION), "".join(lazy_pinyin(name)), name)


def _year_order(report: Report) -> tuple[int, int, str]:
    return (1 if report.year is None else 0, report.year or 0, report.src_uri)
