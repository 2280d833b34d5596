"""Retrieval quality on the shared dev questions and the project's own set: a right hit contains the evidence string."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

QUESTIONS = Path(__file__).resolve().parents[2] / "eval" / "questions"
SETS = {"shared": QUESTIONS / "shared_dev_questions.jsonl", "own": QUESTIONS / "yearbook_questions.jsonl"}
MODES = ("lexical", "dense", "hybrid")


def _norm(text: str) -> str:
    return re.sub(r"[\s|]", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module", params=list(SETS))
def recall(request, bundled_index) -> dict[str, dict[int, float]]:
    """{mode: {1: Recall@1, 5: Recall@5}} over the answerable questions that name their evidence."""
    lines = SETS[request.param].read_text(encoding="utf-8").splitlines()
    questions = [
        q for q in map(json.loads, filter(str.strip, lines)) if q.get("evidence") and q.get("answerable", True)
    ]
    assert len(questions) >= 20
    out = {}
    for mode in MODES:
        firsts = []
        for q in questions:
            hits = bundled_index.search(q["question"], k=5, mode=mode)
            firsts.append(
                next((i for i, h in enumerate(hits, 1) if _norm(q["evidence"]) in _norm(h.passage.text)), None)
            )
        out[mode] = {k: sum(f is not None and f <= k for f in firsts) / len(questions) for k in (1, 5)}
    return out


def test_hybrid_recall_at_5_is_high(recall):
    assert recall["hybrid"][5] >= 0.95, recall


@pytest.mark.parametrize("k", [1, 5])
def test_hybrid_is_not_worse_than_either_retriever_alone(recall, k):
    assert recall["hybrid"][k] >= max(recall["lexical"][k], recall["dense"][k]), recall


def test_both_retrievers_are_useful_on_their_own(recall):
    assert recall["lexical"][5] >= 0.9 and recall["dense"][5] >= 0.85, recall
