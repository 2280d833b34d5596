"""The CI gate: the project's own set and the blind sets, through the real answerer, must hold eval/thresholds.json."""
from __future__ import annotations

import pytest

from yearbook_qa.eval.gate import breaches, load_thresholds

HELD = {"answer_accuracy", "recall_at_5", "refusal_recall", "false_refusal_rate"}


@pytest.mark.parametrize("question_set", [None, "blind", "blind2"])
def test_thresholds_cover_the_headline_metrics(question_set):
    t = load_thresholds(question_set=question_set)
    assert set(t["min"]) | set(t["max"]) == HELD and "false_refusal_rate" in t["max"]
    assert all(0 < v < 1 for v in (*t["min"].values(), *t["max"].values()))


def test_breaches_catch_a_fall_and_a_rise():
    t = {"min": {"answer_accuracy": 0.9}, "max": {"false_refusal_rate": 0.05}}
    assert breaches({"answer_accuracy": 0.9, "false_refusal_rate": 0.05}, t) == []
    assert len(breaches({"answer_accuracy": 0.89, "false_refusal_rate": 0.06}, t)) == 2
    assert breaches({"answer_accuracy": None, "false_refusal_rate": 0.0}, t) == ["answer_accuracy = None < 0.9 (minimum)"]


def test_own_set_holds_the_thresholds(own_result):
    failed = breaches(own_result.metrics, load_thresholds())
    wrong = [f"{r.question.id} {r.question.question} -> {r.answer.answer!r} (expected {list(r.question.answers)})"
             for r in own_result.failures]
    assert not failed, "\n".join(["eval gate failed:", *failed, "wrong or refused:", *wrong])


def test_blind_set_holds_its_thresholds(blind_result):
    failed = breaches(blind_result.metrics, load_thresholds(question_set="blind"))
    wrong = [f"{r.question.id} {r.question.question} -> {r.answer.answer!r} (expected {list(r.question.answers)})"
             for r in blind_result.failures]
    assert not failed, "\n".join(["blind-set gate failed:", *failed, "wrong or refused:", *wrong])



def test_second_blind_set_holds_its_thresholds(blind2_result):
    failed = breaches(blind2_result.metrics, load_thresholds(question_set="blind2"))
    wrong = [f"{r.question.id} {r.question.question} -> {r.answer.answer!r} (expected {list(r.question.answers)})"
             for r in blind2_result.failures]
    assert not failed, "\n".join(["second blind-set gate failed:", *failed, "wrong or refused:", *wrong])
