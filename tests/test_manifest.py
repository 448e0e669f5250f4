from __future__ import annotations

import pytest

from build_scripts.pages.manifest import ManifestError, acknowledgements, parse_manifest


def test_entries_are_read_with_their_lines() -> None:
    manifest = parse_manifest("a.txt:\n  year: 2017\n  region: {city: 宁波市}\n", existing={"a.txt"})
    entry = manifest.entries["a.txt"]
    assert entry.line == 1 and entry.values == {"year": 2017, "region": {"city": "宁波市"}}
    assert not manifest.errors and not manifest.warnings


@pytest.mark.parametrize("name", ["../x.txt", "/etc/passwd", "a/../../x.txt", "C:/x.txt"])
def test_paths_leaving_sources_are_rejected(name: str) -> None:
    manifest = parse_manifest(f"'{name}':\n  year: 2017\n")
    assert not manifest.entries
    assert "line 1" in str(manifest.errors[0]) and "inside sources/" in str(manifest.errors[0])


def test_the_same_file_twice_is_an_error_naming_both_lines() -> None:
    manifest = parse_manifest("a.txt:\n  year: 2017\nb.txt:\n  year: 2018\na.txt:\n  year: 2019\n")
    assert "a.txt" not in manifest.entries and "b.txt" in manifest.entries
    assert "lines 1 and 5" in str(manifest.errors[0])


def test_a_missing_file_is_a_warning_naming_the_line() -> None:
    manifest = parse_manifest("a.txt:\n  year: 2017\nghost.txt:\n  year: 2018\n", existing={"a.txt"})
    assert [str(w) for w in manifest.warnings] == ["manifest.yaml line 3: ghost.txt names a file that is not in sources/"]


@pytest.mark.parametrize(
    "entry", ["  colour: red", "  year: '2017'", "  year: 1850", "  region: {town: x}", "  agency: ''"]
)
def test_bad_fields_are_errors(entry: str) -> None:
    manifest = parse_manifest(f"a.txt:\n{entry}\n")
    assert "a.txt" not in manifest.entries and "line 2" in str(manifest.errors[0])


def test_a_manifest_that_is_not_a_mapping_cannot_be_used() -> None:
    with pytest.raises(ManifestError):
        parse_manifest("- a.txt\n")
    with pytest.raises(ManifestError):
        parse_manifest("a.txt: [\n")


def test_decisions_about_a_file_are_read_and_checked() -> None:
    text = "a.txt:\n  duplicate_of: b.html\n  acknowledge: [duplicate-report, undecided-value]\nb.html:\n  year: 2019\n"
    manifest = parse_manifest(text, existing={"a.txt", "b.html"})
    assert not manifest.errors and not manifest.warnings
    assert manifest.entries["a.txt"].values["duplicate_of"] == "b.html"
    assert acknowledgements(manifest) == {"a.txt": frozenset({"duplicate-report", "undecided-value"})}


@pytest.mark.parametrize("entry", ["  duplicate_of: ../x.txt", "  acknowledge: missing-year", "  acknowledge: [1, 2]"])
def test_bad_decisions_are_errors(entry: str) -> None:
    manifest = parse_manifest(f"a.txt:\n{entry}\n")
    assert "a.txt" not in manifest.entries and "line 2" in str(manifest.errors[0])


def test_a_copy_of_a_missing_file_is_a_warning() -> None:
    manifest = parse_manifest("a.txt:\n  duplicate_of: gone.txt\n", existing={"a.txt"})
    assert [str(w) for w in manifest.warnings] == [
        "manifest.yaml line 1: a.txt: duplicate_of names gone.txt, which is not in sources/"
    ]
