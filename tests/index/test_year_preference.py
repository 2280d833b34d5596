"""Year-aware retrieval over two consecutive editions: a question's year finds the edition that speaks of it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from yearbook_qa.corpus import load_corpus
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.index.hit import Filters
from yearbook_qa.index.year_preference import OTHER_SIDE, WRITTEN, YearPreference, merge_candidates

EDITIONS = Path(__file__).resolve().parents[2] / "eval" / "corpora" / "editions"


def _passage(pid: str, years: tuple[int, ...], year: int = 2015) -> Passage:
    return Passage(id=pid, document_id="d", document_title="d", text=pid, span=(0, 1), year=year, years=years)


def test_speaking_rows_and_the_bonus():
    passages = [_passage("a", (2014,)), _passage("b", (2015,)), _passage("c", ()), _passage("d", (2014,), year=2014)]
    passages.append(_passage("e", ()))
    prefer = YearPreference(passages, bonus=0.3)
    assert prefer.speaking("今年的目标是多少") is None
    assert prefer.speaking("2014年粮食产量").tolist() == [True, False, False, True, False]
    assert prefer.speaking("2014年和2015年").tolist() == [True, True, False, True, False]
    # c ranks first on its words, but a (the 2015 edition looking back on 2014) speaks of 2014: its lead over the
    # lowest score grows by 0.3 (0.9 + 0.3 × 0.4 beats 1.0); d (the 2014 edition's plan for 2014) gets a quarter
    # of that for a question about what happened (0.9 + 0.075 × 0.4)
    asked = "2014年粮食产量"
    ranked = prefer.prefer([(2, 1.0), (0, 0.9), (1, 0.95), (3, 0.9), (4, 0.5)], prefer.speaking(asked), asked)
    assert [row for row, _ in ranked] == [0, 2, 1, 3, 4]
    assert [score for _, score in ranked] == pytest.approx([1.02, 1.0, 0.95, 0.93, 0.5])
    # a question about the plan turns it round
    asked = "2014年粮食产量目标"
    ranked = prefer.prefer([(0, 0.9), (3, 0.9), (4, 0.5)], prefer.speaking(asked), asked)
    assert [row for row, _ in ranked] == [3, 0, 4]


def _row(passages: list[Passage], start: str) -> int:
    (row,) = [i for i, p in enumerate(passages) if p.text.startswith(start)]
    return row


def test_a_passage_speaking_of_one_year_outweighs_a_run_of_years_and_another_editions_plan():
    """On the 2012 and 2013 reports: "2012年国内生产总值增长了多少" is answered in the 2013 report's five-year
    review by the passage that writes 2012年; the review's opening ("这五年…", five years, 1/5 each) and the 2012
    report's own target (its plan: the other side) weigh less."""
    passages = [p for y in (2012, 2013) for p in load_corpus(EDITIONS / f"{y}年政府工作报告.txt").passages]
    prefer = YearPreference(passages)
    question = "2012年我国国内生产总值增长了多少？"
    the_year = prefer.share_for(_row(passages, "2012年，在世界各大经济体"), question)
    five_years = prefer.share_for(_row(passages, "这五年，我国宏观经济"), question)
    plan = prefer.share_for(_row(passages, "今年经济社会发展的主要预期目标是：国内生产总值增长7.5％"), question)
    assert the_year == pytest.approx(WRITTEN) and five_years == pytest.approx(1 / 5)
    assert plan == pytest.approx(OTHER_SIDE)  # 今年 and its heading speak of 2012 squarely, but ahead
    assert the_year > plan > five_years
    # asked for the target, the plan gets the whole of its worth and the review a share
    target = "2012年国内生产总值的预期目标是多少？"
    assert prefer.share_for(_row(passages, "今年经济社会发展的主要预期目标是：国内生产总值增长7.5％"), target) == 1.0
    assert prefer.share_for(_row(passages, "2012年，在世界各大经济体"), target) == pytest.approx(WRITTEN * OTHER_SIDE)
    assert prefer.share_for(_row(passages, "这五年，我国宏观经济"), "国内生产总值增长了多少？") is None


def test_a_year_followed_by_what_was_to_be_done_asks_for_the_plan():
    passages = [p for y in (2014, 2015) for p in load_corpus(EDITIONS / f"{y}年政府工作报告.txt").passages]
    prefer = YearPreference(passages)
    plan = _row(passages, "今年经济社会发展的主要预期目标是：国内生产总值增长7.5%左右")
    review = _row(passages, "一年来，我国经济社会发展总体平稳")
    for question in ("2014年要新增多少城镇就业？", "2014年将把居民消费价格涨幅控制在多少？", "2014年提出要增长多少？"):
        assert prefer.share_for(plan, question) > prefer.share_for(review, question)
    for question in ("2014年城镇新增就业多少人？", "2014年主要农产品产量是多少？"):  # 主要 is no modal
        assert prefer.share_for(review, question) > prefer.share_for(plan, question)


def test_merge_candidates_keeps_each_row_once_best_first():
    rows, scores = merge_candidates(
        (np.array([3, 1]), np.array([0.9, 0.5], dtype=np.float32)),
        (np.array([1, 7]), np.array([0.5, 0.7], dtype=np.float32)),
    )
    assert rows.tolist() == [3, 7, 1] and scores.tolist() == pytest.approx([0.9, 0.7, 0.5])


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory, embedder) -> HybridIndex:
    """The 2014 and 2015 work reports in one index: each reviews the year before it and plans its own."""
    passages = [
        p
        for name in ("2014年政府工作报告.txt", "2015年政府工作报告.txt")
        for p in load_corpus(EDITIONS / name).passages
    ]
    out = tmp_path_factory.mktemp("editions") / "index"
    build_index(passages, out, embedder, progress=False)
    return HybridIndex.load(out, embedder)


# (question, evidence, edition that answers it): the 2015 edition reviews 2014 without writing "2014";
# the 2014 edition sets 2014's targets.
YEAR_QUESTIONS = [
    ("2014年城镇新增就业多少人？", "城镇新增就业1322万人", 2015),
    ("2014年全国粮食产量是多少吨？", "粮食产量达到6.07亿吨", 2015),
    ("2014年实际使用外商直接投资是多少？", "实际使用外商直接投资1196亿美元", 2015),
    ("2014年城镇新增就业的预期目标是多少？", "城镇新增就业1000万人以上", 2014),
    ("2013年国内生产总值达到多少？", "国内生产总值达到56.9万亿元", 2014),
]


@pytest.mark.parametrize(("question", "evidence", "edition"), YEAR_QUESTIONS)
def test_a_year_question_finds_the_edition_that_speaks_of_it(two_editions, question, evidence, edition):
    hits = two_editions.search(question, k=5)
    year = int(question[:4])
    assert hits[0].passage.year == edition and year in hits[0].passage.years
    assert any(evidence in h.passage.text for h in hits)


def test_year_and_edition_filters(two_editions):
    spoken = two_editions.search("国内生产总值", k=10, filters=Filters(year=2014))
    assert spoken and all(2014 in h.passage.years for h in spoken)
    assert {h.passage.year for h in spoken} == {2014, 2015}  # 2014's plan and 2015's review
    edition = two_editions.search("国内生产总值", k=10, filters=Filters(edition=2015))
    assert edition and all(h.passage.year == 2015 for h in edition)
    review = two_editions.search("国内生产总值", k=5, filters=Filters(edition=2015, chapter="一、2014年工作回顾"))
    assert review and all(h.passage.chapter.startswith("一、2014年工作回顾") for h in review)
    assert two_editions.search("国内生产总值", k=5, filters=Filters(edition=2031)) == []


def test_year_awareness_can_be_turned_off(two_editions):
    question = "2014年城镇新增就业多少人？"
    aware = [h.passage.id for h in two_editions.search(question, k=10)]
    two_editions.year_aware = False
    try:
        blind = [h.passage.id for h in two_editions.search(question, k=10)]
    finally:
        two_editions.year_aware = True
    assert aware != blind
