"""The threshold calibration: the cost of a threshold is the false refusals it adds, not those it finds."""

from __future__ import annotations

from yearbook_qa.eval.calibrate import Answered, best_threshold, held_out


def _set(confidences_right: list[tuple[float, bool]], unanswerable: list[float], unoffered: int = 0) -> list[Answered]:
    out = [Answered(True, True, c, right) for c, right in confidences_right]
    out += [Answered(True, False, 0.0, False)] * unoffered  # no candidate at all: refused at any threshold
    return out + [Answered(False, True, c, False) for c in unanswerable]


def test_the_threshold_is_held_to_the_false_refusals_it_adds():
    # 20 answerable questions, 2 of them never answered (10% false refusals before any threshold), and
    # 3 unanswerable ones answered at 0.1, 0.2 and 0.3
    one = _set([(0.9, True)] * 17 + [(0.25, False)], [0.1, 0.2, 0.3], unoffered=2)
    other = _set([(0.8, True)] * 19 + [(0.35, True)], [0.15, 0.25])
    threshold, _objective, figures = best_threshold({"one": one, "other": other})
    # 0.32 refuses the wrong 0.25 (+5%) and two unanswerable ones of `one`; 0.36 would also refuse `other`'s
    # right 0.35 answer (+5%) but catch no more unanswerable questions there: 0.3 < t <= 0.34 wins
    assert 0.3 < threshold <= 0.34
    assert figures["one"]["false_refusal_rate"] == 0.15 and figures["one"]["refusal_recall"] == 1.0
    assert figures["other"]["false_refusal_rate"] == 0.0 and figures["other"]["refusal_recall"] == 1.0


def test_the_threshold_decides_the_most_questions_right_over_all_sets_at_once():
    # refusing at 0.5 catches `small`'s one unanswerable question (its refusal recall 0 -> 1) but refuses five right
    # answers of `big` and one of `small`: per-set rates would take it, counted in questions it loses 5
    small = _set([(0.9, True)] * 19 + [(0.45, True)], [0.48])
    big = _set([(0.9, True)] * 95 + [(0.45, True)] * 5, [0.1, 0.1])
    threshold, objective, figures = best_threshold({"small": small, "big": big})
    assert threshold == 0.12 and objective == (20 + 102) / 123
    assert figures["small"]["refusal_recall"] == 0.0 and figures["big"]["false_refusal_rate"] == 0.0


def test_held_out_scores_each_set_at_the_threshold_the_other_sets_choose():
    one = _set([(0.9, True)] * 19 + [(0.25, True)], [0.2])
    other = _set([(0.9, True)] * 20, [0.3, 0.35])
    third = _set([(0.9, True)] * 20, [0.3])
    figures = held_out({"one": one, "other": other, "third": third})
    # without `one`, 0.36 refuses every unanswerable question of the others and no answerable one: `one` loses
    # its right 0.25 answer (a false refusal the set itself would have shown), which its own choice would not
    assert figures["one"]["threshold"] == 0.36 and figures["one"]["false_refusal_rate"] == 0.05
    assert figures["third"]["threshold"] == 0.36 and figures["third"]["refusal_recall"] == 1.0
