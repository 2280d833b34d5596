"""Remembered analyses (passage sentences, candidates, table cells, normal forms, the question's side of
alignment) give what computing them afresh gives, on the bundled yearbook, and the same answers, cold or
warm, one thread or many."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.conftest import OWN_QUESTIONS
from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.service.answering import support, table_lookup
from yearbook_qa.service.answering.asked_form import asked_noun
from yearbook_qa.service.answering.question_type import AnswerType
from yearbook_qa.service.answering.words import tagged_words

REMEMBERED = (
    normalize,
    tagged_words,
    asked_noun,
    support.sentence_spans,
    support.sentence_candidates,
    support._question_sides,
    table_lookup._split_dates,
)


def _forget_all(answerer) -> None:
    for f in REMEMBERED:
        f.cache_clear()
    answerer.index.forget_queries()


def _questions() -> list[str]:
    return [q.question for q in load_questions(OWN_QUESTIONS)]


def _comparable(answer) -> dict:
    return answer.to_dict() | {"timing_ms": None}


def test_sentence_analyses_equal_fresh_ones_on_every_passage(bundled_index):
    """Each passage's sentences and each sentence's candidates of every kind (with and without an asked
    noun), asked twice (remembered the second time), equal the uncached functions' results."""
    nouns = sorted({n for q in _questions() if (n := asked_noun(q))})[:5]
    assert nouns, "the own set names nouns (什么条例 …)"
    checked = 0
    for p in bundled_index.passages:
        for _ in range(2):
            spans = support.sentence_spans(p.text)
            assert spans == support.sentence_spans.__wrapped__(p.text)
        for s, e in spans:
            sentence = p.text[s:e]
            for kind in AnswerType:
                for noun in (None, *nouns):
                    fresh = support.sentence_candidates.__wrapped__(sentence, kind, noun)
                    assert support.sentence_candidates(sentence, kind, noun) == fresh
                    assert support.sentence_candidates(sentence, kind, noun) == fresh
                    checked += 1
            assert normalize(sentence) == normalize.__wrapped__(sentence)
    assert checked > 1000


def test_table_cells_split_as_fresh(bundled_index):
    """Every table cell's bigrams and whole dates, remembered, equal a fresh split."""
    cells = [v for p in bundled_index.passages if p.is_table_row for v in p.cells.values() if v]
    assert len(cells) >= 100
    for v in cells + _questions():
        fresh = table_lookup._split_dates.__wrapped__(v)
        assert table_lookup._split_dates(v) == fresh
        assert table_lookup._split_dates(v) == fresh


def test_question_sides_equal_fresh_ones():
    for q in _questions():
        assert support._question_sides(q) == support._question_sides.__wrapped__(q)


def test_answers_are_the_same_cold_and_warm(answerer):
    """Every analysis forgotten, then remembered: the own set's answers (citations, highlights,
    confidences) do not change."""
    questions = _questions()
    _forget_all(answerer)
    cold = [_comparable(answerer.ask(q, top_k=10)) for q in questions]
    answerer.index.forget_queries()
    warm = [_comparable(answerer.ask(q, top_k=10)) for q in questions]
    assert warm == cold


def test_answers_are_the_same_from_many_threads_on_cold_caches(answerer):
    """Questions asked by many threads at once while the analyses are first filled get the answers
    one thread gets."""
    questions = _questions()
    _forget_all(answerer)
    expected = [_comparable(answerer.ask(q, top_k=10)) for q in questions]
    _forget_all(answerer)
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda q: _comparable(answerer.ask(q, top_k=10)), questions + questions))
    assert got == expected + expected
