"""The reader against the hand-checked corpus: at least 95% of fields, no false zeros."""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "bench"))

import score_reader  # noqa: E402


def test_corpus_accuracy_and_no_false_zeros() -> None:
    result = score_reader.run(["corpus"])
    assert result.total == 25 * len(score_reader.FIELDS)
    assert result.accuracy >= 0.95, "\n".join(result.misses)
    assert result.false_zeros == []


def test_seeds_have_no_false_zeros() -> None:
    result = score_reader.run(["seeds"])
    assert result.false_zeros == []
    assert result.misses == []
