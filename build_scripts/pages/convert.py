"""``python -m build_scripts convert``: every file in ``sources/`` → a page in ``content/reports/``.

The run walks ``sources/`` (:mod:`build_scripts.pages.source_walk`: only regular files inside the
folder are read; links leaving it, dangling links, FIFOs, devices, sockets and names that cannot be
published are refused), applies ``sources/manifest.yaml``, converts the sources on all CPUs,
decides all page paths at once (so conflicts are seen and reported, never overwritten), writes each
page atomically, removes pages whose source is gone, and ends with a summary and the accounting line
``N 个源文件 = P 个写出的页面 + R 个拒收的文件`` (messages are Chinese sentences; a reader's
own detail follows in brackets). A source is rejected (with the file and the
cause) when it is refused by the walk, cannot be read, holds no readable report text or is too
large (see :mod:`build_scripts.inputs.text_quality`); a source with exactly the bytes of another one
keeps its page with a warning naming the other. A failure while rendering one page rejects that
source only; a page that cannot be written is reported naming the page, and the others are written.

With a cache folder (``--cache``, ``build/convert-cache`` for the command) the run is incremental
(:mod:`build_scripts.pages.convert_cache`): a source whose bytes, manifest entry and converter are
unchanged is not read again, and a page that is as the last run left it is not rewritten. Page
paths are still assigned over all sources, so the pages are byte-identical to a cold run's.
The record of every page written is also left in ``page-records/`` beside the cache folder
(:mod:`build_scripts.pages.record_cache`), so that the build need not parse its front matter.

Runs on one ``content/`` folder (and one cache) take turns: each holds a lock on the folder, and
removes the temporary files that a killed run left there. With ``--report PATH`` the same facts
are written as JSON (``converted``, ``rejected``, ``warnings``, ``errors``, ``removed``; see
:func:`report_data`). Exit status: 0 when every source became a page and the manifest had no
errors; 2 when a source or the manifest (or an entry of it) was refused — the manifest is then left
out, or the entry, and everything else is still converted; 1 when a page could not be written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from build_scripts.errors import SourceError
from build_scripts.inputs.source_text import read_source, read_source_file
from build_scripts.pages.convert_cache import ConversionCache, environment_workers, page_key, page_stamp
from build_scripts.pages.manifest import (
    CORRECTION_FIELDS,
    MANIFEST_NAME,
    Entry,
    Manifest,
    ManifestError,
    parse_manifest,
    read_manifest,
)
from build_scripts.pages.paths import (
    PageKey,
    assign_pages,
    existing_pages,
    folder_slug,
    remove_pages,
    remove_temp_files,
    write_atomic,
)
from build_scripts.pages.record_cache import FOLDER_NAME as RECORDS_FOLDER
from build_scripts.pages.record_cache import RecordCache, as_stored, text_key
from build_scripts.pages.render import find_title_lines, render_body, same_title, title_text
from build_scripts.pages.source_walk import SourceFile, walk_sources
from build_scripts.reader.extract import extract_record, infer_region_from_agency
from build_scripts.schema import (
    REGION_KEYS,
    RecordError,
    composed_title,
    dump_page,
    split_page,
    validate_record,
)

try:
    import fcntl
except ImportError:  # not on Windows: runs are not serialised there
    fcntl = None  # type: ignore[assignment]

SOURCES_PREFIX = "sources"
#: Below this many sources to convert per CPU, starting worker processes costs more than it saves.
MIN_JOBS_PER_WORKER = 4


@dataclass
class Converted:
    """One source read and extracted, not yet written: its record, decoded text and title lines."""

    source: str
    record: dict[str, Any]
    text: str
    title_lines: list[int]
    notes: list[str] = field(default_factory=list)  # conversion notes: in the report, not in the record


@dataclass
class Outcome:
    """What a conversion run did, file by file (the conversion report, see :func:`report_data`)."""

    sources: int = 0
    converted: list[dict[str, str]] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    written: int = 0
    reused: int = 0  # sources taken from the conversion cache, not read again
    unwritable: int = 0  # pages that could not be written (each is also in ``rejected``)
    manifest_refused: bool = False  # the manifest as a whole could not be read; converted without it


@dataclass(frozen=True)
class Job:
    """One source for a worker process: what to read, and the warnings that depend on other sources."""

    name: str
    path: str
    digest: str  # SHA-256 of the bytes when the run hashed them
    entry: Entry | None
    extras: tuple[str, ...]
    cache_page: str | None  # where to leave the page text (None: return it)
    record_cache: str | None = None  # the page-record cache to fill (build/page-records), if any


@dataclass
class Result:
    """A worker's answer: ``summary`` holds agency, year, warnings and notes, or ``error``."""

    name: str
    summary: dict[str, Any]
    text: str | None = None
    cacheable: bool = False


def source_files(sources: Path) -> list[Path]:
    """Every report file under ``sources`` that the walk accepts (sorted by name)."""
    return [sources / item.name for item in walk_sources(sources).files]


def apply_manifest(record: dict[str, Any], entry: Entry) -> list[str]:
    """Manifest values win; the record says so in ``provenance``. Returns conversion notes on what
    was corrected (for the conversion report; they are the maintainer's own decisions, so they are
    not record warnings)."""
    notes = []
    where = f"{MANIFEST_NAME} line {entry.line}"
    if entry.values.get("duplicate_of"):
        record["source"]["duplicate_of"] = f"{SOURCES_PREFIX}/{entry.values['duplicate_of']}"
    for key, value in entry.values.items():
        if key not in CORRECTION_FIELDS:
            continue
        if key == "url":
            old = record["source"].get("url")
            record["source"]["url"] = value
        elif key == "region":
            old = dict(record["region"])
            record["region"] = {part: value.get(part, old.get(part)) for part in REGION_KEYS}
            old = {part: old[part] for part in value if old.get(part) is not None}
            value = {part: value[part] for part in value if part in old}
        else:
            old = record[key]
            record[key] = value
        record["provenance"][key] = "manifest"
        if old not in (None, {}) and old != value:
            notes.append(f"manifest corrects {key}: extracted {old!r} → {value!r} ({where})")
    if "agency" in entry.values and "region" not in entry.values:
        infer_region_from_agency(record)
    return notes


def read_one(data: bytes, name: str, entry: Entry | None) -> Converted:
    """Extract and correct one source from its bytes. Raises SourceError / RecordError."""
    source = read_source(name, data)
    file = f"{SOURCES_PREFIX}/{name}"
    record = extract_record(source, file=file, sha256=hashlib.sha256(data).hexdigest())
    lines = source.text.split("\n")
    notes = apply_manifest(record, entry) if entry is not None else []
    skip = {item["line"] - 1 for item in record["chrome"] if isinstance(item.get("line"), int) and "part" not in item}
    candidates = find_title_lines(lines, skip)
    printed = title_text(lines, candidates) if candidates else None
    if record["title"] is None:
        record["title"] = printed or composed_title(record["agency"], record["year"])
    title_lines = candidates if printed and same_title(printed, record["title"]) else []
    validate_record(record, file)
    return Converted(source=name, record=record, text=source.text, title_lines=title_lines, notes=notes)


def duplicate_warning(original: str) -> str:
    return (
        f"与 {SOURCES_PREFIX}/{original} 的字节完全相同：同一份报告收录了两次"
        "（请删除其中一份，或在 manifest.yaml 中用 duplicate_of 标明副本）"
    )


def convert_one(job: Job) -> Result:
    """Read, extract, render and dump one source (runs in a worker process; never raises).

    The answer may be cached only when it follows from the bytes the run hashed: not when the
    file changed meanwhile, could not be read, or the converter failed on it (a bug).
    """
    try:
        data = read_source_file(Path(job.path), job.name)
    except SourceError as exc:
        return Result(job.name, {"error": exc.message})
    same_bytes = hashlib.sha256(data).hexdigest() == job.digest
    try:
        item = read_one(data, job.name, job.entry)
    except SourceError as exc:
        return Result(job.name, {"error": exc.message}, cacheable=same_bytes)
    except RecordError as exc:
        return Result(job.name, {"error": str(exc)}, cacheable=same_bytes)
    except Exception as exc:  # a reader bug must not stop the other files; it is reported as one
        return Result(job.name, {"error": f"internal error ({type(exc).__name__}: {exc})"})
    item.record["warnings"].extend(job.extras)
    try:
        text = dump_page(item.record, render_body(item.record, item.text, title=item.record["title"], title_lines=item.title_lines))
    except Exception as exc:  # a renderer bug rejects this source only; no page is written
        return Result(job.name, {"error": f"internal error while rendering ({type(exc).__name__}: {exc})"})
    summary = {
        "agency": item.record["agency"],
        "year": item.record["year"],
        "slug": folder_slug(job.name, item.record["agency"]),
        "warnings": list(item.record["warnings"]),
        "notes": item.notes,
    }
    if job.record_cache is not None:  # the build then need not parse this page's front matter
        RecordCache(Path(job.record_cache)).put(text_key(text), as_stored(item.record))
    if job.cache_page is not None and same_bytes:
        write_atomic(Path(job.cache_page), text)
        return Result(job.name, summary, cacheable=True)
    return Result(job.name, summary, text=text)


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` where there is one: the workers start at once and share the loaded reader. (The
    conversion never runs inside a threaded server: ``plugins.archive.live`` starts it as a
    process of its own.)"""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _alone(job: Job, context: multiprocessing.context.BaseContext) -> Result:
    """One job in a process of its own: a source that kills its worker is rejected, not the run."""
    try:
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            return pool.submit(convert_one, job).result()
    except BrokenProcessPool:
        return Result(job.name, {"error": "internal error (the converter process died while reading this file)"})


def run_jobs(jobs: Sequence[Job], workers: int, *, quiet: bool) -> list[Result]:
    """Every job's result, in the jobs' order, on ``workers`` processes."""
    progress = tqdm(total=len(jobs), desc="converting", unit="file", disable=quiet, file=sys.stderr)
    results: list[Result] = []
    with progress:
        if workers <= 1 or len(jobs) < MIN_JOBS_PER_WORKER * workers:
            for job in jobs:
                results.append(convert_one(job))
                progress.update()
            return results
        context = _pool_context()
        chunk = max(1, min(16, len(jobs) // (workers * 8)))
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                for result in pool.map(convert_one, jobs, chunksize=chunk):
                    results.append(result)
                    progress.update()
        except BrokenProcessPool:
            for job in jobs[len(results):]:
                results.append(_alone(job, context))
                progress.update()
    return results


def report_data(outcome: Outcome) -> dict[str, Any]:
    """The conversion report written by ``--report`` (JSON)."""
    return {
        "sources": outcome.sources,
        "pages_written": len(outcome.converted),
        "files_rejected": len(outcome.rejected),
        "converted": outcome.converted,
        "rejected": outcome.rejected,
        "warnings": outcome.warnings,
        "errors": outcome.errors,
        "removed": outcome.removed,
    }


def accounting_line(outcome: Outcome) -> str:
    rejected = "、".join(item["file"] for item in outcome.rejected)
    listed = f"（{rejected}）" if rejected else ""
    return (
        f"{outcome.sources} 个源文件 = {len(outcome.converted)} 个写出的页面"
        f" + {len(outcome.rejected)} 个拒收的文件{listed}"
    )


def _reason(item: dict[str, Any]) -> str:
    """Why a file was refused, as a Chinese sentence: rejections name the cause in brackets."""
    if item.get("message"):
        return str(item["message"])
    return f"文件被拒收，未生成页面（{item.get('error')}）"


#: Warnings printed one by one; the rest are counted (a large archive has a hundred thousand, and
#: every one is in the ``--report`` file and on its page).
PRINTED_WARNINGS = 30


def print_summary(outcome: Outcome, out: TextIO, err: TextIO, report: str | None = None) -> None:
    for item in outcome.warnings[:PRINTED_WARNINGS]:
        print(f"警告：{item['file']}：{item['message']}", file=err)
    hidden = len(outcome.warnings) - PRINTED_WARNINGS
    if hidden > 0:
        where = f"全部写在 {report}" if report else "加 --report 文件名 可写出全部"
        print(f"警告：另有 {hidden} 条警告未逐条列出（{where}；每条也显示在它的报告页上）", file=err)
    for item in outcome.errors + outcome.rejected:
        print(f"错误：{item['file']}：{_reason(item)}", file=err)
    print(
        f"已转换 {len(outcome.converted)} / {outcome.sources} 个源文件"
        f"（{outcome.written} 个有改动，删除 {len(outcome.removed)} 个过期页面）；"
        f"{len(outcome.warnings)} 条警告，{len(outcome.errors) + len(outcome.rejected)} 个错误",
        file=out,
    )
    print(accounting_line(outcome), file=out)


def _pages_of_sources(reports: Path, names: set[str]) -> dict[str, str]:
    """Existing page (relative to ``content/``) → source, for the pages made from ``names``
    (read from the pages themselves: only when no conversion state says it)."""
    found: dict[str, str] = {}
    if not names:
        return found
    for page in existing_pages(reports):
        try:
            record, _ = split_page(page.read_text("utf-8"), str(page))
        except (RecordError, UnicodeDecodeError, OSError):
            continue
        name = str(record["source"]["file"]).removeprefix(f"{SOURCES_PREFIX}/")
        if name in names:
            found[page.relative_to(reports.parent).as_posix()] = name
    return found


def _kept_pages(reports: Path, failed: set[str], cache: ConversionCache | None) -> dict[str, str]:
    """Existing pages of sources that failed this run: they stay until the source is fixed or gone."""
    if cache is not None and cache.had_state:
        return {
            page: name
            for name, page in cache.sources.items()
            if name in failed and (reports.parent / page).is_file()
        }
    return _pages_of_sources(reports, failed)


def _reject(outcome: Outcome, failed: set[str], name: str, error: str) -> None:
    failed.add(name)
    outcome.rejected.append({"file": f"{SOURCES_PREFIX}/{name}", "error": error})


def _read_manifest(sources: Path, names: set[str], outcome: Outcome) -> Manifest:
    try:
        manifest = parse_manifest(read_manifest(sources / MANIFEST_NAME), existing=names)
    except ManifestError as exc:
        manifest = Manifest()
        outcome.manifest_refused = True
        outcome.errors.append({"file": f"{SOURCES_PREFIX}/{MANIFEST_NAME}", "message": f"{exc}; converted without it"})
    for problem in manifest.errors:
        outcome.errors.append({"file": f"{SOURCES_PREFIX}/{MANIFEST_NAME}", "message": str(problem)})
    for problem in manifest.warnings:
        outcome.warnings.append({"file": f"{SOURCES_PREFIX}/{MANIFEST_NAME}", "message": str(problem)})
    return manifest


@contextlib.contextmanager
def run_lock(*folders: Path, err: TextIO | None = None) -> Iterator[None]:
    """Hold an exclusive lock on each folder (in order) while a run changes it; another run waits."""
    with contextlib.ExitStack() as stack:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            if fcntl is None:
                continue
            handle = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            stack.callback(os.close, handle)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if err is not None:
                    print(f"另一个转换正在处理 {folder}，等待它完成", file=err)
                fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def hash_sources(files: Sequence[SourceFile], outcome: Outcome, failed: set[str], *, quiet: bool) -> list[tuple[SourceFile, str]]:
    """SHA-256 of every readable source (the cache key); a file that cannot be read is rejected."""
    hashed = []
    for item in tqdm(files, desc="hashing", unit="file", disable=quiet, file=sys.stderr):
        try:
            hashed.append((item, hashlib.sha256(read_source_file(item.path, item.name)).hexdigest()))
        except SourceError as exc:
            _reject(outcome, failed, item.name, exc.message)
    return hashed


def planned_extras(hashed: Sequence[tuple[SourceFile, str]], manifest: Manifest, failed: set[str]) -> dict[str, tuple[str, ...]]:
    """The warnings a page gets from other sources: a byte-identical copy of an earlier source
    (by name) among those that did not fail, unless the manifest declares it a copy."""
    first: dict[str, str] = {}
    extras: dict[str, tuple[str, ...]] = {}
    for item, digest in hashed:
        if item.name in failed:
            continue
        entry = manifest.entries.get(item.name)
        declared = entry is not None and bool(entry.values.get("duplicate_of"))
        if digest in first and not declared:
            extras[item.name] = (duplicate_warning(first[digest]),)
        else:
            extras[item.name] = ()
        first.setdefault(digest, item.name)
    return extras


def _entry_values(entry: Entry | None) -> dict[str, Any] | None:
    return None if entry is None else {"line": entry.line, "values": entry.values}


def convert_sources(
    hashed: Sequence[tuple[SourceFile, str]],
    manifest: Manifest,
    cache: ConversionCache | None,
    outcome: Outcome,
    failed: set[str],
    *,
    workers: int,
    quiet: bool,
) -> dict[str, tuple[str, Result]]:
    """Source name → (page key, result) for every hashed source, from the cache where it holds
    the answer, else converted on ``workers`` processes. Re-converts the few whose duplicate
    warning changed because an earlier copy failed, so the result equals one sequential pass."""
    results: dict[str, tuple[str, Result]] = {}
    pending = [(item, digest) for item, digest in hashed if item.name not in failed]
    blocked: set[str] = set()
    while pending:
        extras = planned_extras(hashed, manifest, failed | blocked)
        jobs: list[Job] = []
        keys: dict[str, str] = {}
        for item, digest in pending:
            entry = manifest.entries.get(item.name)
            key = page_key(item.name, digest, _entry_values(entry), extras[item.name])
            keys[item.name] = key
            summary = cache.summary(key) if cache is not None else None
            if summary is not None:
                results[item.name] = (key, Result(item.name, summary, cacheable=True))
                outcome.reused += 1
            else:
                cache_page = str(cache.page_file(key)) if cache is not None else None
                records = str(cache.folder.parent / RECORDS_FOLDER) if cache is not None else None
                jobs.append(Job(item.name, str(item.path), digest, entry, extras[item.name], cache_page, records))
        for result in run_jobs(jobs, workers, quiet=quiet):
            results[result.name] = (keys[result.name], result)
            if cache is not None and result.cacheable:
                cache.store(keys[result.name], result.summary)
        blocked = {name for name, (_, result) in results.items() if "error" in result.summary}
        again = planned_extras(hashed, manifest, failed | blocked)
        pending = [
            (item, digest)
            for item, digest in hashed
            if item.name in results and item.name not in blocked and again[item.name] != extras[item.name]
        ]
    return results


def write_pages(
    results: dict[str, tuple[str, Result]],
    content: Path,
    cache: ConversionCache | None,
    outcome: Outcome,
    failed: set[str],
    *,
    quiet: bool,
) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """Assign page paths over all converted sources and write the pages that are not already as
    they must be. Returns the new state: page → [key, size, mtime], and source → page."""
    converted = {name: pair for name, pair in sorted(results.items()) if "error" not in pair[1].summary}
    for name, (_, result) in sorted(results.items()):
        if "error" in result.summary:
            _reject(outcome, failed, name, result.summary["error"])
    keys = [
        PageKey(name, result.summary["agency"], result.summary["year"], result.summary.get("slug"))
        for name, (_, result) in converted.items()
    ]
    pages, page_warnings = assign_pages(keys)
    state: dict[str, list[Any]] = {}
    sources: dict[str, str] = {}
    for name, (key, result) in tqdm(converted.items(), desc="writing", unit="page", disable=quiet, file=sys.stderr):
        relative = pages[name].as_posix()
        page = content / relative
        if cache is None or not cache.page_unchanged(page, relative, key):
            text = result.text if result.text is not None else cache.read_page(key) if cache is not None else None
            if text is None:  # the cache lost the page text under this run's lock: a damaged cache
                _reject(outcome, failed, name, "the conversion cache lost this page; run convert again")
                continue
            try:
                if write_atomic(page, text):
                    outcome.written += 1
            except OSError as exc:
                outcome.unwritable += 1
                _reject(outcome, failed, name, f"cannot write the page content/{relative} ({exc.strerror})")
                continue
        stamp = page_stamp(page)
        if stamp is not None:
            state[relative] = [key, *stamp]
        sources[name] = relative
        outcome.converted.append({"file": f"{SOURCES_PREFIX}/{name}", "page": relative})
        for message in [*result.summary["warnings"], *result.summary["notes"], *page_warnings.get(name, [])]:
            outcome.warnings.append({"file": f"{SOURCES_PREFIX}/{name}", "message": message})
    return state, sources


def convert_all(
    sources: Path,
    content: Path,
    *,
    quiet: bool,
    cache: Path | None = None,
    workers: int | None = None,
    err: TextIO | None = None,
) -> Outcome:
    """Convert every file in ``sources`` into ``content/reports`` (see the module docstring).

    Everything that goes wrong with one file is recorded in the outcome and the other files are
    still converted. ``cache`` is the conversion cache folder (None: a cold run that keeps none);
    ``workers`` the number of processes (default: the CPUs this process may use).
    """
    outcome = Outcome()
    walk = walk_sources(sources)
    outcome.sources = len(walk.files) + len(walk.refused)
    failed: set[str] = set()
    for name, why in walk.refused:
        _reject(outcome, failed, name, why)
    manifest = _read_manifest(sources, {item.name for item in walk.files} | failed, outcome)
    reports = content / "reports"
    with run_lock(content, *([cache] if cache is not None else []), err=err):
        remove_temp_files(reports)
        store = ConversionCache(cache, content) if cache is not None else None
        hashed = hash_sources(walk.files, outcome, failed, quiet=quiet)
        results = convert_sources(hashed, manifest, store, outcome, failed, workers=workers or environment_workers(), quiet=quiet)
        state, made = write_pages(results, content, store, outcome, failed, quiet=quiet)
        kept = _kept_pages(reports, failed, store)
        made.update({name: page for page, name in kept.items()})
        keep = set(state) | set(kept) | set(made.values())
        stale = [page for page in existing_pages(reports) if page.relative_to(content).as_posix() not in keep]
        outcome.removed = [page.relative_to(content).as_posix() for page in remove_pages(stale, reports)]
        if store is not None:
            store.save({key for key, _ in results.values()}, state, made)
    outcome.rejected.sort(key=lambda item: item["file"])
    return outcome


def exit_status(outcome: Outcome) -> int:
    """2 when input was refused (a source, the manifest or an entry of it), 1 when a page could
    not be written, 0 otherwise."""
    if len(outcome.rejected) > outcome.unwritable or outcome.errors or outcome.manifest_refused:
        return 2
    return 1 if outcome.unwritable else 0


def run_convert(
    *,
    sources: Path,
    content: Path,
    report: str | None,
    quiet: bool,
    cache: Path | None = None,
    workers: int | None = None,
) -> int:
    """The ``convert`` command. Returns the exit status."""
    outcome = convert_all(sources, content, quiet=quiet, cache=cache, workers=workers, err=sys.stderr)
    print_summary(outcome, sys.stdout, sys.stderr, report)
    if report:
        path = Path(report)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(report_data(outcome), ensure_ascii=False, indent=2) + "\n")
        except OSError as exc:
            print(f"错误：无法写入转换报告 {path}（{exc.strerror}）", file=sys.stderr)
            return max(exit_status(outcome), 1)
    return exit_status(outcome)
