"""The CI gate: the own set, the shared dev set, the blind sets and the sets over unseen documents (each over its
corpus), through the real answerer, must hold eval/thresholds.json."""

from __future__ import annotations

import pytest

from yearbook_qa.eval.gate import breaches, gated_corpus, gated_sets, load_thresholds

HELD = {"answer_accuracy", "recall_at_5", "refusal_recall", "false_refusal_rate"}
SETS = sorted(gated_sets())


def test_the_gate_holds_the_own_dev_and_blind_sets_and_unseen_documents():
    unseen = ("reports", "laws", "editions", "fresh_reports", "fresh_laws")
    assert {"own", "dev", "blind", "blind2", "blind3", *unseen} <= set(SETS)
    assert all(path.is_file() for path in gated_sets().values())
    assert gated_corpus("own") is None
    assert all(gated_corpus(name).is_dir() for name in unseen)


@pytest.mark.parametrize("question_set", SETS)
def test_thresholds_cover_the_headline_metrics(question_set):
    t = load_thresholds(question_set)
    assert set(t["min"]) | set(t["max"]) == HELD and "false_refusal_rate" in t["max"]
    assert all(0 < v < 1 for v in (*t["min"].values(), *t["max"].values()))


def test_breaches_catch_a_fall_and_a_rise():
    t = {"min": {"answer_accuracy": 0.9}, "max": {"false_refusal_rate": 0.05}}
    assert breaches({"answer_accuracy": 0.9, "false_refusal_rate": 0.05}, t) == []
    assert len(breaches({"answer_accuracy": 0.89, "false_refusal_rate": 0.06}, t)) == 2
    assert breaches({"answer_accuracy": None, "false_refusal_rate": 0.0}, t) == [
        "answer_accuracy = None < 0.9 (minimum)"
    ]


@pytest.mark.parametrize("question_set", SETS)
def test_question_set_holds_its_thresholds(question_set, scored, scored_over):
    corpus = gated_corpus(question_set)
    path = gated_sets()[question_set]
    result = scored(path) if corpus is None else scored_over(path, corpus)
    failed = breaches(result.metrics, load_thresholds(question_set))
    wrong = [
        f"{r.question.id} {r.question.question} -> {r.answer.answer!r} (expected {list(r.question.answers)})"
        for r in result.failures
    ]
    assert not failed, "\n".join([f"eval gate failed on {question_set}:", *failed, "wrong or refused:", *wrong])
