"""Strict mode: data problems are warnings until fixed or acknowledged; malformed front matter stops the build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import COPY_SOURCES, BuiltSite

SOURCE = {"sources/a.txt": b"a", "sources/b.txt": b"b"}


def test_clean_archive_builds_in_strict_mode_even_with_failed_consistency_checks(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    failing = [{"rule": "applications_balance", "status": "fail", "detail": "1 + 0 ≠ 2 + 0"}]
    pages = {
        "reports/a/2019.md": report_page(agency="甲局", year=2019, source="sources/a.txt", checks=failing)
    }
    built = build_site(tmp_path, pages, sources=SOURCE, strict=True)
    assert not built.aborted, built.warnings + built.errors
    assert built.warnings == []
    assert "1 份报告的勾稽关系不一致" in built.text("")


def test_maintainer_problems_are_strict_mode_warnings(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    pages = {
        "reports/unknown-agency/2019.md": report_page(agency=None, year=2019, source="sources/a.txt"),
        "reports/b/unknown-year.md": report_page(agency="乙局", year=None, source="sources/b.txt"),
        "reports/c/2019.md": report_page(
            agency="丙局", year=2019, source="sources/a.txt", warnings=["表三总计列无法判定"]
        ),
        "reports/c/2019-2.md": report_page(agency="丙局", year=2019, source="sources/b.txt"),
        "reports/d/2020.md": report_page(agency="丁局", year=2020, source="sources/missing.txt"),
    }
    built = build_site(tmp_path, pages, sources=SOURCE, strict=True, config=COPY_SOURCES)
    assert built.aborted
    found = sorted((w.split(":")[0], w.split("[")[1].split("]")[0]) for w in built.warnings)
    assert found == [
        ("reports/b/unknown-year.md", "missing-year"),
        ("reports/c/2019-2.md", "duplicate-report"),
        ("reports/c/2019.md", "duplicate-report"),
        ("reports/c/2019.md", "undecided-value"),
        ("reports/d/2020.md", "source-missing"),
        ("reports/unknown-agency/2019.md", "missing-agency"),
    ]
    assert any("表三总计列无法判定" in w for w in built.warnings)


def test_acknowledged_problems_no_longer_fail_the_build_but_stay_on_the_page(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    pages = {
        "reports/a/2019.md": report_page(
            agency="甲局", year=2019, source="sources/a.txt", warnings=["无法判定"]
        )
    }
    manifest = "a.txt:\n  region: {province: 浙江省}\n  acknowledge: [undecided-value]\n".encode()
    built = build_site(tmp_path, pages, sources={**SOURCE, "sources/manifest.yaml": manifest}, strict=True)
    assert not built.aborted, built.warnings
    assert "无法判定" in built.text("reports/a/2019/")


def test_unknown_acknowledgement_code_is_a_warning(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    pages = {"reports/a/2019.md": report_page(agency="甲局", year=2019, source="sources/a.txt")}
    manifest = b"a.txt: {acknowledge: [missing-yaer]}\n"
    built = build_site(tmp_path, pages, sources={**SOURCE, "sources/manifest.yaml": manifest}, strict=True)
    assert built.aborted
    assert len(built.warnings) == 1 and "missing-yaer" in built.warnings[0]


def test_malformed_front_matter_is_a_plugin_error_naming_the_file(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    good = report_page(agency="甲局", year=2019, source="sources/a.txt")
    pages = {
        "reports/a/2019.md": good,
        "reports/a/2020.md": good.replace("year: 2019", "year: [2020"),
    }
    built = build_site(tmp_path, pages, sources=SOURCE)
    assert built.aborted
    assert any("content/reports/a/2020.md" in e and "YAML" in e for e in built.errors), built.errors


def test_front_matter_breaking_the_contract_is_a_plugin_error(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    bad = report_page(agency="甲局", year=2019, source="sources/a.txt").replace(
        "applications_new: null", "applications_new: many"
    )
    built = build_site(tmp_path, {"reports/a/2019.md": bad}, sources=SOURCE)
    assert built.aborted
    assert any("content/reports/a/2019.md" in e and "applications_new" in e for e in built.errors), (
        built.errors
    )


def test_source_outside_the_project_is_not_published(
    tmp_path: Path, build_site: Callable[..., BuiltSite], report_page: Callable[..., str]
) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    pages = {"reports/a/2019.md": report_page(agency="甲局", year=2019, source="../secret.txt")}
    built = build_site(tmp_path / "project", pages, config=COPY_SOURCES)
    assert any("[source-missing]" in w and "outside the project" in w for w in built.warnings)
    assert not [p for p in built.site.rglob("secret.txt")]
    assert "原始文件未收录" in built.text("reports/a/2019/")
