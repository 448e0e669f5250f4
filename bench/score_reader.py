"""Score the reader against the hand-checked values of the sample reports.

usage: python bench/score_reader.py [--set seeds|corpus|all] [--min ACCURACY] [--quiet] [--html]

Runs :func:`build_scripts.reader.extract.extract_record` over every ``.txt`` file (with ``--html``
also every ``.html`` file) listed in
``tests/expected/{seeds,corpus}.yaml`` (the files themselves are in ``sources/``) and compares agency, year, template,
the 13 count statistics and the disclosure fee, with the rules of the shared scorer
(``shared/tools/score_extract.py``): agency matches when one name contains the other
(whitespace ignored); fees are compared in 元. Prints per-field and overall accuracy,
every miss, and the number of false zeros (0 where the gold value is null).
Exit status 1 when the accuracy is below ``--min`` or any false zero occurs.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[1]
EXPECTED = PROJECT / "tests" / "expected"
SETS: dict[str, tuple[Path, Path]] = {
    "seeds": (EXPECTED / "seeds.yaml", PROJECT / "sources"),
    "corpus": (EXPECTED / "corpus.yaml", PROJECT / "sources"),
}
STATS = (
    "proactive_total", "applications_new", "applications_carried_over", "outcome_disclosed",
    "outcome_partial", "outcome_refused_total", "outcome_unable_total", "outcome_not_processed_total",
    "outcome_other_total", "outcome_total", "carried_forward", "reconsideration_total", "litigation_total",
)  # fmt: skip
FIELDS = ("agency", "year", "template", *STATS, "fees")

sys.path.insert(0, str(PROJECT))


@dataclass
class Score:
    per_field: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    misses: list[str] = field(default_factory=list)
    false_zeros: list[str] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(ok for ok, _ in self.per_field.values())

    @property
    def total(self) -> int:
        return sum(n for _, n in self.per_field.values())

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def _name(value: Any) -> str | None:
    return None if value is None else re.sub(r"\s+", "", str(value))


def _gold_fees(fees: Any) -> float | None:
    if not fees or fees.get("amount") is None:
        return None
    return float(fees["amount"]) * (10_000 if fees.get("unit") == "万元" else 1)


def _number(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def field_matches(name: str, gold: dict[str, Any], record: dict[str, Any]) -> tuple[bool, Any, Any]:
    """(matches, gold value, extracted value) for one field, by the shared scorer's rules."""
    stats = record.get("stats") or {}
    if name == "agency":
        g, r = _name(gold.get("agency")), _name(record.get("agency"))
        good = (g is None and r is None) or bool(g and r and (g in r or r in g))
    elif name in ("year", "template"):
        g, r = gold.get(name), record.get("form" if name == "template" else name)
        good = g == r or (g is not None and str(g) == str(r))
    elif name == "fees":
        g, r = _gold_fees(gold.get("fees")), _number(stats.get("fees_yuan"))
        good = (g is None and r is None) or (g is not None and isinstance(r, float) and abs(g - r) < 0.5)
    else:
        g, r = _number(gold.get(name)), _number(stats.get(name))
        good = g == r
    also = (gold.get("also_accept") or {}).get(name)
    if not good and also:
        good = _number(r) in [_number(x) for x in also]
    return good, g, r


def extract(path: Path) -> dict[str, Any]:
    from build_scripts.inputs.source_text import read_source
    from build_scripts.reader.extract import extract_record

    data = path.read_bytes()
    return extract_record(
        read_source(str(path), data), file=path.name, sha256=hashlib.sha256(data).hexdigest()
    )


def score(gold_file: Path, folder: Path, result: Score, suffixes: tuple[str, ...] = (".txt",)) -> None:
    for gold in yaml.safe_load(gold_file.read_text(encoding="utf-8")):
        if not gold["file"].endswith(suffixes):
            continue
        record = extract(folder / gold["file"])
        for name in FIELDS:
            good, g, r = field_matches(name, gold, record)
            result.per_field[name][1] += 1
            result.per_field[name][0] += good
            if not good:
                result.misses.append(f"{gold['file']} {name}: expected {g!r}, got {r!r}")
                if g is None and r == 0:
                    result.false_zeros.append(f"{gold['file']} {name}")


def run(sets: list[str], suffixes: tuple[str, ...] = (".txt",)) -> Score:
    result = Score()
    for name in sets:
        gold_file, folder = SETS[name]
        score(gold_file, folder, result, suffixes)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("seeds", "corpus", "all"), default="all")
    parser.add_argument("--min", type=float, default=0.0, help="fail below this overall accuracy")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    parser.add_argument("--html", action="store_true", help="score the .html entries too")
    args = parser.parse_args(argv)
    sets = ["seeds", "corpus"] if args.set == "all" else [args.set]
    result = run(sets, (".txt", ".html") if args.html else (".txt",))
    if not args.quiet:
        for name, (ok, total) in result.per_field.items():
            print(f"  {name:30s} {ok}/{total}")
        for miss in result.misses:
            print(f"  miss {miss}")
    print(
        f"accuracy {result.accuracy:.3f} ({result.correct}/{result.total} fields, {'+'.join(sets)}); "
        f"false zeros {len(result.false_zeros)}"
    )
    return 0 if result.accuracy >= args.min and not result.false_zeros else 1


if __name__ == "__main__":
    sys.exit(main())
