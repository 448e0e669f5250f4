"""Which reports come from the same agency: one agency, one page.

The convert step files each report under a folder named after the agency *as the report
signs it*, so one body that signs 平潭综合实验区 one year and 平潭综合实验区管委会 the next
lands in two folders. Here the folders are joined again, by two rules only:

* **name variants** — two names that differ only by an organ suffix (:data:`ORGAN_SUFFIXES`:
  管委会、管理委员会、人民政府、办事处、办公室) name the same body when the reports' regions
  agree (one region path equals or extends the other). ``…人民政府办公室`` is *not* a variant
  of ``…人民政府`` (the office is a body of its own; :func:`base_name`);
* **the manifest** — ``same_as: <agency name>`` in a file's entry of ``sources/manifest.yaml``
  joins that file's agency with the agency of that name (for renames the suffix rule cannot see).

The joined agency keeps the folder with the most reports (then the shortest name) as its page;
the other names are shown as 「也称」. Reports that name no agency are not an agency: they are
grouped per region under 「未署名」 (:func:`unsigned_key`) and never counted as agencies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plugins.archive.model import Report

#: Suffixes that name an organ's seat rather than another body (longest first).
ORGAN_SUFFIXES: tuple[str, ...] = ("管理委员会", "管委会", "人民政府", "办事处", "办公室")
#: The slug prefix of the 未署名 group of a region (never an agency folder: those are pinyin of names).
UNSIGNED_PREFIX = "unsigned"


def base_name(name: str) -> str:
    """The name without one organ suffix: ``平潭综合实验区管委会`` → ``平潭综合实验区``.

    Nothing is stripped when that would leave fewer than two characters, or when the rest
    still ends in 政府 (``某县人民政府办公室`` is the office, not the government).
    """
    for suffix in ORGAN_SUFFIXES:
        rest = name.removesuffix(suffix)
        if rest != name and len(rest) >= 2 and not rest.endswith("政府"):
            return rest
    return name


def _regions_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return longer[: len(shorter)] == shorter


def unsigned_key(region_path: tuple[str, ...]) -> str:
    """The 未署名 group's slug of a region: ``unsigned-fu-jian-sheng-ping-tan-zong-he-shi-yan-qu``."""
    from plugins.archive.paths import slugify  # paths imports the model, which imports this module

    return f"{UNSIGNED_PREFIX}-{slugify('-'.join(region_path))}"


def is_unsigned_key(slug: str) -> bool:
    return slug == UNSIGNED_PREFIX or slug.startswith(UNSIGNED_PREFIX + "-")


class _Groups:
    """Union–find over agency folders."""

    def __init__(self, folders: Iterable[str]) -> None:
        self.parent = {folder: folder for folder in folders}

    def find(self, folder: str) -> str:
        while self.parent[folder] != folder:
            self.parent[folder] = self.parent[self.parent[folder]]
            folder = self.parent[folder]
        return folder

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def agency_keys(reports: Sequence[Report], same_as: Mapping[str, str] | None = None) -> dict[str, str]:
    """``src_uri`` → the slug of the agency page the report belongs to (see the module doc).

    ``same_as`` maps a source file name (relative to ``sources/``) to the agency name its
    manifest entry declares the same body.
    """
    same_as = same_as or {}
    named = [r for r in reports if r.agency is not None]
    folders: dict[str, list[Report]] = {}
    for report in named:
        folders.setdefault(report.agency_slug, []).append(report)
    groups = _Groups(folders)
    by_base: dict[str, list[str]] = {}
    by_name: dict[str, set[str]] = {}
    for folder, members in sorted(folders.items()):
        for report in members:
            by_name.setdefault(report.agency or "", set()).add(folder)
        for base in sorted({base_name(r.agency or "") for r in members}):
            by_base.setdefault(base, []).append(folder)
    for base_folders in by_base.values():
        for a in base_folders:
            for b in base_folders:
                if a < b and _regions_agree(folders[a][-1].region_path, folders[b][-1].region_path):
                    groups.join(a, b)
    for report in named:
        target = same_as.get(report.source_name)
        for folder in sorted(by_name.get(target or "", ())):
            groups.join(report.agency_slug, folder)
    members_of: dict[str, list[str]] = {}
    for folder in folders:
        members_of.setdefault(groups.find(folder), []).append(folder)
    page_of: dict[str, str] = {}
    for members in members_of.values():
        main = min(members, key=lambda f: (-len(folders[f]), len(folders[f][0].agency or ""), f))
        page_of.update({folder: main for folder in members})
    keys = {r.src_uri: page_of[r.agency_slug] for r in named}
    keys.update({r.src_uri: unsigned_key(r.region_path) for r in reports if r.agency is None})
    return keys


def with_identity(reports: Sequence[Report], same_as: Mapping[str, str] | None = None) -> list[Report]:
    """The reports, each carrying the slug of its agency page (``Report.identity``)."""
    keys = agency_keys(reports, same_as)
    return [dataclasses.replace(r, identity=keys[r.src_uri]) for r in reports]


def same_as_links(entries: Mapping[str, object]) -> dict[str, str]:
    """``same_as`` of each manifest entry (file name → agency name), from :class:`Manifest` entries."""
    links = {}
    for name, entry in entries.items():
        value = getattr(entry, "values", {}).get("same_as")
        if isinstance(value, str) and value.strip():
            links[name] = value.strip()
    return links

