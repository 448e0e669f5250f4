"""Every field of seeds/expected.yaml, read from the seed reports themselves."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from build_scripts.schema import STAT_KEYS, validate_record
from tests.samples import expected, sample

GOLD: list[dict[str, Any]] = expected("seeds")
STATS = [key for key in STAT_KEYS if key != "fees_yuan"]


def record_of(name: str) -> dict[str, Any]:
    data = sample(name).read_bytes()
    return extract_record(read_source(name, data), file=name, sha256=hashlib.sha256(data).hexdigest())


def gold_fees(fees: dict[str, Any] | None) -> float | None:
    if not fees or fees.get("amount") is None:
        return None
    return fees["amount"] * (10_000 if fees.get("unit") == "万元" else 1)


@pytest.fixture(scope="module", params=GOLD, ids=[g["file"][:3] for g in GOLD])
def seed(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    return request.param, record_of(request.param["file"])


def test_metadata(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    gold, record = seed
    got = {k: record[k] for k in ("agency", "year", "region", "level", "form")}
    # The gold files name the form ``template`` (the record's key before schema 2).
    assert got == {k: gold["template" if k == "form" else k] for k in ("agency", "year", "region", "level", "form")}


def test_statistics(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    gold, record = seed
    assert {k: record["stats"][k] for k in STATS} == {k: gold[k] for k in STATS}
    assert record["stats"]["fees_yuan"] == gold_fees(gold["fees"])


def test_every_stated_figure_has_evidence(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, record = seed
    stated = {k for k, v in record["stats"].items() if v is not None}
    assert stated <= set(record["evidence"])
    lines = sample(record["source"]["file"]).read_text(encoding="utf-8").split("\n")
    for item in record["evidence"].values():
        if "…" not in item["text"]:
            assert item["text"].strip() in lines[item["line"] - 1]


def test_record_is_valid_front_matter(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, record = seed
    validate_record(record, record["source"]["file"])


def test_seed_000_contradiction_is_a_failing_check() -> None:
    record = record_of("000_f81393340b8be10c.txt")
    failing = [c for c in record["checks"] if c["status"] == "fail"]
    assert [c["rule"] for c in failing] == ["prose_consistent"]
    assert "本年新收申请" in failing[0]["detail"]


def test_seed_003_says_agency_and_year_are_unknown() -> None:
    record = record_of("003_f928e1f66e0e8c3b.txt")
    assert record["provenance"]["agency"] == "missing"
    assert record["provenance"]["year"] == "missing"
    assert any("机关" in w for w in record["warnings"])
    assert any("年度" in w for w in record["warnings"])
