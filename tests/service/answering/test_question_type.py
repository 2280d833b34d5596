"""What kind of answer a question asks for, and in which unit."""

from __future__ import annotations

import pytest

from yearbook_qa.service.answering.question_type import (
    AnswerType,
    asked_unit,
    question_type,
    question_word_span,
    yes_no_predicate,
)

T = AnswerType


@pytest.mark.parametrize(
    "question, kind",
    [
        ("十届二次会议开幕那天实到多少委员？", T.NUMBER),
        ("十届二次会议是什么时候召开的？", T.DATE),
        ("“探索新型农村社区居住模式”专题调研在哪几天开展？", T.DATE),
        ("关于大力扶持科技型小微企业发展的提案由谁领衔督办？", T.PERSON),
        ("老旧小区改造的提案由哪个单位承办？", T.ORG),
        ("哪些人辞去了政协嘉峪关市第十届委员会委员？", T.LIST),
        ("十届二次会议在哪里召开？", T.PLACE),
        ("崔明瑞督办的是哪件提案？", T.TITLE),
        ("赴南梁的那次培训持续了多长时间？", T.NUMBER),
    ],
)
def test_question_type(question, kind):
    assert question_type(question) is kind


def test_asked_unit():
    assert asked_unit("履职能力提升培训班一共培训委员多少人次？") == "人次"
    assert asked_unit("委员满意和基本满意率是多少？") == "%"
    assert asked_unit("政协嘉峪关市第十届委员会有委员多少名？") == "名"


@pytest.mark.parametrize(
    "question, kind",
    [
        ("十届十次主席会议是几号开的？", T.DATE),
        ("双城经济圈专题议政协商是在哪几个月开展的？", T.DATE),
        ("2月25日召开的是第几次主席会议？", T.TITLE),
        ("“三有在基层”里的三有指的是哪三有？", T.LIST),
        ("“书香政协”读书活动实施方案是在哪次主席会议上通过的？", T.TITLE),
        ("常务委员会第五次会议的会期多长？", T.NUMBER),
    ],
)
def test_question_type_of_other_phrasings(question, kind):
    assert question_type(question) is kind


@pytest.mark.parametrize(
    "question, kind",
    [
        ("2018年上合组织峰会是在哪座城市举行的？", AnswerType.PLACE),
        ("2018年启动建设自贸试验区的是哪个省？", AnswerType.PLACE),
        ("劳动争议仲裁委员会收到仲裁申请后，几日内要决定是否受理？", AnswerType.NUMBER),
        ("“十四五”时期城镇调查失业率要控制在什么水平？", AnswerType.NUMBER),
        ("劳动争议调解仲裁法哪一条规定了终局裁决的情形？", AnswerType.TITLE),
    ],
)
def test_general_question_words_ask_for_their_kind(question, kind):
    assert question_type(question) == kind


def test_yes_no_question_word_runs_to_the_end():
    q = "职工个人要不要缴纳工伤保险费"
    assert question_word_span(q) == (4, len(q))
    assert yes_no_predicate(q) == "缴纳工伤保险费"
    assert yes_no_predicate("申请劳动争议仲裁需要交费吗？") == "交费"
    assert yes_no_predicate("职工累计工作满20年的，年休假有几天？") is None
