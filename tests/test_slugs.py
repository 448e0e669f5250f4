from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from build_scripts.pages.slugs import UNKNOWN_AGENCY_SLUG, agency_slug, is_safe_slug, year_slug


def test_agency_names_become_pinyin() -> None:
    assert agency_slug("泗门镇人民政府") == "si-men-zhen-ren-min-zheng-fu"
    assert agency_slug("ABC局（2）") == "abc-ju-2"


def test_unknowns_have_honest_slugs() -> None:
    assert agency_slug(None) == UNKNOWN_AGENCY_SLUG
    assert year_slug(None) == "unknown-year"
    assert year_slug(2017) == "2017"


def test_a_name_without_sounds_still_gets_its_own_slug() -> None:
    assert agency_slug("——") != agency_slug("……")
    assert is_safe_slug(agency_slug("——"))


@given(st.text(max_size=60))
def test_any_name_gives_a_safe_path_part(name: str) -> None:
    slug = agency_slug(name)
    assert is_safe_slug(slug) and len(slug) <= 80
    assert ".." not in slug and "/" not in slug
