"""The figures that qualify a figure: the asked year's value of a change, the grade of the asked condition."""

from __future__ import annotations

from pathlib import Path

from yearbook_qa.corpus import load_corpus
from yearbook_qa.service.answering.answerability import averaged_for_one_year
from yearbook_qa.service.answering.qualifiers import figures, qualifier_fit
from yearbook_qa.service.answering.question_type import question_type
from yearbook_qa.service.answering.support import prose_supports
from yearbook_qa.service.answering.term_weights import TermWeights
from yearbook_qa.service.answering.words import adjacent_phrases, key_terms

CORPORA = Path(__file__).resolve().parents[3] / "eval" / "corpora"


def test_years_and_spans_of_years_are_figures_of_their_own():
    found = figures("国内生产总值从1997年的7.4万亿元增加到2002年的10.2万亿元")
    assert [(f.unit, f.value) for f in found] == [
        ("年份", "1997"),
        ("元", "7.4万亿"),
        ("年份", "2002"),
        ("元", "10.2万亿"),
    ]
    assert [(f.unit, f.value) for f in figures("累计缴费满五年不足十年的")] == [("年", "5"), ("年", "10")]
    assert [f.value for f in figures("已满10年不满20年的")] == ["10", "20"]


def test_the_value_of_the_asked_year_in_a_from_to_change():
    sentence = "国内生产总值从1997年的7.4万亿元增加到2002年的10.2万亿元，按可比价格计算，平均每年增长7.7%。"
    question = "2002年我国国内生产总值是多少？"
    start = qualifier_fit(question, "", sentence[: sentence.index("7.4")])
    reached = qualifier_fit(question, "", sentence[: sentence.index("10.2")])
    assert reached == 1.0 > start


def test_the_grade_whose_condition_the_question_repeats():
    question = "职工累计工作满20年的，年休假有几天？"
    grades = ["职工累计工作已满1年不满10年的，年休假", "已满10年不满20年的，年休假", "已满20年的，年休假"]
    fits = [qualifier_fit(question, "", g) for g in grades]
    assert fits == sorted(fits) and fits[0] < fits[1] < fits[2] == 1.0


def test_a_question_without_figures_or_a_clause_without_them_is_not_judged():
    assert (
        qualifier_fit("2005年国内生产总值比上年增长多少？", "9.9%", "全年国内生产总值达到18.23万亿元，比上年增长")
        == 1.0
    )
    assert qualifier_fit("对单位罚款多少？", "10万元以上20万元以下", "货值金额难以确定的，对单位处") == 1.0


def test_a_yearly_average_in_another_clause_leaves_the_figure_its_own():
    document = CORPORA / "fresh_reports/2003年政府工作报告.txt"
    question = "2002年城镇居民家庭人均可支配收入是多少元？"
    passage = next(p for p in load_corpus(document).passages if "增加到2002年的7703元" in p.text)
    weights = TermWeights([passage])
    terms = [t for t in key_terms(question) + adjacent_phrases(question) if weights.occurs(t)]
    support = next(
        s for s in prose_supports(question, terms, question_type(question), passage, 1, weights) if s.answer == "7703元"
    )
    assert support.clause == "由1997年的5160元增加到2002年的7703元"
    assert averaged_for_one_year(question, {2002}, support.evidence)  # the sentence goes on: 平均每年实际增长8.6%
    assert not averaged_for_one_year(question, {2002}, support.clause)


def test_figures_of_a_condition_the_question_does_not_name_and_a_floor():
    question = "失业保险金最长能领多少个月？"
    graded = "累计缴费满五年不足十年的，领取失业保险金的期限最长为"
    assert qualifier_fit(question, "十八个月", graded, "累计缴费满五年不足十年的") == 1 / 3
    assert qualifier_fit(question, "不超过二十四个月", "重新就业后，再次失业的，…最长", "重新就业后，再次失业的") == 1.0
    floor = "增加赔偿的金额不足五百元的，为"
    assert qualifier_fit("增加赔偿的金额最低是多少？", "五百元", floor, "增加赔偿的金额不足五百元的") == 1.0
