"""Metric math: ranking metrics over relevance lists, answer/refusal rates, latency percentiles."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# The headline metrics, in the order reports show them; "higher is better" unless listed in LOWER_IS_BETTER.
HEADLINE = (
    "recall_at_1",
    "recall_at_5",
    "recall_at_10",
    "mrr_at_10",
    "ndcg_at_10",
    "answer_accuracy",
    "answer_f1",
    "refusal_recall",
    "false_refusal_rate",
    "latency_ms_p50",
    "latency_ms_p95",
)
LOWER_IS_BETTER = frozenset({"false_refusal_rate", "latency_ms_p50", "latency_ms_p95"})


@dataclass(frozen=True)
class Outcome:
    """How one question went, reduced to what the metrics need."""

    answerable: bool
    relevance: tuple[bool, ...] | None  # per citation in rank order; None when no gold is known
    correct: bool  # answer right (always False for unanswerable questions)
    f1: float  # char-F1 of the answer (0 for unanswerable questions)
    refused: bool  # the system said it could not answer
    latency_ms: float


def recall_at_k(relevance: Sequence[bool], k: int) -> float:
    """1 if a right citation is among the first k, else 0 (the evidence is one thing to find)."""
    return 1.0 if any(relevance[:k]) else 0.0


def reciprocal_rank(relevance: Sequence[bool], k: int = 10) -> float:
    """1/rank of the first right citation within the first k, else 0."""
    for rank, rel in enumerate(relevance[:k], start=1):
        if rel:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(relevance: Sequence[bool], k: int = 10) -> float:
    """Binary-relevance nDCG@k; the ideal ranking puts the right citations found (at least one) first."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, rel in enumerate(relevance[:k], start=1) if rel)
    n_ideal = max(1, min(k, sum(bool(r) for r in relevance)))
    idcg = sum(1.0 / math.log2(rank + 1) for rank in range(1, n_ideal + 1))
    return dcg / idcg


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (linear interpolation), None for no values."""
    return float(np.percentile(values, q)) if values else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarize(outcomes: Sequence[Outcome]) -> dict[str, float | int | None]:
    """Every metric over a list of outcomes; a metric with nothing to average over is None.

    Retrieval metrics count answerable questions with known gold; accuracy and F1 count answerable
    questions (a refusal is a wrong answer); refusal recall counts unanswerable ones.
    """
    answerable = [o for o in outcomes if o.answerable]
    unanswerable = [o for o in outcomes if not o.answerable]
    ranked = [o.relevance for o in answerable if o.relevance is not None]
    latencies = [o.latency_ms for o in outcomes]
    return {
        "n": len(outcomes),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "n_retrieval": len(ranked),
        "recall_at_1": _mean([recall_at_k(r, 1) for r in ranked]),
        "recall_at_5": _mean([recall_at_k(r, 5) for r in ranked]),
        "recall_at_10": _mean([recall_at_k(r, 10) for r in ranked]),
        "mrr_at_10": _mean([reciprocal_rank(r, 10) for r in ranked]),
        "ndcg_at_10": _mean([ndcg_at_k(r, 10) for r in ranked]),
        "answer_accuracy": _mean([float(o.correct) for o in answerable]),
        "answer_f1": _mean([o.f1 for o in answerable]),
        "refusal_recall": _mean([float(o.refused) for o in unanswerable]),
        "false_refusal_rate": _mean([float(o.refused) for o in answerable]),
        "latency_ms_p50": percentile(latencies, 50),
        "latency_ms_p95": percentile(latencies, 95),
    }
