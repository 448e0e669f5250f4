"""Benchmark of the archive search on synthetic archives (see bench/synth_archive.py).

    .venv/bin/python bench/bench_search.py [--sizes 2000 20000] [--out bench/out]

For each size: index build time and peak memory (in a child process, so the figure
is the build's own), total index size (raw and gzip), and for cold first queries in
headless Chromium (fresh browser context, gzip-serving localhost server under a
sub-path): bytes sent by the server for the search (scripts, index files) and the
time from navigating to ``search/?q=…`` until the results are on the page.
Results are printed as a table and written to ``<out>/search-bench.json``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import resource
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from bench.synth_archive import agency_name, documents, place_names  # noqa: E402
from plugins.search.index_writer import IndexWriter  # noqa: E402
from plugins.search.traditional import archive_map  # noqa: E402

SUB_PATH = "/archive/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def build_index(count: int, out: Path) -> dict[str, float]:
    """Index ``count`` synthetic documents into ``out`` (run in a child process)."""
    start = time.perf_counter()
    writer = IndexWriter(out)
    for doc in documents(count):
        writer.add(doc)
    writer.finish(archive_map(writer.characters))
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "build_seconds": round(seconds, 1),
        "build_peak_mb": round(own),
        "build_worker_peak_mb": round(worker),
        "build_workers": writer.workers,
    }


def index_size(directory: Path) -> dict[str, float]:
    raw = packed = files = 0
    for path in directory.rglob("*.json"):
        data = path.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, 6))
        files += 1
    return {
        "index_files": files,
        "index_mb": round(raw / 2**20, 1),
        "index_gzip_mb": round(packed / 2**20, 1),
    }


def site_shell(root: Path) -> Path:
    """A real MkDocs build with the archive-search plugin (no reports); returns the site dir."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# 基准\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        json.dumps(
            {
                "site_name": "基准",
                "docs_dir": str(docs),
                "site_dir": str(root / "site"),
                "theme": {
                    "name": "material",
                    "language": "zh",
                    "font": False,
                    "custom_dir": str(PROJECT / "overrides"),
                },
                "plugins": ["archive-search"],
                "markdown_extensions": ["attr_list", "md_in_html"],
            },
            ensure_ascii=False,
        ),
        "utf-8",
    )
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)], check=True)
    return root / "site"


class CountingHandler(SimpleHTTPRequestHandler):
    """Serves under SUB_PATH, gzips when asked (like GitHub Pages), counts bytes sent."""

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
        self.sent[self.path] = self.sent.get(self.path, 0) + len(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def measure_queries(site: Path, queries: dict[str, str]) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    sent: dict[str, int] = {}
    handler = functools.partial(type("H", (CountingHandler,), {"sent": sent}), directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    results: dict[str, dict[str, float]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for label, query in queries.items():
                context = browser.new_context()
                page = context.new_page()
                sent.clear()
                start = time.perf_counter()
                page.goto(base + "search/?q=" + quote(query))
                page.wait_for_selector(
                    "[data-search-results][data-search-state=done]", state="attached", timeout=60000
                )
                seconds = time.perf_counter() - start
                hits = page.locator("[data-search-hit]").count()
                status = page.inner_text("[data-search-status]")
                search_bytes = sum(
                    n for path, n in sent.items() if path.startswith(SUB_PATH + "search/") and "?" not in path
                )
                index_bytes = sum(n for path, n in sent.items() if "/search/index/" in path)
                results[label] = {
                    "query": query,
                    "seconds_to_results": round(seconds, 2),
                    "search_kb": round(search_bytes / 1024, 1),
                    "index_kb": round(index_bytes / 1024, 1),
                    "requests": len([p for p in sent if "/search/" in p]),
                    "hits_rendered": hits,
                    "status": status,
                }
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def bench_size(count: int, out: Path) -> dict[str, object]:
    root = out / f"archive-{count}"
    shutil.rmtree(root, ignore_errors=True)
    site = site_shell(root)
    index_dir = site / "search" / "index"
    shutil.rmtree(index_dir)
    child = subprocess.run(
        [sys.executable, __file__, "--build-only", str(count), str(index_dir)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, object] = {"documents": count, **json.loads(child.stdout)}
    figures.update(index_size(index_dir))
    rare = agency_name(count // 2, place_names())
    figures["queries"] = measure_queries(
        site, {"rare": rare, "common": "公开", "common_long": "政府信息公开工作"}
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "out")
    parser.add_argument("--build-only", nargs=2, metavar=("COUNT", "DIR"))
    args = parser.parse_args()
    if args.build_only:
        print(json.dumps(build_index(int(args.build_only[0]), Path(args.build_only[1]))))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    report = [bench_size(count, args.out) for count in args.sizes]
    (args.out / "search-bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
