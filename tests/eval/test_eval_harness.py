"""The harness on the real answerer: retrieval depth, scoring of real answers, per-type breakdown."""

from __future__ import annotations

import dataclasses

import pytest

from yearbook_qa.eval.harness import RETRIEVAL_DEPTH, evaluate
from yearbook_qa.eval.matching import answer_correct


def test_every_question_gets_retrieval_depth_citations(dev_result):
    assert len(dev_result.results) == 30
    for r in dev_result.results:
        assert len(r.answer.citations) == RETRIEVAL_DEPTH
        if r.question.answerable:
            assert r.outcome.relevance is not None and len(r.outcome.relevance) == RETRIEVAL_DEPTH
        assert r.outcome.latency_ms > 0


def test_outcomes_follow_the_answers_given(dev_result):
    for r in dev_result.results:
        assert r.outcome.refused == (not r.answer.answerable)
        if r.question.answerable:
            assert r.outcome.correct == (r.answer.answerable and answer_correct(r.answer.answer, r.question))
    assert dev_result.metrics["n"] == 30
    assert sum(m["n"] for m in dev_result.by_type.values()) == 30
    assert dev_result.by_type["refuse"]["n_unanswerable"] == 2
    assert sum(m["n"] for m in dev_result.by_document.values()) == 30


def test_wrong_expectations_score_zero_but_keep_retrieval(answerer, dev_result):
    answerable = [r.question for r in dev_result.results if r.question.answerable]
    wrong = [dataclasses.replace(q, answers=("不存在的答案",)) for q in answerable]
    result = evaluate(wrong, answerer, top_k=5)
    assert result.metrics["answer_accuracy"] == 0.0
    assert result.metrics["recall_at_5"] == dev_result.metrics["recall_at_5"]
    assert result.failures and len(result.failures) == len(wrong)


def test_top_k_must_be_positive(answerer, dev_result):
    with pytest.raises(ValueError):
        evaluate([dev_result.results[0].question], answerer, top_k=0)
