"""Every Han character of every sample report reaches its page, in order (chrome aside)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts.inputs.source_text import read_source
from build_scripts.pages.convert import convert_all, source_files
from build_scripts.schema import split_page

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
HAN = re.compile(r"[\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

SAMPLE = [path.relative_to(SOURCES).as_posix() for path in source_files(SOURCES)]


def han(text: str) -> str:
    return "".join(HAN.findall(text))


def missing_from(needle: str, haystack: str) -> int | None:
    """Index in ``needle`` of the first character not found in order in ``haystack``."""
    position = 0
    for index, char in enumerate(needle):
        position = haystack.find(char, position)
        if position < 0:
            return index
        position += 1
    return None


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    content = tmp_path_factory.mktemp("content")
    outcome = convert_all(SOURCES, content, quiet=True)
    assert not outcome.rejected, outcome.rejected
    pages = {}
    for item in outcome.converted:
        record, body = split_page((content / item["page"]).read_text("utf-8"), item["page"])
        pages[item["file"].removeprefix("sources/")] = (record, body)
    return pages


def test_the_sample_archive_is_there() -> None:
    assert len(SAMPLE) >= 30
    assert any(name.endswith(".html") for name in SAMPLE)


def without_chrome(lines: list[str], chrome: list[dict]) -> list[str]:
    """The source lines minus exactly the listed chrome: whole lines, and spans cut from a
    line's start or end (each span must be where its entry says)."""
    kept = list(lines)
    for entry in chrome:
        index, text, part = entry["line"] - 1, entry["text"], entry.get("part")
        if part is None:
            assert lines[index].strip() == text.strip(), "chrome entries name their lines"
            kept[index] = ""
        elif part == "start":
            assert kept[index].lstrip().startswith(text), f"start chrome begins line {index + 1}"
            kept[index] = kept[index].lstrip()[len(text):]
        else:
            assert part == "end", part
            assert kept[index].rstrip().endswith(text), f"end chrome ends line {index + 1}"
            kept[index] = kept[index].rstrip()[: -len(text)]
    return kept


@pytest.mark.parametrize("name", SAMPLE)
def test_every_han_character_survives_in_order(name: str, converted: dict[str, tuple[dict, str]]) -> None:
    record, body = converted[name]
    text = read_source(name, (SOURCES / name).read_bytes()).text
    expected = han("\n".join(without_chrome(text.split("\n"), record["chrome"])))
    assert expected, "a report has Han text"
    lost = missing_from(expected, han(body))
    assert lost is None, f"lost {expected[lost:lost + 20]!r} (character {lost} of {len(expected)})"


@pytest.mark.parametrize("name", SAMPLE)
def test_partial_chrome_is_not_in_the_body(name: str, converted: dict[str, tuple[dict, str]]) -> None:
    record, body = converted[name]
    for entry in record["chrome"]:
        if entry.get("part") and len(han(entry["text"])) >= 8:
            assert han(entry["text"]) not in han(body), f"chrome of line {entry['line']} is still on the page"


def test_the_crawled_one_line_pages_lose_their_header_and_footer(converted: dict[str, tuple[dict, str]]) -> None:
    parts = {
        entry["part"]
        for name, (record, _) in converted.items()
        if name.startswith("pingtan-")
        for entry in record["chrome"]
        if "part" in entry
    }
    assert parts == {"start", "end"}


def test_the_check_notices_partial_chrome_that_is_not_there() -> None:
    lines = ["当前位置：首页 本报告正文。"]
    assert without_chrome(lines, [{"line": 1, "text": "当前位置：首页", "part": "start"}]) == [" 本报告正文。"]
    with pytest.raises(AssertionError):
        without_chrome(lines, [{"line": 1, "text": "本报告", "part": "start"}])
    with pytest.raises(AssertionError):
        without_chrome(lines, [{"line": 1, "text": "首页", "part": "end"}])


@pytest.mark.parametrize("name", SAMPLE)
def test_anchors_are_unique_and_evidence_lines_have_one(name: str, converted: dict[str, tuple[dict, str]]) -> None:
    record, body = converted[name]
    anchors = re.findall(r'id="(L\d+)"|\{: #(L\d+) \}', body)
    ids = [a or b for a, b in anchors]
    assert len(ids) == len(set(ids)), "anchor ids are unique"
    for key, evidence in record["evidence"].items():
        assert f"L{evidence['line']}" in ids, f"{key}: evidence line {evidence['line']} has an anchor"


def test_the_check_notices_a_lost_character() -> None:
    assert missing_from("政府信息", "政府信") == 3
    assert missing_from("政府信息", "信息政府") == 2
    assert missing_from("政府信息", "政府信息公开") is None
