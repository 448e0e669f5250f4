"""The corpus reports published as HTML pages, scored against ``expected.yaml`` next to the
same reports' text versions, with the shared scorer and the project's ``extract`` CLI.

Run as a script to print both scores: ``.venv/bin/python tests/test_formats_score.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCORER = SHARED / "tools" / "score_extract.py"

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="shared corpus not available")


def _paired_gold() -> tuple[list[dict], list[dict]]:
    """Gold entries of the .html reports and of their .txt versions, in the same order."""
    gold = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
    by_file = {entry["file"]: entry for entry in gold}
    html = [entry for entry in gold if entry["file"].endswith(".html")]
    text = [by_file[str(Path(entry["file"]).with_suffix(".txt"))] for entry in html]
    return html, text


def score(entries: list[dict], ext: str, workdir: Path) -> tuple[float, str]:
    """(accuracy, scorer report) of the project's records for ``entries``."""
    gold_path = workdir / f"gold{ext}.yaml"
    gold_path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    files = [str(CORPUS / "reports" / entry["file"]) for entry in entries]
    extracted = subprocess.run(
        [sys.executable, "-m", "build_scripts", "extract", *files], cwd=ROOT, capture_output=True, text=True
    )
    assert extracted.returncode == 0, extracted.stderr
    records_path = workdir / f"records{ext}.jsonl"
    records_path.write_text(extracted.stdout, encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(gold_path), str(records_path), "--ext", ext],
        capture_output=True,
        text=True,
    )
    match = re.search(r"^accuracy ([0-9.]+)", scored.stdout, re.M)
    assert match, scored.stdout + scored.stderr
    return float(match.group(1)), scored.stdout


def test_html_pages_score_at_least_as_well_as_their_text_versions(tmp_path: Path) -> None:
    html, text = _paired_gold()
    assert html, "expected.yaml lists HTML reports"
    html_accuracy, html_report = score(html, ".html", tmp_path)
    text_accuracy, text_report = score(text, ".txt", tmp_path)
    assert html_accuracy >= text_accuracy, f"HTML\n{html_report}\nTXT\n{text_report}"


if __name__ == "__main__":
    import tempfile

    html_entries, text_entries = _paired_gold()
    with tempfile.TemporaryDirectory() as tmp:
        for label, entries, ext in (("HTML", html_entries, ".html"), ("TXT ", text_entries, ".txt")):
            accuracy, report = score(entries, ext, Path(tmp))
            print(f"== {label} {', '.join(entry['file'] for entry in entries)}")
            print(report)
