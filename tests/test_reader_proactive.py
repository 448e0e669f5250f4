"""Issue 14.1: the year's proactive total stated only in prose, beside sub-rows and channels.

Every sentence below is copied from a real report in ``sources/`` (the file is named); the
combinations of two real sentences are marked as such.
"""

from __future__ import annotations

import hashlib

from build_scripts.inputs.normalize import normalize_text
from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from build_scripts.reader.narrative import ProseReading, read_prose
from build_scripts.reader.sections import split_sentences
from tests.samples import sample


def prose(text: str) -> ProseReading:
    return read_prose(split_sentences(normalize_text(text)))


# pingtan-2020-dept-admin-approval.txt
ADMIN_2020 = "今年我局公开356条政务信息，行政许可类信息1条，重大建设项目类信息345条，其他应主动公开的政府信息10条。"
# pingtan-2022-dept-mgmt-committee-office.txt
OFFICE_2022 = "2022年共发布信息2479条（含行政规范性文件34件），办结政府信息依申请公开16件。"
# pingtan-2020-dept-economic-development.txt
ECONOMY_2020 = (
    "全年共制发政府信息487条，其中，主动公开政府信息117条（涵盖政策及规范性文件类10条、规划计划类1条、"
    "重大建设项目信息7条、民政扶贫救灾社会保障就业类4条、科教文体卫生类12条、安全生产、应急管理类2条、"
    "其他应主动公开的政府信息81条）、依申请公开274条、不予公开96条。"
)
# pingtan-2022-dept-admin-approval.txt
WECHAT_2022 = "2022年，“平潭综合实验区行政审批局”微信公众号共发布信息81条，阅读量5743次，关注人数575人。"
# pingtan-2021-dept-state-assets.txt
PORTAL_2021 = "我局通过“平潭综合实验区党工委管委会”门户网站主动公开政府信息55条，依申请公开信息数0条。"


def test_information_count_before_the_word_is_the_total_not_the_other_category() -> None:
    assert prose(ADMIN_2020).stats.get("proactive_total") == 356


def test_published_information_count_is_the_total() -> None:
    assert prose(OFFICE_2022).stats.get("proactive_total") == 2479


def test_total_followed_by_application_counts_in_the_same_clause() -> None:
    assert prose(ECONOMY_2020).stats.get("proactive_total") == 117


def test_the_other_category_alone_is_not_the_total() -> None:
    assert "proactive_total" not in prose("其他应主动公开的政府信息10条。").stats


def test_one_website_channel_is_the_total() -> None:
    assert prose(PORTAL_2021).stats.get("proactive_total") == 55


def test_two_channels_and_no_total_give_null_and_a_warning() -> None:
    """Two real sentences, each naming one channel (门户网站, 微信公众号): neither is the total."""
    reading = prose(f"{PORTAL_2021}{WECHAT_2022}")
    assert "proactive_total" not in reading.stats
    assert any("渠道" in warning for warning in reading.warnings)


def test_a_stated_total_wins_over_channel_counts() -> None:
    reading = prose(f"{WECHAT_2022}{OFFICE_2022}")
    assert reading.stats.get("proactive_total") == 2479


def test_a_website_count_does_not_contradict_the_table() -> None:
    """001_…: 「2017年，在泗门镇政府网站上，共发布信息721条」 counts one channel; its 统计表 prints
    the total (1308). A channel's count may fill a blank, never fail a check against a table."""
    name = "001_0ee38c6073f2f61e.txt"
    data = sample(name).read_bytes()
    record = extract_record(read_source(name, data), file=name, sha256=hashlib.sha256(data).hexdigest())
    assert record["stats"]["proactive_total"] == 1308
    assert not [c for c in record["checks"] if c["status"] == "fail" and "主动公开" in c["detail"]]


def test_channels_listed_in_one_clause_give_null_and_a_warning() -> None:
    """The real channel sentence of 2021-state-assets with a second channel's count appended in the
    same clause (synthetic addition): one channel is never the total."""
    text = PORTAL_2021.replace("，依申请公开信息数0条。", "、微信公众号发布信息81条。")
    reading = prose(text)
    assert "proactive_total" not in reading.stats
    assert any("渠道" in warning for warning in reading.warnings)

