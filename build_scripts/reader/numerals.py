"""Chinese numerals as reports write them: counts (三件, 十二条, 一百零五件, 两千) and years (二〇一七, 二0一七)."""

from __future__ import annotations

import re

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "0": 0, "０": 0, "Ｏ": 0, "O": 0, "o": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

#: A run of characters that may spell a Chinese count.
COUNT_CHARS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
YEAR_DIGITS = "零〇○0０Oo一二三四五六七八九"
YEAR_PATTERN = re.compile(f"[{YEAR_DIGITS}]{{4}}")


def _section_value(text: str) -> int | None:
    """Value of a numeral without 万/亿 (below 10 000)."""
    total = 0
    digit: int | None = None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in UNITS:
            total += (1 if digit is None else digit) * UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def chinese_to_int(text: str) -> int | None:
    """The integer a Chinese numeral spells (三 → 3, 十二 → 12, 一百零五 → 105, 两万三千 → 23000).

    Returns None for an empty string or characters that are not numerals. Digit strings
    without units (二〇一七) are read digit by digit.
    """
    if not text:
        return None
    if all(c in DIGITS for c in text):
        value = 0
        for char in text:
            value = value * 10 + DIGITS[char]
        return value
    total = 0
    rest = text
    for big_char, big_value in sorted(BIG_UNITS.items(), key=lambda kv: -kv[1]):
        if big_char in rest:
            head, rest = rest.split(big_char, 1)
            head_value = _section_value(head) if head else 1
            if head_value is None:
                return None
            total += head_value * big_value
    if rest:
        rest_value = _section_value(rest)
        if rest_value is None:
            return None
        total += rest_value
    return total


def year_from_chinese(text: str) -> int | None:
    """A year written digit by digit in Chinese (二〇一七, 二0一七, 二○一二) → 2017; None otherwise."""
    if not YEAR_PATTERN.fullmatch(text):
        return None
    return chinese_to_int(text)


def parse_count(text: str) -> int | float | None:
    """A count as printed: Arabic digits (with thousands separators or a decimal part, and a minus
    sign kept as printed) or a Chinese numeral."""
    cleaned = text.replace(",", "").replace("，", "").strip()
    if cleaned[:1] in ("-", "－", "−"):
        value = parse_count(cleaned[1:])
        return None if value is None or cleaned[1:2] in ("-", "－", "−") else -value
    if not cleaned:
        return None
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"\d+\.\d+", cleaned):
        return float(cleaned)
    scaled = re.fullmatch(r"(\d+(?:\.\d+)?)万", cleaned)
    if scaled:
        value = float(scaled.group(1)) * 10_000
        return int(value) if value.is_integer() else value
    return chinese_to_int(cleaned)
