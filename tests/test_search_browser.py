"""End-to-end: the archive's search in real headless Chromium over a site of real reports.

Every query's expected result is computed here by scanning the pages' texts in Python,
independently of the index: a page matches when each run of letters/digits of the
(NFKC-folded, lower-cased, traditional→simplified) query occurs in the page's text.
"""

from __future__ import annotations

import json
import shutil
from urllib.parse import urljoin, urlsplit

import pytest

from plugins.search.tokens import run_tokens, shard_hash
from tests.browser import needs_chromium
from tests.search_site import (
    SUB_PATH,
    build_site,
    expected_pages,
    page_texts,
    run_query,
    search_page,
    shared_reports,
    write_site_source,
)

pytestmark = needs_chromium

QUERIES = [
    "行政复议",
    "行政诉讼",
    "区长信箱",
    "泗门镇人民政府",
    "蛟川街道办事处",
    "龙归镇",
    "平潭综合实验区",
    "上海市人民政府办公厅",
    "桂花坪街道",
    "林菊镇人民政府",
    "镇",
    "诉讼",
    "复议",
    "公开",
    "费",
    "乡",
    "2019",
    "2017年",
    "1308",
    "0",
    "36",
    "主动公开政府信息",
    "依申请公开",
    "国家秘密",
    "商业秘密",
    "政府信息公开工作年度报告",
    "不予公开",
    "微信",
    "网站",
    "行政複議",
    "區長信箱",
    "行政复议、行政诉讼",
    "区长 信箱",
    "《条例》",
    "２０１９",
    "ＷＷＷ",
    "www",
    "收费",
    "信访",
    "第三方",
    "举报",
    "0.5",
]


#: Heading tokens of more pages than this (公开, 政府, 人民 …) are looked up in the compact
#: postings, rarer ones (泗门, 蛟川 …) with lunr.js: the queries exercise both.
LUNR_MAX_DOCUMENTS = 6
#: Postings longer than this get a file of their own: the common tokens' do here, as at 20,000 reports.
BIG_POSTING_CHARS = 30


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("search-site")
    config = write_site_source(
        root, shared_reports(), lunr_max_documents=LUNR_MAX_DOCUMENTS, big_posting_chars=BIG_POSTING_CHARS
    )
    hostile = root / "docs" / "reports" / "hostile" / "2020.md"
    hostile.parent.mkdir(parents=True)
    page = (root / "docs" / "reports" / "r000").glob("*.md").__next__().read_text("utf-8")
    hostile.write_text(
        page.replace("title: ", "title: '<img src=x onerror=\"window.pwned=1\">行政复议' #", 1), "utf-8"
    )
    site = build_site(config)
    yield root / "docs", site
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def browser_page(archive):
    _, site = archive
    with search_page(site) as opened:
        yield opened


def test_every_query_finds_exactly_the_pages_that_contain_it(archive, browser_page) -> None:
    docs, site = archive
    base, page, errors = browser_page
    texts = page_texts(docs, site)
    assert len(texts) >= 30
    wrong = {}
    for query in QUERIES:
        found = run_query(base, page, query)
        assert len(found) == len(set(found)), f"{query}: duplicate hits"
        expected = expected_pages(texts, query)
        if set(found) != expected:
            wrong[query] = (sorted(set(found) - expected), sorted(expected - set(found)))
    assert not wrong, wrong
    assert not errors
    sizes = {query: len(expected_pages(texts, query)) for query in QUERIES}
    assert sizes["林菊镇人民政府"] == 0 and sizes["公开"] >= 30 and 0 < sizes["区长信箱"] < 5


def test_title_matches_rank_first_and_hits_show_title_agency_year_snippet(browser_page) -> None:
    base, page, _ = browser_page
    run_query(base, page, "蛟川街道办事处")
    first = page.locator(".archive-search__hit").first
    assert "蛟川街道办事处" in first.locator(".archive-search__title").inner_text()
    assert "2016" in first.locator(".archive-search__meta").inner_text()
    marks = page.eval_on_selector_all(".archive-search__snippet mark", "els => els.map(e => e.textContent)")
    assert marks and set(marks) == {"蛟川街道办事处"}


def test_report_text_is_never_interpreted_as_html(browser_page) -> None:
    base, page, _ = browser_page
    run_query(base, page, "onerror")
    titles = page.eval_on_selector_all(".archive-search__title", "els => els.map(e => e.textContent)")
    assert any("<img src=x" in title for title in titles)
    assert page.locator(".archive-search__hit img").count() == 0
    assert page.evaluate("window.pwned === undefined")


def test_nothing_is_fetched_until_someone_searches_then_only_the_needed_shards(browser_page) -> None:
    base, page, _ = browser_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/search/" in url]
    page.focus("[data-search-header] input")
    page.fill("[data-search-header] input", "区长信箱")
    page.wait_for_selector("[data-search-dropdown][data-search-state=done]", state="attached", timeout=15000)
    fetched = [urlsplit(url).path for url in requested if "/search/" in url]
    shards = [path for path in fetched if "/index/s/" in path]
    assert any(path.endswith("/search/search.js") for path in fetched)
    assert 1 <= len(shards) <= 3
    hits = page.eval_on_selector_all(
        "[data-search-dropdown] [data-search-hit]", "els => els.map(e => e.href)"
    )
    assert hits and all(urljoin(base, "reports/") in href for href in hits)


def test_title_hits_come_from_lunr_js_loaded_from_the_site(archive, browser_page) -> None:
    _, site = archive
    base, page, _ = browser_page
    manifest = json.loads((site / "search" / "index" / "manifest.json").read_text("utf-8"))
    assert "公开" in manifest["compactHeadings"] and "泗门" not in manifest["compactHeadings"]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    hits = run_query(base, page, "泗门镇人民政府")
    assert page.evaluate("window.lunr && window.lunr.version") == "2.3.9"
    assert SUB_PATH + "search/lunr.js" in requested
    assert any(path.startswith(SUB_PATH + "search/index/t/") for path in requested)
    assert not any(urlsplit(path).netloc for path in requested)
    titles = page.eval_on_selector_all(".archive-search__title", "els => els.map(e => e.textContent)")
    in_title = [title for title in titles if "泗门镇人民政府" in title]
    assert in_title and titles[: len(in_title)] == in_title and len(hits) == len(titles)


def test_a_common_query_downloads_one_posting_and_confirms_the_rest_on_the_hits(archive, browser_page) -> None:
    """Every token of 政府信息公开 is in most reports: only the rarest one's posting is downloaded."""
    docs, site = archive
    base, page, _ = browser_page
    texts = page_texts(docs, site)
    query = "政府信息公开"
    tokens = run_tokens(query)
    manifest = json.loads((site / "search" / "index" / "manifest.json").read_text("utf-8"))
    shards = {
        token: json.loads(
            (site / "search" / "index" / "s" / f"{shard_hash(token) % manifest['shards']}.json").read_text("utf-8")
        )[token]
        for token in tokens
    }
    # Preconditions: every token is common and has a posting file of its own.
    assert all(sum(token in text for text in texts.values()) > len(texts) / 2 for token in tokens)
    assert all(isinstance(entry[0], int) for entry in shards.values())
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    found = run_query(base, page, query)
    assert set(found) == expected_pages(texts, query)
    postings = [path for path in requested if "/search/index/b/" in path]
    assert len(postings) == 1
