"""How a candidate is scored against the question: alignment, echoes, planned/actual pairs."""

from __future__ import annotations

from pathlib import Path

from yearbook_qa.corpus import load_corpus
from yearbook_qa.service.answering.extract import Candidate
from yearbook_qa.service.answering.question_type import question_type
from yearbook_qa.service.answering.support import (
    _echoed,
    _planned_fit,
    alignment,
    prose_supports,
    respective_fit,
    word_order,
)
from yearbook_qa.service.answering.term_weights import TermWeights
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


class _EveryTermAlike:
    """Term weights of 1 for every term: the tests below count terms, not their idf."""

    @staticmethod
    def weight(_term: str) -> float:
        return 1.0


def _at(sentence: str, text: str) -> Candidate:
    start = sentence.index(text)
    return Candidate(text, start, start + len(text))


def test_word_order_counts_the_terms_on_the_side_the_question_says_them():
    question = "法律援助机构收到申请后，最迟几天内要作出是否给予法律援助的决定？"
    terms = ["法律援助", "收到", "申请", "作出", "决定"]
    kept = "法律援助机构应当自收到法律援助申请之日起七日内进行审查，作出是否给予法律援助的决定。"
    swapped = "决定给予法律援助的，应当自作出决定之日起三日内指派法律援助人员为受援人提供法律援助；"
    assert word_order(question, terms, kept, _at(kept, "七日内"), _EveryTermAlike) == 1.0
    assert word_order(question, terms, swapped, _at(swapped, "三日内"), _EveryTermAlike) == 0.2


def test_word_order_reads_a_passive_question_and_an_opening_date_either_way():
    passive = "国务院司法行政部门指导、监督全国的法律援助工作。"
    terms = ["全国", "法律援助", "工作", "指导", "监督"]
    question = "全国的法律援助工作由哪个部门指导、监督？"
    assert word_order(question, terms, passive, _at(passive, "国务院司法行政部门"), _EveryTermAlike) == 1.0
    dated = "1月10日下午,参加市政协第十届委员会第二次会议的委员列席市十一届人大二次会议第二次全体会议。"
    question = "委员列席市十一届人大二次会议第二次全体会议是在哪天？"
    terms = ["委员", "列席", "第二次全体会议"]
    assert word_order(question, terms, dated, _at(dated, "1月10日下午"), _EveryTermAlike) == 1.0


def test_a_respective_list_pairs_each_figure_with_its_item():
    sentence = (
        "农村居民人均纯收入和城镇居民人均可支配收入，2000年分别达到2253元和6280元，平均每年实际增长4.7％和5.7％。"
    )
    question = "2000年城镇居民人均可支配收入达到多少？"
    assert respective_fit(question, sentence, _at(sentence, "6280元"), _EveryTermAlike) == 1.0
    assert respective_fit(question, sentence, _at(sentence, "2253元"), _EveryTermAlike) == WEIGHTS.planned_fit
    assert (
        respective_fit(question, sentence, _at(sentence, "4.7％"), _EveryTermAlike) == 1.0
    )  # 分别 is not its clause's


def test_a_piece_torn_off_a_list_is_no_answer():
    passages = load_corpus(
        Path(__file__).resolve().parents[3] / "eval/corpora/fresh_regs2/北京市机动车停车条例.txt"
    ).passages
    credit = next(p for p in passages if "公示、惩戒" in p.text)
    question = "停车场经营单位要在显眼的地方公示哪些信息？"
    supports = prose_supports(question, ["公示"], question_type(question), credit, 1, TermWeights(passages))
    assert supports and not any(s.answer.startswith("、") for s in supports)  # not 、惩戒
