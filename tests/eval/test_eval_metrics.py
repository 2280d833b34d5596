"""Metric math on hand-checkable rankings and outcomes."""

from __future__ import annotations

import math

import pytest

from yearbook_qa.eval.metrics import Outcome, ndcg_at_k, percentile, recall_at_k, reciprocal_rank, summarize

F, T = False, True


def test_recall_and_reciprocal_rank():
    ranking = (F, F, T, F, T)
    assert [recall_at_k(ranking, k) for k in (1, 2, 3, 5, 10)] == [0, 0, 1, 1, 1]
    assert reciprocal_rank(ranking) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranking, k=2) == 0.0
    assert reciprocal_rank(()) == 0.0 and recall_at_k((), 10) == 0.0


def test_ndcg():
    assert ndcg_at_k((T, F, F)) == 1.0
    assert ndcg_at_k((F, T)) == pytest.approx(1 / math.log2(3))
    # two right citations at ranks 2 and 4; ideal puts two at ranks 1 and 2
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k((F, T, F, T)) == pytest.approx(expected)
    assert ndcg_at_k((F,) * 10 + (T,)) == 0.0  # rank 11 is past the cut-off
    assert ndcg_at_k(()) == 0.0


def test_percentile_interpolates():
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([float(v) for v in range(1, 101)], 95) == pytest.approx(95.05)
    assert percentile([], 50) is None


def test_summarize_counts_each_metric_over_its_own_questions():
    outcomes = [
        Outcome(True, (T, F), True, 1.0, False, 10.0),  # right, evidence at rank 1
        Outcome(True, (F, F, F, F, F, T), False, 0.5, False, 20.0),  # wrong, evidence at rank 6
        Outcome(True, None, False, 0.0, True, 30.0),  # refused; no gold to rank
        Outcome(False, None, False, 0.0, True, 40.0),  # unanswerable, refused
        Outcome(False, None, False, 0.0, False, 50.0),  # unanswerable, answered
    ]
    m = summarize(outcomes)
    assert (m["n"], m["n_answerable"], m["n_unanswerable"], m["n_retrieval"]) == (5, 3, 2, 2)
    assert (m["recall_at_1"], m["recall_at_5"], m["recall_at_10"]) == (0.5, 0.5, 1.0)
    assert m["mrr_at_10"] == pytest.approx((1 + 1 / 6) / 2)
    assert m["ndcg_at_10"] == pytest.approx((1 + 1 / math.log2(7)) / 2)
    assert m["answer_accuracy"] == pytest.approx(1 / 3)
    assert m["answer_f1"] == pytest.approx(0.5)
    assert m["refusal_recall"] == 0.5
    assert m["false_refusal_rate"] == pytest.approx(1 / 3)
    assert (m["latency_ms_p50"], m["latency_ms_p95"]) == (30.0, 48.0)


def test_summarize_without_unanswerable_questions_has_no_refusal_recall():
    m = summarize([Outcome(True, (T,), True, 1.0, False, 5.0)])
    assert m["refusal_recall"] is None and m["answer_accuracy"] == 1.0
