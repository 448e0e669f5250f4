"""One test per real report with tables: key cells and the table's own arithmetic."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from build_scripts.inputs.normalize import normalize_text
from build_scripts.reader.checks import run_checks
from build_scripts.reader.tables.read import TableReading, read_tables
from tests.samples import sample


def _html_rows(html: str) -> str:
    """HTML tables → one line per row, TAB-separated, merged cells written once with empty positions."""
    soup = BeautifulSoup(html, "lxml")
    for table in soup.find_all("table"):
        covered: set[tuple[int, int]] = set()
        lines = []
        for r, tr in enumerate(table.find_all("tr")):
            row: list[str] = []
            for td in tr.find_all(["td", "th"]):
                while (r, len(row)) in covered:
                    row.append("")
                span, down = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
                start = len(row)
                row.append(" ".join(td.get_text(" ", strip=True).split()))
                row.extend([""] * (span - 1))
                covered.update((r + dr, start + dc) for dr in range(down) for dc in range(span) if dr or dc)
            while (r, len(row)) in covered:
                row.append("")
            lines.append("\t".join(row))
        table.replace_with("\n" + "\n".join(lines) + "\n")
    for block in soup.find_all(["p", "div", "br"]):
        block.insert_before("\n")
    return soup.get_text()


def _read(relative: str) -> TableReading:
    path = sample(relative)
    if not path.exists():
        pytest.skip(f"{path} not available")
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("<") or path.suffix == ".html":
        text = _html_rows(text)
    return read_tables(normalize_text(text).split("\n"))


def _rows(reading: TableReading, table: str) -> dict[str, list]:
    return {row["key"]: list(row["values"].values()) for row in reading.tables[table]["rows"]}


def _statuses(reading: TableReading, prose: dict | None = None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for check in run_checks(reading.template or "", reading.stats, reading.tables, prose or {}):
        out.setdefault(check["rule"], set()).add(check["status"])
    return out


def test_seed_001_national_statistics_table() -> None:
    reading = _read("seeds/001_0ee38c6073f2f61e.txt")
    assert reading.template == "table2008"
    assert reading.tables["statistics"]["columns"] == ["统计数"]
    rows = _rows(reading, "statistics")
    assert rows["proactive"] == [1308]
    assert rows["website"] == [721] and rows["weibo"] == [58] and rows["weixin"] == [208]
    assert reading.stats["proactive_total"] == 1308
    assert reading.stats["outcome_unable_total"] == 0 and reading.stats["fees_yuan"] == 0
    assert reading.evidence["proactive_total"]["line"] == 73
    assert "1308" in reading.evidence["proactive_total"]["text"]
    assert not reading.warnings
    assert _statuses(reading)["outcome_total"] == {"pass"}


def test_seed_003_tab_rows_with_broken_label() -> None:
    reading = _read("seeds/003_f928e1f66e0e8c3b.txt")
    assert reading.template == "table2019"
    rows = _rows(reading, "applications")
    assert len(rows) == 23
    assert rows["refused_6"] == [0] * 7
    assert _rows(reading, "article20")["第（五）项 行政许可"] == [1, 0, 165]
    assert reading.stats["litigation_total"] == 0
    statuses = _statuses(reading)
    assert statuses["applications_balance"] == {"pass"} and statuses["row_total"] == {"pass"}


def test_shanghai_html_blank_totals_stay_null() -> None:
    reading = _read("corpus/reports/2019-province-shanghai-govoffice.txt")
    rows = _rows(reading, "applications")
    assert rows["new"] == [821, 35, None, None, 2, 1, 859]
    assert rows["disclosed"] == [258, 12, None, None, 1, 1, None]
    assert rows["unable_1"] == [252, 12, None, None, 1, None, None]
    assert reading.stats["outcome_disclosed"] is None and reading.stats["outcome_refused_total"] is None
    assert (reading.stats["applications_new"], reading.stats["outcome_total"], reading.stats["carried_forward"]) == (
        859, 805, 72)
    assert (reading.stats["reconsideration_total"], reading.stats["litigation_total"]) == (7, 9)
    assert _rows(reading, "article20")["第（一）项 规章"] == [13, 13, 524]
    statuses = _statuses(reading)
    assert statuses["outcome_total"] == {"not_assessable"}
    assert statuses["review_total"] == {"not_assessable"}  # 5 + 空 + 空 + 2: blanks are not zeros


def test_pingtan_2024_glued_tables() -> None:
    reading = _read("corpus/reports/pingtan-2024-zone.txt")
    assert reading.template == "table2021"
    rows = _rows(reading, "applications")
    assert len(rows) == 25
    assert rows["new"] == [217, 1, 0, 0, 0, 0, 218]
    assert rows["refused_5"] == [32, 0, 0, 0, 0, 0, 32]
    assert rows["other_3"] == [1, 1, 0, 0, 0, 0, 2]
    assert reading.stats["outcome_refused_total"] == 39 and reading.stats["litigation_total"] == 19
    assert set(_statuses(reading)["outcome_total"]) == {"pass"}


def test_pingtan_2024_html_matches_text() -> None:
    html, text = _read("corpus/reports/pingtan-2024-zone.html"), _read("corpus/reports/pingtan-2024-zone.txt")
    assert html.stats == text.stats
    assert _rows(html, "applications") == _rows(text, "applications")


def test_pingtan_2022_zone_space_separated_review() -> None:
    reading = _read("corpus/reports/pingtan-2022-zone.txt")
    assert _rows(reading, "review_litigation")["review"] == [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert reading.stats["outcome_total"] == 75 and reading.stats["outcome_other_total"] == 4
    assert _statuses(reading)["applications_balance"] == {"pass"}


def test_junshan_self_contradiction_is_kept_and_fails() -> None:
    reading = _read("corpus/reports/pingtan-2022-dept-junshan.txt")
    assert _rows(reading, "applications")["unable_1"] == [3, 0, 0, 0, 0, 2, 5]
    assert reading.stats["outcome_unable_total"] == 5 and reading.stats["outcome_total"] == 0
    statuses = _statuses(reading)
    assert statuses["outcome_total"] == {"fail"}
    assert statuses["applications_balance_by_outcomes"] == {"fail"}


def test_pingtan_2019_dept_template_2019() -> None:
    reading = _read("corpus/reports/pingtan-2019-dept-market-supervision.txt")
    assert reading.template == "table2019"
    assert _rows(reading, "applications")["not_processed_2"] == [1, 0, 0, 0, 0, 0, 1]
    assert reading.stats["outcome_not_processed_total"] == 1 and reading.stats["outcome_other_total"] == 0


@pytest.mark.parametrize(
    ("name", "proactive", "applications", "answers"),
    [("pingtan-2011-zone.txt", [425, 1516], [0, 0], [0, 0]),
     ("pingtan-2012-zone.txt", [739, 4359], [0, 0], [0, 0]),
     ("pingtan-2014-zone.txt", [2543, 78967], [1, 1], [1, 1]),
     ("pingtan-2013-county.txt", [None, None], [7, 28], [3, 24]),
     ("pingtan-2018-dept-market-supervision.txt", [None, None], [2, 7], [2, 7])],
)
def test_pingtan_local_statistics(name: str, proactive: list, applications: list, answers: list) -> None:
    reading = _read(f"corpus/reports/{name}")
    assert reading.template == "table2008"
    rows = _rows(reading, "statistics")
    assert rows["proactive"] == proactive
    assert rows["applications"] == applications and rows["answers"] == answers
    statuses = _statuses(reading)
    assert statuses["outcome_total"] == {"pass"} and statuses["cumulative_not_less"] == {"pass"}
    if proactive[0] is None:
        assert any("主动公开" in w and "种拆分都符合" in w for w in reading.warnings)


def test_pingtan_2018_dept_cumulative_review_is_not_this_year() -> None:
    reading = _read("corpus/reports/pingtan-2018-dept-market-supervision.txt")
    assert _rows(reading, "statistics")["review"] == [0, 1]
    assert reading.stats["reconsideration_total"] == 0 and reading.stats["fees_yuan"] == 0


def test_labels_without_values_give_no_zeros() -> None:
    reading = _read("corpus/reports/2019-township-xiongxian-unnamed-xiang-partial.txt")
    assert reading.template == "table2019"
    assert all(value is None for value in reading.stats.values())
