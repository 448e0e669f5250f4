"""``python -m build_scripts extract FILE...``: JSON Lines in input order, errors on their line."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

from build_scripts.schema import validate_record

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT / "sources"  # the seed reports are part of the sample archive


def run_extract(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", "extract", *map(str, files)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_one_valid_record_per_file_in_input_order(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(
        "某某镇人民政府2018年政府信息公开工作年度报告\r\n2018年主动公开政府信息12条。\r\n".encode("gbk")
    )
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(
        codecs.BOM_UTF16_LE + "某某局2015年政府信息公开年度报告\n未收到信息公开申请。\n".encode("utf-16-le")
    )
    files = [SEEDS / "002_30cd8de8a868e119.txt", gbk, utf16, SEEDS / "000_f81393340b8be10c.txt"]
    result = run_extract(*files)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(files)
    records = [json.loads(line) for line in lines]
    assert [r["source"]["file"] for r in records] == [str(f) for f in files]
    for record in records:
        validate_record(record, record["source"]["file"])
    assert records[1]["year"] == 2018 and records[1]["stats"]["proactive_total"] == 12
    assert records[2]["agency"] == "某某局" and records[2]["stats"]["applications_new"] == 0


def test_unreadable_file_gets_an_error_line_and_a_failing_exit(tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 50)
    missing = tmp_path / "missing.txt"
    result = run_extract(SEEDS / "004_ecd6887dbb64c733.txt", binary, missing)
    assert result.returncode != 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert "error" not in lines[0]
    assert lines[1]["file"] == str(binary) and "scan.txt" in lines[1]["error"]
    assert lines[2]["file"] == str(missing) and "missing.txt" in lines[2]["error"]
    assert "scan.txt" in result.stderr


def test_output_is_deterministic() -> None:
    first = run_extract(SEEDS / "001_0ee38c6073f2f61e.txt").stdout
    assert first == run_extract(SEEDS / "001_0ee38c6073f2f61e.txt").stdout


def test_warnings_about_the_file_itself_are_in_the_extracted_record(tmp_path: Path) -> None:
    """The same warnings as on the report page: a download cut inside a character, two reports in one file."""
    report = "某某镇人民政府2018年政府信息公开工作年度报告\n" + "全年主动公开政府信息12条。" * 20 + "\n"
    truncated = tmp_path / "truncated.txt"
    truncated.write_bytes((report + "完").encode("utf-8")[:-1])
    twice = tmp_path / "twice.txt"
    twice.write_text(report + report.replace("2018", "2019"), encoding="utf-8")
    result = run_extract(truncated, twice)
    assert result.returncode == 0, result.stderr
    cut, both = (json.loads(line) for line in result.stdout.splitlines())
    assert "文件在一个UTF-8字符中间结束（下载可能不完整），末尾2个字节未读取" in cut["warnings"]
    assert any("此文件似乎包含2份报告" in warning for warning in both["warnings"])


def test_the_form_is_also_printed_under_its_schema_1_name() -> None:
    """``extract`` keeps ``template`` beside ``form`` for tools written against the old contract."""
    done = run_extract(SEEDS / "001_0ee38c6073f2f61e.txt")
    record = json.loads(done.stdout)
    assert record["form"] == record["template"] == "table2008"


def test_reading_a_text_report_imports_no_format_reader_and_no_package_metadata() -> None:
    """Start-up is part of the reader's speed (issue 14): a run over text reports loads neither the
    HTML/DOCX/PDF libraries nor ``importlib.metadata`` (~20 ms alone), only what text needs."""
    probe = (
        "import sys\n"
        "from build_scripts.__main__ import main\n"
        f"main(['extract', {str(SEEDS / '002_30cd8de8a868e119.txt')!r}])\n"
        "heavy = ('lxml', 'docx', 'pdfplumber', 'pdfminer', 'importlib.metadata', 'pandas')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m == 'importlib.metadata'),"
        " file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
