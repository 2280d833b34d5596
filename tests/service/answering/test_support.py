"""How a candidate is scored against the question: alignment, echoes, planned/actual pairs."""

from __future__ import annotations

from yearbook_qa.service.answering.extract import Candidate
from yearbook_qa.service.answering.support import _echoed, _planned_fit, alignment
from yearbook_qa.service.answering.weights import WEIGHTS


def test_alignment_counts_whole_words_and_may_skip_the_counted_noun():
    sentence = "大会应到委员176名,实到134名。"
    question = "闭幕会实到委员多少名？"
    expected = sentence.index("176名"), sentence.index("134名")
    c176 = Candidate("176名", expected[0], expected[0] + 4)
    c134 = Candidate("134名", expected[1], expected[1] + 4)
    assert alignment(question, sentence, c134) >= alignment(question, sentence, c176)


def test_a_candidate_the_question_repeats_is_kept_when_the_sentence_says_it_twice():
    sentence = "创办《社情民意》,畅通委员反映社情民意信息渠道"
    title = Candidate("《社情民意》", 2, 8)
    assert not _echoed(title, sentence, "为畅通委员反映社情民意信息渠道,市政协创办了什么?")
    assert _echoed(title, "创办《社情民意》", "《社情民意》是谁创办的?")


def test_the_planned_figure_of_a_planned_actual_pair_only_when_the_question_says_so():
    sentence = "大会应到市政协委员176名,实到135名。"
    planned = Candidate("176名", sentence.index("176"), sentence.index("176") + 4)
    actual = Candidate("135名", sentence.index("135"), sentence.index("135") + 4)
    assert _planned_fit(sentence, planned, "开幕时有几位委员到场？") == WEIGHTS.planned_fit
    assert _planned_fit(sentence, actual, "开幕时有几位委员到场？") == 1.0
    assert _planned_fit(sentence, planned, "开幕会应该到会的委员有几名？") == 1.0


def test_alignment_passes_over_the_fillers_of_the_sentence_too():
    sentence = "全年中央财政用于“三农”的支出共2626亿元，增长22.5%。"
    at = sentence.index("2626")
    assert alignment("2004年中央财政用于“三农”的支出共多少？", sentence, Candidate("2626亿元", at, at + 6)) >= 0.75
