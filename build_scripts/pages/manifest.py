"""``sources/manifest.yaml``: per-file metadata that the report text lacks or gets wrong.

Layout (a mapping from a file name relative to ``sources/`` to the fields it sets)::

    001_0ee38c6073f2f61e.txt:
      region: {province: 浙江省, city: 宁波市, county: 余姚市}
    003_f928e1f66e0e8c3b.txt:
      url: https://…
      agency: 某某街道办事处
      year: 2019

Fields: ``agency`` (text), ``year`` (integer), ``region`` (any of province/city/county),
``url`` (text) correct the record; a manifest value wins over extraction. Two more fields
are a maintainer's decisions about the file rather than corrections:

``duplicate_of`` (a file name in ``sources/``)
    this file is another copy of the same report (re-posted, or saved in another format):
    it keeps its page, and the site counts the report once, under the named file.
``acknowledge`` (a list of issue codes, e.g. ``[missing-agency, undecided-value]``)
    the maintainer has read these build warnings of the file's page and lets them stand
    (``mkdocs build --strict`` then passes; the page still shows them).
``same_as`` (an agency name)
    the file's agency is the same body as the agency of that name (a rename the site cannot
    tell from the names): the site shows both under one agency page (``plugins.archive.identity``).

The manifest is read as UTF-8 YAML of at most 5 MB, refused as a whole (with the line) when it is
not UTF-8, not YAML, or uses what :func:`build_scripts.schema.check_yaml` refuses (anchors and
aliases, merge keys, tags, nesting deeper than 32 levels). Problems are reported with the
manifest line they are on: a path that is absolute or contains ``..``, an unknown field or
a bad value is an error (the entry is ignored); the same file listed twice is an error
naming both lines (both entries are ignored); an entry naming a missing file is a warning.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from build_scripts.schema import REGION_KEYS, UnsafeYaml, check_yaml, yaml_error_line

MANIFEST_NAME = "manifest.yaml"
#: libyaml's parser when PyYAML has it (the same nodes and line marks, several times faster).
_COMPOSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: A manifest line is ~40 bytes: 5 MB hold corrections for well over 20,000 reports.
MAX_MANIFEST_BYTES = 5 * 1024 * 1024
FIELDS: tuple[str, ...] = ("agency", "year", "region", "url", "duplicate_of", "acknowledge", "same_as")
#: The fields that correct the record's metadata (the others are decisions about the file).
CORRECTION_FIELDS: tuple[str, ...] = ("agency", "year", "region", "url")


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based line of the manifest
    message: str

    def __str__(self) -> str:
        return f"{MANIFEST_NAME} line {self.line}: {self.message}"


@dataclass(frozen=True)
class Entry:
    file: str
    line: int
    values: dict[str, Any]


@dataclass
class Manifest:
    entries: dict[str, Entry] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class ManifestError(Exception):
    """The manifest as a whole cannot be read (not UTF-8, not YAML, refused YAML, not a mapping)."""


def _where(line: int | None) -> str:
    return f"{MANIFEST_NAME} line {line}" if line is not None else MANIFEST_NAME


def read_manifest(path: Path) -> str:
    """The text of the manifest at ``path`` ("" when there is none).

    Raises :class:`ManifestError` when it is not a regular file, is larger than
    :data:`MAX_MANIFEST_BYTES` (checked before reading) or is not UTF-8 (naming the line).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise ManifestError(f"{MANIFEST_NAME}: cannot read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ManifestError(f"{MANIFEST_NAME} is not a regular file; not read")
    if info.st_size > MAX_MANIFEST_BYTES:
        raise ManifestError(
            f"{MANIFEST_NAME} is too large ({info.st_size:,} bytes > limit {MAX_MANIFEST_BYTES:,}); not read"
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        raise ManifestError(f"{MANIFEST_NAME}: cannot read ({exc.strerror})") from None
    return decode_manifest(data)


def decode_manifest(data: bytes) -> str:
    """Manifest bytes as text: UTF-8 (a byte-order mark is allowed), else :class:`ManifestError`."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(f"{MANIFEST_NAME} is too large (more than {MAX_MANIFEST_BYTES:,} bytes); not read")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ManifestError(
            f"{_where(line)}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save the manifest as UTF-8 (e.g. GBK must be converted)"
        ) from None


def safe_relative_path(name: str) -> str | None:
    """``name`` as a clean relative POSIX path, or None when it could leave ``sources/``."""
    path = PurePosixPath(name.replace("\\", "/"))
    if not name.strip() or path.is_absolute() or any(part in ("..", "") for part in path.parts):
        return None
    if ":" in path.parts[0]:
        return None
    return path.as_posix()


class _Unreadable(Exception):
    """A value the safe constructor cannot build (``2019-02-30``, a 5,000-digit number)."""


def _scalar(node: yaml.Node) -> Any:
    """The Python value of a composed node, built by PyYAML's safe constructor."""
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:
        raise _Unreadable(f"value cannot be read ({exc})") from None


def _is_code_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(code, str) and code.strip() for code in value)


def _entry_values(node: yaml.Node, problems: list[Problem]) -> dict[str, Any] | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(line, "an entry must be a mapping of fields (agency, year, region, url)"))
        return None
    values: dict[str, Any] = {}
    ok = True
    for key_node, value_node in node.value:
        where = key_node.start_mark.line + 1
        try:
            key = _scalar(key_node)
            value = _scalar(value_node)
        except _Unreadable as exc:
            problems.append(Problem(where, str(exc)))
            ok = False
            continue
        if not isinstance(key, str) or key not in FIELDS:
            problems.append(Problem(where, f"unknown field {key!r} (known: {', '.join(FIELDS)})"))
            ok = False
        elif key in values:
            problems.append(Problem(where, f"field {key!r} given twice"))
            ok = False
        elif key in ("agency", "url", "same_as") and not (isinstance(value, str) and value.strip()):
            problems.append(Problem(where, f"{key} must be non-empty text"))
            ok = False
        elif key == "year" and not (isinstance(value, int) and not isinstance(value, bool) and 1990 <= value <= 2100):
            problems.append(Problem(where, f"year must be a year between 1990 and 2100, got {value!r}"))
            ok = False
        elif key == "duplicate_of" and not (isinstance(value, str) and safe_relative_path(value) is not None):
            problems.append(Problem(where, f"duplicate_of must be a file name inside sources/, got {value!r}"))
            ok = False
        elif key == "acknowledge" and not _is_code_list(value):
            problems.append(Problem(where, f"acknowledge must be a list of issue codes, got {value!r}"))
            ok = False
        elif key == "region" and not (
            isinstance(value, dict)
            and value
            and set(value) <= set(REGION_KEYS)
            and all(v is None or (isinstance(v, str) and v.strip()) for v in value.values())
        ):
            problems.append(Problem(where, f"region must map some of {', '.join(REGION_KEYS)} to text"))
            ok = False
        else:
            values[key] = value.strip() if isinstance(value, str) else value
    return values if ok else None


def parse_manifest(text: str, existing: set[str] | None = None) -> Manifest:
    """Read manifest text; ``existing`` (relative names of the source files) enables the
    missing-file warning. Raises :class:`ManifestError` when it is not a YAML mapping."""
    manifest = Manifest()
    try:
        check_yaml(text, max_chars=MAX_MANIFEST_BYTES)
        root = yaml.compose(text, Loader=_COMPOSER)
    except UnsafeYaml as exc:
        raise ManifestError(f"{_where(exc.line)}: {exc.message}; nothing in the manifest was applied") from None
    except yaml.YAMLError as exc:
        raise ManifestError(f"{_where(yaml_error_line(exc))}: not valid YAML: {exc}") from None
    if root is None:
        return manifest
    if not isinstance(root, yaml.MappingNode):
        raise ManifestError(f"{MANIFEST_NAME} must be a mapping from file names to fields")
    first_line: dict[str, int] = {}
    conflicted: set[str] = set()
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        try:
            raw = _scalar(key_node)
        except _Unreadable as exc:
            manifest.errors.append(Problem(line, str(exc)))
            continue
        name = safe_relative_path(raw) if isinstance(raw, str) else None
        if name is None:
            manifest.errors.append(Problem(line, f"{raw!r} is not a file name inside sources/ (no '..', no absolute path)"))
            continue
        if name in first_line:
            manifest.errors.append(
                Problem(line, f"{name} is listed twice (lines {first_line[name]} and {line}); both entries are ignored")
            )
            conflicted.add(name)
            continue
        first_line[name] = line
        values = _entry_values(value_node, manifest.errors)
        if values is not None:
            manifest.entries[name] = Entry(file=name, line=line, values=values)
        if existing is not None and name not in existing:
            manifest.warnings.append(Problem(line, f"{name} names a file that is not in sources/"))
        original = (values or {}).get("duplicate_of")
        if existing is not None and original is not None and safe_relative_path(original) not in existing:
            manifest.warnings.append(Problem(line, f"{name}: duplicate_of names {original}, which is not in sources/"))
    for name in conflicted:
        manifest.entries.pop(name, None)
    return manifest


def acknowledgements(manifest: Manifest) -> dict[str, frozenset[str]]:
    """File name (relative to ``sources/``) → the issue codes its entry acknowledges."""
    return {
        name: frozenset(code.strip() for code in entry.values["acknowledge"])
        for name, entry in manifest.entries.items()
        if entry.values.get("acknowledge")
    }
