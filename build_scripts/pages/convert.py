"""``python -m build_scripts convert``: every file in ``sources/`` → a page in ``content/reports/``.

The run reads every source, applies ``sources/manifest.yaml``, decides all page paths
at once (so conflicts are seen and reported, never overwritten), writes each page
atomically, removes pages whose source is gone, and ends with a summary and the
accounting line ``N sources = P pages written + R files rejected``. A source is rejected
(with the file and the cause) when it cannot be read, holds no readable report text, is
too large (see :mod:`build_scripts.inputs.text_quality`) or is a link to a file outside
``sources/``; a source with exactly the bytes of another one keeps its page with a
warning naming the other. A failure while rendering one page rejects that source only. With ``--report
PATH`` the same facts are written as JSON (``converted``, ``rejected``, ``warnings``,
``errors``, ``removed``; see :func:`report_data`). Exit status: 0 when every source
became a page and the manifest had no errors, 1 otherwise (after converting all the
others), 2 when the manifest cannot be read at all (nothing is written then).
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from build_scripts.errors import SourceError
from build_scripts.inputs.source_text import is_container, read_source
from build_scripts.inputs.text_quality import check_size
from build_scripts.pages.manifest import (
    CORRECTION_FIELDS,
    MANIFEST_NAME,
    Entry,
    ManifestError,
    parse_manifest,
)
from build_scripts.pages.paths import (
    PageKey,
    assign_pages,
    existing_pages,
    inside,
    remove_pages,
    write_atomic,
)
from build_scripts.pages.render import find_title_lines, render_body, same_title, title_text
from build_scripts.reader.extract import extract_record
from build_scripts.schema import (
    REGION_KEYS,
    RecordError,
    composed_title,
    dump_page,
    split_page,
    validate_record,
)

SOURCES_PREFIX = "sources"


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


def source_files(sources: Path) -> list[Path]:
    """Every report file under ``sources`` (sorted): not the manifest, nothing hidden."""
    if not sources.is_dir():
        return []
    found = []
    for path in sources.rglob("*"):
        relative = path.relative_to(sources)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts) and relative.as_posix() != MANIFEST_NAME:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(sources).as_posix())


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
    return notes


def read_bytes(path: Path, sources: Path, name: str) -> bytes:
    """The bytes of one source; SourceError for links leaving ``sources/``, oversize or unreadable files."""
    if not inside(sources, path):
        raise SourceError(name, "symbolic link to a file outside sources/; not read")
    try:
        check_size(name, path.stat().st_size, container=is_container(name))
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(name, f"cannot read ({exc.strerror})") from None


def read_one(path: Path, sources: Path, name: str, entry: Entry | None) -> Converted:
    """Read, extract and correct one source. Raises SourceError / RecordError."""
    data = read_bytes(path, sources, name)
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
    rejected = ", ".join(item["file"] for item in outcome.rejected)
    listed = f" ({rejected})" if rejected else ""
    return (
        f"{outcome.sources} sources = {len(outcome.converted)} pages written"
        f" + {len(outcome.rejected)} files rejected{listed}"
    )


def print_summary(outcome: Outcome, out: TextIO, err: TextIO) -> None:
    for item in outcome.warnings:
        print(f"warning: {item['file']}: {item['message']}", file=err)
    for item in outcome.errors + outcome.rejected:
        print(f"error: {item['file']}: {item.get('message') or item.get('error')}", file=err)
    print(
        f"converted {len(outcome.converted)} of {outcome.sources} sources "
        f"({outcome.written} changed, {len(outcome.removed)} stale pages removed); "
        f"{len(outcome.warnings)} warnings, {len(outcome.errors) + len(outcome.rejected)} errors",
        file=out,
    )
    print(accounting_line(outcome), file=out)


def _kept_pages(reports: Path, failed: set[str]) -> set[Path]:
    """Existing pages of sources that failed this run: they stay until the source is fixed or gone."""
    kept: set[Path] = set()
    if not failed:
        return kept
    for page in existing_pages(reports):
        try:
            record, _ = split_page(page.read_text("utf-8"), str(page))
        except (RecordError, UnicodeDecodeError):
            continue
        if str(record["source"]["file"]).removeprefix(f"{SOURCES_PREFIX}/") in failed:
            kept.add(page.resolve())
    return kept


def duplicate_of(converted: list[Converted]) -> dict[str, str]:
    """Source → the earlier source (by name) with exactly the same bytes."""
    first: dict[str, str] = {}
    found: dict[str, str] = {}
    for item in sorted(converted, key=lambda item: item.source):
        digest = item.record["source"]["sha256"]
        if digest in first:
            found[item.source] = first[digest]
        else:
            first[digest] = item.source
    return found


def _reject(outcome: Outcome, failed: set[str], name: str, error: str) -> None:
    failed.add(name)
    outcome.rejected.append({"file": f"{SOURCES_PREFIX}/{name}", "error": error})


def convert_all(sources: Path, content: Path, *, quiet: bool) -> Outcome:
    """Convert every file in ``sources`` into ``content/reports`` (see the module docstring).

    Raises :class:`ManifestError` when the manifest cannot be read; everything else that goes
    wrong with one file is recorded in the outcome and the other files are still converted.
    """
    outcome = Outcome()
    files = source_files(sources)
    names = [path.relative_to(sources).as_posix() for path in files]
    outcome.sources = len(files)
    manifest_path = sources / MANIFEST_NAME
    manifest_text = manifest_path.read_text("utf-8") if manifest_path.is_file() else ""
    manifest = parse_manifest(manifest_text, existing=set(names))
    for problem in manifest.errors:
        outcome.errors.append({"file": f"{SOURCES_PREFIX}/{MANIFEST_NAME}", "message": str(problem)})
    for problem in manifest.warnings:
        outcome.warnings.append({"file": f"{SOURCES_PREFIX}/{MANIFEST_NAME}", "message": str(problem)})

    converted: list[Converted] = []
    failed: set[str] = set()
    for path, name in tqdm(list(zip(files, names, strict=False)), desc="reading", unit="file", disable=quiet, file=sys.stderr):
        try:
            converted.append(read_one(path, sources, name, manifest.entries.get(name)))
        except SourceError as exc:
            _reject(outcome, failed, name, exc.message)
        except RecordError as exc:
            _reject(outcome, failed, name, str(exc))
        except Exception as exc:  # a reader bug must not stop the other files; it is reported as one
            _reject(outcome, failed, name, f"internal error ({type(exc).__name__}: {exc})")
    duplicates = duplicate_of(converted)
    for item in converted:
        if item.source in duplicates and not item.record["source"].get("duplicate_of"):
            item.record["warnings"].append(
                f"与 {SOURCES_PREFIX}/{duplicates[item.source]} 的字节完全相同：同一份报告收录了两次"
                "（请删除其中一份，或在 manifest.yaml 中用 duplicate_of 标明副本）"
            )

    keys = [PageKey(item.source, item.record["agency"], item.record["year"]) for item in converted]
    pages, page_warnings = assign_pages(keys)
    reports = content / "reports"
    written: set[Path] = set()
    for item in tqdm(converted, desc="writing", unit="page", disable=quiet, file=sys.stderr):
        item.notes.extend(page_warnings.get(item.source, []))
        page = content / pages[item.source]
        if not inside(reports, page):
            raise ValueError(f"page path {page} leaves {reports}")  # slugs make this impossible
        try:
            text = dump_page(item.record, render_body(item.record, item.text, title=item.record["title"], title_lines=item.title_lines))
        except Exception as exc:  # a renderer bug rejects this source only; no page is written
            _reject(outcome, failed, item.source, f"internal error while rendering ({type(exc).__name__}: {exc})")
            continue
        if write_atomic(page, text):
            outcome.written += 1
        written.add(page.resolve())
        outcome.converted.append({"file": f"{SOURCES_PREFIX}/{item.source}", "page": pages[item.source].as_posix()})
        for message in [*item.record["warnings"], *item.notes]:
            outcome.warnings.append({"file": f"{SOURCES_PREFIX}/{item.source}", "message": message})

    keep = written | _kept_pages(reports, failed)
    stale = [page for page in existing_pages(reports) if page.resolve() not in keep]
    outcome.removed = [page.relative_to(content).as_posix() for page in remove_pages(stale, reports)]
    outcome.rejected.sort(key=lambda item: item["file"])
    return outcome


def run_convert(*, sources: Path, content: Path, report: str | None, quiet: bool) -> int:
    """The ``convert`` command. Returns the exit status."""
    try:
        outcome = convert_all(sources, content, quiet=quiet)
    except ManifestError as exc:
        print(f"error: {exc}; nothing converted", file=sys.stderr)
        return 2
    print_summary(outcome, sys.stdout, sys.stderr)
    if report:
        path = Path(report)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(report_data(outcome), ensure_ascii=False, indent=2) + "\n")
    return 0 if not outcome.rejected and not outcome.errors else 1
