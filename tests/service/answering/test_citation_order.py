"""Citation order over three consecutive work reports (2010-2012 editions): a confident answer's passage is
cited first only if it speaks of the asked year as squarely as the retrieval's best passage."""

from __future__ import annotations

from pathlib import Path

import pytest

EDITIONS = Path(__file__).resolve().parents[3] / "eval" / "corpora" / "editions"


# 2010 is reviewed by the 2011 report (过去一年, 去年); the 2010 report's plan (今年…900万人以上) and the 2012
# report's review of 2011 (比上年, "十二五"开局) hold answers of the same form that are not 2010's.
@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("2010年城镇新增就业多少人？", "城镇新增就业1168万人"),
        ("2010年全国粮食产量是多少斤？", "去年达到1.09万亿斤"),
        ("2010年农民人均纯收入是多少元？", "农民人均纯收入达到5919元"),
    ],
)
def test_the_first_citation_speaks_of_the_asked_year(three_editions, question, evidence):
    answer = three_editions.ask(question, top_k=5)
    first = answer.citations[0]
    assert evidence in first.text and first.year == 2011
    index = three_editions.index
    assert all(
        index.year_share(first.passage_id, question) >= index.year_share(c.passage_id, question)
        for c in answer.citations
        if c.is_answer
    )


def test_without_a_year_the_confident_answer_leads(answerer):
    """The bundled yearbook: the retrieval's best passage names the training course, the second one says where
    it was held; a question naming no year lets the confident answer's passage lead."""
    question = "政协委员履职能力提升培训班在哪里举办？"
    retrieved = answerer.index.search(question, k=10)
    answer = answerer.ask(question, top_k=5)
    assert answerer.index.year_share(answer.citations[0].passage_id, question) is None
    assert answer.confidence >= answerer.weights.confident
    assert answer.citations[0].is_answer and answer.citations[0].passage_id != retrieved[0].passage.id
