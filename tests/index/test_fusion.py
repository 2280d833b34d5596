"""Fusion of the lexical and dense rankings: relative scores (default) and weighted reciprocal ranks."""

import numpy as np
import pytest

from yearbook_qa.index.fusion import reciprocal_rank_fusion, relative_score_fusion


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


def _ranking(rows, scores):
    return np.array(rows, dtype=np.int64), np.array(scores, dtype=np.float32)


def test_relative_scores_divide_bm25_by_its_best_and_min_max_the_cosines():
    fused = dict(
        relative_score_fusion(
            _ranking([7, 3], [10.0, 5.0]), _ranking([3, 9, 4], [0.9, 0.8, 0.7]), lexical_weight=1.0, dense_weight=0.5
        )
    )
    assert fused[7] == pytest.approx(1.0)
    assert fused[3] == pytest.approx(0.5 + 0.5 * 1.0)
    assert fused[9] == pytest.approx(0.5 * 0.5)
    assert fused[4] == pytest.approx(0.0)


def test_a_clear_lexical_winner_beats_the_dense_first_place_that_rrf_would_prefer():
    lexical = _ranking([1, 2], [12.0, 2.0])  # row 1 holds the question's rare words; row 2 barely matches
    dense = _ranking([2, 3, 1], [0.86, 0.855, 0.85])  # the dense side hardly tells its top three apart
    assert relative_score_fusion(lexical, dense, 1.0, 0.7)[0][0] == 1
    assert reciprocal_rank_fusion([(lexical[0], 1.0), (dense[0], 1.0)], k=60)[0][0] == 2


def test_one_empty_side_leaves_the_other_sides_order():
    lexical = _ranking([], [])
    dense = _ranking([5, 6], [0.9, 0.8])
    assert [row for row, _ in relative_score_fusion(lexical, dense)] == [5, 6]
    assert relative_score_fusion(_ranking([4], [3.0]), lexical) == [(4, 1.0)]
