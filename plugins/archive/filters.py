"""Filter the agency lists by level, place and year.

Without scripts, the filters are links to pages that exist anyway or are generated for them: one
list per level (``agencies/levels/<level>/``), the region pages (province → city → county, each
listing its agencies) and the year pages. With scripts, ``archive.js`` shows a form above the list
that hides, as one types or picks, the agencies whose ``data-level``, ``data-place`` or
``data-years`` do not match (:func:`agency_attrs`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from plugins.archive.html import attrs, esc, link
from plugins.archive.model import UNKNOWN_REGION, UNKNOWN_REGION_PART, Agency, Archive, year_label

#: The levels of the record (``level``), in the order a citizen looks for them; ``None`` is 不详.
LEVELS: tuple[str, ...] = ("省级", "市级", "县级", "乡镇", "街道", "部门")
LEVEL_SLUGS: dict[str | None, str] = {
    "省级": "sheng",
    "市级": "shi",
    "县级": "xian",
    "乡镇": "xiang-zhen",
    "街道": "jie-dao",
    "部门": "bu-men",
    None: "bu-xiang",
}
UNKNOWN_LEVEL = "层级不详"


def agency_level(agency: Agency) -> str | None:
    """The level its newest report states (a body's level does not change with a rename)."""
    level = agency.latest.record.get("level")
    return level if level in LEVELS else None


def level_label(level: str | None) -> str:
    return level or UNKNOWN_LEVEL


def level_page(level: str | None) -> str:
    """``agencies/levels/xiang-zhen/index.md``: the list of agencies of one level."""
    return f"agencies/levels/{LEVEL_SLUGS[level]}/index.md"


def levels_present(archive: Archive) -> list[str | None]:
    """The levels of the named agencies, in :data:`LEVELS` order, 不详 last when present."""
    found = {agency_level(a) for a in archive.named_agencies}
    return [level for level in (*LEVELS, None) if level in found]


def agency_attrs(agency: Agency) -> dict[str, str]:
    """What the scripted filter matches: level, every place name of its region, its years."""
    places = [p for p in agency.region_path if p not in (UNKNOWN_REGION_PART, UNKNOWN_REGION)]
    years = sorted({str(r.year) for r in agency.reports if r.year is not None})
    found = {
        "data-level": agency_level(agency) or "",
        "data-place": " ".join(places),
        "data-years": " ".join(years),
    }
    if agency.unsigned:
        found["data-unsigned"] = ""  # listed and filtered, never counted as an agency
    return found


def filter_bar(
    archive: Archive,
    href: Callable[[str], str],
    region_src: Callable[[tuple[str, ...]], str],
    year_src: Callable[[int | None], str],
    current: str | None = "",
) -> str:
    """Links by level, province and year (no script needed), and the hidden scripted filter form.

    ``href`` makes a page's ``src_uri`` relative to the current page; ``current`` is the level
    this page lists (``""``: every level).
    """
    all_link = link(href("agencies/index.md"), "全部")
    levels = [all_link if current != "" else '<strong aria-current="page">全部</strong>']
    for level in levels_present(archive):
        label = level_label(level)
        levels.append(
            f'<strong aria-current="page">{esc(label)}</strong>'
            if level == current
            else link(href(level_page(level)), label)
        )
    provinces = [
        link(href(region_src(node.path)), node.name)
        for node in archive.regions.walk()
        if len(node.path) == 1 and node.name not in (UNKNOWN_REGION_PART, UNKNOWN_REGION)
    ]
    years = [link(href(year_src(y)), year_label(y)) for y in archive.years if y is not None]
    rows = [("层级", levels), ("省份", provinces), ("年度", years)]
    links = "".join(
        f'<p class="archive-filter-links__row"><span class="archive-filter-links__label">{label}：</span>'
        + " ".join(f'<span class="archive-filter-links__item">{item}</span>' for item in items)
        + "</p>"
        for label, items in rows
        if items
    )
    return (
        f'<nav class="archive-filter-links" aria-label="筛选机关">{links}</nav>'
        + _filter_form(levels_present(archive), [y for y in archive.years if y is not None], current)
    )


def _filter_form(levels: Sequence[str | None], years: Sequence[int], current: str | None) -> str:
    """The instant filter (shown by ``archive.js``; a page without scripts keeps the links above)."""
    level_options = "".join(
        f"<option{attrs({'value': level or '', 'selected': '' if level == current else None})}>"
        f"{esc(level_label(level))}</option>"
        for level in levels
    )
    year_options = "".join(f'<option value="{y}">{y}年</option>' for y in years)
    return (
        '<form class="archive-filter" data-agency-filter hidden role="search" aria-label="即时筛选本页机关">'
        '<label>层级 <select name="level"><option value="*">全部</option>'
        f"{level_options}</select></label>"
        '<label>地区 <input type="search" name="place" placeholder="省、市或县名" autocomplete="off"></label>'
        f'<label>年度 <select name="year"><option value="">全部</option>{year_options}</select></label>'
        '<output class="archive-filter__count" aria-live="polite"></output></form>'
    )
