"""Shared fixtures: build a real MkDocs site in ``tmp_path`` and make report pages.

``build_site(tmp_path, pages, ...)`` writes ``mkdocs.yml`` + ``content/`` (+ ``sources/``)
and runs the real ``mkdocs build`` in-process, capturing every warning and error logged
under ``mkdocs`` (data problems of the archive plugin, strict-mode failures). A build that
strict mode or a ``PluginError`` aborts is returned with ``aborted=True`` rather than raised.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from build_scripts.schema import dump_page, new_record

PROJECT = Path(__file__).resolve().parents[1]

#: The smallest configuration like the project's: Material in Chinese, no web fonts, the archive plugin.
BASE_CONFIG: dict[str, Any] = {
    "site_name": "测试档案",
    "docs_dir": "content",
    "site_dir": "site",
    "theme": {"name": "material", "language": "zh", "font": False, "features": ["navigation.prune"]},
    "plugins": ["archive"],
    "markdown_extensions": ["tables", "attr_list", "md_in_html"],
}
#: ``config=`` for a site that publishes copies of the original files (the plugin's default only links them).
COPY_SOURCES: dict[str, Any] = {"plugins": [{"archive": {"sources": "copy"}}]}


@dataclass
class BuiltSite:
    root: Path
    site: Path
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    aborted: bool = False

    def text(self, path: str) -> str:
        """A built file's text; ``path`` like ``years/2019/`` resolves to its ``index.html``."""
        target = self.site / path
        if path == "" or path.endswith("/"):
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


class LogCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run_build(
    root: Path,
    pages: Mapping[str, str],
    *,
    sources: Mapping[str, bytes] | None = None,
    config: Mapping[str, Any] | None = None,
    strict: bool = False,
) -> BuiltSite:
    """Write a project into ``root`` and build it with the real MkDocs."""
    root.mkdir(parents=True, exist_ok=True)
    content = root / "content"
    for name, text in pages.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, data in (sources or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    settings = {**BASE_CONFIG, **(config or {})}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    cfg = load_config(config_file=str(root / "mkdocs.yml"), strict=strict)
    collect = LogCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    result = BuiltSite(root=root, site=Path(cfg.site_dir))
    try:
        build(cfg)
    except Abort:
        result.aborted = True
    finally:
        logger.removeHandler(collect)
    result.warnings = [r.getMessage() for r in collect.records if r.levelno == logging.WARNING]
    result.errors = [r.getMessage() for r in collect.records if r.levelno >= logging.ERROR]
    return result


@pytest.fixture
def build_site() -> Callable[..., BuiltSite]:
    """``build_site(tmp_path, pages, sources=..., config=..., strict=...)`` → :class:`BuiltSite`."""
    return run_build


def make_report_page(
    *,
    agency: str | None,
    year: int | None,
    region: tuple[str | None, str | None, str | None] = (None, None, None),
    stats: Mapping[str, int | float | None] | None = None,
    source: str = "sources/report.txt",
    source_bytes: bytes = b"report",
    url: str | None = None,
    template: str = "table2019",
    level: str | None = None,
    checks: list[dict[str, Any]] | None = None,
    warnings: list[str] | None = None,
    evidence: Mapping[str, Mapping[str, Any]] | None = None,
    body: str = "正文。",
    title: str | None = None,
    fmt: str = "txt",
    duplicate_of: str | None = None,
    provenance: Mapping[str, str] | None = None,
) -> str:
    """A report page written exactly as the convert step writes them (``schema.dump_page``)."""
    record = new_record(file=source, sha256=hashlib.sha256(source_bytes).hexdigest(), fmt=fmt, url=url)
    if duplicate_of is not None:
        record["source"]["duplicate_of"] = duplicate_of
    record["provenance"].update(provenance or {})
    record.update(agency=agency, year=year, form=template, level=level)
    record["title"] = title or f"{agency or '未署名'}{year or ''}年政府信息公开工作年度报告"
    record["region"] = dict(zip(("province", "city", "county"), region, strict=True))
    record["stats"].update(stats or {})
    record["evidence"] = {k: dict(v) for k, v in (evidence or {}).items()}
    record["checks"] = checks or []
    record["warnings"] = warnings or []
    return dump_page(record, body)


@pytest.fixture
def report_page() -> Callable[..., str]:
    """Factory for report pages (keyword arguments of :func:`make_report_page`)."""
    return make_report_page


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The project's own ``mkdocs.yml``, ``content/`` and ``sources/`` built into a temporary folder.

    Not strict: the sample data may still carry unacknowledged warnings; a ``PluginError`` fails.
    """
    if not any((PROJECT / "content" / "reports").glob("*/*.md")):
        pytest.skip("content/reports is empty: run `python -m build_scripts convert` first")
    site_dir = tmp_path_factory.mktemp("sample") / "site"
    cfg = load_config(config_file=str(PROJECT / "mkdocs.yml"), strict=False, site_dir=str(site_dir))
    collect = LogCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        build(cfg)
    finally:
        logger.removeHandler(collect)
    result = BuiltSite(root=PROJECT, site=site_dir)
    result.warnings = [r.getMessage() for r in collect.records if r.levelno == logging.WARNING]
    result.errors = [r.getMessage() for r in collect.records if r.levelno >= logging.ERROR]
    assert not result.errors, result.errors
    return result
