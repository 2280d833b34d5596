"""Reproduce the answerer's calibration over the gated question sets, each over its own corpus (`make calibrate`).

The threshold: every set is answered once with no threshold, then each candidate threshold is scored
from the confidences; the chosen one maximises the questions decided right over all the sets at once (answerable
ones answered, unanswerable ones refused, counted in questions, not per-set rates) while the threshold refuses no
more than MAX_FALSE_REFUSALS of any set's answerable questions beyond those the answerer refuses with no threshold
at all (no candidate, a year or place that disagrees: not the threshold's doing); ties go to the lower threshold.
Its honest estimate is `held_out`: each set scored at the threshold chosen on all the others. With `--weights`, the
four score weights (fit, align, rank, row) are moved one at a time by the given steps and each setting
is scored the same way, so a change of a weight comes with its figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from yearbook_qa.eval.gate import gated_corpus, gated_sets
from yearbook_qa.eval.harness import evaluate
from yearbook_qa.eval.question_set import Question, load_questions
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.answering.weights import WEIGHTS, Weights
from yearbook_qa.service.settings import Settings

MAX_FALSE_REFUSALS = 0.05
THRESHOLDS = tuple(round(0.02 * i, 2) for i in range(26))  # 0.00 … 0.50
SCORE_WEIGHTS = ("fit", "align", "rank", "row")


@dataclass(frozen=True)
class Answered:
    """One question answered with no threshold: would it be answered at all, its confidence, was it right."""

    answerable: bool  # the question's own flag
    offered: bool  # the answerer found an answer (before the threshold)
    confidence: float
    correct: bool


def answer_all(answerers: dict[str, Answerer], sets: dict[str, list[Question]]) -> dict[str, list[Answered]]:
    """Every set answered once by its answerer (over its own corpus) with the threshold at 0."""
    out: dict[str, list[Answered]] = {}
    for name, questions in sets.items():
        answerer = answerers[name]
        answerer.threshold = 0.0
        result = evaluate(questions, answerer, progress=name)
        out[name] = [
            Answered(r.question.answerable, r.answer.answerable, r.answer.confidence, r.outcome.correct)
            for r in result.results
        ]
    return out


def at_threshold(answered: Sequence[Answered], threshold: float) -> dict[str, float]:
    """Accuracy, false refusals and refusal recall of one set if answers below `threshold` were refused."""

    def kept(a: Answered) -> bool:
        return a.offered and a.confidence >= threshold

    yes = [a for a in answered if a.answerable]
    no = [a for a in answered if not a.answerable]
    return {
        "answer_accuracy": sum(a.correct and kept(a) for a in yes) / max(1, len(yes)),
        "false_refusal_rate": sum(not kept(a) for a in yes) / max(1, len(yes)),
        "refusal_recall": sum(not kept(a) for a in no) / len(no) if no else 1.0,
    }


def decided_right(answered: Sequence[Answered], threshold: float) -> int:
    """How many questions of a set are decided right at `threshold`: answerable ones answered, unanswerable refused."""
    return sum((a.offered and a.confidence >= threshold) == a.answerable for a in answered)


def best_threshold(by_set: dict[str, list[Answered]]) -> tuple[float, float, dict[str, dict[str, float]]]:
    """(threshold, objective, per-set figures) of the threshold that decides the most questions right over all
    the sets, among those that add at most MAX_FALSE_REFUSALS to any set's false refusals with no threshold
    (0 when none does); the objective is the share of all questions decided right."""
    unthresholded = {name: at_threshold(answered, 0.0)["false_refusal_rate"] for name, answered in by_set.items()}
    total = max(1, sum(len(answered) for answered in by_set.values()))
    scored = []
    for t in THRESHOLDS:
        figures = {name: at_threshold(answered, t) for name, answered in by_set.items()}
        if any(f["false_refusal_rate"] - unthresholded[name] > MAX_FALSE_REFUSALS for name, f in figures.items()):
            continue
        objective = sum(decided_right(answered, t) for answered in by_set.values()) / total
        scored.append((t, objective, figures))
    return max(scored, key=lambda row: (row[1], -row[0]))


def held_out(by_set: dict[str, list[Answered]]) -> dict[str, dict[str, float]]:
    """Leave-one-set-out: each set's figures at the threshold chosen on all the other sets (its own excluded),
    with that threshold: the estimate of how the calibration does on a set it has not seen."""
    out = {}
    for name, answered in by_set.items():
        threshold, _objective, _figures = best_threshold({n: a for n, a in by_set.items() if n != name})
        out[name] = {"threshold": threshold, **at_threshold(answered, threshold)}
    return out


def weight_settings(base: Weights, steps: Sequence[float]) -> list[Weights]:
    """The base weights, then each score weight moved by each step (never below zero)."""
    out = [base]
    for name in SCORE_WEIGHTS:
        for step in steps:
            value = round(getattr(base, name) + step, 3)
            if value >= 0 and step:
                out.append(dataclasses.replace(base, **{name: value}))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m yearbook_qa.eval.calibrate", description=__doc__)
    parser.add_argument("--weights", default="", help="steps for the score weights, e.g. -0.2,-0.1,0.1,0.2")
    args = parser.parse_args(argv)
    steps = [float(s) for s in args.weights.split(",") if s.strip()]

    from yearbook_qa.service.runtime import configured_embedder, load_answerer

    settings = Settings()
    embedder = configured_embedder(settings)
    sets = {name: load_questions(path) for name, path in gated_sets().items()}
    corpora = {name: gated_corpus(name) for name in sets}
    indexes = {}  # one answerer per corpus: the configured one, or HOME/index-<corpus> (built when missing)
    for corpus in set(corpora.values()):
        own = settings if corpus is None else _over(settings, corpus)
        indexes[corpus] = load_answerer(own, embedder).index
    rows = []
    for weights in weight_settings(WEIGHTS, steps):
        by_corpus = {corpus: Answerer(index, weights=weights) for corpus, index in indexes.items()}
        answerers = {name: by_corpus[corpora[name]] for name in sets}
        answered = answer_all(answerers, sets)
        threshold, objective, figures = best_threshold(answered)
        changed = {k: v for k, v in dataclasses.asdict(weights).items() if getattr(WEIGHTS, k) != v}
        rows.append(
            {
                "weights": changed,
                "threshold": threshold,
                "objective": round(objective, 4),
                "sets": figures,
                "held_out": held_out(answered),
            }
        )
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
    print(json.dumps({"current": dataclasses.asdict(WEIGHTS), "runs": rows}, ensure_ascii=False, indent=1))
    return 0


def _over(settings: Settings, corpus: Path) -> Settings:
    """The settings with `corpus` and an index of its own under HOME."""
    return settings.model_copy(update={"corpus": corpus, "index_dir": settings.home / f"index-{corpus.name}"})


if __name__ == "__main__":
    sys.exit(main())
