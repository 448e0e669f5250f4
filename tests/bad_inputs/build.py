"""Convert the bad-input collection in a temporary folder and build a site from it.

Used by ``tests/test_bad_inputs.py`` and ``tests/test_hostile_browser.py``: the real
``convert`` command, then the real ``mkdocs build`` with the project's own configuration
(plugins, theme, overrides), pointed at the temporary ``content/``.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils import yaml_load

from build_scripts.pages.convert import run_convert
from tests.bad_inputs.cases import PROJECT, Case, huge_file, real, write_collection
from tests.conftest import LogCollector

HUGE = "huge-20mb.txt"
LINK = "link-outside.txt"


@dataclass
class Conversion:
    root: Path
    sources: Path
    content: Path
    cases: list[Case]
    status: int
    stdout: str
    stderr: str
    report: dict[str, Any]


@dataclass
class Site:
    path: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def prepare(root: Path) -> tuple[Path, list[Case]]:
    """``root/sources``: the collection, the good report, a 20 MB file and a link leaving sources/."""
    sources = root / "sources"
    selected = write_collection(sources)
    huge_file(sources / HUGE)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(real("2016-town-shaoguan-wujiang-longgui.txt"))
    os.symlink(outside / "secret.txt", sources / LINK)
    content = root / "content"
    content.mkdir()
    for page in ("index.md", "about.md"):
        shutil.copy(PROJECT / "content" / page, content / page)
    return sources, selected


def convert(root: Path, sources: Path, selected: list[Case]) -> Conversion:
    out, err = io.StringIO(), io.StringIO()
    report = root / "build" / "conversion-report.json"
    with redirect_stdout(out), redirect_stderr(err):
        status = run_convert(sources=sources, content=root / "content", report=str(report), quiet=True)
    return Conversion(
        root=root,
        sources=sources,
        content=root / "content",
        cases=selected,
        status=status,
        stdout=out.getvalue(),
        stderr=err.getvalue(),
        report=json.loads(report.read_text("utf-8")),
    )


def site_config(root: Path, content: Path) -> Path:
    """``root/mkdocs.yml``: the project's configuration (not strict) over ``content``, into ``root/site``."""
    config = yaml_load((PROJECT / "mkdocs.yml").read_text("utf-8"))  # MkDocs' loader: it resolves !ENV
    config.update(docs_dir=str(content), site_dir=str(root / "site"), strict=False)
    if "custom_dir" in config.get("theme", {}):
        config["theme"]["custom_dir"] = str(PROJECT / config["theme"]["custom_dir"])
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return config_file


def prepare_site_config(root: Path, content: Path) -> Path:
    """``content`` with the project's home and about pages, and :func:`site_config` over it."""
    content.mkdir(parents=True, exist_ok=True)
    for page in ("index.md", "about.md"):
        shutil.copy(PROJECT / "content" / page, content / page)
    return site_config(root, content)


def build_site(root: Path, content: Path) -> Site:
    """The project's ``mkdocs.yml`` (not strict) over ``content``, built into ``root/site``."""
    config_file = site_config(root, content)
    collect = LogCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        build(load_config(config_file=str(config_file), strict=False))
    finally:
        logger.removeHandler(collect)
    return Site(
        path=root / "site",
        errors=[r.getMessage() for r in collect.records if r.levelno >= logging.ERROR],
        warnings=[r.getMessage() for r in collect.records if r.levelno == logging.WARNING],
    )
