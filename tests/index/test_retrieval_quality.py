"""Retrieval quality on the shared dev questions: a right hit contains the question's evidence string."""
import json
import re
import unicodedata

from pathlib import Path

import pytest

DEV_QUESTIONS = Path(__file__).resolve().parents[2] / "eval" / "questions" / "shared_dev_questions.jsonl"


def _norm(text: str) -> str:
    return re.sub(r"[\s|]", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def recall_at_5(bundled_index) -> dict[str, float]:
    questions = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [q for q in questions if q.get("evidence")]
    assert len(questions) >= 20
    recall = {}
    for mode in ("lexical", "dense", "hybrid"):
        found = sum(
            any(_norm(q["evidence"]) in _norm(h.passage.text) for h in bundled_index.search(q["question"], k=5, mode=mode))
            for q in questions
        )
        recall[mode] = found / len(questions)
    return recall


def test_hybrid_recall_at_5_is_high(recall_at_5):
    assert recall_at_5["hybrid"] >= 0.9, recall_at_5


def test_hybrid_is_not_worse_than_either_retriever_alone(recall_at_5):
    margin = 0.04  # one question of the dev set
    assert recall_at_5["hybrid"] >= recall_at_5["lexical"] - margin, recall_at_5
    assert recall_at_5["hybrid"] >= recall_at_5["dense"] - margin, recall_at_5


def test_both_retrievers_are_useful_on_their_own(recall_at_5):
    assert recall_at_5["lexical"] >= 0.8 and recall_at_5["dense"] >= 0.7, recall_at_5
