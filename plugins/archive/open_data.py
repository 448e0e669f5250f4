"""Everything the archive publishes as open data, added in one call from the plugin.

The download page and the 数据说明 page (:mod:`~plugins.archive.data_notes`), the split
downloads (:mod:`~plugins.archive.downloads`), the Data Package (:mod:`~plugins.archive.datapackage`)
and one ``record.json`` beside every report page.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from plugins.archive import data_notes, datapackage, downloads
from plugins.archive.corrections import current_corrections, read_log
from plugins.archive.pages import SiteMap

#: ``add(src_uri, content, in_nav=False)``: how the plugin registers a generated file.
AddFile = Callable[..., None]


def record_json_uri(report_src_uri: str) -> str:
    """Where a report's full record is published, beside its page (``reports/a/2019/record.json``)."""
    return downloads.record_json_uri(report_src_uri)


def _citation_file(project: Path) -> dict[str, Any] | None:
    try:
        data = yaml.safe_load((project / "CITATION.cff").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def _build_year() -> str:
    """The year of the data: from ``SOURCE_DATE_EPOCH`` (the last commit, set by the Makefile), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return str(when.year)


def add_open_data(
    add: AddFile, site: SiteMap, *, project: Path, manifest: str, site_name: str, site_url: str
) -> None:
    """Add the data pages, downloads, Data Package and per-report JSON files."""
    archive = site.archive
    reports = archive.all_reports
    files = site.downloads
    for item in files:
        add(item.src_uri, item.content)
    exporter = site.exporter
    for report in reports:
        add(record_json_uri(report.src_uri), exporter.record_json(report))
    csvs = [f for f in files if f.src_uri.endswith(".csv")]
    resources = [
        datapackage.resource(
            f.src_uri.removeprefix(downloads.DATA_DIR + "/"),
            _resource_name(f.src_uri),
            f"{f.label}（{f.rows} 份报告）",
        )
        for f in csvs
    ]
    add(downloads.PACKAGE, datapackage.descriptor(resources, title=site_name, homepage=site_url or None))
    href = {f.src_uri: site.href(data_notes.DATA, f.src_uri) for f in files}
    href[downloads.PACKAGE] = site.href(data_notes.DATA, downloads.PACKAGE)
    href[data_notes.NOTES] = site.href(data_notes.DATA, data_notes.NOTES)
    add(
        data_notes.DATA,
        data_notes.data_page(
            files,
            href,
            reports=len(archive.reports),
            copies=len(archive.copy_links.main_of),
            limit_mb=downloads.MAX_BYTES // 1_000_000,
        ),
        in_nav=True,
    )
    citation = data_notes.citation_from(_citation_file(project), site_name, site_url)
    log = read_log(project, manifest)
    current = current_corrections(project, manifest) if log is None else {}
    add(data_notes.NOTES, data_notes.notes_page(citation, log, current, _build_year()), in_nav=True)


def _resource_name(src_uri: str) -> str:
    """A Data Package resource name (lowercase, ``[a-z0-9._-]``) from the file's path under ``data/``."""
    stem = src_uri.removeprefix(downloads.DATA_DIR + "/").removesuffix(".csv")
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "-" for ch in stem.lower().replace("/", "-"))
