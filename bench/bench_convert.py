"""Conversion speed: reports per second for the whole sample archive, writing included.

Usage: ``.venv/bin/python bench/bench_convert.py [--rounds N] [--profile]``. Each round
converts ``sources/`` into a fresh temporary ``content/`` (so every page is really written), in this
process (one worker, no cache, so that the CPU figures and the profile cover the whole conversion;
``bench/pipeline.py`` measures the real command on every CPU, cold and incremental).
Goal (issue 3): 100 reports/s or more.

Wall-clock figures move with the load of a shared machine; the CPU figures (this process's
CPU time) do much less, so compare those between changes. ``--profile`` runs one more round
under cProfile and prints where the time goes, grouped by pipeline stage.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from build_scripts.pages.convert import convert_all

ROOT = Path(__file__).resolve().parents[1]

#: Pipeline stages as (label, function name in the profile); cumulative times overlap only
#: where one stage calls another (extract_record includes the partial-chrome search).
STAGES: tuple[tuple[str, str, str], ...] = (
    ("manifest (parse_manifest)", "manifest.py", "parse_manifest"),
    ("decode + formats (read_source)", "source_text.py", "read_source"),
    ("reader (extract_record)", "extract.py", "extract_record"),
    ("partial chrome (find_chrome_spans)", "chrome.py", "find_chrome_spans"),
    ("render (render_body)", "render.py", "render_body"),
    ("YAML front matter (dump_page)", "schema.py", "dump_page"),
    ("write (write_atomic)", "paths.py", "write_atomic"),
)


def convert_once(sources: Path) -> tuple[int, float, float]:
    """(reports converted, wall seconds, CPU seconds) of one conversion into a fresh folder."""
    with tempfile.TemporaryDirectory() as folder:
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = convert_all(sources, Path(folder) / "content", quiet=True, workers=1)
        return len(outcome.converted), time.perf_counter() - wall, time.process_time() - cpu


def stage_times(profile: cProfile.Profile) -> list[tuple[str, float]]:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    found = []
    for label, file, name in STAGES:
        seconds = sum(row[3] for (path, _, function), row in stats.items() if path.endswith(file) and function == name)
        found.append((label, seconds))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sources", default=str(ROOT / "sources"))
    parser.add_argument("--profile", action="store_true", help="print the time per pipeline stage")
    args = parser.parse_args()
    sources = Path(args.sources)
    runs = [convert_once(sources) for _ in range(args.rounds)]
    count = runs[-1][0]
    walls = sorted(run[1] for run in runs)
    cpus = sorted(run[2] for run in runs)
    best, median = walls[0], walls[len(walls) // 2]
    cpu_median = cpus[len(cpus) // 2]
    print(
        f"{count} reports; best {best:.3f}s = {count / best:.0f} reports/s; median {median:.3f}s = "
        f"{count / median:.0f} reports/s; median CPU {cpu_median:.3f}s = {count / cpu_median:.0f} reports/s"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(convert_once, sources)
        total = sum(row[2] for row in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]
        for label, seconds in stage_times(profile):
            print(f"  {label:<38} {seconds:7.3f}s  {100 * seconds / total:5.1f}%")
        print(f"  {'total (under the profiler)':<38} {total:7.3f}s")


if __name__ == "__main__":
    main()
