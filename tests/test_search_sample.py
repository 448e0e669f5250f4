"""End-to-end over the project's own sample archive (``content/reports/``), in real headless Chromium.

The site is the project's real ``mkdocs.yml`` build (the session fixture ``sample_site``),
served under a sub-path. Each query's expected set of pages is computed here by scanning
every report page's searchable text (the indexer's definition, imported from
``plugins/search/page_text.py``) for the query's letter/digit runs.
"""

from __future__ import annotations

import pytest

from tests.browser import needs_chromium
from tests.conftest import PROJECT, BuiltSite
from tests.search_site import (
    SUB_PATH,
    expected_pages,
    page_texts,
    run_query,
    search_page,
)

pytestmark = needs_chromium

#: (kind, query). Kinds are the ones issue 5 asks for; the expected pages come from the texts.
QUERIES: list[tuple[str, str]] = [
    ("agency", "赤马港办事处"),
    ("agency", "蛟川街道办事处"),
    ("agency", "泗门镇人民政府"),
    ("agency", "上海市人民政府办公厅"),
    ("agency", "平潭综合实验区市场监督管理局"),
    ("agency", "五河县临北回族乡"),
    ("agency", "道县文广新局"),
    ("place", "平潭"),
    ("place", "宁波"),
    ("place", "谯城区"),
    ("place", "湖南"),
    ("place", "大同市"),
    ("legal", "行政复议"),
    ("legal", "行政诉讼"),
    ("legal", "依申请公开"),
    ("legal", "国家秘密"),
    ("legal", "不予公开"),
    ("legal", "中华人民共和国政府信息公开条例"),
    ("legal", "第二十条"),
    ("char", "镇"),
    ("char", "乡"),
    ("char", "费"),
    ("char", "诉"),
    ("number", "2019"),
    ("number", "0"),
    ("number", "12"),
    ("number", "2017年"),
    ("number", "２０１９"),
    ("traditional", "行政複議"),
    ("traditional", "依申請公開"),
    ("punctuation", "行政复议、行政诉讼"),
    ("punctuation", "《条例》"),
    ("punctuation", "（一）"),
    ("punctuation", "区长 信箱"),
    ("latin", "WWW"),
    ("none", "林菊镇人民政府"),
]


@pytest.fixture(scope="module")
def served(sample_site: BuiltSite):
    with search_page(sample_site.site) as opened:
        yield opened


@pytest.fixture(scope="module")
def texts(sample_site: BuiltSite) -> dict[str, str]:
    found = page_texts(PROJECT / "content", sample_site.site)
    assert len(found) >= 30
    return found


def test_every_kind_of_query_finds_exactly_the_pages_that_contain_it(served, texts) -> None:
    base, page, errors = served
    wrong = {}
    sizes = {}
    for _, query in QUERIES:
        found = run_query(base, page, query)
        assert len(found) == len(set(found)), f"{query}: duplicate hits"
        expected = expected_pages(texts, query)
        sizes[query] = len(expected)
        if set(found) != expected:
            wrong[query] = (sorted(set(found) - expected), sorted(expected - set(found)))
    assert not wrong, wrong
    assert not errors, errors
    # The queries cover rare and common pages alike (else the test would prove little).
    assert sizes["林菊镇人民政府"] == 0
    assert sizes["赤马港办事处"] >= 1 and sizes["行政复议"] >= 20
    assert sizes["行政複議"] == sizes["行政复议"] and sizes["２０１９"] == sizes["2019"]
    assert 0 < sizes["平潭综合实验区市场监督管理局"] < sizes["平潭"]


def test_clicking_a_hit_opens_its_report_page(served, texts) -> None:
    base, page, _ = served
    hits = run_query(base, page, "泗门镇人民政府")
    assert hits and hits[0] in texts
    with page.expect_navigation() as navigation:
        page.locator("[data-search-hit]").first.click()
    response = navigation.value
    assert response is not None and response.status == 200
    assert page.url == base + hits[0]
    assert "泗门镇" in page.locator("article").inner_text()
    assert SUB_PATH in page.url
