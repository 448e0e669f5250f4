"""Raw HTML blocks held out of Markdown come back where their placeholder paragraphs are."""

from __future__ import annotations

import pytest

from plugins.archive.raw_html import HeldBlocks

TABLE = "<table>\n<tr><td>申请</td><td>5</td></tr>\n</table>"


def test_blocks_come_back_in_place_and_other_paragraphs_stay() -> None:
    held = HeldBlocks()
    text = held.hold_raw_blocks(f"# 标题\n\n{TABLE}\n\n正文\n\n{TABLE.replace('5', '6')}")
    token = text.split("\n\n")[1].removesuffix("0")
    html = f"<h1>标题</h1>\n<p>{token}0</p>\n<p>正文</p>\n<p>{token}1</p>\n<p>{token}9</p>\n<p>{token}x</p>"
    assert held.restore(html) == (
        f"<h1>标题</h1>\n{TABLE}\n<p>正文</p>\n{TABLE.replace('5', '6')}\n<p>{token}9</p>\n<p>{token}x</p>"
    )


def test_a_lost_block_is_an_error() -> None:
    held = HeldBlocks()
    text = held.hold_raw_blocks(f"{TABLE}\n\n{TABLE}")
    with pytest.raises(ValueError, match=r"\[1\]"):
        held.restore(f"<p>{text.split(chr(10))[0]}</p>")
