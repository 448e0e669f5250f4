"""The committed sample archive is what the committed code makes of ``sources/``.

``content/`` is committed so that a pull request shows every change to a page. A change to the
reader or the renderer must therefore come with the re-converted pages (``make convert``); this
test fails when they were forgotten, and names the pages that differ.
"""

from __future__ import annotations

import filecmp
import subprocess
from pathlib import Path

import pytest

from build_scripts.pages.convert import run_convert

PROJECT = Path(__file__).resolve().parents[1]


def reports_are_committed() -> bool:
    """False once a large archive stops committing ``content/reports/`` (README, 大规模档案)."""
    listed = subprocess.run(
        ["git", "ls-files", "--", "content/reports"], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    return listed.returncode != 0 or bool(listed.stdout.strip())


def _tree(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


@pytest.mark.skipif(not reports_are_committed(), reason="content/reports/ is generated in CI, not committed")
def test_committed_pages_match_a_fresh_conversion(tmp_path: Path) -> None:
    status = run_convert(sources=PROJECT / "sources", content=tmp_path, report=None, quiet=True)
    assert status == 0
    fresh = _tree(tmp_path / "reports")
    committed = _tree(PROJECT / "content" / "reports")
    assert sorted(fresh) == sorted(committed), "pages added or removed: run `make convert`"
    stale = [name for name in fresh if not filecmp.cmp(fresh[name], committed[name], shallow=False)]
    assert stale == [], f"pages out of date (run `make convert`): {stale}"
