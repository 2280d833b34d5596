"""How the reader's verdict and the rules' decision combine, and the calibration's replay of the same rule."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from yearbook_qa.eval.reader_calibration import Record, Replay
from yearbook_qa.service.answering.reader_choice import Verdicts, choose
from yearbook_qa.service.answering.weights import WEIGHTS

SURE, UNSURE = 8.0, -8.0
BASE = Verdicts(rules_answer=True, rules_confidence=0.1, margin=SURE, clear=True, agree=False)


def test_agreeing_answers_stand():
    assert choose(replace(BASE, agree=True, margin=UNSURE), WEIGHTS) == "rules"


def test_a_sure_reader_replaces_an_unsure_rule_answer_it_contradicts():
    assert choose(BASE, WEIGHTS) == "reader"
    assert choose(replace(BASE, rules_confidence=1.0), WEIGHTS) == "rules"  # the rules are sure
    assert choose(replace(BASE, clear=False), WEIGHTS) == "rules"  # a named check refuses the reader's span


def test_a_reader_sure_there_is_no_answer_refuses_an_unsure_rule_answer():
    assert choose(replace(BASE, margin=-99.0), WEIGHTS) == "refuse"


def test_the_reader_answers_what_the_rules_refuse_when_sure_and_its_span_passes_the_checks():
    refused = replace(BASE, rules_answer=False)
    assert choose(refused, WEIGHTS) == "reader"
    assert choose(replace(refused, clear=False), WEIGHTS) == "refuse"  # its span speaks of another year
    assert choose(replace(refused, margin=UNSURE), WEIGHTS) == "refuse"


def test_off_and_alone():
    assert choose(BASE, WEIGHTS, "off") == "rules"
    assert choose(replace(BASE, margin=UNSURE), WEIGHTS, "alone") == "refuse"
    assert choose(replace(BASE, rules_answer=False), WEIGHTS, "alone") == "reader"


verdicts = st.builds(
    Verdicts,
    rules_answer=st.booleans(),
    rules_confidence=st.floats(0, 1),
    margin=st.one_of(st.none(), st.floats(-10, 10)),
    clear=st.booleans(),
    agree=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(verdicts, min_size=1, max_size=30), st.sampled_from(["combined", "alone", "off"]))
def test_the_calibrations_replay_chooses_as_the_answerer_does(vs, mode):
    replay = Replay([Record(True, v, True, False) for v in vs])
    reader, nobody = replay.choices(WEIGHTS, mode)
    for v, r, n in zip(vs, reader, nobody, strict=True):
        expected = choose(v, WEIGHTS, mode)
        assert (bool(r), bool(n)) == (expected == "reader", expected == "refuse"), v
