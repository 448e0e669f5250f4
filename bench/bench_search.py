"""Benchmark of the archive search against Material's search, on synthetic archives.

    .venv/bin/python bench/bench_search.py [--sizes 2000 20000] [--out bench/out] [--material-timeout 600]

For each size N (documents from bench/synth_archive.py):

* **index**: our index builder alone (``IndexWriter`` over the synthetic documents, in a
  child process): seconds, peak memory of the process and of its largest worker.
* **ours** / **material** / **none**: a real ``mkdocs build`` of an N-page docs dir (Material
  theme, language zh), with ``archive-search``, with Material's ``search`` plugin, and with
  no search at all (so that ours − none is the search's share of the build's wall time).
  Material's plugin segments Chinese with jieba: jieba is installed into the venv for
  this bench only, it is not a project dependency. Whole build seconds and peak memory; for ours also the
  seconds spent inside the search plugin's hooks; index size raw/gzip and file count.
  Material's build is killed after ``--material-timeout`` seconds.
* **queries**: cold first queries in headless Chromium (fresh browser context, gzip-serving
  localhost server under a sub-path): bytes sent by the server (everything, and the
  search's own files) and seconds from navigation until the first results are on the
  page; the number of pages found against the number of pages whose text contains the
  query (recall).

Results go to ``<out>/search-bench.json`` and a side-by-side table to ``<out>/search-bench.md``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import json
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from bench.synth_archive import agency_name, documents, place_names, reports  # noqa: E402
from plugins.search.index_writer import IndexWriter  # noqa: E402
from plugins.search.tokens import fold, query_runs  # noqa: E402
from tests.browser import chromium  # noqa: E402

SUB_PATH = "/archive/"
QUERY_TIMEOUT_MS = 120_000
RECALL_QUERIES = ("诉讼", "镇")


def build_index(count: int, out: Path) -> dict[str, float]:
    """Index ``count`` synthetic documents into ``out`` (run in a child process)."""
    start = time.perf_counter()
    writer = IndexWriter(out)
    for doc in documents(count):
        writer.add(doc)
    writer.finish()
    return {
        "seconds": round(time.perf_counter() - start, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "workers": writer.workers,
    }


def mkdocs_build(config_file: Path) -> dict[str, float]:
    """Build a site in this (child) process; seconds, peak memory, seconds inside archive-search."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(config_file=str(config_file))
    build(config)
    figures: dict[str, float] = {
        "build_seconds": round(time.perf_counter() - start, 1),
        "build_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "build_worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }
    plugin = config.plugins.get("archive-search")
    if plugin is not None:
        figures["search_seconds"] = round(plugin.seconds, 1)
    return figures


def write_docs(root: Path, count: int) -> Path:
    """The synthetic archive as a docs dir of report pages (front matter + one paragraph a line)."""
    docs = root / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 基准档案\n\n合成的年报页面，用于检索基准。\n", "utf-8")
    for report in reports(count):
        meta = {
            "title": report.title,
            "agency": report.agency,
            "year": report.year,
            "source": {"file": f"sources/{report.url.strip('/').replace('/', '-')}.txt"},
        }
        lines = (html.escape(line.strip(), quote=False) for line in report.body.splitlines())
        body = "\n\n".join(line for line in lines if line)
        page = docs / (report.url.rstrip("/") + ".md")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n",
            "utf-8",
        )
    return docs


def write_config(root: Path, variant: str) -> Path:
    theme: dict[str, Any] = {"name": "material", "language": "zh", "font": False}
    plugins: list[Any] = []
    if variant in ("ours", "none"):
        theme["custom_dir"] = str(PROJECT / "overrides")
    if variant == "ours":
        plugins = ["archive-search"]
    elif variant == "material":
        plugins = [{"search": {"lang": "zh"}}]
    config = {
        "site_name": "基准",
        "docs_dir": str(root / "docs"),
        "site_dir": str(root / f"site-{variant}"),
        "theme": theme,
        "plugins": plugins,
        "nav": [{"首页": "index.md"}],
        "not_in_nav": "/reports/",
        "markdown_extensions": ["attr_list", "md_in_html"],
    }
    path = root / f"mkdocs-{variant}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


def files_size(paths: Iterable[Path]) -> dict[str, float]:
    raw = packed = files = 0
    for path in paths:
        data = path.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, 6))
        files += 1
    return {
        "index_files": files,
        "index_mb": round(raw / 2**20, 1),
        "index_gzip_mb": round(packed / 2**20, 1),
    }


class CountingHandler(SimpleHTTPRequestHandler):
    """Serves under SUB_PATH, gzips when asked (like GitHub Pages), counts bytes sent."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    sent: dict[str, int]

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        return super().translate_path(
            "/" + path[len(SUB_PATH) :] if path.startswith(SUB_PATH) else "/__none__"
        )

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        zipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            data = gzip.compress(data, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        key = self.path.split("?", 1)[0]
        self.sent[key] = self.sent.get(key, 0) + len(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def is_search_file(path: str, variant: str) -> bool:
    if variant == "ours":
        return path.startswith(SUB_PATH + "search/") and not path.endswith("/search/")
    return "search" in path.rsplit("/", 1)[-1] or "/lunr/" in path


MATERIAL_SETTLED = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && /结果/.test(meta.textContent) && !/初始化|键入/.test(meta.textContent);
}"""
MATERIAL_ITEMS = "() => document.querySelectorAll('.md-search-result__item').length > 0"
#: Material briefly says "no results" while its worker finishes loading; results may follow.
MATERIAL_SETTLE_MS = 3000


def count_of(status: str) -> int:
    """The number in a status line (Material writes 20000 as "20k")."""
    match = re.search(r"(\d+(?:\.\d+)?)\s*(k?)", status)
    if not match:
        return 0
    return round(float(match.group(1)) * (1000 if match.group(2) else 1))


def run_ours(page, base: str, query: str) -> tuple[int, str]:
    page.goto(base + "search/?q=" + quote(query))
    page.wait_for_selector(
        "[data-search-results][data-search-state=done]", state="attached", timeout=QUERY_TIMEOUT_MS
    )
    status = page.inner_text("[data-search-status]")
    return count_of(status), status


def run_material(page, base: str, query: str) -> tuple[int, str]:
    """Type into Material's search box; returns once results are listed (or "none" stays put)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(base)
    page.fill("input[data-md-component=search-query]", query)
    page.wait_for_function(MATERIAL_SETTLED, timeout=QUERY_TIMEOUT_MS)
    try:
        page.wait_for_function(MATERIAL_ITEMS, timeout=MATERIAL_SETTLE_MS)
    except PlaywrightTimeout:
        pass
    status = page.inner_text(".md-search-result__meta")
    return count_of(status), status


def measure_queries(site: Path, variant: str, queries: dict[str, str]) -> dict[str, dict[str, Any]]:
    from playwright.sync_api import Error as PlaywrightError

    sent: dict[str, int] = {}
    handler = functools.partial(type("H", (CountingHandler,), {"sent": sent}), directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    run = run_ours if variant == "ours" else run_material
    results: dict[str, dict[str, Any]] = {}
    try:
        with chromium() as browser:
            for label, query in queries.items():
                if any("error" in result for result in results.values()):
                    results[label] = {"query": query, "error": "skipped after an earlier timeout/error"}
                    continue
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                sent.clear()
                start = time.perf_counter()
                try:
                    found, status = run(page, base, query)
                except PlaywrightError as error:
                    results[label] = {"query": query, "error": str(error).splitlines()[0]}
                    context.close()
                    continue
                seconds = time.perf_counter() - start
                if found == 0 and variant == "material":
                    seconds -= MATERIAL_SETTLE_MS / 1000
                results[label] = {
                    "query": query,
                    "seconds_to_results": round(seconds, 2),
                    "total_kb": round(sum(sent.values()) / 1024, 1),
                    "search_kb": round(
                        sum(n for p, n in sent.items() if is_search_file(p, variant)) / 1024, 1
                    ),
                    "requests": len(sent),
                    "found": found,
                    "status": status,
                }
                context.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def containing(count: int, queries: Iterable[str]) -> dict[str, int]:
    """How many synthetic pages contain each query (the search's own definition of a match)."""
    wanted = {query: query_runs(query) for query in queries}
    totals = dict.fromkeys(wanted, 0)
    for doc in documents(count):
        text = fold(doc.text)
        for query, runs in wanted.items():
            totals[query] += all(run in text for run in runs)
    return totals


def child(*args: str, timeout: float | None = None) -> dict[str, Any]:
    """Run this script with ``args`` in a child process; its JSON result or the failure."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, *args], check=True, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"error": f"killed after {timeout:.0f} s"}
    except subprocess.CalledProcessError as error:
        return {"error": (error.stderr or "").strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_size(count: int, out: Path, material_timeout: float, variants: list[str]) -> dict[str, Any]:
    root = out / f"archive-{count}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    figures: dict[str, Any] = {"documents": count}
    if "ours" in variants:
        index_dir = root / "index-only"
        figures["index"] = child("--build-only", str(count), str(index_dir))
        figures["index"].update(files_size(path for path in index_dir.rglob("*") if path.is_file()))
        shutil.rmtree(index_dir)
    write_docs(root, count)
    queries = {
        "rare": agency_name(count // 2, place_names()),
        "common": "公开",
        "common_long": "政府信息公开工作",
        **{f"recall {query}": query for query in RECALL_QUERIES},
    }
    figures["containing"] = containing(count, queries.values())
    for variant in variants:
        timeout = material_timeout if variant == "material" else None
        config = write_config(root, variant)
        result = child("--mkdocs", str(config), timeout=timeout)
        site = root / f"site-{variant}"
        if "error" not in result and variant != "none":
            index_files = (
                (path for path in (site / "search" / "index").rglob("*") if path.is_file())
                if variant == "ours"
                else [site / "search" / "search_index.json"]
            )
            result.update(files_size(index_files))
            result["queries"] = measure_queries(site, variant, queries)
        figures[variant] = result
        shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(root / "docs", ignore_errors=True)
    return figures


def table(report: list[dict[str, Any]]) -> str:
    """The side-by-side Markdown table of a benchmark report."""
    lines = [
        "| documents | search | build s (search part) | peak MB | index raw / gzip MB (files) |"
        " rare: KB / s | 公开: KB / s | 政府信息公开工作: KB / s | recall 诉讼 | recall 镇 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in report:
        index = size.get("index", {})
        lines.append(
            f"| {size['documents']} | ours, index builder alone | {index.get('seconds')} | "
            f"{index.get('peak_mb')} (+{index.get('worker_peak_mb')} per worker) | "
            f"{index.get('index_mb')} / {index.get('index_gzip_mb')} ({index.get('index_files')}) | | | | | |"
        )
        plain = size.get("none", {}).get("build_seconds")
        if plain is not None:
            lines.append(
                f"| {size['documents']} | none (same site, no search plugin) | {plain} | "
                f"{size['none'].get('build_peak_mb')} | | | | | | |"
            )
        for variant in ("ours", "material"):
            result = size.get(variant, {})
            if "error" in result:
                lines.append(f"| {size['documents']} | {variant} | {result['error']} | | | | | | | |")
                continue
            queries = result.get("queries", {})

            def cell(label: str, queries: dict[str, Any] = queries) -> str:
                query = queries.get(label, {})
                if "error" in query:
                    return "timeout/error"
                return f"{query.get('search_kb')} (total {query.get('total_kb')}) / {query.get('seconds_to_results')}"

            def recall(
                query: str, queries: dict[str, Any] = queries, totals: dict = size["containing"]
            ) -> str:
                found = queries.get(f"recall {query}", {}).get("found")
                return f"{found} / {totals[query]}"

            search = f" ({result['search_seconds']})" if "search_seconds" in result else ""
            lines.append(
                f"| {size['documents']} | {variant} | {result.get('build_seconds')}{search} | "
                f"{result.get('build_peak_mb')} | {result.get('index_mb')} / {result.get('index_gzip_mb')} "
                f"({result.get('index_files')}) | {cell('rare')} | {cell('common')} | {cell('common_long')} | "
                f"{recall('诉讼')} | {recall('镇')} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "out")
    parser.add_argument("--material-timeout", type=float, default=600)
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=["ours", "material", "none"],
        default=["ours", "material", "none"],
        help="what to measure; results are merged into an existing search-bench.json",
    )
    parser.add_argument("--build-only", nargs=2, metavar=("COUNT", "DIR"))
    parser.add_argument("--mkdocs", type=Path, metavar="CONFIG")
    args = parser.parse_args()
    if args.build_only:
        print(json.dumps(build_index(int(args.build_only[0]), Path(args.build_only[1]))))
        return
    if args.mkdocs:
        print(json.dumps(mkdocs_build(args.mkdocs)))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out.resolve()
    previous = out / "search-bench.json"
    report: list[dict[str, Any]] = json.loads(previous.read_text("utf-8")) if previous.exists() else []
    for count in args.sizes:
        figures = bench_size(count, out, args.material_timeout, args.variants)
        kept = next((size for size in report if size["documents"] == count), None)
        if kept is None:
            report.append(figures)
        else:
            kept.update(figures)
    report.sort(key=lambda size: size["documents"])
    (args.out / "search-bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    (args.out / "search-bench.md").write_text(table(report), "utf-8")
    print(table(report))


if __name__ == "__main__":
    main()
