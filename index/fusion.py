"""Fusing the lexical and the dense ranking: by relative score (default) or by weighted reciprocal rank."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FUSIONS = ("score", "rrf")


def relative_score_fusion(
    lexical: tuple[np.ndarray, np.ndarray],
    dense: tuple[np.ndarray, np.ndarray],
    lexical_weight: float = 1.0,
    dense_weight: float = 0.7,
) -> list[tuple[int, float]]:
    """Fuse two (rows, scores) lists, best first, by their scores relative to the list's own best.

    A BM25 score is divided by the top BM25 score (0 means no shared token, so 0 stays the floor); a cosine
    is min-max scaled over the dense list (cosines have no natural floor). Unlike ranks, this keeps how far
    ahead a list's winner is: a passage matching the question's rare words clearly beats one that merely
    ranks first among weak dense neighbours. Returns (row, fused score), best first; ties: first seen first.
    """
    fused: dict[int, float] = {}
    for (rows, scores), weight, floor in ((lexical, lexical_weight, 0.0), (dense, dense_weight, None)):
        if not len(rows):
            continue
        top, low = float(scores[0]), float(scores[-1]) if floor is None else floor
        spread = top - low
        for row, score in zip(rows.tolist(), scores.tolist(), strict=False):
            share = (score - low) / spread if spread > 0 else 1.0
            fused[row] = fused.get(row, 0.0) + weight * share
    return sorted(fused.items(), key=lambda item: -item[1])


def reciprocal_rank_fusion(rankings: Sequence[tuple[Sequence[int], float]], k: int = 60) -> list[tuple[int, float]]:
    """Fuse ranked lists of rows, each with a weight: score(row) = sum of weight / (k + rank), rank 1-based.

    Returns (row, score), best first; ties keep the order in which rows were first seen.
    """
    fused: dict[int, float] = {}
    for rows, weight in rankings:
        for rank, row in enumerate(rows, start=1):
            fused[int(row)] = fused.get(int(row), 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])
