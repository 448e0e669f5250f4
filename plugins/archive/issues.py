"""Problems a maintainer must act on, and their acknowledgement in ``sources/manifest.yaml``.

An issue is a build warning (so ``mkdocs build --strict`` fails) until the maintainer
fixes the data or lists the issue's code under the report's source file::

    # sources/manifest.yaml
    x.txt:
      acknowledge: [missing-year, undecided-value]

A report's own inconsistencies (failed consistency checks) are not issues: they are
facts about the report, shown on its page. Copies of a report (``source.duplicate_of``)
are not duplicate reports either; a ``duplicate_of`` that names no main page is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from build_scripts.pages.manifest import Manifest, acknowledgements, parse_manifest, read_manifest
from build_scripts.pages.manifest import ManifestError as BuildManifestError
from plugins.archive.model import Archive, source_name

ISSUE_CODES: dict[str, str] = {
    "missing-agency": "the report names no agency (未署名)",
    "missing-year": "the report's year is unknown (年份不详)",
    "duplicate-report": "two reports for one agency and year",
    "unknown-duplicate-of": "source.duplicate_of names no main report page",
    "undecided-value": "the reader could not decide a value",
    "source-missing": "the original file is not in the project, so it cannot be downloaded",
    "unknown-acknowledgement": "manifest.yaml acknowledges a code that does not exist",
}


@dataclass(frozen=True, order=True)
class Issue:
    src_uri: str
    code: str
    message: str
    source_file: str

    def __str__(self) -> str:
        return f"{self.src_uri}: [{self.code}] {self.message}"


class ManifestError(ValueError):
    """``manifest.yaml`` cannot be read; ``str()`` names the file."""


def find_issues(archive: Archive) -> list[Issue]:
    """Every maintainer problem in the archive, sorted (source file existence is checked elsewhere)."""
    issues: list[Issue] = []
    for report in archive.all_reports:
        file = report.record["source"]["file"]
        if report.agency is None:
            issues.append(
                Issue(report.src_uri, "missing-agency", "no agency: the page is listed as 未署名", file)
            )
        if report.year is None:
            issues.append(
                Issue(report.src_uri, "missing-year", "no reporting year: listed under 年份不详", file)
            )
        for warning in report.record["warnings"]:
            issues.append(Issue(report.src_uri, "undecided-value", warning, file))
    for report, why in archive.copy_links.unresolved:
        issues.append(Issue(report.src_uri, "unknown-duplicate-of", why, report.record["source"]["file"]))
    for slug in sorted(archive.agencies):
        if archive.agencies[slug].unsigned:
            continue  # the 未署名 group of a region: several unsigned reports of one year are expected
        by_year: dict[int, list[str]] = {}
        for report in archive.agencies[slug].reports:
            if report.year is not None:
                by_year.setdefault(report.year, []).append(report.src_uri)
        for year, uris in sorted(by_year.items()):
            if len(uris) > 1:
                for report in archive.agencies[slug].reports:
                    if report.src_uri in uris:
                        others = ", ".join(u for u in uris if u != report.src_uri)
                        issues.append(
                            Issue(
                                report.src_uri,
                                "duplicate-report",
                                f"{year} is also reported by {others}",
                                report.record["source"]["file"],
                            )
                        )
    return sorted(issues)


def load_manifest(path: Path) -> Manifest:
    """``sources/manifest.yaml`` read by the convert step's own bounded reader and parser (an empty
    manifest when there is no file). Its entry errors (bad fields, paths leaving ``sources/``) are the
    convert step's to report; a manifest that cannot be read at all is a :class:`ManifestError`."""
    if not path.is_file():
        return Manifest()
    try:
        return parse_manifest(read_manifest(path))
    except BuildManifestError as exc:
        raise ManifestError(f"{path}: {exc}") from None


def load_acknowledgements(path: Path) -> dict[str, frozenset[str]]:
    """Source file name (relative to ``sources/``) → acknowledged issue codes. No file = nothing."""
    return acknowledgements(load_manifest(path))


def split_acknowledged(
    issues: Iterable[Issue], acknowledged: Mapping[str, frozenset[str]]
) -> tuple[list[Issue], list[Issue]]:
    """(open issues, acknowledged issues); unknown codes in the manifest become open issues."""
    open_issues: list[Issue] = []
    done: list[Issue] = []
    for issue in issues:
        codes = acknowledged.get(source_name(issue.source_file), frozenset())
        (done if issue.code in codes else open_issues).append(issue)
    for name in sorted(acknowledged):
        for code in sorted(acknowledged[name] - set(ISSUE_CODES)):
            open_issues.append(
                Issue(
                    "sources/manifest.yaml",
                    "unknown-acknowledgement",
                    f"{name}: no issue code {code!r}",
                    name,
                )
            )
    return open_issues, done
