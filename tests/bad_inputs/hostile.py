"""Hostile inputs of issue 12 (points 4–8), built by code from the real reports in ``sources/``.

Nothing here is committed as a file: the bombs (a ZIP member that unpacks a thousandfold, a
PDF stream that inflates to 2 GB, a 2,000-page PDF) are made when a test asks for them, in
a few seconds. Every text in them is a real report's text, or a real page's front matter.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from pathlib import Path

from tests.bad_inputs.cases import GOOD, NARRATIVE, PROJECT, SOURCES, real_text

#: A converted page of the sample archive whose front matter the YAML cases replace.
PAGE = PROJECT / "content" / "reports" / "si-men-zhen-ren-min-zheng-fu" / "2017.md"


# ---------------------------------------------------------------------------- YAML (point 4)


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """'Billion laughs': each level a list of ``width`` aliases of the one before (9^9 leaves)."""
    lines = ['l0: &l0 ["临北回族乡", "临北回族乡", "临北回族乡"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def deep_flow(depth: int) -> str:
    return "[" * depth + "临北" + "]" * depth


def manifest_cases() -> dict[str, tuple[bytes, str]]:
    """Manifest kind → (manifest bytes, regex of the message, which names the line)."""
    good = f"{GOOD}:\n  region: {{province: 浙江省, city: 宁波市, county: 余姚市}}\n"
    return {
        "alias bomb": (
            (good + alias_bomb() + f"{NARRATIVE}:\n  acknowledge: *l9\n").encode(),
            r"manifest\.yaml line 3: anchors and aliases",
        ),
        "python tag": (
            (good + f"{NARRATIVE}:\n  agency: !!python/object/apply:os.system [\"echo 临北\"]\n").encode(),
            r"manifest\.yaml line 4: the tag 'tag:yaml\.org,2002:python/object/apply:os\.system' is not allowed",
        ),
        "merge key": (
            (good + f"{NARRATIVE}:\n  <<: {{agency: 临北回族乡人民政府}}\n").encode(),
            r"manifest\.yaml line 4: merge keys \(<<\) are not allowed",
        ),
        "10,000-deep nesting": (
            (good + f"{NARRATIVE}:\n  acknowledge: {deep_flow(10_000)}\n").encode(),
            r"manifest\.yaml line 4: nested deeper than 32 levels",
        ),
        "GBK-encoded": (
            (good + f"{NARRATIVE}:\n  agency: 五河县临北回族乡人民政府\n").encode("gbk"),
            r"manifest\.yaml line 2: not UTF-8 text \(byte 0xd5\)",
        ),
    }


def front_matter_cases() -> dict[str, tuple[str, str]]:
    """Front matter kind → (page text, regex of the message: the page and its line)."""
    page = PAGE.read_text("utf-8")
    head, rest = page.split("\n", 1)
    first, after = rest.split("\n", 1)  # the record's first line (title: …)
    return {
        "alias bomb": (f"{head}\n{alias_bomb()}{first}\n{after}", r"line 2: anchors and aliases"),
        "python tag": (
            f"{head}\n{first}\nx: !!python/object/apply:os.system [\"echo 临北\"]\n{after}",
            r"line 3: the tag 'tag:yaml\.org,2002:python/object/apply:os\.system' is not allowed",
        ),
        "merge key": (f"{head}\n{first}\n<<: {{agency: 泗门镇}}\n{after}", r"line 3: merge keys"),
        "10,000-deep nesting": (f"{head}\n{first}\nx: {deep_flow(10_000)}\n{after}", r"line 3: nested deeper than 32"),
        "a date that does not exist": (f"{head}\n{first}\nx: 2017-02-30\n{after}", r"line 3: a value cannot be read"),
    }


# ---------------------------------------------------------------------------- .docx (point 5)


def report_docx() -> bytes:
    """The real HTML report (pingtan 2024) as a .docx, as ``tests/make_fixtures.py`` makes it."""
    from tests.make_fixtures import make_docx, report_model

    return make_docx(report_model())


def _replace_member(docx: bytes, member: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == member else source.read(info.filename))
    return out.getvalue()


def docx_zip_bomb(unpacked: int = 256 * 1024 * 1024) -> bytes:
    """The report .docx whose ``document.xml`` is padded with ``unpacked`` bytes of empty
    paragraphs (``<w:p/>``: packs several hundredfold; lxml would build 45 million elements)."""
    docx = report_docx()
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        xml = source.read("word/document.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info.filename))
                continue
            head, tail = xml.split(b"<w:body>", 1)
            with target.open(info.filename, "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                block = b"<w:p/>" * (16 * 1024 * 1024 // 6)
                for _ in range(unpacked // len(block)):
                    member.write(block)
                member.write(tail)
    return out.getvalue()


def real_lines() -> list[str]:
    """Every non-empty line of the sample archive's .txt reports."""
    lines = []
    for path in sorted(SOURCES.glob("*.txt")):
        lines.extend(line.strip() for line in real_text(path.name).split("\n") if line.strip())
    return lines


def docx_expanding_text(megabytes: int = 6) -> bytes:
    """A .docx that passes every container check but whose text is ``megabytes`` of real report
    lines (shuffled, so it packs like prose does): more text than any source may hold."""
    lines = real_lines()
    rng = random.Random(12)
    paragraphs: list[str] = []
    size = 0
    while size < megabytes * 1024 * 1024:
        line = rng.choice(lines)
        paragraphs.append(line)
        size += len(line.encode()) + 1
    body = "".join(f"<w:p><w:r><w:t>{_xml_text(line)}</w:t></w:r></w:p>" for line in paragraphs)
    docx = report_docx()
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        xml = source.read("word/document.xml").decode()
    start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr")
    return _replace_member(docx, "word/document.xml", (xml[:start] + body + xml[end:]).encode())


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------- PDF (point 6)


def _canvas_pdf(pages: int, lines: list[str], *, encrypt: object = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encrypt, invariant=1)
    per_page = 40
    for page in range(pages):
        pdf.setFont("STSong-Light", 10)
        chunk = lines[(page * per_page) % len(lines) :][:per_page] or lines[:per_page]
        for row, line in enumerate(chunk):
            pdf.drawString(40, A4[1] - 50 - 16 * row, line[:48])
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def narrative_lines() -> list[str]:
    return [line for line in real_text(NARRATIVE).split("\n") if line.strip()]


def pdf_of_pages(pages: int) -> bytes:
    """The narrative report's lines laid out over ``pages`` pages (a compilation, not a report)."""
    return _canvas_pdf(pages, narrative_lines())


def pdf_plain() -> bytes:
    return _canvas_pdf(1, narrative_lines())


def pdf_owner_password() -> bytes:
    """The narrative report as a PDF that opens without a password but restricts copying, as
    reportlab writes it (streams encrypted, the font dictionaries' strings not)."""
    from reportlab.lib import pdfencrypt

    return _canvas_pdf(1, narrative_lines(), encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0))


def pdf_owner_password_nothing_encrypted() -> bytes:
    """The plain PDF with the owner-password ``/Encrypt`` dictionary of the one above in its
    trailer, but nothing encrypted (generators that only mark the file as restricted)."""
    encrypted, plain = pdf_owner_password(), pdf_plain()
    match = re.search(rb"/Encrypt (\d+) 0 R", encrypted)
    assert match, "reportlab writes the Encrypt dictionary as an object"
    body = re.search(rb"\n" + match.group(1) + rb" 0 obj\n(<<.*?>>)\nendobj", encrypted, re.S)
    assert body
    return plain.replace(b"trailer\n<<\n", b"trailer\n<<\n/Encrypt " + body.group(1) + b"\n", 1)


def pdf_inflating_stream(unpacked: int = 2 * 1024 * 1024 * 1024) -> bytes:
    """A one-page PDF whose content stream inflates to ``unpacked`` bytes of spaces (a deflate
    bomb: about 2 MB on disk). The stream is made of identical fully-flushed deflate blocks,
    so it is built without compressing gigabytes."""
    block = b" " * (16 * 1024 * 1024)
    count = unpacked // len(block)
    compressor = zlib.compressobj(9)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)[:-4]
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(block, checksum)
    stream = first + repeated * (count - 1) + end + checksum.to_bytes(4, "big")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# ---------------------------------------------------------------------------- HTML (point 8)


def _paragraphs() -> list[str]:
    return narrative_lines()


def html_page(body: str, *, charset: str = "utf-8") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='{charset}'><title>年报</title></head><body>{body}</body></html>"


def html_unclosed_embed() -> str:
    """The narrative report as lines with ``<br>``; an ``<embed>`` without its end tag halfway."""
    lines = _paragraphs()
    half = len(lines) // 2
    return html_page("<div>" + "<br>".join(lines[:half]) + "<br><embed src='video.swf'>" + "<br>".join(lines[half:]) + "</div>")


def html_nested(depth: int) -> str:
    body = "".join(f"<p>{line}</p>" for line in _paragraphs())
    return html_page("<div>" * depth + body + "</div>" * depth)


def html_paragraphs(charset: str = "utf-8") -> str:
    return html_page("".join(f"<p>{line}</p>" for line in _paragraphs()), charset=charset)


def reference_text() -> str:
    """What the reader makes of the plain page: the text every hostile variant must keep."""
    from build_scripts.inputs.source_text import read_source

    return read_source("reference.html", html_paragraphs().encode()).text


def write(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def html_span_amplification(rows: int = 200) -> str:
    """The narrative report followed by a small table whose every row starts with a cell spanning
    1,000 rows and 1,000 columns: 13 KB of markup that would lay out hundreds of millions of cells."""
    body = "".join(f"<p>{line}</p>" for line in _paragraphs())
    cells = "".join(f"<tr><td rowspan='1000' colspan='1000'>{row}</td><td>{row}</td></tr>" for row in range(rows))
    return html_page(f"{body}<table>{cells}</table>")


def docx_span_amplification(rows: int = 300) -> bytes:
    """The report .docx with a table whose every row is one cell spanning 50,000 grid columns."""
    docx = report_docx()
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        xml = source.read("word/document.xml").decode()
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="50000"/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    table = "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>" + "".join(f"<w:tr>{cell.format(row)}</w:tr>" for row in range(rows)) + "</w:tbl>"
    at = xml.index("<w:sectPr")
    return _replace_member(docx, "word/document.xml", (xml[:at] + table + xml[at:]).encode())
