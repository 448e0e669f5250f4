"""Reader speed: records per second over the whole sample archive (seeds and corpus), on one core.

usage: python bench/bench_extract.py [--rounds N] [--cli RECORDS]

Reads every report file once into memory, then times ``read_source`` +
``extract_record`` over all of them ``--rounds`` times in this single process and
prints the best round's rate. The goal (issues 2 and 14) is at least 200 records/s.

``--cli RECORDS`` instead times whole ``python -m build_scripts extract`` runs (start-up
included) over the sample files repeated to RECORDS paths, best of ``--rounds``, and a run
over one record (what start-up costs).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import subprocess
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


def cli_rate(records: int, rounds: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds (user + system: what one free core needs, whatever
    the machine's load) of one ``extract`` process over ``records`` report paths."""
    files = [str(p) for p in report_files()]
    paths = [files[i % len(files)] for i in range(records)]
    command = [sys.executable, "-m", "build_scripts", "extract", *paths]
    wall = cpu = float("inf")
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
        wall = min(wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cli", type=int, metavar="RECORDS", help="time whole extract runs, start-up included")
    args = parser.parse_args(argv)
    if args.cli:
        wall, cpu = cli_rate(args.cli, args.rounds)
        print(f"{args.cli} records in one extract run (start-up included, best of {args.rounds}): "
              f"{wall:.2f} s wall = {args.cli / wall:.0f} records/s; {cpu:.2f} s CPU = {args.cli / cpu:.0f} records/s")
        _, start_cpu = cli_rate(1, args.rounds)
        print(f"one record in one extract run (mostly start-up): {start_cpu * 1000:.0f} ms CPU")
        return 0
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
