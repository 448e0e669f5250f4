"""Fuzzing the readers (issue 12): random bytes in every format, random HTML nesting, random ZIP
members in a real report's .docx, and random YAML as the manifest and as front matter. The only
exceptions that may escape are the project's own (:class:`SourceError`, :class:`ManifestError`,
:class:`RecordError`); anything else is a traceback a user would see.

The default run is small and derandomized (part of ``make test``). The full run draws
``HOSTILE_FUZZ`` examples in all, spread over the six properties, e.g.::

    HOSTILE_FUZZ=10000 .venv/bin/pytest -q tests/test_hostile_fuzz.py
"""

from __future__ import annotations

import io
import os
import zipfile
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.errors import SourceError
from build_scripts.inputs.source_text import read_source
from build_scripts.pages.manifest import ManifestError, decode_manifest, parse_manifest
from build_scripts.schema import RecordError, split_page
from tests.bad_inputs import hostile

PROPERTIES = 6
_TOTAL = int(os.environ.get("HOSTILE_FUZZ", "0"))
FUZZ = settings(
    max_examples=max(_TOTAL // PROPERTIES, 1) if _TOTAL else 20,
    derandomize=not _TOTAL,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

LINES = hostile.narrative_lines()


def read_or_refuse(name: str, data: bytes) -> None:
    """The property: the reader gives text or a :class:`SourceError` naming the file."""
    try:
        read_source(name, data)
    except SourceError as exc:
        assert exc.file == name and str(exc).startswith(f"{name}: ")


# ---------------------------------------------------------------------------- random bytes

MAGIC = [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"\xef\xbb\xbf", b"\xff\xfe", b"<html><body>", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]
SUFFIXES = [".txt", ".html", ".htm", ".docx", ".doc", ".pdf", ".md", ""]


@FUZZ
@given(st.sampled_from(MAGIC), st.binary(max_size=2048), st.sampled_from(SUFFIXES), st.sampled_from(LINES))
def test_random_bytes_in_every_format(magic: bytes, noise: bytes, suffix: str, line: str) -> None:
    read_or_refuse(f"fuzz{suffix}", magic + noise + line.encode())


# ---------------------------------------------------------------------------- random HTML nesting

TAGS = ["div", "span", "p", "table", "tr", "td", "th", "embed", "script", "b", "font", "li", "ul", "h1", "br",
        "iframe", "object", "select", "a", "center", "meta", "tbody", "style", "noscript", "svg", "nav"]
ATTRIBUTES = ["", " colspan='3'", " rowspan='99999'", " style='display:none'", " hidden", " charset='rot13'",
              " href='javascript:x'", " class='article'"]


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES), st.booleans(), st.lists(children, max_size=4)).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[3])}" + (f"</{t[0]}>" if t[2] else "")
    )


HTML = st.recursive(st.sampled_from(LINES) | st.sampled_from(["", "&amp;", "&#x4e00;", "<!-- x -->", "<", ">"]), element, max_leaves=40)


@FUZZ
@given(HTML, st.integers(0, 1500), st.sampled_from(["utf-8", "gbk", "iso-8859-1", "rot13", "base64", "utf-7", "x-unknown"]),
       st.sampled_from(["utf-8", "gb18030"]))
def test_random_html_nesting(body: str, wrappers: int, label: str, encoding: str) -> None:
    page = f"<html><head><meta charset='{label}'></head><body>{'<div>' * wrappers}{body}{'</div>' * wrappers}</body></html>"
    read_or_refuse("fuzz.html", page.encode(encoding, "replace"))


# ---------------------------------------------------------------------------- random ZIP members


@cache
def docx_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(hostile.report_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


MEMBER_NAMES = ["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels",
                "word/styles.xml", "word/numbering.xml", "docProps/core.xml", "word/media/image1.png", "../../evil.txt"]
XML_PIECES = ["<w:p>", "</w:p>", "<w:tbl>", "<w:tr>", "<w:tc>", "<w:gridSpan w:val='99999'/>", "<w:vMerge/>", "<w:t>",
              "</w:t>", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "<w:body>", "</w:body>", "<?xml version='1.0'?>"]


def mutated(original: bytes) -> st.SearchStrategy[bytes]:
    cut = st.integers(0, max(len(original), 1))
    return st.one_of(
        st.binary(max_size=512),
        st.tuples(cut, st.lists(st.sampled_from(XML_PIECES + LINES), max_size=6)).map(
            lambda t: original[: t[0]] + "".join(t[1]).encode() + original[t[0] :]
        ),
        cut.map(lambda at: original[:at]),
    )


@st.composite
def zip_members(draw: st.DrawFn) -> bytes:
    members = dict(docx_members())
    for name in draw(st.lists(st.sampled_from(MEMBER_NAMES), max_size=4)):
        members[name] = draw(mutated(members.get(name, b"")))
    for name in draw(st.lists(st.sampled_from(sorted(members)), max_size=2)):
        members.pop(name, None)
    out = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@FUZZ
@given(zip_members(), st.sampled_from([".docx", ".doc"]))
def test_random_zip_members(data: bytes, suffix: str) -> None:
    read_or_refuse(f"fuzz{suffix}", data)


# ---------------------------------------------------------------------------- random YAML

YAML_PIECES = [
    "001_0ee38c6073f2f61e.txt:", "2018-township-wuhe-linbei-hui.txt:", "  agency: ", "  year: ", "  region: ",
    "  acknowledge: ", "  duplicate_of: ", "  url: ", "  same_as: ", "&a ", "*a", "*b", "<<: ", "!!python/object:os.system ",
    "!!binary ", "!!set ", "!custom ", "[", "]", "{", "}", "- ", "? ", ": ", "|", ">", "'", '"', "#", "%YAML 1.1", "---",
    "...", "2019", "2019-02-30", "1e999", "9" * 5000, "~", "null", "true", "临北回族乡", "浙江省", "\t", "\\", "\n", "\n  ",
    "{province: 浙江省}", "[missing-agency]", "0x1F", "0o17", ".inf", "=HYPERLINK()",
]
YAML_TEXT = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=40).map("".join)


@FUZZ
@given(YAML_TEXT, st.integers(0, 1200))
def test_random_yaml_as_the_manifest(text: str, depth: int) -> None:
    try:
        parse_manifest(text + "\nx.txt:\n  acknowledge: " + "[" * depth + "]" * depth + "\n", existing={"x.txt"})
    except ManifestError:
        pass


@FUZZ
@given(st.binary(max_size=256) | YAML_TEXT.map(lambda text: text.encode("gbk", "replace")))
def test_random_bytes_as_the_manifest(data: bytes) -> None:
    try:
        parse_manifest(decode_manifest(data))
    except ManifestError:
        pass


@FUZZ
@given(YAML_TEXT, st.sampled_from(["", "title: x\n", hostile.PAGE.read_text("utf-8").split("---\n")[1]]))
def test_random_yaml_as_front_matter(text: str, record: str) -> None:
    try:
        split_page(f"---\n{record}{text}\n---\n\n正文\n", "content/reports/x/2019.md")
    except RecordError as exc:
        assert str(exc).startswith("content/reports/x/2019.md: ")
