"""The Content-Security-Policy on every page kind, in the real Chromium: zero violations, zero requests
that leave the site, and the site's scripts still work (the search answers a query).

Also, without a browser: every built HTML page carries the policy with no third-party origin, and an
inline script that is part of a page's content is never allowed by hash.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plugins.archive import csp
from tests.browser import chromium, needs_chromium, serve
from tests.conftest import BuiltSite

LISTEN = """() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
}"""


def page_kinds(site: BuiltSite) -> list[str]:
    """One URL path of every kind of page the archive publishes."""
    first = {
        kind: sorted(p.parent.relative_to(site.site).as_posix() for p in (site.site / kind).glob("*/index.html"))[0]
        for kind in ("agencies", "years")
    }
    report = sorted(p.parent.relative_to(site.site).as_posix() for p in (site.site / "reports").glob("*/*/index.html"))[0]
    return [
        "",
        "regions/",
        "agencies/",
        first["agencies"] + "/",
        "years/",
        first["years"] + "/",
        report + "/",
        "data/",
        "data/notes/",
        "about/",
        "search/?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE",  # 行政复议
        "404.html",
    ]


def test_every_page_has_the_policy_and_no_third_party_origin(sample_site: BuiltSite) -> None:
    pages = sorted(sample_site.site.rglob("*.html"))
    assert pages
    for page in pages:
        if page.relative_to(sample_site.site).parts[0] == "sources":
            continue  # original .html files republished as downloads, not site pages
        tags = [m.group() for m in csp.PLACEHOLDER.finditer(page.read_text("utf-8"))]
        assert len(tags) == 1, page
        policy = tags[0].split('content="', 1)[1].split('"', 1)[0]
        assert "script-src 'self'" in policy and "http" not in policy and "*" not in policy, (page, policy)


def test_a_script_in_the_page_content_is_not_allowed() -> None:
    placeholder = '<meta http-equiv="Content-Security-Policy" content="x" data-archive-csp>'
    theme = "<script>var theme=1</script>"
    injected = "<script>alert(1)</script>"
    output = f"<head>{placeholder}{theme}</head><body>{injected}</body>"
    result = csp.with_policy(output, content=f"<p>{injected}</p>")
    assert csp.script_hash("var theme=1") in result
    assert csp.script_hash("alert(1)") not in result
    assert csp.with_policy("<p>no placeholder</p>") == "<p>no placeholder</p>"


@pytest.fixture(scope="module")
def origin(sample_site: BuiltSite) -> Iterator[str]:
    with serve(sample_site.site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("mark", needs_chromium[1:])
def test_no_csp_violation_and_no_request_leaving_the_site(sample_site: BuiltSite, origin: str, mark: object) -> None:
    failures = []
    with chromium() as browser:
        context = browser.new_context()
        context.add_init_script(f"({LISTEN})()")
        for path in page_kinds(sample_site):
            page = context.new_page()
            messages: list[str] = []
            outside: list[str] = []
            page.on("console", lambda m, messages=messages: messages.append(m.text))
            page.on(
                "request",
                lambda r, outside=outside: None
                if r.url.startswith((origin + "/", "data:", "blob:", "about:"))
                else outside.append(r.url),
            )
            page.goto(f"{origin}/{path}", wait_until="load")
            if path.startswith("search/"):
                page.wait_for_selector("[data-search-results] li", timeout=20_000)
            page.wait_for_timeout(300)
            violations = page.evaluate("window.__csp")
            csp_console = [m for m in messages if "Content Security Policy" in m]
            if violations or csp_console or outside:
                failures.append((path, violations, csp_console, outside))
            page.close()
        context.close()
    assert failures == []
