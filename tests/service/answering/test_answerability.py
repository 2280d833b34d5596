"""When a passage cannot answer: another session, a missing role, a place taken for a person."""

from __future__ import annotations

from yearbook_qa.service.answering.answerability import missing_role, other_session
from yearbook_qa.service.answering.extract import find_candidates
from yearbook_qa.service.answering.question_type import AnswerType

T = AnswerType


def test_a_sentence_about_another_session_does_not_answer():
    sentence = "十届一次会议收到委员提交提案189件"
    assert other_session("十届二次会议共收到委员提案多少件？", sentence, "")
    assert not other_session("十届一次会议收到委员提案多少件？", sentence, "")
    assert not other_session(
        "十届二次会议第二次全体会议实到多少名？", "大会应到委员176名,实到134名。", "【十届二次会议】"
    )
    assert not other_session("十届五次常委会会议哪天召开？", "市政协十届五次常委会议决定增补", "")


def test_a_place_is_not_a_person_and_a_role_must_be_named_beside_the_person():
    assert all(c.text != "高新区" for c in find_candidates("聚焦嘉峪关市国家高新区创建", T.PERSON))
    assert missing_role("嘉峪关市政协主席是谁？", "决定增补王建新、李建华、齐世军3名同志为委员")
    assert not missing_role("老旧小区改造的提案提案者是谁？", "案由: 关于解决老旧小区改造遗留问题 | 提案者: 马妍")


def test_the_kind_of_place_asked_for_is_not_a_place_the_question_names():
    from yearbook_qa.service.answering.words import place_names

    assert place_names("2018年上合组织峰会是在哪座城市举行的？") == []
    assert place_names("2019年要为哪个城市的自贸试验区增设新片区？") == []
    assert "酒泉市" in place_names("酒泉市政协来嘉峪关调研了几次？")
