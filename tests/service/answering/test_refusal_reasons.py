"""Refusals that do not refuse right answers: a year naming a report's edition, the answer's own year, 去年底,
a state reached by a review's last year, a place named in the passage before, a count's item after its measure,
a percentage limit; and an item said only in an earlier sentence, which does not answer. Real report sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from yearbook_qa.corpus import load_corpus
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.service.answering.answerability import (
    document_kinds,
    edition_years,
    entry_years,
    missing_item,
    not_a_name,
    other_ordinal,
    percent_for_amount,
    reached_years,
    unknown_names,
    years_agree,
)
from yearbook_qa.service.answering.answerer import NO_CANDIDATE, Answerer
from yearbook_qa.service.answering.term_weights import TermWeights

CORPORA = Path(__file__).resolve().parents[3] / "eval" / "corpora"


def _report(corpus: str, year: int) -> list[Passage]:
    return load_corpus(CORPORA / corpus / f"{year}年政府工作报告.txt").passages


def _passage_with(passages: list[Passage], text: str) -> Passage:
    return next(p for p in passages if text in p.text)


def test_a_year_that_names_a_report_is_its_edition_not_the_year_asked_about():
    kinds = document_kinds({(p.document_title, p.year) for p in load_corpus(CORPORA / "fresh_reports2").passages})
    assert edition_years("2001年政府工作报告提出支持哪个城市申办奥运？", kinds) == {2001}
    assert edition_years("据2008年报告，五年新增高速公路多少公里？", kinds) == {2008}
    assert edition_years("2003年作报告的这届政府是哪一年几月就职的？", kinds) == {2003}
    assert edition_years("2008年全国居民消费价格总水平实际上涨了多少？", kinds) == set()


def test_a_sentence_that_writes_a_year_also_speaks_of_its_last_year():
    passages = _report("editions", 2013)
    sentence = "资本充足率从2007年底的8.4%提升到去年底的13.3%，不良贷款率由6.1%下降到0.95%。"
    banks = _passage_with(passages, "提升到去年底的13.3%")
    assert years_agree({2012}, banks, entry_years(passages), sentence)  # 去年底 of the 2013 report
    assert not years_agree({2010}, banks, entry_years(passages), sentence)


def test_a_review_of_five_years_answers_what_was_reached_by_its_last_year():
    passages = _report("editions", 2013)
    towns = _passage_with(passages, "城镇化率由45.9%提高到52.6%")  # 过去五年: 2008-2012
    sentence = "积极稳妥推进城镇化，五年转移农村人口8463万人，城镇化率由45.9%提高到52.6%，城乡结构发生了历史性变化。"
    by_entry = entry_years(passages)
    assert reached_years("到2012年我国城镇化率提高到了多少？") == {2012}
    assert reached_years("2002年到2007年，国内生产总值年均增长多少？") == set()  # a span, not a state reached
    assert years_agree({2012}, towns, by_entry, sentence, reached={2012})
    assert not years_agree({2012}, towns, by_entry, sentence)  # 2012年城镇化率: one year of a five-year review
    assert not years_agree({2010}, towns, by_entry, sentence, reached={2010})


def test_a_count_is_of_the_thing_after_its_measure():
    terms = TermWeights(load_corpus(CORPORA / "fresh_reports2").passages)
    question = "据2000年报告，两年来国债投资新增了多少公里高速公路？"
    assert not missing_item(question, "新增公路通车里程1．2万公里，其中高速公路3358公里；", "", terms, 3.5)
    assert missing_item(question, "增加铁路新线1423公里、复线643公里；", "", terms, 3.5)


def test_an_item_named_only_in_an_earlier_sentence_is_not_what_the_figure_counts():
    terms = TermWeights(load_corpus(CORPORA / "reports").passages)
    sentence = "新增高速铁路运营里程4100公里，新建改建高速公路6000多公里、农村公路30多万公里。"
    assert missing_item("港珠澳大桥全长多少公里？", sentence, "2019年政府工作报告", terms, 3.5)
    assert not missing_item("2018年新建改建高速公路多少公里？", sentence, "", terms, 3.5)


def test_the_head_of_the_asked_item_must_be_said_where_the_figure_is():
    reports = TermWeights(load_corpus(CORPORA / "fresh_reports").passages)
    grain = "2003年全国粮食总产量是多少万吨？"
    assert missing_item(grain, "全国2235万城市居民得到最低生活保障。", "2004年政府工作报告", reports, 3.5)
    assert not missing_item("2004年全国粮食总产量是多少万吨？", "全年粮食总产量达到46947万吨。", "", reports, 3.5)
    towns = TermWeights(load_corpus(CORPORA / "reports").passages)
    rate = "2020年末全国常住人口城镇化率是多少？"
    assert missing_item(rate, "城镇新增就业1186万人，年末全国城镇调查失业率降到5.2％。", "", towns, 3.5)
    # 实际 says the figure is an outcome, not what it is of: 失业率 is the head (2009年报告: 实际增长8.4%和8%)
    reports2 = TermWeights(load_corpus(CORPORA / "fresh_reports2").passages)
    income = "城镇居民人均可支配收入15781元，农村居民人均纯收入4761元，实际增长8.4%和8%。"
    assert missing_item("2008年城镇登记失业率实际是多少？", income, "", reports2, 3.5)
    # a count's kind (人数) is said by the answer's unit: the noun before it is the head
    assert not missing_item(
        "2022年高校毕业生人数超过多少？", "今年高校毕业生超过1000万人，要加强就业创业指导。", "", towns, 3.5
    )


def test_a_date_a_numbered_item_or_a_heading_fragment_is_no_name():
    assert not_a_name("会议】2022年")  # 【主席会议】2022年,市政协十届主席会议… for 市政协主席是谁
    assert not_a_name("第69号令")  # 《道路交通安全违法行为处理程序规定》（公安部第69号令） for 哪位部长
    assert not not_a_name("薛芹菜等5人")
    assert not not_a_name("2008年7月19日于香港湾仔香港会议展览中心")  # a date before the place (CMRC 2018 dev)
    assert not not_a_name("省、自治区、直辖市人民政府")


def test_a_law_the_question_names_that_the_corpus_never_mentions_is_unknown():
    regs = TermWeights(load_corpus(CORPORA / "fresh_regs").passages)
    assert unknown_names("上海市生活垃圾管理条例规定个人乱扔垃圾罚款多少？", regs.occurs) == ["上海市生活垃圾管理条例"]
    assert unknown_names("上海市养犬管理条例是上海市人大常委会哪一次会议通过的？", regs.occurs) == []
    assert unknown_names("校车安全管理条例是国务院第几次常务会议通过的？", regs.occurs) == []
    assert unknown_names("根据劳动合同法，试用期最长多久？", lambda term: False) == ["劳动合同法"]
    # a question's own words are no title: 哪次主席会议审议通过了优秀提案评选表彰办法
    assert unknown_names("哪次主席会议审议通过了优秀提案评选表彰办法？", lambda term: False) == []


def test_a_percentage_answers_a_coefficient_or_a_limit():
    assert not percent_for_amount("三包换车退车时，使用补偿系数n最高不能超过多少？", "高于0.5%")
    assert percent_for_amount("2018年全国一般公共预算收入是多少？", "0.2个百分点")


@pytest.fixture(scope="session")
def reports_2000_2009(tmp_path_factory, embedder) -> Answerer:
    passages = [p for year in (2000, 2001, 2009) for p in _report("fresh_reports2", year)]
    out = tmp_path_factory.mktemp("reports-2000-2009") / "index"
    build_index(passages, out, embedder, progress=False)
    return Answerer(HybridIndex.load(out, embedder))


@pytest.mark.parametrize(
    "question, expected",
    [
        ("2001年政府工作报告提出支持哪个城市申办奥运？", "北京市"),  # the 2001 report's own plan
        ("汶川地震中从废墟里抢救出多少生还者？", "8.4万人"),  # 汶川 named in the paragraph before
    ],
)
def test_right_answers_are_given(reports_2000_2009, question, expected):
    answer = reports_2000_2009.ask(question)
    assert answer.answerable and answer.answer == expected


def test_a_refusal_says_which_checks_refuse(reports_2000_2009):
    a = reports_2000_2009
    hits = a.index.search("1999年国内生产总值是多少亿元？", k=10)
    decision = a._decide("1999年国内生产总值是多少亿元？", hits, [], None)
    assert not decision.answerable and "missing_item" in decision.refused_by  # 财政收入…达到11377亿元 is not GDP
    empty = a._decide("国内生产总值是多少？", [], [], None)
    assert empty.refused_by == (NO_CANDIDATE,) and not empty.answerable


@pytest.fixture(scope="session")
def reports_2019_2021(tmp_path_factory, embedder) -> Answerer:
    passages = [p for year in (2019, 2021) for p in _report("reports", year)]
    out = tmp_path_factory.mktemp("reports-2019-2021") / "index"
    build_index(passages, out, embedder, progress=False)
    return Answerer(HybridIndex.load(out, embedder))


def test_the_answers_own_year_is_not_the_year_its_sentence_speaks_of(reports_2019_2021):
    answer = reports_2019_2021.ask("2021年要求制定的是哪一年前碳排放达峰的行动方案？")  # 制定2030年前碳排放达峰行动方案
    assert answer.answerable and answer.answer == "2030年"


def test_a_figure_whose_item_only_an_earlier_sentence_names_is_refused(reports_2019_2021):
    # 新建改建高速公路6000多公里 (the 2019 report): no bridge in its sentence or headings
    assert not reports_2019_2021.ask("港珠澳大桥全长多少公里？").answerable


def test_an_ordinal_answers_only_for_its_own_measure():
    # 第二条 本市行政区域内犬只的饲养… (上海市养犬管理条例): an article, not a session
    assert other_ordinal("上海市养犬管理条例是上海市人大常委会哪一次会议通过的？", "第二条")
    assert other_ordinal("嘉峪关市政协机关在哪条街道办公？", "第二次")
    assert not other_ordinal("法律援助法是在哪次会议上通过的？", "第十三届全国人民代表大会常务委员会第三十次会议")
    assert not other_ordinal("消费者权益保护法里规定七日无理由退货的是第几条？", "第二十五条")
    assert not other_ordinal("2019年政府工作报告提出的经济增长目标是多少？", "6%－6.5%")


def test_which_scientist_asks_for_one_its_sentence_calls_so():
    terms = TermWeights(load_corpus(CORPORA / "reports").passages)
    question = "2020年因抗疫贡献被授予“共和国勋章”的是哪位科学家？"
    summit = "习近平主席等党和国家领导人通过视频方式主持中非团结抗疫特别峰会"  # the 2021 report
    assert missing_item(question, summit, "", terms, 3.5)
    # the check asks only that a 科学家 be named there (the 2022 report: …弘扬科学家精神…)
    assert not missing_item(
        question, "完善人才发展体制机制，弘扬科学家精神，加大对青年科研人员支持力度", "", terms, 3.5
    )
