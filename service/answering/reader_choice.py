"""How the reader's verdict and the rules' decision become one answer (pure: the calibration replays it).

The rules know what a reader does not (the asked year and its edition, units, table cells by header, names the
corpus never mentions); the reader knows span edges and whether a passage answers at all. So: where both
answer alike, the rules' answer stands with the surer of the two confidences; a rule answer the reader
contradicts gives way to the reader's span when the reader is sure and the rules are not, or is refused when
the reader is sure no passage read holds an answer; a question the rules refuse is answered by the reader's
span when it is sure of it and the named checks (years, editions, names, items), applied to that span, pass
it: a check that refused the rules' candidate (another year's sentence) need not refuse the reader's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from yearbook_qa.service.answering.weights import Weights

Choice = Literal["rules", "reader", "refuse"]
Mode = Literal["combined", "alone", "off"]


@dataclass(frozen=True)
class Verdicts:
    """One question's two verdicts before they are combined."""

    rules_answer: bool  # the rules give an answer
    rules_confidence: float
    margin: float | None  # the reader's best span score less its no-answer score; None: nothing was read
    clear: bool  # the named checks pass the reader's span
    agree: bool  # the reader's best span and the rules' answer overlap


def confidence(margin: float) -> float:
    """The reader's probability that its span, not "no answer", is right: the logistic of the margin."""
    return 1 / (1 + math.exp(-margin))


def choose(v: Verdicts, w: Weights, mode: Mode = "combined") -> Choice:
    """Whose answer is given, or a refusal."""
    if mode == "alone":
        return "reader" if v.margin is not None and v.margin >= w.reader_alone else "refuse"
    if mode == "off" or v.margin is None:
        return "rules" if v.rules_answer else "refuse"
    if v.rules_answer:
        if v.agree:
            return "rules"
        if v.clear and v.margin >= w.reader_switch and v.rules_confidence < w.reader_switch_confidence:
            return "reader"
        if v.margin < w.reader_refuse and v.rules_confidence < w.reader_refuse_confidence:
            return "refuse"
        return "rules"
    if v.clear and v.margin >= w.reader_answer:
        return "reader"
    return "refuse"
