"""Issue 12 points 3, 7, 10 and 11: what ``convert`` meets in ``sources/`` besides report files,
and what it meets in ``content/`` besides its own pages.

Every entry under ``sources/`` ends as a page or a listed refusal (the accounting line adds up),
nothing outside ``sources/`` and nothing but a regular file is read, the run exits 2 when input
was refused, and pages are written as any other file (the umask decides their mode).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.pages.convert import run_convert

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ("2016-town-shaoguan-wujiang-longgui.txt", "2018-township-wuhe-linbei-hui.txt")
ACCOUNTING = re.compile(r"^(\d+) 个源文件 = (\d+) 个写出的页面 \+ (\d+) 个拒收的文件(?:（(.*)）)?$", re.M)


def real(name: str) -> bytes:
    return (ROOT / "sources" / name).read_bytes()


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    for name in REPORTS:
        (folder / name).write_bytes(real(name))
    return folder


def convert(sources: Path, content: Path, capsys) -> tuple[int, str, str, tuple[int, int, int]]:
    status = run_convert(sources=sources, content=content, report=str(content.parent / "report.json"), quiet=True)
    captured = capsys.readouterr()
    match = ACCOUNTING.search(captured.out)
    assert match, captured.out
    total, written, rejected = (int(match.group(i)) for i in (1, 2, 3))
    assert total == written + rejected, "the accounting line adds up"
    return status, captured.out, captured.err, (total, written, rejected)


def test_links_leaving_sources_dangling_or_to_folders_are_refused_and_counted(sources: Path, tmp_path: Path, capsys) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(real(REPORTS[0]))
    os.symlink(outside / "secret.txt", sources / "secret.txt")
    os.symlink(outside, sources / "folder-outside")
    os.symlink(sources / "missing.txt", sources / "dangling.txt")
    os.symlink("/dev/zero", sources / "zero.txt")
    os.symlink(sources / REPORTS[0], sources / "inside-link.txt")  # a link inside sources/ is read
    status, _, err, counts = convert(sources, tmp_path / "content", capsys)
    assert status == 2
    assert counts == (7, 3, 4)
    assert "sources/secret.txt：文件被拒收，未生成页面（symbolic link to a file outside sources/" in err
    assert "sources/folder-outside：文件被拒收，未生成页面（symbolic link to a file outside sources/" in err
    assert "sources/dangling.txt：文件被拒收，未生成页面（dangling symbolic link" in err
    assert "sources/zero.txt：文件被拒收，未生成页面（symbolic link to a file outside sources/" in err
    published = "".join(p.read_text("utf-8") for p in (tmp_path / "content").rglob("*.md"))
    assert "sources/secret.txt" not in published


def test_fifos_and_sockets_are_refused_without_being_opened(sources: Path, tmp_path: Path, capsys) -> None:
    os.mkfifo(sources / "pipe.txt")  # opening it for reading would wait for a writer forever
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(sources / "sock.txt"))
        status, _, err, counts = convert(sources, tmp_path / "content", capsys)
    finally:
        server.close()
    assert status == 2
    assert counts == (4, 2, 2)
    assert "sources/pipe.txt：文件被拒收，未生成页面（a named pipe (FIFO), not a regular file" in err
    assert "sources/sock.txt：文件被拒收，未生成页面（a socket, not a regular file" in err


def test_a_file_name_that_is_not_utf8_is_refused_with_a_readable_name(sources: Path, tmp_path: Path, capsys) -> None:
    name = os.fsdecode(b"report-\xb1\xa8\xb8\xe6.txt")  # GBK bytes of 报告 in a file name
    (sources / name).write_bytes(real(REPORTS[0]))
    status, _, err, counts = convert(sources, tmp_path / "content", capsys)
    assert status == 2 and counts == (3, 2, 1)
    assert "sources/report-\\xb1\\xa8\\xb8\\xe6.txt：文件被拒收，未生成页面（file name is not valid UTF-8" in err
    assert (tmp_path / "report.json").read_text("utf-8")  # the report is written (valid UTF-8 JSON)


def test_a_backslash_name_cannot_shadow_a_file_in_a_folder(sources: Path, tmp_path: Path, capsys) -> None:
    (sources / "sub").mkdir()
    (sources / "sub" / "x.txt").write_bytes(real(REPORTS[0]))
    (sources / "sub\\x.txt").write_bytes(real(REPORTS[1]))
    status, _, err, counts = convert(sources, tmp_path / "content", capsys)
    assert status == 2 and counts == (4, 3, 1)
    assert "sources/sub\\x.txt：文件被拒收，未生成页面（file name contains a backslash" in err
    files = {line for p in (tmp_path / "content").rglob("*.md") for line in p.read_text("utf-8").splitlines() if "file: sources/" in line}
    assert "  file: sources/sub/x.txt" in files


def test_temporary_files_of_a_killed_run_are_removed(sources: Path, tmp_path: Path, capsys) -> None:
    content = tmp_path / "content"
    convert(sources, content, capsys)
    folder = next(p.parent for p in content.rglob("*.md"))
    leftover = folder / ".2016.md.k2j4h1x9.tmp"  # what a run killed between write and rename leaves
    leftover.write_text("half a page", encoding="utf-8")
    convert(sources, content, capsys)
    assert not leftover.exists()


def test_concurrent_runs_do_not_crash(sources: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    for index in range(300):  # stale pages: every run wants to remove them
        stale = content / "reports" / f"gone-{index}" / "2017.md"
        stale.parent.mkdir(parents=True)
        stale.write_text("---\nx: 1\n---\n", encoding="utf-8")
    command = [sys.executable, "-m", "build_scripts", "convert", "--sources", str(sources), "--content", str(content),
               "--no-cache", "--quiet"]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for process in runs:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err
    left = sorted(p.relative_to(content).as_posix() for p in (content / "reports").rglob("*.md"))
    assert len(left) == len(REPORTS) and not [name for name in left if "/gone-" in name], left


def test_one_unwritable_page_is_named_and_the_others_are_written(sources: Path, tmp_path: Path, capsys) -> None:
    content = tmp_path / "content"
    convert(sources, content, capsys)
    pages = sorted(content.rglob("*.md"))
    blocked = pages[0]
    blocked.unlink()
    blocked.mkdir()  # a folder where the page must go: writing it fails (as root too, unlike chmod)
    (blocked / "keep").write_text("x", encoding="utf-8")
    for page in pages[1:]:
        page.unlink()
    status, _, err, counts = convert(sources, content, capsys)
    assert status == 1
    assert counts == (2, 1, 1)
    assert f"cannot write the page {blocked.relative_to(tmp_path).as_posix()}" in err
    assert all(page.is_file() for page in pages[1:])
    assert "Traceback" not in err


def test_pages_and_the_report_respect_the_umask(sources: Path, tmp_path: Path, capsys) -> None:
    old = os.umask(0o022)
    try:
        convert(sources, tmp_path / "content", capsys)
    finally:
        os.umask(old)
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / "content").rglob("*.md")}
    assert modes == {0o644}
    assert (tmp_path / "report.json").stat().st_mode & 0o777 == 0o644


def test_only_refused_input_exits_2(sources: Path, tmp_path: Path, capsys) -> None:
    assert convert(sources, tmp_path / "content", capsys)[0] == 0
    shutil.copy(sources / REPORTS[0], sources / "empty.txt")
    (sources / "empty.txt").write_bytes(b"")
    assert convert(sources, tmp_path / "content", capsys)[0] == 2
