"""Issue 11.3: report bodies in the convert step's Markdown subset are rendered without Python-Markdown.

The subset renderer must give exactly what MkDocs' Markdown gives (HTML, table of contents, title,
anchors) for every page it accepts, accept the pages the convert step writes, and leave anything else
to Markdown. ``bench/subset_equivalence.py`` runs the same comparison on a large archive.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.structure.toc import get_toc

from bench.subset_equivalence import compare, toc_tree
from plugins.archive.plugin import page_body
from plugins.archive.subset_markdown import render_subset, renders_as
from tests.conftest import PROJECT
from tests.test_render_cache import build_into, sample_project, site_files

SAMPLE = PROJECT / "content" / "reports" / "jin-xiang-xian-shui-wu-ju" / "2009.md"


def sample_body() -> str:
    return page_body(SAMPLE.read_text("utf-8"))


def test_every_sample_report_page_renders_as_markdown_renders_it() -> None:
    result = compare(PROJECT)
    assert result.pages == len(list((PROJECT / "content" / "reports").rglob("*.md"))) > 30
    assert result.different == []
    assert result.left_to_markdown == []  # the renderer covers what the convert step writes


def real_paragraph() -> tuple[str, str]:
    """A body of the sample and one of its paragraph lines (with an anchor line after it)."""
    body = sample_body()
    match = re.search(r"\n\n([^#<\n][^\n]+)\n\{: #L[0-9]+ \}\n", body)
    assert match is not None
    return body, match.group(1)


@pytest.mark.parametrize(
    "change",
    [
        lambda line: f"- {line}",  # a list
        lambda line: f"1. {line}",  # a numbered list
        lambda line: f"> {line}",  # a quote
        lambda line: f"    {line}",  # indented code
        lambda line: f"{line}  \n{line}",  # a line break made of two trailing spaces
        lambda line: f"{line[:4]}*{line[4:8]}*{line[8:]}",  # emphasis
        lambda line: f"{line[:4]}_{line[4:8]}_{line[8:]}",
        lambda line: f"[{line[:4]}](https://example.org/){line[4:]}",  # a link
        lambda line: f"{line[:4]}`{line[4:8]}`{line[8:]}",  # code
        lambda line: f"{line[:4]}\\q{line[4:]}",  # an escape Markdown does not know
        lambda line: f"{line[:4]}&#21644;{line[4:]}",  # an entity html.escape does not write
        lambda line: f"{line[:4]}<b>{line[4:]}</b>",  # raw inline HTML
        lambda line: f"{line}\n---",  # a setext heading
        lambda line: f"{line}\n~~~\ncode\n~~~",  # fenced code
        lambda line: f"{line[:4]}|{line[4:]}\n---|---",  # a table
        lambda line: f"{line}\n\n***",  # a rule
        lambda line: f"## {line} {{: #L3 .wide }}",  # other attributes
        lambda line: f"#{line}",  # a heading without the space
        lambda line: f"{line}\n# {line}",  # a heading inside a paragraph
        lambda line: f"{line}\t{line}",  # a tab
        lambda line: f"{line[:4]}\x02{line[4:]}",  # a control character (Markdown's placeholder marker)
    ],
)
def test_a_body_outside_the_subset_is_left_to_markdown(change) -> None:  # type: ignore[no-untyped-def]
    body, line = real_paragraph()
    assert render_subset(body) is not None
    assert render_subset(body.replace(line, change(line), 1)) is None


def test_headings_without_an_anchor_get_the_ids_markdown_gives_them() -> None:
    body, line = real_paragraph()
    paragraph = re.search(rf"{re.escape(line)}\n\{{: #L[0-9]+ \}}", body)
    assert paragraph is not None
    text = body.replace(paragraph.group(0), f"## {line}\n\n## {line}\n\n## Ab c", 1)
    rendered = render_subset(text)
    assert rendered is not None
    slugs = [i for i in re.findall(r'<h2 id="([^"]*)">', rendered.html) if not i.startswith("L")]
    assert len(slugs) == len(set(slugs)) == 3 and "ab-c" in slugs
    converter = markdown.Markdown(extensions=["toc", "tables", "fenced_code", "attr_list", "md_in_html"])
    assert rendered.html == converter.convert(text)
    assert toc_tree(get_toc(rendered.toc)) == toc_tree(get_toc(converter.toc_tokens))  # type: ignore[attr-defined]


def test_only_the_known_extensions_in_their_default_settings_use_the_subset() -> None:
    known = ["toc", "tables", "fenced_code", "attr_list", "md_in_html"]
    assert renders_as(known, {})
    assert not renders_as([*known, "admonition"], {})
    assert not renders_as(known, {"toc": {"permalink": True}})


def test_the_sample_site_is_byte_identical_with_the_subset_renderer_on_and_off(tmp_path: Path) -> None:
    build_into(sample_project(tmp_path / "on"), tmp_path / "subset")
    build_into(sample_project(tmp_path / "off", subset_markdown=False), tmp_path / "markdown")
    subset, markdown = site_files(tmp_path / "subset"), site_files(tmp_path / "markdown")
    assert subset.keys() == markdown.keys()
    assert [name for name in subset if subset[name] != markdown[name]] == []
    assert any(name.startswith("reports/") for name in subset)
