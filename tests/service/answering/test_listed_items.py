"""The items a sentence introduces as a list, read on into the passages after it."""

from __future__ import annotations

from pathlib import Path

from yearbook_qa.corpus.loading import load_corpus
from yearbook_qa.service.answering.listed_items import listed_items, successors

LAW = Path(__file__).resolve().parents[3] / "eval" / "corpora" / "fresh_laws" / "中华人民共和国消费者权益保护法.txt"


def _passage_with(passages, words):
    return next(p for p in passages if words in p.text)


def test_items_after_an_introducing_sentence_are_read_from_the_following_passages():
    passages = load_corpus(LAW).passages
    lead = _passage_with(passages, "可以通过下列途径解决")
    start = lead.text.index("第三十九条")
    items = listed_items(lead, (start, len(lead.text)), successors(passages))
    assert items == [
        "与经营者协商和解",
        "请求消费者协会或者依法成立的其他调解组织调解",
        "向有关行政部门投诉",
        "根据与经营者达成的仲裁协议提请仲裁机构仲裁",
        "向人民法院提起诉讼",
    ]


def test_a_sentence_that_introduces_nothing_has_no_items():
    passages = load_corpus(LAW).passages
    plain = _passage_with(passages, "国家保护消费者的合法权益不受侵害")
    assert listed_items(plain, (0, len(plain.text)), successors(passages)) == []
