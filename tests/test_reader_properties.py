"""Property tests of the reader: ``extract_record(read_source(name, data), …)`` on random and
mutated input never raises anything but :class:`SourceError`, and never returns a number
that is not in the input.

"In the input" means, for a statistic's value ``v``:

* ``v``'s digits occur in the normalised text (full-width digits folded, thousands
  separators removed) — a substring, because flattened tables glue cells together and the
  reader splits such runs;
* or a Chinese numeral in the text spells ``v`` (三件, 一百零五条);
* or ``v`` is 0 and the text words a nil statement (未/无/没有/不/零);
* for ``fees_yuan`` also ``v / 10000`` (a fee printed in 万元);
* for the statistics that are sums of printed cells (Σ（三）不予公开 …, litigation = two
  sums), ``v`` is at most the sum of all numbers in the text.

Deterministic (``derandomize``) and small enough to run on every commit.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.errors import SourceError
from build_scripts.inputs.normalize import normalize_text
from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from build_scripts.reader.numerals import COUNT_CHARS, chinese_to_int
from build_scripts.schema import STAT_KEYS
from tests.bad_inputs.cases import PAYLOADS

SOURCES = Path(__file__).resolve().parents[1] / "sources"
REAL = {path.name: path.read_bytes() for path in sorted(SOURCES.glob("*.txt")) if path.stat().st_size < 12_000}
SUMS = {"outcome_refused_total", "outcome_unable_total", "outcome_not_processed_total", "outcome_other_total", "litigation_total"}
NIL = re.compile(r"[未无没不零]")

PROPERTY = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def read(name: str, data: bytes) -> dict | None:
    """The record, or None when the reader refuses the input with its own error."""
    try:
        source = read_source(name, data)
        return extract_record(source, file=f"sources/{name}", sha256=hashlib.sha256(data).hexdigest())
    except SourceError as exc:
        assert name in str(exc), "a SourceError names the file"
        return None


def numbers_in(text: str) -> tuple[str, set[int], float]:
    """(digit text without separators, values of Chinese numerals, sum of all numbers)."""
    normal = normalize_text(text)
    digits = re.sub(r"(?<=\d),(?=\d{3})", "", normal)
    spelled = {value for run in re.findall(f"[{COUNT_CHARS}]+", normal) if (value := chinese_to_int(run)) is not None}
    total = sum(float(n) for n in re.findall(r"\d+(?:\.\d+)?", digits)) + sum(spelled)
    return digits, spelled, total


def _printed(value: float, digits: str) -> bool:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text in digits or (isinstance(value, float) and value.is_integer() and str(int(value)) in digits)


def assert_numbers_from_input(record: dict, text: str) -> None:
    digits, spelled, total = numbers_in(text)
    for key in STAT_KEYS:
        value = record["stats"][key]
        if value is None:
            continue
        assert isinstance(value, int | float) and not isinstance(value, bool), (key, value)
        if _printed(value, digits) or value in spelled or (value == 0 and NIL.search(text)):
            continue
        if key == "fees_yuan" and (_printed(value / 10000, digits) or value / 10000 in spelled):
            continue
        if key in SUMS and 0 <= value <= total:
            continue
        raise AssertionError(f"{key} = {value!r} does not appear in the input")


def decoded(name: str, data: bytes) -> str:
    return read_source(name, data).text


@st.composite
def mutated_report(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real report with deletions, duplications, digit changes and inserted markup."""
    name = draw(st.sampled_from(sorted(REAL)))
    text = REAL[name].decode("utf-8")
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "duplicate", "digit", "markup", "numeral"]))
        at = draw(st.integers(0, len(text)))
        end = min(len(text), at + draw(st.integers(0, 400)))
        if kind == "delete":
            text = text[:at] + text[end:]
        elif kind == "duplicate":
            text = text[:end] + text[at:end] + text[end:]
        elif kind == "digit":
            spots = [m.start() for m in re.finditer(r"\d", text)]
            if spots:
                spot = draw(st.sampled_from(spots))
                text = text[:spot] + draw(st.sampled_from("0123456789１２")) + text[spot + 1 :]
        elif kind == "markup":
            text = text[:at] + draw(st.sampled_from(PAYLOADS)) + text[at:]
        else:
            text = text[:at] + draw(st.text(alphabet=COUNT_CHARS + "件条次元万", max_size=6)) + text[at:]
    return name, text.encode(draw(st.sampled_from(["utf-8", "gb18030", "utf-16"])))


@PROPERTY
@given(mutated_report())
def test_mutated_real_reports(case: tuple[str, bytes]) -> None:
    name, data = case
    record = read(name, data)
    if record is not None:
        assert_numbers_from_input(record, decoded(name, data))


@PROPERTY
@given(st.text(max_size=2000), st.sampled_from(["r.txt", "r.html", "r.md"]))
def test_random_unicode(text: str, name: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    record = read(name, data)
    if record is not None:
        assert_numbers_from_input(record, decoded(name, data))


@PROPERTY
@given(st.binary(max_size=3000), st.sampled_from(["r.txt", "r.html", "r.pdf", "r.docx", "r.doc"]))
def test_random_bytes(data: bytes, name: str) -> None:
    record = read(name, data)
    if record is not None:
        assert_numbers_from_input(record, decoded(name, data))


@PROPERTY
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["主动公开政府信息", "收到申请", "件", "条", "行政复议", "万元", "\t", "\n", "、", "（一）", "一、", "。"]),
            st.integers(0, 99999).map(str),
            st.text(alphabet=COUNT_CHARS, min_size=1, max_size=4),
        ),
        max_size=80,
    )
)
def test_report_like_token_soup(tokens: list[str]) -> None:
    data = ("某某镇人民政府2019年政府信息公开工作年度报告\n" + "".join(tokens)).encode("utf-8")
    record = read("soup.txt", data)
    assert record is not None
    assert_numbers_from_input(record, decoded("soup.txt", data))
