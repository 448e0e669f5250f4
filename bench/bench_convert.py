"""Conversion speed: reports per second for the whole sample archive, writing included.

Usage: ``.venv/bin/python bench/bench_convert.py [--rounds N]``. Each round converts
``sources/`` into a fresh temporary ``content/`` (so every page is really written).
Goal (issue 3): 100 reports/s or more.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from build_scripts.convert import convert_all

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sources", default=str(ROOT / "sources"))
    args = parser.parse_args()
    timings = []
    count = 0
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            outcome = convert_all(Path(args.sources), Path(folder) / "content", quiet=True)
            timings.append(time.perf_counter() - start)
            count = len(outcome.converted)
    best, median = min(timings), sorted(timings)[len(timings) // 2]
    print(f"{count} reports; best {best:.3f}s = {count / best:.0f} reports/s; median {median:.3f}s = {count / median:.0f} reports/s")


if __name__ == "__main__":
    main()
