"""A candidate from a passage the retrieval ranks far below its best loses part of its score: the sentence-level
signals do not pull the answer into a passage the question barely matches."""

from __future__ import annotations

from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.answering.question_type import question_type
from yearbook_qa.service.answering.weights import WEIGHTS


def test_the_best_retrieved_passage_keeps_its_score_and_the_others_lose_by_their_shortfall(answerer: Answerer):
    question = "闭幕会到了几个委员？"
    hits = answerer.index.search(question, k=10)
    supports = answerer._supports(question, answerer.terms(question), question_type(question), hits, [], None)
    shares = answerer._retrieval_shares(hits, supports)
    assert shares[hits[0].passage.id] == 1.0
    assert all(1 - WEIGHTS.retrieval_share <= v <= 1.0 for v in shares.values())
    by_score = {h.passage.id: h.score for h in hits}
    retrieved = sorted((by_score[p], v) for p, v in shares.items() if p in by_score)
    assert [v for _s, v in retrieved] == sorted(v for _s, v in retrieved)  # a better-retrieved passage never loses more


def test_the_closing_meetings_attendance_is_read_from_the_passage_retrieved_for_it(answerer: Answerer):
    answer = answerer.ask("闭幕会到了几个委员？")  # 闭幕会…应到委员176名,实到134名 (a paraphrase: 到了 for 实到)
    assert answer.answerable and answer.answer == "134名"
