"""Consistency rules: pass, fail and not_assessable, with the arithmetic shown."""

from __future__ import annotations

from build_scripts.reader.checks import equation, run_checks

COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _row(key: str, values: list) -> dict:
    return {"key": key, "label": key, "values": dict(zip(COLUMNS, values, strict=True)), "line": 1}


def _applications(total: list) -> dict:
    return {"applications": {"title": "", "columns": COLUMNS, "rows": [
        _row("new", [74, 0, 0, 0, 0, 0, 74]), _row("carried_over", [1, 0, 0, 0, 0, 0, 1]),
        _row("disclosed", [21, 0, 0, 0, 0, 0, 21]), _row("partial", [9, 0, 0, 0, 0, 0, 9]),
        _row("refused_1", [4, 0, 0, 0, 0, 0, 4]), _row("unable_1", [37, 0, 0, 0, 0, 0, 37]),
        _row("not_processed_1", [0] * 7), _row("other", [4, 0, 0, 0, 0, 0, 4]),
        _row("total", total), _row("carried_forward", [0] * 7)]}}


def _by_rule(checks: list[dict], rule: str) -> list[dict]:
    return [c for c in checks if c["rule"] == rule]


def test_equation_pass_fail_and_not_assessable() -> None:
    assert equation("r", [("a", 0), ("b", 0)], [("c", 0), ("d", 0)]) == {
        "rule": "r", "status": "pass", "detail": "a 0 + b 0 = c 0 + d 0"}
    failed = equation("r", [("予以公开", 21), ("部分公开", 9)], [("总计", 31)])
    assert failed["status"] == "fail" and failed["detail"] == "予以公开 21 + 部分公开 9 = 30 ≠ 总计 31 = 31"
    blank = equation("r", [("a", None)], [("b", 1)], "自然人: ")
    assert blank == {"rule": "r", "status": "not_assessable", "detail": "自然人: a 空 = b 1"}


def test_application_rules_pass_and_fail() -> None:
    good = run_checks("table2021", {}, _applications([75, 0, 0, 0, 0, 0, 75]), {})
    assert {c["status"] for c in _by_rule(good, "outcome_total")} == {"pass"}
    assert {c["status"] for c in _by_rule(good, "applications_balance")} == {"pass"}
    bad = run_checks("table2021", {}, _applications([75, 0, 0, 0, 0, 0, 76]), {})
    assert [c["status"] for c in _by_rule(bad, "outcome_total")] == ["fail"]
    assert "≠ 总计 76" in _by_rule(bad, "outcome_total")[0]["detail"]
    assert any(c["status"] == "fail" and "total" in c["detail"] for c in _by_rule(bad, "row_total"))


def test_prose_matches_table_per_key() -> None:
    checks = run_checks("table2008", {"proactive_total": 739, "applications_new": 0}, {},
                        {"proactive_total": 1913, "applications_new": 0, "outcome_total": 3})
    assert checks == [
        {"rule": "prose_matches_table", "status": "fail", "detail": "主动公开信息数：表格 739 ≠ 正文 1913"},
        {"rule": "prose_matches_table", "status": "pass", "detail": "本年新收申请：表格 0 = 正文 0"},
    ]


def test_prose_counting_carried_over_applications_too_is_no_contradiction() -> None:
    stats = {"applications_new": 74, "applications_carried_over": 1}
    (both,) = run_checks("table2021", stats, {}, {"applications_new": 75})
    assert both["status"] == "pass" and "74 + 上年结转 1 = 正文 75" in both["detail"]
    (neither,) = run_checks("table2021", stats, {}, {"applications_new": 76})
    assert neither["status"] == "fail"


def test_checks_are_deterministic() -> None:
    tables = _applications([75, 0, 0, 0, 0, 0, 75])
    assert run_checks("table2021", {}, tables, {}) == run_checks("table2021", {}, tables, {})


def _extract(text: str) -> dict:
    from build_scripts.inputs.source_text import SourceText
    from build_scripts.reader.extract import extract_record

    return extract_record(SourceText(text=text, format="txt"), file="x.txt", sha256="0")


def test_a_figure_only_the_prose_states_is_not_checked_against_itself() -> None:
    narrative = _extract(
        "某某镇人民政府2017年政府信息公开工作年度报告\n一、主动公开情况\n全年主动公开政府信息336条。\n"
        "二、依申请公开情况\n本年度未收到政府信息公开申请，未发生行政复议、行政诉讼。\n"
    )
    assert narrative["form"] == "narrative" and narrative["stats"]["proactive_total"] == 336
    assert _by_rule(narrative["checks"], "prose_matches_table") == []


def test_the_prose_is_checked_against_what_the_table_printed() -> None:
    record = _extract(
        "某某局2020年政府信息公开工作年度报告\n全年主动公开政府信息52条，收到政府信息公开申请3件。\n"
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2\n"
    )
    assert record["stats"]["proactive_total"] == 52 and record["stats"]["applications_new"] == 2
    (check,) = _by_rule(record["checks"], "prose_matches_table")
    assert check["status"] == "fail" and check["detail"] == "本年新收申请：表格 2 ≠ 正文 3"
