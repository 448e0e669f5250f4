"""Every Han character of every sample report reaches its page, in order (chrome aside)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts.convert import convert_all, source_files
from build_scripts.schema import split_page
from build_scripts.source_text import read_source

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


@pytest.mark.parametrize("name", SAMPLE)
def test_every_han_character_survives_in_order(name: str, converted: dict[str, tuple[dict, str]]) -> None:
    record, body = converted[name]
    text = read_source(name, (SOURCES / name).read_bytes()).text
    lines = text.split("\n")
    chrome = {entry["line"] - 1 for entry in record["chrome"]}
    for entry in record["chrome"]:
        assert lines[entry["line"] - 1].strip() == entry["text"].strip(), "chrome entries name their lines"
    expected = han("\n".join(line for index, line in enumerate(lines) if index not in chrome))
    assert expected, "a report has Han text"
    lost = missing_from(expected, han(body))
    assert lost is None, f"lost {expected[lost:lost + 20]!r} (character {lost} of {len(expected)})"


def test_the_check_notices_a_lost_character() -> None:
    assert missing_from("政府信息", "政府信") == 3
    assert missing_from("政府信息", "信息政府") == 2
    assert missing_from("政府信息", "政府信息公开") is None
