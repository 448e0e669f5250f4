"""Issue 13.12: a crawled page's 原文链接 header line is the report's source address."""

from __future__ import annotations

import hashlib

from build_scripts.inputs.chrome import crawler_url
from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from tests.samples import sample

NAME = "pingtan-2022-dept-mgmt-committee-office.txt"


def _lines(name: str) -> list[str]:
    return sample(name).read_text(encoding="utf-8").split("\n")


def test_header_url_of_a_real_crawled_report() -> None:
    lines = _lines(NAME)
    header = next(line for line in lines if line.startswith("原文链接:"))
    assert crawler_url(lines) == header.split(":", 1)[1].strip()


def test_a_link_in_the_body_is_not_the_source() -> None:
    """The same report with its header removed: the body names a website but no 原文链接."""
    lines = _lines(NAME)
    body = lines[lines.index(next(line for line in lines if "正文" in line and line.startswith("="))) + 1 :]
    assert crawler_url([f"原文链接: {crawler_url(lines)}", *body]) is None


def test_record_carries_the_extracted_url() -> None:
    data = sample(NAME).read_bytes()
    record = extract_record(read_source(NAME, data), file=NAME, sha256=hashlib.sha256(data).hexdigest())
    assert record["source"]["url"] == crawler_url(_lines(NAME))
    assert record["source"]["url"].startswith("https://www.pingtan.gov.cn/")
    assert record["provenance"]["url"] == "extracted"


def test_no_header_no_url() -> None:
    name = "2019-province-shanghai-govoffice.txt"
    data = sample(name).read_bytes()
    record = extract_record(read_source(name, data), file=name, sha256=hashlib.sha256(data).hexdigest())
    assert record["source"]["url"] is None
    assert record["provenance"]["url"] == "missing"
