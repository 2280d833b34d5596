"""Predicate answers (怎么处理, 需要…吗, 是A还是B), agents (由谁确定), which-kind nouns (哪种疾病) and ordinals
(第几号), on sentences read from the unseen law and report corpora, and through a real answerer over one regulation."""

from __future__ import annotations

import pytest

from tests.service.answering.test_general_extraction import CORPORA, sentence, texts
from yearbook_qa.corpus import load_corpus
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.service.answering.agents import agents
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.answering.extract import find_candidates, noun_phrases
from yearbook_qa.service.answering.predicates import predicate_clauses, predicate_fit
from yearbook_qa.service.answering.question_type import AnswerType, asked_choice, question_type
from yearbook_qa.service.answering.slots import slot_fillers
from yearbook_qa.service.answering.weights import WEIGHTS

AID = "fresh_regs/中华人民共和国法律援助法.txt"
DOGS = "fresh_regs/上海市养犬管理条例.txt"
CARS = "fresh_regs/家用汽车产品修理更换退货责任规定.txt"


@pytest.mark.parametrize(
    "question",
    [
        "申请人又没按要求补充，会怎么处理？",
        "狗咬伤人后，养犬人首先应当做什么？",
        "法律援助人员可以向受援人收取财物吗？",
        "后面的车能不能超车？",
        "税率是要提高还是降低？",
    ],
)
def test_what_is_done_or_ruled_is_asked_as_a_predicate(question):
    assert question_type(question) is AnswerType.PREDICATE


def test_a_question_word_still_decides_and_an_order_number_is_no_date():
    assert question_type("为什么要怎么做？") is AnswerType.REASON
    assert question_type("校车安全管理条例以国务院令第几号公布？") is AnswerType.TITLE
    assert question_type("哪年哪月几号施行？") is AnswerType.DATE
    assert asked_choice("农业税税率是要提高还是降低？") == ("提高", "降低")
    assert asked_choice("是否允许建设楼堂馆所？") is None


def test_the_clause_after_a_condition_is_the_consequence():
    assert texts(predicate_clauses(sentence("视为撤回申请", AID))) == ["视为撤回申请"]
    assert texts(predicate_clauses(sentence("余下时间不足24小时的", CARS))) == ["以1日计"]
    fee = texts(predicate_clauses(sentence("减半收取管理服务费", DOGS)))
    assert fee[-1] == "减半收取管理服务费" and not any(t.endswith("的") for t in fee)


def test_a_ruling_keeps_its_modal_and_leaves_its_subject_and_article_number_out():
    assert "不得向受援人收取任何财物" in texts(predicate_clauses(sentence("不得向受援人收取任何财物", AID)))
    assert texts(predicate_clauses(sentence("劳动争议仲裁不收费", "laws/中华人民共和国劳动争议调解仲裁法.txt"))) == [
        "不收费"
    ]


def test_a_yes_no_question_prefers_a_ruling_on_what_it_asks():
    question = "个人可以饲养烈性犬只吗？"
    assert predicate_fit("禁止个人饲养烈性犬只", question) == 1.0
    assert predicate_fit("饲养烈性犬只的", question) == WEIGHTS.noun_missing_fit  # a condition
    overtaking = "校车在只有一条机动车道的路上停靠时，后面的车能不能超车？"
    assert predicate_fit("不得超越", overtaking) > predicate_fit("应当停车等待", overtaking)
    assert predicate_fit("适当提高现行农业税和农业特产税税率", "税率是要提高还是降低？") == 1.0


def test_the_agent_after_you_is_cut_at_the_verb_asked_or_a_preposition():
    assert "省、自治区、直辖市人民政府" in texts(agents("确定", sentence("经济困难的标准，由省", AID)))
    assert "公安机关交通管理部门" in texts(
        slot_fillers("校车标牌由哪个部门发放？", sentence("发给校车标牌", "fresh_regs/校车安全管理条例.txt"))
    )
    law = "laws/道路交通安全违法行为处理程序规定.txt"
    assert "设区的市公安机关交通管理部门" in texts(agents("作出", sentence("由设区的市公安机关交通管理部门作出", law)))


def test_a_which_kind_noun_finds_a_word_of_that_kind():
    rabies = sentence("狂犬病强制免疫", "laws/北京市动物防疫条例.txt")
    assert "狂犬病" in texts(noun_phrases(rabies, "疾病", morphemes=True))
    assert noun_phrases(rabies, "疾病") == []  # only where the question's kind is a plain 什么/哪种 noun
    harmony = sentence("枫桥经验", "reports/2019年政府工作报告.txt")
    assert "社会" not in texts(noun_phrases(harmony, "促进社会", morphemes=True))  # the question's own words


def test_order_numbers_and_days_counted_are_ordinals():
    order = sentence("国务院令第617号", "fresh_regs/校车安全管理条例.txt")
    assert "第617号" in texts(find_candidates(order, AnswerType.TITLE))
    assert "第6日" in texts(find_candidates(sentence("自第6日起", CARS), AnswerType.TITLE))


def test_a_definition_keeps_the_for_that_opens_it():
    defined = sentence("所称农民工", "fresh_laws/保障农民工工资支付条例.txt")
    got = texts(slot_fillers("《保障农民工工资支付条例》所称农民工是指什么人？", defined))
    assert any(t.startswith("为用人单位提供劳动的农村居民") for t in got)


@pytest.fixture(scope="session")
def dog_law(tmp_path_factory, embedder) -> Answerer:
    out = tmp_path_factory.mktemp("dog-law") / "index"
    build_index(load_corpus(CORPORA / DOGS).passages, out, embedder, progress=False)
    return Answerer(HybridIndex.load(out, embedder))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("个人可以饲养烈性犬只吗？", "禁止"),
        ("给狗做了绝育的养犬人，管理服务费怎么收？", "减半收取"),
        ("狗咬伤人后，养犬人首先应当做什么？", "送至医疗机构诊治"),
    ],
)
def test_the_answerer_answers_with_the_regulation_s_own_predicate(dog_law, question, expected):
    answer = dog_law.ask(question)
    assert answer.answerable and expected in (answer.answer or "")


def test_a_who_question_asked_with_you_prefers_the_doer_after_you_or_before_the_verb():
    from yearbook_qa.service.answering.agents import agent_fit

    question = "申请法律援助的经济困难标准由谁确定？"
    said = sentence("经济困难的标准，由省", AID)
    doer = next(c for c in agents("确定", said) if c.text == "省、自治区、直辖市人民政府")
    assert agent_fit(question, said, doer) == 1.0
    told = sentence("申请人应当如实说明经济困难状况", AID)
    applicant = next(c for c in find_candidates(told, AnswerType.PERSON) if c.text == "申请人")
    assert agent_fit(question, told, applicant) == WEIGHTS.noun_missing_fit
    shelter = sentence("市公安部门设立的犬只收容所", DOGS)
    office = next(c for c in find_candidates(shelter, AnswerType.ORG) if c.text.endswith("公安部门"))
    assert agent_fit("上海的犬只收容所由哪个部门设立？", shelter, office) == 1.0


def test_a_name_asked_for_is_no_predicate():
    assert question_type("台湾人把《野狼计划》叫做什么？") is AnswerType.TITLE
    assert question_type("苦力大多做什么工作？") is AnswerType.PREDICATE


def test_place_names_side_by_side_are_one_place():
    arena = sentence("澳洲维多利亚州墨尔本")
    assert "澳洲维多利亚州墨尔本" in texts(find_candidates(arena, AnswerType.PLACE))
    fish = sentence("分布于西太平洋区")
    assert "西太平洋区" in texts(find_candidates(fish, AnswerType.PLACE))


def test_a_range_whose_first_end_is_said_bare_and_corner_quoted_names():
    snake = sentence("眼镜蛇的四至八倍")
    assert "四至八倍" in texts(find_candidates(snake, AnswerType.NUMBER))
    assert "「乌兹冲锋枪」" in texts(find_candidates(sentence("「乌兹冲锋枪」"), AnswerType.TITLE))


def test_a_list_inside_a_slot_stays_whole():
    from yearbook_qa.service.answering.support import prose_supports
    from yearbook_qa.service.answering.term_weights import TermWeights

    passages = load_corpus(CORPORA / "fresh_regs/校车安全管理条例.txt").passages
    equipped = next(p for p in passages if "配备逃生锤" in p.text)
    question = "校车上必须配哪些安全设备？"
    got = prose_supports(question, ["校车", "安全设备"], AnswerType.LIST, equipped, 1, TermWeights(passages))
    assert any(s.answer == "逃生锤、干粉灭火器、急救箱" for s in got)


def test_a_list_item_keeps_its_verbal_nouns_and_its_asides():
    lines = sentence("“三条保障线”制度", "fresh_reports2/2000年政府工作报告.txt")
    assert "国有企业下岗职工基本生活保障、失业保险和城镇居民最低生活保障" in texts(
        find_candidates(lines, AnswerType.LIST)
    )
    places = sentence("禁止携带犬只进入办公楼", DOGS)
    assert any("候车（机、船）室、餐饮场所、商场" in t for t in texts(find_candidates(places, AnswerType.LIST)))


def test_an_anniversary_is_counted_in_years_of_its_own():
    from yearbook_qa.service.answering.question_type import asked_unit

    jubilee = sentence("隆重庆祝新中国成立60周年", "editions/2010年政府工作报告.txt")
    assert "60周年" in texts(find_candidates(jubilee, AnswerType.NUMBER))
    assert asked_unit("2009年我国隆重庆祝的是新中国成立多少周年？") == "周年"
