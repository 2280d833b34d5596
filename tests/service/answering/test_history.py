"""Follow-up questions resolved against the conversation."""

from __future__ import annotations

from yearbook_qa.service.answering.history import resolve_follow_up


def test_follow_up_carries_the_previous_question():
    history = [{"role": "user", "content": "十届二次会议开幕实到多少委员？"}, {"role": "assistant", "content": "135名"}]
    assert resolve_follow_up("那闭幕会呢？", history) == "十届二次会议闭幕会实到多少委员？"
    assert (
        resolve_follow_up("那马妍呢？", [{"role": "user", "content": "杨录祥督办的是哪件提案？"}])
        == "马妍督办的是哪件提案？"
    )
    # a whole question is left alone
    assert resolve_follow_up("市科技局承办的是哪件提案？", history) == "市科技局承办的是哪件提案？"
