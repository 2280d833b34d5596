"""Run a question set through the answering function every surface uses, and score it."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tqdm import tqdm

from yearbook_qa.eval.matching import answer_correct, char_f1, citation_relevant
from yearbook_qa.eval.metrics import Outcome, summarize
from yearbook_qa.eval.question_set import Question
from yearbook_qa.service.answering.answer import Answer

RETRIEVAL_DEPTH = 10  # citations asked for, so that Recall@10 / MRR@10 / nDCG@10 can be scored
UNTYPED = "other"  # the per-type bucket of questions without a `type`


class Asks(Protocol):
    """What the harness needs of an answerer: `yearbook_qa.service.answering.answerer.Answerer.ask`."""

    def ask(self, question: str, history: Sequence = (), top_k: int = 5, filters=None) -> Answer: ...


@dataclass(frozen=True)
class QuestionResult:
    """One question, the answer it got, and how that scored."""

    question: Question
    answer: Answer
    outcome: Outcome


@dataclass(frozen=True)
class EvalResult:
    """All question results of one run, with the metrics over them."""

    results: list[QuestionResult]
    top_k: int

    @property
    def metrics(self) -> dict[str, float | int | None]:
        return summarize([r.outcome for r in self.results])

    @property
    def by_type(self) -> dict[str, dict[str, float | int | None]]:
        """The metrics per question type, types in first-seen order."""
        groups: dict[str, list[Outcome]] = {}
        for r in self.results:
            groups.setdefault(r.question.type or UNTYPED, []).append(r.outcome)
        return {t: summarize(outcomes) for t, outcomes in groups.items()}

    @property
    def by_document(self) -> dict[str, dict[str, float | int | None]]:
        """The metrics per document asked about (the question's `document`, else its first citation's)."""
        groups: dict[str, list[Outcome]] = {}
        for r in self.results:
            groups.setdefault(_document(r), []).append(r.outcome)
        return {d: summarize(outcomes) for d, outcomes in groups.items()}

    @property
    def failures(self) -> list[QuestionResult]:
        """Answerable questions answered wrongly or refused, and unanswerable ones answered."""
        return [
            r
            for r in self.results
            if (r.outcome.answerable and not r.outcome.correct) or (not r.outcome.answerable and not r.outcome.refused)
        ]

    @property
    def refused_by(self) -> dict[str, dict[str, int]]:
        """{first refusing check: {"answerable": false refusals, "unanswerable": right refusals}}, most used first."""
        counts: dict[str, dict[str, int]] = {}
        for r in self.results:
            if r.outcome.refused:
                check = r.answer.refused_by[0] if r.answer.refused_by else UNTYPED
                kind = "answerable" if r.outcome.answerable else "unanswerable"
                counts.setdefault(check, {"answerable": 0, "unanswerable": 0})[kind] += 1
        return dict(sorted(counts.items(), key=lambda kv: -sum(kv[1].values())))

    def to_dict(self) -> dict:
        """The `eval --json` object: the metrics, the citation depth, the per-type and per-document breakdowns and the
        refusals by check."""
        return {
            **self.metrics,
            "top_k": self.top_k,
            "by_type": self.by_type,
            "by_document": self.by_document,
            "refused_by": self.refused_by,
        }


def _document(r: QuestionResult) -> str:
    if r.question.document:
        return r.question.document.removesuffix(".txt")
    return r.answer.citations[0].document_title if r.answer.citations else UNTYPED


def score(question: Question, answer: Answer, latency_ms: float) -> Outcome:
    """Score one answer against its question."""
    refused = not answer.answerable or answer.answer is None
    given = None if refused else answer.answer
    relevance = tuple(citation_relevant(c, question) for c in answer.citations) if question.has_gold else None
    return Outcome(
        answerable=question.answerable,
        relevance=relevance,
        correct=question.answerable and answer_correct(given, question),
        f1=char_f1(given, question.answers) if question.answerable else 0.0,
        refused=refused,
        latency_ms=latency_ms,
    )


def evaluate(
    questions: Sequence[Question],
    answerer: Asks,
    top_k: int = 5,
    progress: str | None = None,
) -> EvalResult:
    """Ask every question (with at least RETRIEVAL_DEPTH citations) and score the answers as given;
    `progress` names a progress bar on stderr (none when None)."""
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    depth = max(top_k, RETRIEVAL_DEPTH)
    results = []
    for q in tqdm(questions, unit="q", file=sys.stderr, desc=progress, disable=None if progress else True):
        start = time.perf_counter()
        answer = answerer.ask(q.question, top_k=depth)
        latency_ms = (time.perf_counter() - start) * 1000
        results.append(QuestionResult(q, answer, score(q, answer, latency_ms)))
    return EvalResult(results=results, top_k=top_k)
