"""The answer as plain text for the terminal."""

from __future__ import annotations

from yearbook_qa.service.answering.answer import Answer, Citation
from yearbook_qa.service.render import render_answer_text


def test_render_marks_the_answer_in_its_citation():
    text = "大会应到市政协委员176名,实到135名。"
    start = text.index("135名")
    citation = Citation(
        1,
        "p1",
        text,
        "d",
        "政协嘉峪关市委员会年鉴-2023",
        2023,
        "政协重要会议",
        "十届二次会议",
        None,
        None,
        {},
        0.1,
        [(start, start + 4)],
        (0, len(text)),
        True,
    )
    out = render_answer_text(Answer("问", "135名", True, 0.9, text, [citation], "问", 12.0, sure=True))
    assert "答案: 135名" in out
    guess = render_answer_text(Answer("问", "135名", True, 0.3, text, [citation], "问", 12.0, sure=False))
    assert "答案: 可能是 135名" in guess and "请核对出处" in guess
    assert "实到〖135名〗" in out
    assert "政协嘉峪关市委员会年鉴-2023 › 政协重要会议 › 【十届二次会议】" in out
    refused = render_answer_text(Answer("问", None, False, 0.1, None, [citation], "问", 12.0))
    assert "未在年鉴中找到答案" in refused and "相关段落" in refused
