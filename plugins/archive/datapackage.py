"""The Frictionless Data Package of the CSV downloads (``data/datapackage.json``).

One Table Schema, generated from :data:`plugins.archive.export.COLUMNS` and the record contract
(:mod:`build_scripts.schema`), describes every CSV under ``data/``: field names, types, units,
allowed values, and that an empty cell means 「未填报」 (the report did not state it), never 0.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from build_scripts.schema import CHECK_STATUSES, FORMS, LEVELS, SCHEMA_VERSION, STAT_KEYS
from plugins.archive.export import COLUMNS

#: The unit of each headline figure (``unit`` is a custom field property; Table Schema has none).
STAT_UNITS: dict[str, str] = {
    "proactive_total": "条",
    **{key: "件" for key in STAT_KEYS if key not in ("proactive_total", "fees_yuan")},
    "fees_yuan": "元",
}

LICENSE: dict[str, str] = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

#: Columns that are whole numbers (counts of checks and warnings, the year).
_INTEGERS = frozenset({"year", "checks_failed", "warnings"})
_ENUMS: dict[str, Sequence[str]] = {"level": LEVELS, "form": FORMS, "cross_year": CHECK_STATUSES}


def field_descriptor(name: str, meaning: str) -> dict[str, Any]:
    """One Table Schema field for a CSV column."""
    field: dict[str, Any] = {"name": name, "description": meaning}
    if name in STAT_KEYS:
        field |= {"type": "number", "unit": STAT_UNITS[name]}
    elif name in _INTEGERS:
        field["type"] = "integer"
        if name == "year":
            field["constraints"] = {"minimum": 1990, "maximum": 2100}
    else:
        field["type"] = "string"
        if name in _ENUMS:
            field["constraints"] = {"enum": list(_ENUMS[name])}
        elif name == "sha256":
            field["constraints"] = {"pattern": "[0-9a-f]{64}"}
    return field


def table_schema() -> dict[str, Any]:
    """The schema shared by every CSV: ``""`` is the only missing value (「未填报」/ not applicable)."""
    return {
        "fields": [field_descriptor(name, meaning) for name, meaning in COLUMNS],
        "missingValues": [""],
        "primaryKey": ["page"],
    }


def resource(path: str, name: str, title: str) -> dict[str, Any]:
    """A CSV download as a Data Package resource (UTF-8 with BOM, CRLF, comma separated)."""
    return {
        "name": name,
        "title": title,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "schema": table_schema(),
    }


def descriptor(resources: Sequence[Mapping[str, Any]], *, title: str, homepage: str | None) -> bytes:
    """``datapackage.json``: the package with its resources, licence and how empty cells read."""
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "disclosure-annual-reports",
        "title": title,
        "description": (
            "从政府信息公开工作年度报告中读出的统计数字，每份报告一行。空单元格 = 报告未填报（不是 0）；"
            "以 ' 开头的文本单元格是为防止电子表格把它当作公式而加的前缀。"
            " Figures read from China's government information disclosure annual reports, one row per report."
            " An empty cell means the report did not state the figure (never 0)."
        ),
        "version": f"schema-{SCHEMA_VERSION}",
        "licenses": [LICENSE],
        "resources": list(resources),
    }
    if homepage:
        package["homepage"] = homepage
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
