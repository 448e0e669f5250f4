"""Page chrome: lines a crawler or a web page added around the report (placeholder; see issue 3)."""

from __future__ import annotations

from collections.abc import Sequence


def find_chrome(lines: Sequence[str]) -> list[int]:
    """0-based indexes of the lines that are page chrome, not report text."""
    return []
