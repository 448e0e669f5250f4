"""The bad-input collection: every kind of bad or hostile source, built from real reports.

Each :class:`Case` is one kind (a row of ``README.md``): the source files it adds to
``sources/``, the manifest lines it adds, and what converting it must produce — a page
(possibly with a warning) or a rejection — with a pattern the message must match.
Hostile text is inserted into the real reports copied in the project's ``sources/``,
never written from scratch, so the reader sees what it sees in the wild.

``python -m tests.bad_inputs.cases DIR`` writes the collection (and the good report) into
``DIR`` to look at or to convert by hand. The 20 MB file is made by :func:`huge_file`
(too big to keep in the collection).
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SOURCES = PROJECT / "sources"
HERE = Path(__file__).resolve().parent

#: A short narrative report (UTF-8), a 2019-template report page, and a long 统计表 report.
NARRATIVE = "2018-township-wuhe-linbei-hui.txt"
SIX_SECTIONS = "2020-subdistrict-changsha-tianxin-guihuaping.txt"
GOOD = "001_0ee38c6073f2f61e.txt"
SECOND = "2015-county-dept-hainan-tunchang-unnamed-bureau.txt"

#: Markup a report text must never execute; one per line of ``payloads.txt``.
PAYLOADS = [line for line in (HERE / "payloads.txt").read_text("utf-8").split("\n") if line.strip()]
#: Lines that would change a Markdown page's structure if they were not escaped.
MARKDOWN_BREAKERS = [line for line in (HERE / "markdown-breakers.txt").read_text("utf-8").split("\n") if line]
#: Characters YAML reads as syntax.
YAML_HOSTILE_AGENCY = "\"临北: #回族'乡\" - ? | 人民政府 & *x !tag %{ [a] }"
#: Every hostile text puts this marker into the page so the browser test can find it.
MARKER = "HOSTILE"

PAGE = "page"
REJECTED = "rejected"
MANIFEST_ERROR = "manifest error"
MANIFEST_WARNING = "manifest warning"


@dataclass(frozen=True)
class Case:
    kind: str
    files: dict[str, bytes]
    outcome: str  # PAGE | REJECTED | MANIFEST_ERROR | MANIFEST_WARNING
    cause: str | None = None  # regex the message (or one warning of the page) must match
    manifest: str = ""  # lines added to sources/manifest.yaml
    hostile: bool = False  # its page is visited by the browser test
    extra: dict[str, str] = field(default_factory=dict)


def real(name: str) -> bytes:
    return (SOURCES / name).read_bytes()


def real_text(name: str) -> str:
    return real(name).decode("utf-8")


def _with_lines(text: str, inserted: list[str], every: int = 2) -> str:
    """Insert ``inserted`` between the lines of ``text`` (one after every ``every`` lines)."""
    lines = text.split("\n")
    out: list[str] = []
    pending = list(inserted)
    for index, line in enumerate(lines):
        out.append(line)
        if pending and index % every == every - 1:
            out.append(pending.pop(0))
    return "\n".join(out + pending)


def hostile_markup() -> bytes:
    """The narrative report with markup in its title, its prose and lines of their own."""
    text = real_text(NARRATIVE)
    first, rest = text.split("\n", 1)
    title = f"{MARKER}<img src=x onerror=alert(1)>临北回族乡2018年政府信息公开工作年度报告<script>alert(2)</script>"
    body = _with_lines(rest, [f"{MARKER}{payload}" for payload in PAYLOADS])
    body = body.replace("主动公开政府信息2092条。", f"主动公开政府信息2092条。{MARKER}<b onmouseover=alert(3)>粗体</b>")
    return f"{title}\n{first}\n{body}\n".encode()


def markdown_breakers() -> bytes:
    return _with_lines(real_text(NARRATIVE), [f"{line}" for line in MARKDOWN_BREAKERS], every=1).encode()


def hostile_table() -> bytes:
    """The 2019-template report with a TAB table whose rows have more and fewer cells than
    its header, and hostile markup in cells."""
    rows = [
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        "规章\t0\t0",
        "规范性文件\t1\t1\t5\t9\t<script>alert(4)</script>",
        f"{MARKER}<img src=x onerror=alert(5)>\t2",
        "\t\t\t\t\t\t\t",
        "行政许可\t<a href=\"javascript:alert(6)\">3</a>\t4\t5",
    ]
    return real_text(SIX_SECTIONS).replace("二、主动公开政府信息情况\n", "二、主动公开政府信息情况\n\n" + "\n".join(rows) + "\n", 1).encode()


def ragged_html_table() -> bytes:
    """An HTML page: a report paragraph, then a table with absurd spans and ragged rows."""
    text = real_text(NARRATIVE)
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    table = (
        '<table><tr><th colspan="0">项目</th><th rowspan="100000">数量</th></tr>'
        '<tr><td>主动公开</td><td>2092</td><td>多余</td><td colspan="99999">9</td></tr>'
        f"<tr><td>{MARKER}&lt;script&gt;alert(7)&lt;/script&gt;</td></tr><tr></tr></table>"
    )
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>年报</title></head><body>{paragraphs}{table}</body></html>".encode()


def html_saved_as_txt() -> bytes:
    text = real_text(NARRATIVE)
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.split("\n") if line.strip())
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>临北回族乡2018年政府信息公开工作年度报告</title>"
        "<script>alert('page script')</script></head>\n"
        f"<body><nav><a href='/'>首页</a></nav><div class='article'>\n{paragraphs}</div></body></html>\n"
    ).encode()


def without_years() -> bytes:
    """The narrative report with every year (and date) removed."""
    text = real_text(NARRATIVE)
    for year in ("2018年1月1日—2018年12月31日", "2018年度", "2018年", "2018"):
        text = text.replace(year, "")
    return text.encode()


def without_agency() -> bytes:
    """The narrative report with the organ's name taken out."""
    text = real_text(NARRATIVE)
    for name in ("五河县临北回族乡", "临北回族乡", "我乡", "乡党政办公室", "党政办公室"):
        text = text.replace(name, "本单位")
    return text.encode()


def control_characters() -> bytes:
    """Control characters, bidi overrides, line/paragraph separators and zero-width marks."""
    odd = "\x0b\x0c\x1b[31m\x7f\x85\u2028\u2029\u202e\u200b\ufeff\x00"
    return real_text(NARRATIVE).replace("。", f"。{odd}", 3).replace("\x00", "").encode()


def random_bytes(size: int, seed: int, *, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(size))


def huge_file(path: Path, size: int = 20 * 1024 * 1024) -> None:
    """A real report repeated to ``size`` bytes (a download that went wrong)."""
    chunk = real(NARRATIVE)
    with path.open("wb") as out:
        for _ in range(size // len(chunk) + 1):
            out.write(chunk)


def cases() -> list[Case]:
    narrative = real(NARRATIVE)
    text = real_text(NARRATIVE)
    return [
        Case("empty file", {"empty.txt": b""}, REJECTED, r"empty file"),
        Case("whitespace only (spaces, TABs, ideographic spaces, CRLF)", {"blank.txt": " \t\r\n\u3000\u00a0\n \n".encode()}, REJECTED, r"only whitespace"),
        Case("byte-order mark only", {"bom-only.txt": b"\xef\xbb\xbf"}, REJECTED, r"empty file"),
        Case("binary data with NUL bytes (named .txt)", {"binary.txt": random_bytes(4096, 1)}, REJECTED, r"binary data"),
        Case("binary data without NUL bytes", {"binary-high.txt": random_bytes(4096, 2, low=128)}, REJECTED, r"cannot be decoded|not readable Chinese"),
        Case("double-encoded UTF-8 (mojibake)", {"mojibake.txt": text.encode("utf-8").decode("latin-1").encode("utf-8")}, REJECTED, r"not readable Chinese"),
        Case("text without any Chinese", {"english.txt": b"Annual report\n\nNothing to see here.\n"}, REJECTED, r"no Chinese text"),
        Case("truncated UTF-8 (download cut inside a character)", {"truncated.txt": narrative[:927]}, PAGE, r"UTF-8字符中间结束"),
        Case("GBK text in a .txt", {"gbk.txt": text.replace("五河县", "五河縣").encode("gbk")}, PAGE),
        Case("GBK page that declares UTF-8", {"gbk-mislabelled.html": ragged_html_table().decode().replace("2092", "2093").encode("gbk")}, PAGE, r"声明的字符集是utf-8"),
        Case("UTF-16 LE without BOM", {"utf16.txt": text.replace("2092", "2094").encode("utf-16-le")}, PAGE),
        Case("HTML page saved as .txt", {"saved-page.txt": html_saved_as_txt()}, PAGE, None),
        Case("report without a year", {"no-year.txt": without_years()}, PAGE, r"未写明所属年度|年度"),
        Case("report without an agency", {"no-agency.txt": without_agency()}, PAGE, r"未写明发布机关"),
        Case("two reports concatenated", {"two-reports.txt": real(SIX_SECTIONS) + b"\n\n" + real(SECOND)}, PAGE, r"包含2份报告"),
        Case("the same report twice under two names", {"copy-a.txt": real(SECOND), "copy-b.txt": real(SECOND)}, PAGE, r"与 sources/copy-a\.txt 的字节完全相同", extra={"file": "copy-b.txt"}),
        Case("unsupported file type", {"report.xls": narrative}, REJECTED, r"unsupported file type"),
        Case("text named .pdf", {"fake.pdf": narrative}, REJECTED, r"not a PDF"),
        Case("corrupt .docx", {"fake.docx": b"PK\x03\x04" + narrative[:200]}, REJECTED, r"corrupt \.docx"),
        Case("old binary Word .doc", {"old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random_bytes(512, 3)}, REJECTED, r"\.doc is not supported"),
        Case("control characters, bidi override, U+2028", {"control-chars.txt": control_characters()}, PAGE),
        Case(
            "agency name with YAML syntax (: # ' \" - ? | & * ! % { } [ ])",
            {"yaml-agency.txt": text.replace("2092", "2095").encode()},
            PAGE,
            r"manifest corrects agency",
            manifest=f"yaml-agency.txt:\n  agency: {_yaml_quoted(YAML_HOSTILE_AGENCY)}\n  year: 2018\n",
            hostile=True,
        ),
        Case("<script>, <img onerror>, javascript: links, {{ }} / {% %} in the text", {"hostile-markup.txt": hostile_markup()}, PAGE, hostile=True),
        Case("Markdown that would break the page (| # --- === ``` > * 1.)", {"markdown-breakers.txt": markdown_breakers()}, PAGE, hostile=True),
        Case("TAB table rows with more / fewer cells than the header, markup in cells", {"ragged-table.txt": hostile_table()}, PAGE, hostile=True),
        Case("HTML table with absurd colspan/rowspan and ragged rows", {"ragged-table.html": ragged_html_table()}, PAGE, hostile=True),
        Case("file name with markup and quotes", {"<img src=x onerror=alert(8)> 'a\" & b.txt": text.replace("2092", "2096").encode()}, PAGE, hostile=True),
        Case("conflicting manifest entries (same file twice)", {}, MANIFEST_ERROR, r"utf16\.txt is listed twice", manifest="utf16.txt:\n  year: 2017\nutf16.txt:\n  year: 2019\n"),
        Case("manifest entry naming a missing file", {}, MANIFEST_WARNING, r"not-there\.txt names a file that is not in sources/", manifest="not-there.txt:\n  year: 2018\n"),
        Case("manifest path with ../", {}, MANIFEST_ERROR, r"'\.\./\.\./etc/passwd' is not a file name inside sources/", manifest="../../etc/passwd:\n  agency: 攻击者\n"),
        Case("manifest absolute path", {}, MANIFEST_ERROR, r"'/etc/hosts' is not a file name inside sources/", manifest="/etc/hosts:\n  agency: 攻击者\n"),
        Case("manifest field with a bad value", {}, MANIFEST_ERROR, r"year must be a year", manifest="gbk.txt:\n  year: \"<script>\"\n"),
    ]


def _yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def manifest_text(selected: list[Case]) -> str:
    return "# bad-input collection: manifest lines of the cases\n" + "".join(case.manifest for case in selected)


def write_collection(folder: Path, selected: list[Case] | None = None, *, good: bool = True) -> list[Case]:
    """Write the cases' files (and the good report, and the manifest) into ``folder``."""
    selected = cases() if selected is None else selected
    folder.mkdir(parents=True, exist_ok=True)
    for case in selected:
        for name, data in case.files.items():
            (folder / name).write_bytes(data)
    if good:
        (folder / GOOD).write_bytes(real(GOOD))
    (folder / "manifest.yaml").write_text(manifest_text(selected), "utf-8")
    return selected


if __name__ == "__main__":
    written = write_collection(Path(sys.argv[1]))
    print(f"{len(written)} kinds written to {sys.argv[1]}")
