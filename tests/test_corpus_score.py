"""The reader against the hand-checked corpus: every field right, no false zeros."""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "bench"))

import score_reader  # noqa: E402
import yaml  # noqa: E402


def test_corpus_accuracy_and_no_false_zeros() -> None:
    result = score_reader.run(["corpus"])
    reports = yaml.safe_load((score_reader.EXPECTED / "corpus.yaml").read_text(encoding="utf-8"))
    txt = [entry for entry in reports if entry["file"].endswith(".txt")]
    assert result.total == len(txt) * len(score_reader.FIELDS)
    assert result.misses == []
    assert result.false_zeros == []


def test_seeds_have_no_false_zeros() -> None:
    result = score_reader.run(["seeds"])
    assert result.false_zeros == []
    assert result.misses == []
