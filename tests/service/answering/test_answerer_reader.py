"""The answerer with the trained reader: answers it finds, refusals it makes, and how sure each answer is shown."""

from __future__ import annotations

from dataclasses import replace

from tests.conftest import REPO
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.service.answering.answerer import READER_NULL, Answerer
from yearbook_qa.service.answering.weights import WEIGHTS
from yearbook_qa.service.api.ask_service import answer_text

OWN = REPO / "eval" / "questions" / "yearbook_questions.jsonl"


def test_sure_means_at_least_the_calibrated_confidence(answerer):
    answers = [answerer.ask(q.question) for q in load_questions(OWN)[:40]]
    assert any(a.sure for a in answers)
    for a in answers:
        assert a.sure == (a.answerable and a.confidence >= WEIGHTS.sure)


def test_an_unsure_answer_is_offered_as_a_guess_to_check(answerer):
    a = answerer.ask("十届二次会议开幕那天实到多少委员？")
    assert a.answerable and "135" in (a.answer or "")
    assert not answer_text(a).startswith("可能是") if a.sure else answer_text(a).startswith("可能是")
    guess = replace(a, sure=False)
    assert answer_text(guess).startswith(f"可能是：{a.answer}，请核对出处")


def test_the_reader_refuses_what_no_passage_read_answers(bundled_index, reader):
    """With the reader's refusal level raised past any margin, every rule answer it does not share is refused,
    and says the reader refused it; with the reader off nothing is refused by it."""
    strict = Answerer(
        bundled_index, reader=reader, weights=replace(WEIGHTS, reader_refuse=99, reader_refuse_confidence=2)
    )
    off = Answerer(bundled_index)
    questions = [q.question for q in load_questions(OWN)[:30]]
    refused = [strict.ask(q) for q in questions]
    assert any(READER_NULL in a.refused_by for a in refused)
    assert not any(READER_NULL in off.ask(q).refused_by for q in questions)
