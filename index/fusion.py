"""Weighted reciprocal-rank fusion of ranked lists."""
from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(rankings: Sequence[tuple[Sequence[int], float]], k: int = 60) -> list[tuple[int, float]]:
    """Fuse ranked lists of rows, each with a weight: score(row) = sum of weight / (k + rank), rank 1-based.

    Returns (row, score), best first; ties keep the order in which rows were first seen.
    """
    fused: dict[int, float] = {}
    for rows, weight in rankings:
        for rank, row in enumerate(rows, start=1):
            fused[int(row)] = fused.get(int(row), 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: -item[1])
