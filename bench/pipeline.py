"""The whole pipeline on a synthetic archive of any size, stage by stage (issue 11.1).

Usage::

    .venv/bin/python bench/pipeline.py --reports 2000 --out build/bench-2000.json

makes ``build/bench-<N>/`` (``--root``): ``sources/`` with N reports made from the real sample
reports (:mod:`bench.archive_sources`: ten agencies per county, ten years per agency, names, years
and figures varied, the HTML sample pages included), the project's hand-written pages and its
``mkdocs.yml``; then measures, each stage in a child process:

- conversion from scratch, with nothing changed, after one source changed, after one removed
  (``python -m build_scripts convert`` with its cache in ``build/``);
- the full ``mkdocs build``, twice: cold (the first build after the conversion, as on a fresh clone:
  the records are in ``build/page-records`` from the conversion, no page rendered yet) and warm (the
  same build again: report bodies come from ``build/page-html``), each with its ratio to plain;
- ``make serve``'s server (``python -m plugins.archive.live``): seconds until it first serves, and
  from saving an edited source, then an edited page, until the served page shows the edit (wall
  seconds, and the server's CPU seconds meanwhile, the conversion it runs included: on a busy
  machine the wall time grows, the CPU time does not);
- a plain mkdocs-material build of the same report pages with Material's own ``search`` plugin
  and a small nav (the same Markdown extensions, front matter kept), for the ratio.

Each stage reports wall time, CPU time and peak RSS of the child and everything it waited for
(``os.wait4``: the conversion's worker processes included), and the size, file count and largest
file of what it wrote (``content/reports`` for conversion, the site for builds). The results are
printed as a Markdown table and written as JSON (``--out``). ``--skip`` leaves stages out.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.archive_sources import chosen_source, edit_source, index_of, intended, write_sources
from build_scripts.pages.slugs import agency_slug

PROJECT = Path(__file__).resolve().parents[1]
STAGES = ("convert", "build", "serve", "plain")
#: The build's caches in ``build/`` besides the conversion's (``page-records`` is filled by convert too).
BUILD_CACHES = ("page-html", "serve-pages")
COLD_BUILD = "mkdocs build: cold (first after convert)"
WARM_BUILD = "mkdocs build: warm (again, nothing changed)"


@dataclass
class Stage:
    name: str
    wall: float = 0.0
    cpu: float = 0.0
    #: The part of ``cpu`` spent in the kernel (mostly creating files: it varies with the file system's
    #: state, e.g. right after a large folder was deleted, far more than the user part does).
    system: float = 0.0
    peak_rss_mb: float = 0.0
    status: int = 0
    output_mb: float | None = None
    files: int | None = None
    largest: str | None = None
    largest_kb: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT), "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def measure(name: str, command: list[str], cwd: Path, output: Path | None = None, log: Path | None = None) -> Stage:
    """Run ``command`` to its end; wall, CPU and peak RSS of it and of the processes it waited for."""
    handle = log.open("w", encoding="utf-8") if log is not None else subprocess.DEVNULL
    start = time.perf_counter()
    try:
        process = subprocess.Popen(command, cwd=cwd, env=environment(), stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log is not None:
            handle.close()  # type: ignore[union-attr]
    stage = Stage(name, wall=time.perf_counter() - start, cpu=usage.ru_utime + usage.ru_stime, system=usage.ru_stime,
                  peak_rss_mb=usage.ru_maxrss / 1024, status=process.returncode)  # fmt: skip
    if output is not None:
        describe_output(stage, output)
    return stage


#: Top-level folders of a built site that hold downloads, which no page loads.
DOWNLOAD_DIRS = ("data", "sources")


def is_download(relative: Path) -> bool:
    """A download (data files, original copies, per-report ``record.json``), not a page or what a page loads."""
    return relative.parts[0] in DOWNLOAD_DIRS or relative.name == "record.json"


def describe_output(stage: Stage, folder: Path) -> None:
    sizes = [(path.stat().st_size, path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()]
    stage.files = len(sizes)
    stage.output_mb = sum(size for size, _ in sizes) / 1e6
    if sizes:
        size, path = max(sizes)
        stage.largest, stage.largest_kb = path.as_posix(), size / 1e3
    pages = [(size, path) for size, path in sizes if not is_download(path)]
    downloads = [(size, path) for size, path in sizes if is_download(path)]
    if pages and folder.name == "site":
        size, path = max(pages)
        stage.extra["largest page"] = f"{path.as_posix()} ({size / 1e3:,.0f} KB)"
    if downloads and folder.name == "site":
        size, path = max(downloads)
        stage.extra["largest download"] = f"{path.as_posix()} ({size / 1e6:,.1f} MB)"
    if folder.name == "site":
        parts: dict[str, int] = {}
        for size, path in sizes:
            key = path.parts[0] if len(path.parts) > 1 else "(top)"
            parts[key] = parts.get(key, 0) + size
        stage.extra["MB by folder"] = " ".join(f"{k} {v / 1e6:,.0f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])[:7])


def write_project(root: Path) -> Path:
    """The project's hand-written pages and ``mkdocs.yml`` (site in ``root/site``) into ``root``."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for page in (PROJECT / "content").iterdir():
        if page.is_file():
            shutil.copy(page, content / page.name)
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    config.update(site_url="", strict=False)
    if "custom_dir" in config.get("theme", {}):
        config["theme"]["custom_dir"] = str(PROJECT / config["theme"]["custom_dir"])
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def write_plain_project(root: Path, content: Path) -> Path:
    """Plain mkdocs-material over the same report pages: Material's search, a small nav."""
    docs = root / "plain" / "docs"
    shutil.rmtree(docs.parent, ignore_errors=True)
    shutil.copytree(content / "reports", docs / "reports")
    (docs / "index.md").write_text("# 政府信息公开年报档案\n\n同一批报告页，普通 Material 主题。\n", "utf-8")
    reports = sorted(p.relative_to(docs).as_posix() for p in (docs / "reports").rglob("*.md"))
    project = yaml.safe_load((PROJECT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    config = {
        "site_name": "plain",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": ["search"],
        "nav": [{"首页": "index.md"}, *({f"报告 {i + 1}": page} for i, page in enumerate(reports[:5]))],
        "markdown_extensions": project.get("markdown_extensions", []),
    }
    path = docs.parent / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def convert_command() -> list[str]:
    return [sys.executable, "-m", "build_scripts", "convert", "--quiet", "--report", "build/conversion-report.json"]


def run_conversion(root: Path, logs: Path) -> list[Stage]:
    shutil.rmtree(root / "content" / "reports", ignore_errors=True)
    shutil.rmtree(root / "build" / "convert-cache", ignore_errors=True)
    reports = root / "content" / "reports"
    stages = [measure("convert: from scratch", convert_command(), root, reports, logs / "convert-cold.log")]
    stages[0].extra["read_as_intended"] = read_as_intended(root)
    stages.append(measure("convert: nothing changed", convert_command(), root, reports, logs / "convert-warm.log"))
    changed = chosen_source(root / "sources")
    edit_source(root / "sources", changed)
    stages.append(measure("convert: one source changed", convert_command(), root, reports, logs / "convert-one.log"))
    stages[-1].extra["changed"] = changed
    removed = sorted((root / "sources").rglob("*.txt"))[0]
    removed.unlink()
    stages.append(measure("convert: one source removed", convert_command(), root, reports, logs / "convert-removed.log"))
    stages[-1].extra["removed"] = removed.relative_to(root / "sources").as_posix()
    return stages


def read_as_intended(root: Path) -> str:
    """Share of the reports whose page sits under the intended agency's folder and year."""
    report = json.loads((root / "build" / "conversion-report.json").read_text("utf-8"))
    hits = 0
    for item in report["converted"]:
        agency, year = intended(index_of(item["file"]))
        _, folder, stem = item["page"].split("/")
        hits += folder.rstrip("-0123456789") == agency_slug(agency).rstrip("-0123456789") and stem.startswith(str(year))
    return f"{hits}/{report['sources']} ({100 * hits / max(1, report['sources']):.1f}%)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, text: str, seconds: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    return None


def page_url(port: int, content: Path, page: Path) -> str:
    return f"http://127.0.0.1:{port}/{page.relative_to(content).with_suffix('').as_posix()}/"


def process_cpu(pid: int) -> float | None:
    """CPU seconds used so far by process ``pid`` and the children it waited for (Linux ``/proc``), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def cpu_since(pid: int, start: float | None) -> float | None:
    now = process_cpu(pid)
    return None if now is None or start is None else now - start


def source_page(root: Path, source: str) -> Path:
    report = json.loads((root / "build" / "conversion-report.json").read_text("utf-8"))
    (page,) = [item["page"] for item in report["converted"] if item["file"] == f"sources/{source}"]
    return root / "content" / page


def run_serve(root: Path, logs: Path, timeout: float) -> Stage:
    """``make serve``'s server: first serve, then an edited source, then an edited page."""
    port = free_port()
    command = [sys.executable, "-m", "plugins.archive.live", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    log = (logs / "serve.log").open("w", encoding="utf-8")
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=root, env=environment(), stdout=log, stderr=subprocess.STDOUT)
    stage = Stage("serve: rebuild after one edit")
    try:
        source = chosen_source(root / "sources")
        page = source_page(root, source)
        first = wait_for(page_url(port, root / "content", page), "</html>", timeout)
        stage.extra["first_serve_s"] = None if first is None else time.perf_counter() - start
        marker = f"（预览测试 {int(time.time())}）"
        cpu = process_cpu(process.pid)
        edit_source(root / "sources", source, marker=marker)
        stage.extra["source_edit_s"] = wait_for(page_url(port, root / "content", page), marker, timeout)
        stage.extra["source_edit_cpu_s"] = cpu_since(process.pid, cpu)
        source_page_now = source_page(root, source)
        page_marker = f"（页面编辑 {int(time.time())}）"
        text = source_page_now.read_text("utf-8")
        cut = text.index("\n# ")  # the page's title line: the edit goes right after it
        cut = text.index("\n", cut + 1)
        cpu = process_cpu(process.pid)
        source_page_now.write_text(f"{text[:cut]}\n\n{page_marker}\n{text[cut:]}", "utf-8")
        stage.extra["page_edit_s"] = wait_for(page_url(port, root / "content", source_page_now), page_marker, timeout)
        stage.extra["page_edit_cpu_s"] = cpu_since(process.pid, cpu)
    finally:
        process.terminate()
        _, _, usage = os.wait4(process.pid, 0)
        log.close()
    stage.wall = time.perf_counter() - start
    stage.cpu = usage.ru_utime + usage.ru_stime
    stage.peak_rss_mb = usage.ru_maxrss / 1024
    stage.status = 0 if stage.extra.get("source_edit_s") is not None and stage.extra.get("page_edit_s") is not None else 1
    return stage


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def table(stages: list[Stage]) -> str:
    lines = [
        "| stage | wall s | CPU s (system) | peak RSS MB | output MB | files | largest file (KB) | notes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for stage in stages:
        largest = f"{stage.largest} ({fmt(stage.largest_kb, 0)})" if stage.largest else "–"
        notes = ", ".join(f"{key} {fmt(value) if isinstance(value, float) else value}" for key, value in stage.extra.items())
        if stage.status:
            notes = f"exit {stage.status}; {notes}"
        lines.append(
            f"| {stage.name} | {fmt(stage.wall)} | {fmt(stage.cpu)} ({fmt(stage.system)}) | {fmt(stage.peak_rss_mb, 0)} | "
            f"{fmt(stage.output_mb)} | {stage.files if stage.files is not None else '–'} | {largest} | {notes} |"
        )
    return "\n".join(lines)


def ratios(stages: dict[str, Stage], name: str) -> dict[str, float]:
    ours, plain = stages.get(name), stages.get("plain mkdocs-material + search")
    if ours is None or plain is None or not plain.cpu or not plain.wall:
        return {}
    user = (ours.cpu - ours.system) / max(plain.cpu - plain.system, 1e-9)
    return {"cpu": ours.cpu / plain.cpu, "user_cpu": user, "wall": ours.wall / plain.wall, "site_size": (ours.output_mb or 0) / (plain.output_mb or 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--root", default=None, help="working folder (default: build/bench-<N>)")
    parser.add_argument("--out", default=None, help="JSON results (default: <root>/results.json)")
    parser.add_argument("--skip", action="append", default=[], choices=STAGES, help="leave a stage out (repeatable)")
    parser.add_argument("--serve-timeout", type=float, default=1800.0, help="seconds to wait for the server")
    args = parser.parse_args()
    root = Path(args.root or PROJECT / "build" / f"bench-{args.reports}").resolve()
    logs = root / "logs"
    shutil.rmtree(root / "sources", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    logs.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    summary = write_sources(root / "sources", args.reports, args.seed)
    config = write_project(root)
    generated = time.perf_counter() - start
    print(f"archive: {args.reports} reports in {root / 'sources'} ({summary}) in {generated:.1f}s", file=sys.stderr)
    stages: list[Stage] = []
    if "convert" not in args.skip:
        stages.extend(run_conversion(root, logs))
    else:
        stages.append(measure("convert: from scratch", convert_command(), root, root / "content" / "reports"))
    if "build" not in args.skip:
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
        for folder in BUILD_CACHES:  # what a fresh clone has after `make convert`: no rendered pages yet
            shutil.rmtree(root / "build" / folder, ignore_errors=True)
        stages.append(measure(COLD_BUILD, command, root, root / "site", logs / "build.log"))
        stages.append(measure(WARM_BUILD, command, root, root / "site", logs / "build-warm.log"))
    if "plain" not in args.skip:
        plain = write_plain_project(root, root / "content")
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain)]
        stages.append(measure("plain mkdocs-material + search", command, plain.parent, plain.parent / "site", logs / "plain.log"))
    if "serve" not in args.skip:
        stages.append(run_serve(root, logs, args.serve_timeout))
    by_name = {stage.name: stage for stage in stages}
    ratio = ratios(by_name, COLD_BUILD)
    warm_ratio = ratios(by_name, WARM_BUILD)
    result = {
        "reports": args.reports,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "archive": summary,
        "python": sys.version.split()[0],
        "stages": [asdict(stage) for stage in stages],
        "build_vs_plain": ratio,
        "warm_build_vs_plain": warm_ratio,
        "bench_self_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    out = Path(args.out) if args.out else root / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"## Pipeline at {args.reports} reports ({os.cpu_count()} CPUs)\n")
    print(table(stages))
    for label, value in (("cold", ratio), ("warm", warm_ratio)):
        if value:
            print(f"\nbuild ({label} caches) ÷ plain mkdocs-material + search: CPU {value['cpu']:.2f}× "
                  f"(user CPU {value['user_cpu']:.2f}×), "
                  f"wall {value['wall']:.2f}×, site size {value['site_size']:.2f}×")  # fmt: skip
    print(f"\nJSON: {out}")


if __name__ == "__main__":
    main()
