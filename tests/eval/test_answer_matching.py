"""Matching rules: NFKC, whitespace and `|` dropped, 100-char limit, match=all, citations, char-F1."""

from __future__ import annotations

import pytest

from yearbook_qa.eval.matching import answer_correct, char_f1, citation_relevant, normalize
from yearbook_qa.eval.question_set import Question
from yearbook_qa.service.answering.answer import Citation


def _q(answers, match="any", evidence=None, gold_ids=()) -> Question:
    return Question(
        id="q", question="?", answers=tuple(answers), match=match, evidence=evidence, gold_ids=tuple(gold_ids)
    )


def _citation(text: str, passage_id: str = "doc#3", document_id: str = "doc", chapter: str | None = None) -> Citation:
    return Citation(
        number=1,
        passage_id=passage_id,
        text=text,
        document_id=document_id,
        document_title="t",
        year=2023,
        chapter=chapter,
        entry=None,
        table=None,
        row=None,
        cells={},
        score=1.0,
        highlights=[],
        source_span=(0, len(text)),
    )


def test_normalize_applies_nfkc_and_drops_whitespace_and_bars():
    assert normalize("１３５ 名\n") == "135名"
    assert normalize("承办单位: 市教育局 |") == "承办单位:市教育局"
    assert normalize("（全角）") == "(全角)"


@pytest.mark.parametrize(
    ("given", "answers", "match", "right"),
    [
        ("实到１３５名", ["135"], "any", True),  # full-width digits fold under NFKC
        ("2023年1月 9日至11日", ["1月9日至11日"], "any", True),
        ("市教育局 |", ["市教育局"], "any", True),
        ("136名", ["135", "176"], "any", False),
        ("张三、李四", ["张三", "李四"], "all", True),
        ("张三", ["张三", "李四"], "all", False),
        ("张三" + "的" * 98, ["张三"], "any", True),  # exactly 100 characters
        ("张三" + "的" * 99, ["张三"], "any", False),  # 101: a passage dump, not an answer
        (None, ["135"], "any", False),
        ("", ["135"], "any", False),
    ],
)
def test_answer_correct(given, answers, match, right):
    assert answer_correct(given, _q(answers, match)) is right


def test_char_f1_best_over_expected():
    assert char_f1("135名", ["135名"]) == 1.0
    # "1月9日" vs "2023年1月9日至11日": common 4 chars (1,月,9,日); p=4/4, r=4/13
    assert char_f1("1月9日", ["2023年1月9日至11日"]) == pytest.approx(2 * (4 / 13) / (1 + 4 / 13))
    assert char_f1("1月9日", ["2023年1月9日至11日", "1月9日"]) == 1.0
    assert char_f1("甲乙", ["丙"]) == 0.0 and char_f1(None, ["丙"]) == 0.0


def test_citation_relevance_by_evidence_passage_id_or_document_id():
    text = "大会应到市政协委员176名， 实到１３５名"
    assert citation_relevant(_citation(text), _q(["135"], evidence="实到135名"))
    assert not citation_relevant(_citation(text), _q(["135"], evidence="实到136名"))
    assert citation_relevant(_citation("x", passage_id="doc#3"), _q(["a"], gold_ids=["doc#3"]))
    assert citation_relevant(_citation("x", document_id="doc"), _q(["a"], gold_ids=["doc"]))
    assert not citation_relevant(_citation("x"), _q(["a"], gold_ids=["other"]))
    assert not citation_relevant(_citation(text), _q(["135"]))  # nothing known: never relevant
    heading = "二、对今年政府工作的建议 › （一）…"  # a question about a heading: the passages under it hold it
    assert citation_relevant(_citation("今年…", chapter=heading), _q(["a"], evidence="二、对今年政府工作的建议"))
    assert not citation_relevant(_citation("今年…"), _q(["a"], evidence="二、对今年政府工作的建议"))
