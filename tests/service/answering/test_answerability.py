"""When a passage cannot answer: another session, a missing role, a place taken for a person, another year,
a target for the year asked about, a yearly average, an answer the question already holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from yearbook_qa.corpus import load_corpus
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.service.answering.answerability import (
    asks_ahead,
    averaged_for_one_year,
    document_kinds,
    echoes_question,
    entry_years,
    full_sentence,
    indefinite_for_count,
    missing_item,
    other_session,
    passage_years,
    percent_for_amount,
    target_for_past,
    unit_contradicts,
    unknown_edition,
    years_agree,
)
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.answering.extract import find_candidates
from yearbook_qa.service.answering.question_type import AnswerType
from yearbook_qa.service.answering.term_weights import TermWeights

T = AnswerType


def test_a_sentence_about_another_session_does_not_answer():
    sentence = "十届一次会议收到委员提交提案189件"
    assert other_session("十届二次会议共收到委员提案多少件？", sentence, "")
    assert not other_session("十届一次会议收到委员提案多少件？", sentence, "")
    assert not other_session(
        "十届二次会议第二次全体会议实到多少名？", "大会应到委员176名,实到134名。", "【十届二次会议】"
    )
    assert not other_session("十届五次常委会会议哪天召开？", "市政协十届五次常委会议决定增补", "")


def test_a_place_is_not_a_person_and_a_role_must_be_named_beside_the_person():
    assert all(c.text != "高新区" for c in find_candidates("聚焦嘉峪关市国家高新区创建", T.PERSON))
    terms = TermWeights(_edition(2019))
    assert missing_item("嘉峪关市政协主席是谁？", "决定增补王建新、李建华、齐世军3名同志为委员", "", terms, 3.5)
    assert not missing_item(
        "老旧小区改造的提案提案者是谁？", "案由: 关于解决老旧小区改造遗留问题 | 提案者: 马妍", "", terms, 3.5
    )


def test_the_kind_of_place_asked_for_is_not_a_place_the_question_names():
    from yearbook_qa.service.answering.words import place_names

    assert place_names("2018年上合组织峰会是在哪座城市举行的？") == []
    assert place_names("2019年要为哪个城市的自贸试验区增设新片区？") == []
    assert "酒泉市" in place_names("酒泉市政协来嘉峪关调研了几次？")


EDITIONS = Path(__file__).resolve().parents[3] / "eval" / "corpora" / "editions"


def _edition(year: int) -> list[Passage]:
    return load_corpus(EDITIONS / f"{year}年政府工作报告.txt").passages


def _passage_with(passages: list[Passage], text: str) -> Passage:
    return next(p for p in passages if text in p.text)


def test_a_passage_that_names_its_years_does_not_speak_of_its_chapters_other_years():
    passages = _edition(2017)
    unemployment = _passage_with(passages, "年末城镇登记失业率4.02%")  # in 一、2016年工作回顾
    assert passage_years(unemployment, entry_years(passages)) == {2016}
    assert not years_agree({2012}, unemployment, entry_years(passages), "年末城镇登记失业率4.02%，为多年来最低。")


def test_a_target_for_a_year_does_not_say_what_happened_in_it():
    plan = _passage_with(_edition(2019), "今年经济社会发展的主要预期目标是")
    sentence = full_sentence(plan.text, plan.text.index("1100万人以上"))
    assert sentence.startswith("今年经济社会发展的主要预期目标是") and sentence.endswith("。")
    assert target_for_past("2019年城镇新增就业多少人？", {2019}, plan, sentence)
    assert not target_for_past("2019年城镇新增就业的预期目标是多少？", {2019}, plan, sentence)
    assert not target_for_past("2019年要新增就业多少人？", {2019}, plan, sentence)
    # the next edition's review looks back: it answers what happened
    review = _passage_with(_edition(2018), "国内生产总值增长6.9%")
    said = full_sentence(review.text, review.text.index("6.9%"))
    assert not target_for_past("2017年国内生产总值增长了多少？", {2017}, review, said)
    # 实际 asks for the actual figure even where the sentence names no target
    tax = _passage_with(_edition(2019), "税率降至13%")
    assert target_for_past(
        "2019年制造业税率实际降到多少？", {2019}, tax, full_sentence(tax.text, tax.text.index("13%"))
    )


def test_a_yearly_average_does_not_answer_one_year():
    assert averaged_for_one_year("2015年居民消费价格上涨了多少？", {2015}, "居民消费价格年均上涨1.9%，保持较低水平。")
    assert not averaged_for_one_year("2013-2017年居民消费价格年均上涨多少？", {2013, 2014}, "居民消费价格年均上涨1.9%")
    assert not averaged_for_one_year("2017年居民消费价格上涨了多少？", {2017}, "居民消费价格上涨1.6%。")


def test_an_answer_that_repeats_the_question_is_no_answer():
    assert echoes_question("2020年的第三届中国国际进口博览会是在哪座城市举办的？", "中国")
    assert echoes_question("2020年的第三届中国国际进口博览会是在哪座城市举办的？", "中国", ("届", "国"))
    assert not echoes_question("2018年上合组织峰会是在哪座城市举行的？", "青岛")
    assert not echoes_question("为畅通委员反映社情民意信息渠道，市政协创办了什么？", "《社情民意》")


def test_a_second_mention_of_a_word_of_the_question_can_answer_it():
    # 职工或者其近亲属认为是工伤，用人单位不认为是工伤的，由[用人单位]承担举证责任。(工伤保险条例)
    question = "职工认为是工伤而用人单位不认为是工伤的，由谁承担举证责任？"
    assert not echoes_question(question, "用人单位", ("由", "承"))
    assert echoes_question(question, "用人单位", ("而", "不"))  # where the question itself says it


FRESH_REPORTS = Path(__file__).resolve().parents[3] / "eval" / "corpora" / "fresh_reports"


def test_a_figure_of_another_thing_does_not_answer_what_is_counted():
    terms = TermWeights(load_corpus(FRESH_REPORTS).passages)  # the 2003-2007 reports
    capacity = "五年淘汰落后炼铁产能1亿吨、落后炼钢产能5500万吨，今年力争分别淘汰3000万吨和3500万吨。"
    assert missing_item("2007年全年粮食总产量是多少万吨？", capacity, "", terms, 3.5)
    assert not missing_item("2007年淘汰落后炼钢产能多少万吨？", capacity, "", terms, 3.5)
    roads = "公路通车里程由1997年的123万公里增加到2002年的176万公里，其中高速公路由4771公里增加到2.52万公里。"
    assert missing_item("2002年全国粮食总产量是多少？", roads, "", terms, 3.5)
    assert not missing_item("2002年全国公路通车里程是多少？", roads, "", terms, 3.5)
    # the category asked for by a 比例/目标 that the sentence names otherwise is no item of another thing
    assert not missing_item("2004年城镇新增就业的目标是多少？", "城镇新增就业900万人。", "", terms, 3.5)


LAWS = Path(__file__).resolve().parents[3] / "eval" / "corpora" / "laws"


def test_a_quantity_that_names_no_number_does_not_answer_a_count():
    assert indefinite_for_count("2022年计划新开工改造多少个城镇老旧小区？", "一批")
    assert indefinite_for_count("2018年个税改革一共设立了几项专项附加扣除？", "若干项")
    assert not indefinite_for_count("2018年个税改革一共设立了几项专项附加扣除？", "6项")
    assert not indefinite_for_count("新聘的文史研究员是第几批？", "第一批")  # an order, not a count
    assert not indefinite_for_count("配合省内外政协完成在嘉考察调研活动多少批次？", "5批次")
    assert not indefinite_for_count("国家设立的全国社会保障基金由哪些资金构成？", "部分")


def test_a_person_named_for_another_office_does_not_answer_who_holds_one():
    terms = TermWeights(load_corpus(LAWS).passages)
    sentence = "职工代表由工会成员担任或者由全体职工推举产生，企业代表由企业负责人指定。"  # 劳动争议调解仲裁法 第十条
    assert missing_item("劳动争议仲裁委员会主任由谁担任？", sentence, "", terms, 3.5)
    said = "企业劳动争议调解委员会主任由工会成员或者双方推举的人员担任。"
    assert not missing_item("企业劳动争议调解委员会主任由谁担任？", said, "", terms, 3.5)


def test_asking_ahead():
    assert asks_ahead("2021年计划新开工改造多少个城镇老旧小区？")
    assert asks_ahead("2022年将召开党的什么会议？") and asks_ahead("2019年要把大病保险的报销比例提高到多少？")
    assert not asks_ahead("2017年国内生产总值增长了多少？") and not asks_ahead("主要负责人是谁？")


@pytest.fixture(scope="module")
def three_editions(tmp_path_factory, embedder) -> Answerer:
    """The 2016, 2017 and 2018 work reports: each reviews the year before it and plans its own."""
    out = tmp_path_factory.mktemp("editions") / "index"
    build_index([p for year in (2016, 2017, 2018) for p in _edition(year)], out, embedder, progress=False)
    return Answerer(HybridIndex.load(out, embedder))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("2017年城镇新增就业多少人？", "1351万人"),  # the 2018 review, not the 2017 target 1100万人以上
        ("2017年国内生产总值增长了多少？", "6.9%"),  # the 2018 review, not the 2017 target 6.5%左右
        ("2017年国内生产总值增长的预期目标是多少？", "6.5%左右"),
        ("2015年居民消费价格上涨了多少？", None),  # only 2016's 2% and 2013-2017's yearly 1.9% are there
        ("2018年国内生产总值实际增长了多少？", None),  # the 2018 edition can only plan 2018
        ("2005年国内生产总值是多少？", None),  # a year no passage speaks of
    ],
)
def test_year_questions_over_three_editions(three_editions, question, expected):
    answer = three_editions.ask(question)
    if expected is None:
        assert not answer.answerable, answer.answer
    else:
        assert answer.answerable and answer.answer == expected


def test_a_period_passage_does_not_answer_one_of_its_years():
    passages = load_corpus(EDITIONS.parent / "reports" / "2021年政府工作报告.txt").passages
    period = _passage_with(passages, "城镇新增就业超过6000万人")  # under “十三五”时期发展成就和“十四五”…目标任务
    by_entry = entry_years(passages)
    assert {2016, 2020, 2025} <= passage_years(period, by_entry)
    assert not years_agree({2019}, period, by_entry, "城镇新增就业超过6000万人")
    assert years_agree({2016, 2020}, period, by_entry, "城镇新增就业超过6000万人")
    # a passage whose own text speaks of the year (去年 in the 2021 edition) still answers it
    last_year = _passage_with(passages, "城镇新增就业1186万人")
    assert years_agree({2020}, last_year, by_entry, "城镇新增就业1186万人")


def test_a_number_in_another_unit_than_the_question_counts_in_is_no_answer():
    assert unit_contradicts("劳动争议仲裁委员会的委员任期是几年？", "十日")  # 应当在十日内提交答辩书
    assert unit_contradicts("交管部门核实被扣留车辆手续的时间一般不超过几天？", "二十四小时")
    assert not unit_contradicts("公告送达的公告期是多少天？", "六十日")
    assert not unit_contradicts("失业保险金最长能领多少个月？", "不超过二十四个月")
    assert not unit_contradicts("交警在公路上执勤执法最少要几个人？", "两人")
    assert not unit_contradicts("政协委员有多少人？", "175名")
    assert not unit_contradicts("市政协下设几个专门委员会？", "175名")  # 几个 counts anything: other checks decide
    assert not unit_contradicts("十届十次主席会议是几号开的？", "11月10日")


def test_a_percentage_does_not_answer_an_amount():
    assert percent_for_amount("2018年全国一般公共预算收入是多少？", "0.2个百分点")  # 比去年预算高0.2个百分点
    assert percent_for_amount("市政协办公室的电话号码是多少？", "87.3%")
    assert not percent_for_amount("2019年城镇登记失业率目标控制在多少？", "4.5%以内")
    assert not percent_for_amount("2017年国内生产总值增长了多少？", "6.9%")
    assert not percent_for_amount("委员对提案办理的满意程度有多高？", "98%")
    assert not percent_for_amount("2018年全国一般公共预算收入是多少？", "18.3万亿元")


def test_an_edition_the_corpus_does_not_have_is_refused():
    reports = EDITIONS.parent / "reports"
    kinds = document_kinds({(p.document_title, p.year) for p in load_corpus(reports).passages})
    assert kinds == {"中华人民共和国国务院政府工作报告": {2019, 2021, 2022}}
    assert unknown_edition("2020年政府工作报告提出的当年经济增长预期目标是多少？", kinds)
    assert not unknown_edition("2021年政府工作报告是在哪一天作的？", kinds)
    assert not unknown_edition("2019年的报告说我国60岁以上人口有多少？", kinds)
    assert not unknown_edition("2020年全年GDP增长了多少？", kinds)  # a year, not an edition: the review answers


def test_a_plan_period_named_in_passing_does_not_make_a_review_speak_of_its_years():
    passages = _edition(2012)
    review = _passage_with(passages, "公共财政收入10.37万亿元")  # 一、2011年工作回顾: …实现了“十二五”时期良好开局
    by_entry = entry_years(passages)
    assert {2011, 2013} <= passage_years(review, by_entry)  # the heading's 2011, the text's 十二五 2011-2015
    assert years_agree({2011}, review, by_entry, "公共财政收入10.37万亿元，增长24.8％；")
    assert not years_agree({2013}, review, by_entry, "公共财政收入10.37万亿元，增长24.8％；")
