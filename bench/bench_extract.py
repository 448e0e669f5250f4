"""Reader speed: records per second over the whole sample archive (seeds and corpus), on one core.

usage: python bench/bench_extract.py [--rounds N]

Reads every report file once into memory, then times ``read_source`` +
``extract_record`` over all of them ``--rounds`` times in this single process and
prints the best round's rate. The goal (issue 2) is at least 200 records/s.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from build_scripts.errors import SourceError  # noqa: E402
from build_scripts.inputs.source_text import read_source  # noqa: E402
from build_scripts.reader.extract import extract_record  # noqa: E402


def report_files() -> list[Path]:
    """Every report of the sample archive in ``sources/`` (the seeds and the corpus)."""
    return sorted(p for p in (PROJECT / "sources").iterdir() if p.suffix in (".txt", ".html"))


def one_round(files: list[tuple[Path, bytes, str]]) -> tuple[float, int]:
    start = time.perf_counter()
    done = 0
    for path, data, digest in files:
        try:
            extract_record(read_source(path.name, data), file=path.name, sha256=digest)
        except SourceError:
            continue
        done += 1
    return time.perf_counter() - start, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    files = [(p, p.read_bytes(), "") for p in report_files()]
    files = [(p, data, hashlib.sha256(data).hexdigest()) for p, data, _ in files]
    one_round(files)  # warm-up: division table, compiled patterns
    best = min(one_round(files) for _ in range(args.rounds))
    seconds, done = best
    size = sum(len(data) for _, data, _ in files)
    print(
        f"{done} records ({size / 1e6:.2f} MB) in {seconds:.3f} s: {done / seconds:.0f} records/s (best of {args.rounds})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
