"""The support speaks of the asked year as squarely as it can: a year's own review (去年达到…) before another
edition's plan for it (拟安排…) or a sentence that writes the year in passing (2300元（2010年不变价）)."""

from __future__ import annotations

import pytest

from yearbook_qa.service.answering.question_type import question_type


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 2011 edition: 农民的生产补贴资金去年达到1226亿元 / 2010 edition: 中央财政拟安排补贴资金1335亿元
        ("2010年农民拿到的生产补贴资金一共多少？", "1226亿元"),
        # 2011 edition: 农民人均纯收入达到5919元 / 2012 edition: 农民人均纯收入2300元（2010年不变价）作为新的国家扶贫标准
        ("2010年农民人均纯收入是多少元？", "5919元"),
    ],
)
def test_the_passage_that_speaks_most_squarely_of_the_year_answers(three_editions, question, expected):
    answer = three_editions.ask(question)
    assert answer.answerable and answer.answer == expected
    assert answer.citations[0].is_answer  # the answer's own passage is the retrieval's best too


def test_no_year_asked_leaves_every_score_as_it_is(three_editions):
    question = "农民人均纯收入是多少元？"
    hits = three_editions.index.search(question, k=10)
    supports = three_editions._supports(
        question, three_editions.terms(question), question_type(question), hits, [], None
    )
    assert supports and set(three_editions._year_shares(question, supports).values()) == {1.0}
