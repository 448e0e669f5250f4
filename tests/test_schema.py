"""The record contract: what ``dump_page`` writes, ``split_page`` reads back; what breaks it is named."""

from __future__ import annotations

import pytest

from build_scripts.schema import RecordError, dump_page, new_record, split_page


def _record() -> dict:
    record = new_record(file="sources/a.txt", sha256="0" * 64, fmt="txt")
    record.update(title="某镇2019年报告", agency="某镇: #'\" - ? |", year=2019)
    record["stats"]["applications_new"] = 0
    record["evidence"]["applications_new"] = {"line": 3, "text": "未收到申请"}
    return record


def test_a_page_reads_back_as_written() -> None:
    record = _record()
    read, body = split_page(dump_page(record, "# 标题\n\n正文"), "content/reports/a/2019.md")
    assert read == record and body == "# 标题\n\n正文\n"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["stats"].update(proactive_total="12"), "stats.proactive_total"),
        (lambda r: r.update(year=1850), "year must be"),
        (lambda r: r.update(form="table2030"), "form 'table2030'"),
        (lambda r: r.update(schema_version=1), "written by schema version 1"),
        (lambda r: r["source"].update(format="xls"), "source.format 'xls'"),
        (lambda r: r["provenance"].update(agency="guessed"), "provenance.agency 'guessed'"),
        (lambda r: r["checks"].append({"rule": "x", "status": "ok"}), "must have a status"),
    ],
)
def test_a_broken_record_is_an_error_naming_the_file(change, message: str) -> None:
    record = _record()
    change(record)
    with pytest.raises(RecordError) as caught:
        split_page(dump_page(record, "正文"), "content/reports/a/2019.md")
    assert str(caught.value).startswith("content/reports/a/2019.md: ") and message in str(caught.value)


def test_a_negative_figure_is_kept_as_printed() -> None:
    """Issue 12.9: the reader keeps a negative figure (with a warning); the contract accepts it."""
    record = _record()
    record["stats"]["proactive_total"] = -2092
    read, _ = split_page(dump_page(record, "正文"), "content/reports/a/2019.md")
    assert read["stats"]["proactive_total"] == -2092


def test_front_matter_that_is_not_yaml_names_the_line() -> None:
    with pytest.raises(RecordError, match=r"a\.md: front matter is not valid YAML \(line 3\)"):
        split_page("---\ntitle: x\nagency: a: b\n---\n", "a.md")


def test_a_value_shared_by_two_fields_is_written_twice_not_as_an_alias() -> None:
    """The reader refuses YAML aliases (issue 12), so the writer must never make one: a record whose
    two evidence entries are the same object (one line proving two figures) still reads back."""
    record = _record()
    quote = {"line": 3, "text": "未收到行政复议、行政诉讼"}
    record["evidence"]["reconsideration_total"] = record["evidence"]["litigation_total"] = quote
    page = dump_page(record, "正文")
    assert "&id" not in page and "*id" not in page
    read, _ = split_page(page, "content/reports/a/2019.md")
    assert read["evidence"]["litigation_total"] == read["evidence"]["reconsideration_total"] == quote


def test_front_matter_over_the_size_limit_is_refused_naming_the_file() -> None:
    """A page whose front matter is larger than any record (10 MB) is refused before YAML parses it."""
    from build_scripts.schema import MAX_FRONT_MATTER_CHARS

    filler = "x" * (MAX_FRONT_MATTER_CHARS + 1)
    with pytest.raises(RecordError, match=r"^content/reports/a/2019\.md: .*too large"):
        split_page(f"---\ntitle: {filler}\n---\n正文\n", "content/reports/a/2019.md")
