"""Weighted reciprocal-rank fusion."""
import pytest

from yearbook_qa.index.fusion import reciprocal_rank_fusion


def test_scores_are_weighted_reciprocal_ranks():
    fused = dict(reciprocal_rank_fusion([([7, 3], 1.0), ([3, 9], 0.5)], k=60))
    assert fused[7] == pytest.approx(1.0 / 61)
    assert fused[3] == pytest.approx(1.0 / 62 + 0.5 / 61)
    assert fused[9] == pytest.approx(0.5 / 62)


def test_agreement_outranks_a_single_first_place():
    ranked = [row for row, _ in reciprocal_rank_fusion([([1, 2], 1.0), ([2, 3], 1.0)], k=60)]
    assert ranked == [2, 1, 3]


def test_the_heavier_list_wins_a_disagreement():
    ranked = [row for row, _ in reciprocal_rank_fusion([([1], 0.5), ([2], 1.0)], k=60)]
    assert ranked == [2, 1]
