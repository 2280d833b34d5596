"""Which figure of a long sentence answers: the asked year's, the asked grade's, the one under the asked condition
(real sentences of the work reports and laws the code was not tuned on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from yearbook_qa.corpus import load_corpus
from yearbook_qa.service.answering.answerer import _score
from yearbook_qa.service.answering.question_type import question_type
from yearbook_qa.service.answering.support import prose_supports
from yearbook_qa.service.answering.term_weights import TermWeights
from yearbook_qa.service.answering.weights import WEIGHTS
from yearbook_qa.service.answering.words import adjacent_phrases, key_terms

CORPORA = Path(__file__).resolve().parents[3] / "eval" / "corpora"


def best_answer(document: Path, question: str) -> str:
    """The best-scored candidate over every passage of the document, each passage ranked first alike (the
    retrieval left out: the sentences alone decide)."""
    passages = load_corpus(document).passages
    weights = TermWeights(passages)
    terms = [t for t in key_terms(question) + adjacent_phrases(question) if weights.occurs(t)]
    kind = question_type(question)
    supports = [s for p in passages for s in prose_supports(question, terms, kind, p, 1, weights)]
    return max(supports, key=lambda s: _score(s, 1.0, WEIGHTS)).answer


@pytest.mark.parametrize(
    ("document", "question", "expected"),
    [
        # 全国财政收入从1997年的8651亿元增加到2002年的18914亿元: the asked year's end of the change
        ("fresh_reports/2003年政府工作报告.txt", "2002年全国财政收入是多少亿元？", "18914亿元"),
        ("fresh_reports/2003年政府工作报告.txt", "2002年外贸进出口总额是多少亿美元？", "6208亿美元"),
        # 已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；已满20年的，年休假15天
        ("fresh_laws/职工带薪年休假条例.txt", "职工累计工作满20年的，年休假有几天？", "15天"),
        # …处以违法所得一倍以上十倍以下的罚款，没有违法所得的，处以五十万元以下的罚款
        (
            "fresh_laws/中华人民共和国消费者权益保护法.txt",
            "经营者有第五十六条所列情形但没有违法所得的，最高罚款多少？",
            "五十万元以下",
        ),
        # 逾期不改正的，对单位处2万元以上5万元以下的罚款，对法定代表人…处1万元以上3万元以下的罚款：（一）以实物…
        (
            "fresh_laws/保障农民工工资支付条例.txt",
            "用实物或者有价证券代替货币支付农民工工资、逾期不改正的，对单位罚款多少？",
            "2万元以上5万元以下",
        ),
        # 累计缴费满五年不足十年的，领取失业保险金的期限最长为十八个月
        ("laws/中华人民共和国社会保险法.txt", "失业前累计缴费满五年不满十年的，失业保险金最长能领多久？", "十八个月"),
        # …最长为十二个月；…最长为十八个月；…最长为二十四个月。…合并计算，最长不超过二十四个月: no grade asked
        ("laws/中华人民共和国社会保险法.txt", "失业保险金最长能领多少个月？", "不超过二十四个月"),
        # 增加赔偿的金额为…的三倍；增加赔偿的金额不足五百元的，为五百元
        ("fresh_laws/中华人民共和国消费者权益保护法.txt", "经营者欺诈时，增加赔偿的金额最低是多少？", "五百元"),
    ],
)
def test_the_figure_of_the_asked_year_grade_or_condition(document, question, expected):
    assert best_answer(CORPORA / document, question) == expected


@pytest.mark.parametrize(
    ("document", "question", "expected"),
    [
        # 农村居民人均纯收入和城镇居民人均可支配收入，2000年分别达到2253元和6280元
        ("fresh_reports2/2001年政府工作报告.txt", "2000年城镇居民人均可支配收入达到多少？", "6280元"),
        # 把小学、初中学生人均公用经费分别提高到300元和500元: the shared head follows the last item only
        ("fresh_reports2/2009年政府工作报告.txt", "2009年农村小学生人均公用经费提高到多少元？", "300元"),
        # 居民医保和基本公共卫生服务经费人均财政补助标准分别再增加30元和5元
        ("reports/2021年政府工作报告.txt", "2021年居民医保人均财政补助标准再增加多少元？", "30元"),
    ],
)
def test_the_figure_paired_with_the_asked_item_of_a_respective_list(document, question, expected):
    assert best_answer(CORPORA / document, question) == expected


def test_the_sentence_that_keeps_the_questions_word_order_around_the_answer():
    """收到法律援助申请之日起[七日内]…，作出是否给予法律援助的决定 keeps the question's order (收到申请 before,
    作出决定 after); 决定给予法律援助的，应当自作出决定之日起[三日内]指派… says the same words before the answer."""
    question = "法律援助机构收到申请后，最迟几天内要作出是否给予法律援助的决定？"
    assert best_answer(CORPORA / "fresh_regs/中华人民共和国法律援助法.txt", question) == "七日内"


def test_articles_cited_in_a_sentence_are_no_list_of_things():
    """…符合本条例第十二条、第十三条规定条件的…: the articles a sentence cites do not list what 哪些 asks for."""
    question = "上海市养犬管理条例所说的城市化地区包括哪些？"
    assert best_answer(CORPORA / "fresh_regs/上海市养犬管理条例.txt", question) == "中心城、新城和新市镇"
