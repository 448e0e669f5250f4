"""Bytes → text for the report files Chinese government sites produce."""

from __future__ import annotations

from build_scripts.errors import SourceError


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data`` and normalise line ends; return (text, encoding name)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise SourceError(name, "cannot be decoded as UTF-8 or GB18030")
