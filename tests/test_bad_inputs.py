"""Issue 7: the whole bad-input collection (plus a good report) converted at once.

Every source is accounted for, each bad one is named with its cause, nothing is written
outside ``content/``, no page is half-written, the pages' front matter reads back, the
result builds with the project's MkDocs configuration, and converting again changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from build_scripts.schema import split_page, validate_record
from tests.bad_inputs.build import HUGE, LINK, Conversion, build_site, convert, prepare
from tests.bad_inputs.cases import (
    GOOD,
    MANIFEST_ERROR,
    MANIFEST_WARNING,
    PAGE,
    REJECTED,
    YAML_HOSTILE_AGENCY,
    Case,
    cases,
)

ACCOUNTING = re.compile(r"^(\d+) 个源文件 = (\d+) 个写出的页面 \+ (\d+) 个拒收的文件(?:（(.*)）)?$", re.M)


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (links as their target) with a digest of its bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[relative] = "-> " + str(path.readlink())
        elif path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def outside_content(tree: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in tree.items() if not name.startswith(("content/", "build/"))}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Conversion, dict[str, str], dict[str, str]]:
    root = tmp_path_factory.mktemp("bad-inputs")
    sources, selected = prepare(root)
    before = snapshot(root)
    conversion = convert(root, sources, selected)
    return conversion, before, snapshot(root)


def files_of(outcome: str) -> list[tuple[Case, str]]:
    return [(case, name) for case in cases() if case.outcome == outcome for name in case.files if case.extra.get("file", name) == name]


def test_the_collection_has_at_least_twenty_kinds() -> None:
    kinds = {case.kind for case in cases()} | {"20 MB file", "link to a file outside sources/"}
    assert len(kinds) >= 20


def test_exit_status_says_something_was_wrong(run) -> None:
    conversion, _, _ = run
    assert conversion.status == 2, conversion.stderr  # refused input exits 2 (issue 12)


def test_every_source_is_a_page_or_a_listed_rejection(run) -> None:
    conversion, _, _ = run
    names = sorted(
        p.relative_to(conversion.sources).as_posix()
        for p in conversion.sources.rglob("*")
        if (p.is_file() or p.is_symlink()) and p.name != "manifest.yaml"
    )
    match = ACCOUNTING.search(conversion.stdout)
    assert match, conversion.stdout
    total, written, rejected = (int(match.group(i)) for i in (1, 2, 3))
    assert total == len(names) == written + rejected
    converted = [item["file"] for item in conversion.report["converted"]]
    refused = [item["file"] for item in conversion.report["rejected"]]
    assert sorted(converted + refused) == sorted(f"sources/{name}" for name in names), "each source exactly once"
    assert match.group(4).split("、") == refused
    pages = sorted(p.relative_to(conversion.content).as_posix() for p in (conversion.content / "reports").rglob("*.md"))
    assert pages == sorted(item["page"] for item in conversion.report["converted"]) and len(pages) == written


@pytest.mark.parametrize(("case", "name"), files_of(REJECTED), ids=lambda v: v.kind if isinstance(v, Case) else None)
def test_a_bad_file_is_rejected_naming_the_file_and_cause(run, case: Case, name: str) -> None:
    conversion, _, _ = run
    (entry,) = [item for item in conversion.report["rejected"] if item["file"] == f"sources/{name}"]
    assert re.search(case.cause, entry["error"]), entry
    line = next(line for line in conversion.stderr.splitlines() if line.startswith(f"错误：sources/{name}："))
    assert re.search(case.cause, line)


@pytest.mark.parametrize(("name", "cause"), [(HUGE, r"file too large \(20\.0 MB > limit 5 MB\)"), (LINK, r"symbolic link to a file outside sources/")])
def test_generated_bad_files_are_rejected(run, name: str, cause: str) -> None:
    conversion, _, _ = run
    (entry,) = [item for item in conversion.report["rejected"] if item["file"] == f"sources/{name}"]
    assert re.search(cause, entry["error"]), entry


@pytest.mark.parametrize(("case", "name"), files_of(PAGE), ids=lambda v: v.kind if isinstance(v, Case) else None)
def test_a_readable_file_becomes_a_page_with_its_warning(run, case: Case, name: str) -> None:
    conversion, _, _ = run
    (entry,) = [item for item in conversion.report["converted"] if item["file"] == f"sources/{name}"]
    record, body = split_page((conversion.content / entry["page"]).read_text("utf-8"), entry["page"])
    assert record["source"]["file"] == f"sources/{name}"
    assert body.startswith("# ")
    if case.cause:
        if not case.manifest:  # a manifest correction is the maintainer's decision: a conversion note, not a record warning
            assert any(re.search(case.cause, warning) for warning in record["warnings"]), record["warnings"]
        assert any(
            w["file"] == f"sources/{name}" and re.search(case.cause, w["message"]) for w in conversion.report["warnings"]
        )


@pytest.mark.parametrize("case", [c for c in cases() if c.outcome in (MANIFEST_ERROR, MANIFEST_WARNING)], ids=lambda c: c.kind)
def test_manifest_problems_name_the_manifest_line_and_cause(run, case: Case) -> None:
    conversion, _, _ = run
    where = "errors" if case.outcome == MANIFEST_ERROR else "warnings"
    messages = [item["message"] for item in conversion.report[where] if item["file"] == "sources/manifest.yaml"]
    assert any(re.search(case.cause, m) and re.search(r"manifest\.yaml line \d+", m) for m in messages), messages


def test_ignored_manifest_entries_change_nothing(run) -> None:
    conversion, _, _ = run
    (entry,) = [item for item in conversion.report["converted"] if item["file"] == "sources/utf16.txt"]
    record, _ = split_page((conversion.content / entry["page"]).read_text("utf-8"), entry["page"])
    assert record["year"] == 2018 and record["provenance"]["year"] != "manifest", "both conflicting entries are ignored"


def test_nothing_is_written_outside_content(run) -> None:
    conversion, before, after = run
    assert outside_content(after) == outside_content(before)
    assert not (conversion.root.parent / "etc").exists()
    assert {name for name in after if name.startswith("build/")} == {"build/conversion-report.json"}


def test_no_temporary_or_partial_page_is_left(run) -> None:
    conversion, _, _ = run
    leftovers = [p for p in conversion.content.rglob("*") if p.is_file() and (p.suffix != ".md" or p.name.startswith("."))]
    assert leftovers == []


def test_every_page_reads_back_as_a_valid_record(run) -> None:
    conversion, _, _ = run
    for page in sorted((conversion.content / "reports").rglob("*.md")):
        record, body = split_page(page.read_text("utf-8"), str(page))
        validate_record(record, str(page))
        assert body.strip()


def test_yaml_hostile_agency_round_trips_exactly(run) -> None:
    conversion, _, _ = run
    (entry,) = [item for item in conversion.report["converted"] if item["file"] == "sources/yaml-agency.txt"]
    record, _ = split_page((conversion.content / entry["page"]).read_text("utf-8"), entry["page"])
    assert record["agency"] == YAML_HOSTILE_AGENCY
    assert re.fullmatch(r"reports/[a-z0-9-]+/2018\.md", entry["page"])


def test_the_good_report_is_untouched_by_its_neighbours(run) -> None:
    conversion, _, _ = run
    (entry,) = [item for item in conversion.report["converted"] if item["file"] == f"sources/{GOOD}"]
    record, _ = split_page((conversion.content / entry["page"]).read_text("utf-8"), entry["page"])
    assert record["agency"] == "泗门镇人民政府" and record["year"] == 2017
    assert entry["page"] == "reports/si-men-zhen-ren-min-zheng-fu/2017.md"


def test_converting_again_changes_nothing(run) -> None:
    conversion, _, after = run
    again = convert(conversion.root, conversion.sources, conversion.cases)
    assert "（0 个有改动，删除 0 个过期页面）" in again.stdout
    assert again.report == conversion.report
    assert snapshot(conversion.root) == after


def test_the_site_builds_from_the_result(run, tmp_path: Path) -> None:
    conversion, _, _ = run
    site = build_site(tmp_path, conversion.content)
    assert site.errors == []
    for item in conversion.report["converted"]:
        page = site.path / Path(item["page"]).with_suffix("") / "index.html"
        assert page.is_file(), item
