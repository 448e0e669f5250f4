"""Issue 13.10: what ``convert`` prints is Chinese sentences — the accounting line, every warning
and every error — with the reader's own detail in brackets and never a Python dict."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT

LINE_STARTS = ("警告：", "错误：", "已转换 ")
ACCOUNTING = re.compile(r"^\d+ 个源文件 = \d+ 个写出的页面 \+ \d+ 个拒收的文件(（.*）)?$")


def test_convert_prints_chinese_sentences(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("2015-county-dept-hainan-tunchang-unnamed-bureau.txt", "2014-town-sinan-tingziba-partial.txt"):
        (sources / name).write_bytes((PROJECT / "sources" / name).read_bytes())
    (sources / "broken.xyz").write_bytes(b"not a report")
    (sources / "manifest.yaml").write_text("missing.txt:\n  year: 2019\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "build_scripts", "convert", "--sources", str(sources),
         "--content", str(tmp_path / "content"), "--no-cache", "--quiet", "--jobs", "1"],
        cwd=PROJECT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 2, done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert any(line.startswith("警告：") for line in lines) and any(line.startswith("错误：") for line in lines)
    for line in lines:
        assert line.startswith(LINE_STARTS) or ACCOUNTING.match(line), line
        assert "{'" not in line and "': " not in line, line
    assert "错误：sources/broken.xyz：文件被拒收，未生成页面（" in done.stderr
    assert done.stdout.splitlines()[-1] == "3 个源文件 = 2 个写出的页面 + 1 个拒收的文件（sources/broken.xyz）"


def test_a_large_run_lists_the_first_warnings_and_counts_the_rest() -> None:
    """A hundred thousand warning lines would bury the errors: the rest are counted, pointing at the report."""
    from build_scripts.pages.convert import PRINTED_WARNINGS, Outcome, print_summary

    outcome = Outcome(sources=1)
    outcome.warnings = [{"file": f"sources/{n}.txt", "message": "年度不详"} for n in range(PRINTED_WARNINGS + 7)]
    out, err = io.StringIO(), io.StringIO()
    print_summary(outcome, out, err, "build/conversion-report.json")
    lines = err.getvalue().splitlines()
    assert len(lines) == PRINTED_WARNINGS + 1
    assert lines[-1] == "警告：另有 7 条警告未逐条列出（全部写在 build/conversion-report.json；每条也显示在它的报告页上）"
    assert f"{PRINTED_WARNINGS + 7} 条警告" in out.getvalue()
