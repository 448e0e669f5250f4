"""Bytes → text for the report files Chinese government sites produce.

Order of attempts (first success wins):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) decides;
2. UTF-16 without a BOM, recognised by NUL bytes, in the byte order that reads as Chinese;
3. strict UTF-8 when it reads as Chinese (short GB18030 texts can be valid UTF-8 too);
4. GB18030 (a superset of GBK and GB2312), accepted only when the result is plausible
   Chinese text;
5. charset-normalizer's best guess, with the same plausibility test.

Anything else (binary data, a text in an encoding that yields mojibake) raises
:class:`SourceError` naming the file: a wrong guess would silently put garbage on the
site, so the reader refuses instead. Line ends (CRLF, CR) become LF.
"""

from __future__ import annotations

import codecs
import re

from build_scripts.errors import SourceError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Share of the decoded characters that must be CJK, ASCII printable or common punctuation.
_MIN_PLAUSIBLE = 0.9
_SAMPLE = 1 << 16


#: Characters a Chinese report is written in: ASCII text, CJK ideographs (incl. extension A/B+ and
#: radicals), CJK and full-width punctuation, general punctuation, and a few common symbols.
_PLAUSIBLE_CHARS = re.compile(
    "[\t\n\r\x20-\x7e\u00a0\u00b7\u00b0\u00d7\u00f7\u2000-\u206f\u2116\u2460-\u2469"
    "\u25a0\u25a1\u25b2\u25b3\u25c6\u25cb\u25cf\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf"
    "\u4e00-\u9fff\uff00-\uffef\U00020000-\U0002fa1f]+"
)


def plausibility(text: str) -> float:
    """Share of ``text`` made of characters a Chinese report is written in."""
    sample = text[:_SAMPLE]
    if not sample:
        return 1.0
    implausible = len(_PLAUSIBLE_CHARS.sub("", sample))
    return 1.0 - implausible / len(sample)


def _normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16: NUL bytes (the high byte of ASCII characters such as digits and line
    ends) in an even-length file; the byte order whose decoding reads as Chinese wins."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data[: _SAMPLE * 2]:
        return None
    readings = []
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(data, encoding)
        if text is not None and "\x00" not in text:
            readings.append((plausibility(text), encoding, text))
    if not readings:
        return None
    score, encoding, text = max(readings)
    return (text, encoding) if score >= _MIN_PLAUSIBLE else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_by_bom(data: bytes) -> tuple[str, str] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            return (text, encoding) if text is not None else None
    return None


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return str(best), best.encoding


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data`` (the file ``name``) and normalise line ends; return (text, encoding name).

    Raises :class:`SourceError` when no encoding gives plausible Chinese text.
    """
    if not data:
        return "", "utf-8"
    by_bom = _decode_by_bom(data)
    if by_bom is not None:
        return _normalise_line_ends(by_bom[0]), by_bom[1]
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _normalise_line_ends(utf16[0]), utf16[1]
    if b"\x00" in data[:_SAMPLE]:
        raise SourceError(name, "binary data (NUL bytes), not a text file")
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and plausibility(utf8) >= _MIN_PLAUSIBLE:
        return _normalise_line_ends(utf8), "utf-8"
    text = _strict(data, "gb18030")
    if text is not None and plausibility(text) >= _MIN_PLAUSIBLE:
        return _normalise_line_ends(text), "gb18030"
    if utf8 is not None:
        return _normalise_line_ends(utf8), "utf-8"
    guess = _charset_normalizer_guess(data)
    if guess is not None and plausibility(guess[0]) >= _MIN_PLAUSIBLE:
        return _normalise_line_ends(guess[0]), guess[1]
    raise SourceError(
        name, "cannot be decoded: not UTF-8, UTF-16 or GB18030, and no encoding gives readable Chinese text"
    )
