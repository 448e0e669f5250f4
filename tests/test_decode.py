"""decode_bytes: every encoding Chinese government sites produce, and a clear error otherwise."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.errors import SourceError
from build_scripts.inputs.decode import decode_bytes

TEXT = "泗门镇人民政府2017年政府信息公开工作年度报告\n主动公开政府信息１３０８条，未收到依申请公开。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decodes_each_encoding(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data, "r.txt")
    assert text == TEXT
    assert used == encoding


def test_line_ends_become_lf() -> None:
    data = "第一行\r\n第二行\r第三行\n".encode("gb18030")
    text, _ = decode_bytes(data, "r.txt")
    assert text == "第一行\n第二行\n第三行\n"


def test_binary_is_an_error_naming_the_file() -> None:
    with pytest.raises(SourceError) as caught:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "scan.txt")
    assert "scan.txt" in str(caught.value)


def test_mojibake_is_refused_not_returned() -> None:
    noise = bytes(range(0x80, 0x100)) * 20
    with pytest.raises(SourceError, match=r"noise\.txt"):
        decode_bytes(noise, "noise.txt")


def test_empty_file_is_empty_text() -> None:
    assert decode_bytes(b"", "e.txt") == ("", "utf-8")


_CHINESE = st.text(
    alphabet=st.sampled_from(
        "政府信息公开工作年度报告主动申请行政复议诉讼收费一二三〇0123456789，。、（）\n"
    ),
    min_size=1,
    max_size=200,
)


@settings(max_examples=60, deadline=None)
@given(_CHINESE, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_round_trip(text: str, encoding: str) -> None:
    decoded, _ = decode_bytes(text.encode(encoding), "r.txt")
    assert decoded == text.replace("\r\n", "\n").replace("\r", "\n")
