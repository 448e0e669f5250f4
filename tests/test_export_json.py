"""``data/records.json``: the records of ``data/records.jsonl`` as one JSON array, one record a line
(encoded once, by the C encoder: an indented dump ran Python's pure-Python encoder, 3–7% of a build)."""

from __future__ import annotations

import json

from plugins.archive.export import json_array
from tests.conftest import BuiltSite


def test_records_json_is_the_json_lines_records_one_a_line(sample_site: BuiltSite) -> None:
    lines = (sample_site.site / "data/records.jsonl").read_bytes().splitlines()
    whole = (sample_site.site / "data/records.json").read_bytes()
    assert len(lines) > 30
    assert whole.split(b"\n")[1:-2] == [line + b"," for line in lines[:-1]] + [lines[-1]]
    assert json.loads(whole) == [json.loads(line) for line in lines]


def test_no_records_is_an_empty_array() -> None:
    assert json.loads(json_array([])) == []
    assert json.loads(json_array([b'{"a":1}\n', b'{"b":2}\n'])) == [{"a": 1}, {"b": 2}]
