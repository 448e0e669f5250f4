"""The project's own site (``mkdocs.yml`` + ``content/`` + ``sources/``) passes ``mkdocs build --strict``.

This is what ``make site`` and the Pages workflow run: every maintainer problem in the sample
archive must be fixed or acknowledged in ``sources/manifest.yaml``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.conftest import PROJECT, LogCollector


def test_sample_archive_builds_strictly_without_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not any((PROJECT / "content" / "reports").glob("*/*.md")):
        pytest.skip("content/reports is empty: run `python -m build_scripts convert` first")
    monkeypatch.delenv("SITE_URL", raising=False)
    cfg = load_config(config_file=str(PROJECT / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "site"))
    collect = LogCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    aborted = False
    try:
        build(cfg)
    except Abort:
        aborted = True
    finally:
        logger.removeHandler(collect)
    problems = [r.getMessage() for r in collect.records if r.levelno >= logging.WARNING]
    assert problems == [], f"{len(problems)} warnings:\n" + "\n".join(problems)
    assert not aborted
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.parametrize("value", ["https://user.github.io/repo/", None])
def test_site_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", value)
    cfg = load_config(config_file=str(PROJECT / "mkdocs.yml"))
    assert (cfg.site_url or None) == value
