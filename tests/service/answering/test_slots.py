"""The words standing where the question word stands."""

from __future__ import annotations

from yearbook_qa.service.answering.slots import slot_fillers


def test_slot_filler_stands_where_the_question_word_stands():
    sentence = "魏斯可金融公司是一家多元化金融企业，总部位于加尼福尼亚州帕萨迪纳。"
    assert [c.text for c in slot_fillers("魏斯可金融公司总部位于哪里？", sentence)] == ["加尼福尼亚州帕萨迪纳"]
