"""Where the tests find the real sample reports and their hand-checked values.

The seed and corpus reports are the sample archive in ``sources/`` (same file names as in the
project's shared material); their checked values are copied into ``tests/expected/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[1]
SOURCES = PROJECT / "sources"
EXPECTED = PROJECT / "tests" / "expected"


def sample(name: str) -> Path:
    """A sample report by file name; a shared-style path (``corpus/reports/x.txt``) works too."""
    return SOURCES / Path(name).name


def expected(collection: str) -> list[dict[str, Any]]:
    """The hand-checked entries of ``seeds`` or ``corpus``."""
    return yaml.safe_load((EXPECTED / f"{collection}.yaml").read_text(encoding="utf-8"))
