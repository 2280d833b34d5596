"""Calibrate how the reader and the rules combine, over every gated set at once (`make calibrate-reader`).

Each question of each gated set is asked once: the rules' decision and the reader's view of it are kept with
whether each one's answer is right (`Answerer.decisions`). Then every setting of the five reader weights on a
grid is replayed on those records without asking again (`reader_choice.choose` is pure), each set scored, and
the setting that decides the most questions right (answerable ones answered right, unanswerable ones refused;
every set weighing the same) among those that hold every set's gate (eval/thresholds.json) is printed, with
rules alone, reader alone and the current weights beside it, and `held_out`: each set at the setting chosen on
all the others, the honest estimate for a set the calibration has not seen.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from yearbook_qa.eval.gate import breaches, gated_corpus, gated_sets, load_thresholds
from yearbook_qa.eval.matching import answer_correct
from yearbook_qa.eval.question_set import Question, load_questions
from yearbook_qa.service.answering.answerer import SEARCH_DEPTH, Answerer, to_verdicts
from yearbook_qa.service.answering.outline_questions import part_heading
from yearbook_qa.service.answering.reader_choice import Mode, Verdicts
from yearbook_qa.service.answering.weights import WEIGHTS, Weights
from yearbook_qa.service.settings import Settings

SURE_LEVELS = tuple(round(0.05 * i, 2) for i in range(21))
SURE_PRECISION = 0.9  # answers shown as sure must be right at least this often, over all sets pooled
GRID = {
    "reader_answer": (-1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 99.0),
    "reader_switch": (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 99.0),
    "reader_switch_confidence": (0.3, 0.45, 0.6, 0.75, 0.9, 1.01),
    "reader_refuse": (-99.0, -6.0, -4.0, -3.0, -2.0, -1.0, 0.0),
    "reader_refuse_confidence": (0.3, 0.5, 0.7, 0.9, 1.01),
}


@dataclass(frozen=True)
class Record:
    """One question's verdicts, and whether each answer would be right."""

    answerable: bool
    verdicts: Verdicts
    rules_right: bool
    reader_right: bool


def record(answerer: Answerer, q: Question) -> Record:
    """Ask once; keep both verdicts (an outline question is the rules' alone, as `ask` answers it)."""
    hits = answerer.index.search(q.question, k=SEARCH_DEPTH)
    if part_heading(q.question, answerer.index.passages) is not None:
        a = answerer.ask(q.question)
        return Record(
            q.answerable,
            Verdicts(a.answerable, a.confidence, None, False, False),
            answer_correct(a.answer, q),
            False,
        )
    decision, view = answerer.decisions(q.question, hits)
    assert view is not None
    return Record(
        q.answerable,
        to_verdicts(decision, view),
        decision.answerable and answer_correct(decision.answer, q),
        view.support is not None and answer_correct(view.support.answer, q),
    )


class Replay:
    """A set's records as arrays, so that a setting of the weights is scored in a few vector operations."""

    def __init__(self, records: Sequence[Record]) -> None:
        v = [r.verdicts for r in records]
        self.records = list(records)
        self.answerable = np.array([r.answerable for r in records], dtype=bool)
        self.rules_right = np.array([r.rules_right for r in records], dtype=bool)
        self.reader_right = np.array([r.reader_right for r in records], dtype=bool)
        self.rules_answer = np.array([x.rules_answer for x in v], dtype=bool)
        self.confidence = np.array([x.rules_confidence for x in v])
        self.read = np.array([x.margin is not None for x in v], dtype=bool)
        self.margin = np.array([x.margin if x.margin is not None else -np.inf for x in v])
        self.clear = np.array([x.clear for x in v], dtype=bool)
        self.agree = np.array([x.agree for x in v], dtype=bool)

    def choices(self, w: Weights, mode: Mode) -> tuple[np.ndarray, np.ndarray]:
        """(the reader answers, nobody answers) per question: `reader_choice.choose` over the arrays."""
        if mode == "off":
            return np.zeros_like(self.read), ~self.rules_answer
        if mode == "alone":
            reader = self.read & (self.margin >= w.reader_alone)
            return reader, ~reader
        switch = self.clear & (self.margin >= w.reader_switch) & (self.confidence < w.reader_switch_confidence)
        switch &= self.rules_answer & ~self.agree & self.read
        refuse = (self.margin < w.reader_refuse) & (self.confidence < w.reader_refuse_confidence)
        refuse &= self.rules_answer & ~self.agree & ~switch & self.read
        rescue = ~self.rules_answer & self.clear & (self.margin >= w.reader_answer) & self.read
        reader = switch | rescue
        nobody = (~self.rules_answer & ~rescue) | refuse
        return reader, nobody

    def given(self, w: Weights, mode: Mode) -> tuple[np.ndarray, np.ndarray]:
        """(answered right, confidence) of every answered question, had `w` decided (as `Answerer._combined`)."""
        reader, nobody = self.choices(w, mode)
        sure_reader = 1 / (1 + np.exp(-np.clip(self.margin, -50, 50)))
        agreed = self.agree & self.read & (mode != "off")
        conf = np.where(
            reader, sure_reader, np.where(agreed, np.maximum(self.confidence, sure_reader), self.confidence)
        )
        right = np.where(reader, self.reader_right, self.rules_right)
        answered = ~nobody
        return right[answered] & self.answerable[answered], conf[answered]

    def figures(self, w: Weights, mode: Mode) -> dict[str, float]:
        """Accuracy, false refusals, refusal recall and the share decided right, had `w` decided."""
        reader, nobody = self.choices(w, mode)
        right = np.where(reader, self.reader_right, self.rules_right & ~nobody)
        yes, no = self.answerable, ~self.answerable
        n_yes, n_no = int(yes.sum()), int(no.sum())
        return {
            "answer_accuracy": float((right & yes).sum()) / max(1, n_yes),
            "false_refusal_rate": float((nobody & yes).sum()) / max(1, n_yes),
            "refusal_recall": float((nobody & no).sum()) / n_no if n_no else 1.0,
            "decided_right": float((right & yes).sum() + (nobody & no).sum()) / max(1, len(self.records)),
        }


def settings_grid(base: Weights) -> list[Weights]:
    return [
        dataclasses.replace(base, **dict(zip(GRID, values, strict=True)))
        for values in itertools.product(*GRID.values())
    ]


def best(by_set: dict[str, Replay], grid: list[Weights], gate: bool = True) -> tuple[Weights, float]:
    """The setting deciding the most right (mean over sets) among those holding every set's gate."""
    scored = []
    for w in grid:
        per_set = {name: replay.figures(w, "combined") for name, replay in by_set.items()}
        if gate and any(breaches(f, _gate(name)) for name, f in per_set.items()):
            continue
        scored.append((sum(f["decided_right"] for f in per_set.values()) / len(per_set), w))
    if not scored:
        return best(by_set, grid, gate=False) if gate else (WEIGHTS, 0.0)
    objective, w = max(scored, key=lambda row: row[0])
    return w, objective


def _gate(name: str) -> dict[str, dict[str, float]]:
    thresholds = load_thresholds(name)
    thresholds["min"].pop("recall_at_5", None)  # retrieval: not the reader's to change
    return thresholds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m yearbook_qa.eval.reader_calibration", description=__doc__)
    parser.add_argument(
        "--hold-out",
        default="",
        help="sets left out of the choice (comma-separated): their figures at it are a first contact's",
    )
    parser.add_argument("--records", type=Path, default=None, help="keep the asked records here, and reuse them")
    args = parser.parse_args(argv)
    hold_out = {name for name in args.hold_out.split(",") if name}
    from yearbook_qa.eval.calibrate import _over
    from yearbook_qa.service.runtime import configured_embedder, load_answerer

    if args.records is not None and args.records.exists():
        asked = {
            name: [
                Record(r["answerable"], Verdicts(**r["verdicts"]), r["rules_right"], r["reader_right"]) for r in rows
            ]
            for name, rows in json.loads(args.records.read_text(encoding="utf-8")).items()
        }
    else:
        settings = Settings()
        embedder = configured_embedder(settings)
        asked = {}
        answerers: dict[object, Answerer] = {}
        for name, path in gated_sets().items():
            corpus = gated_corpus(name)
            if corpus not in answerers:
                answerers[corpus] = load_answerer(settings if corpus is None else _over(settings, corpus), embedder)
            asked[name] = [record(answerers[corpus], q) for q in tqdm(load_questions(path), desc=name, file=sys.stderr)]
        if args.records is not None:
            rows = {name: [dataclasses.asdict(r) for r in records] for name, records in asked.items()}
            args.records.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    by_set = {name: Replay(records) for name, records in asked.items()}
    grid = settings_grid(WEIGHTS)
    chosen, objective = best({n: r for n, r in by_set.items() if n not in hold_out}, grid)
    held_out = {}
    for name in by_set:
        w, _ = best({n: r for n, r in by_set.items() if n != name}, grid)
        held_out[name] = by_set[name].figures(w, "combined")
    alone = max(
        (dataclasses.replace(WEIGHTS, reader_alone=t) for t in GRID["reader_answer"]),
        key=lambda w: sum(r.figures(w, "alone")["decided_right"] for r in by_set.values()),
    )
    given = [r.given(chosen, "combined") for r in by_set.values()]
    right, conf = np.concatenate([g[0] for g in given]), np.concatenate([g[1] for g in given])
    sure = next(
        (t for t in SURE_LEVELS if (conf >= t).any() and right[conf >= t].mean() >= SURE_PRECISION), SURE_LEVELS[-1]
    )
    out = {
        "chosen": {k: getattr(chosen, k) for k in GRID},
        "sure": sure,
        "sure_share_of_answers": round(float((conf >= sure).mean()), 4),
        "right_when_sure": round(float(right[conf >= sure].mean()), 4),
        "right_when_unsure": round(float(right[conf < sure].mean()), 4) if (conf < sure).any() else None,
        "objective": round(objective, 4),
        "held_out_of_the_choice": sorted(hold_out),
        "reader_alone": alone.reader_alone,
        "sets": {
            name: {
                "n": len(replay.records),
                "rules": replay.figures(WEIGHTS, "off"),
                "reader_alone": replay.figures(alone, "alone"),
                "current": replay.figures(WEIGHTS, "combined"),
                "chosen": replay.figures(chosen, "combined"),
                "held_out": held_out[name],
            }
            for name, replay in by_set.items()
        },
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
