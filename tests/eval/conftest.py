"""Eval runs shared by the eval tests: each question set goes through the real answerer once."""
from __future__ import annotations

from pathlib import Path

import pytest

from yearbook_qa.eval.harness import EvalResult, evaluate
from yearbook_qa.eval.question_set import load_questions

REPO = Path(__file__).resolve().parents[2]
OWN_QUESTIONS = REPO / "eval" / "questions" / "yearbook_questions.jsonl"
DEV_QUESTIONS = REPO / "eval" / "questions" / "shared_dev_questions.jsonl"
BLIND_QUESTIONS = REPO / "eval" / "questions" / "yearbook_blind_questions.jsonl"
BLIND2_QUESTIONS = REPO / "eval" / "questions" / "yearbook_blind2_questions.jsonl"


@pytest.fixture(scope="session")
def own_result(answerer) -> EvalResult:
    """The project's own set, scored through the session answerer."""
    return evaluate(load_questions(OWN_QUESTIONS), answerer, top_k=5)


@pytest.fixture(scope="session")
def dev_result(answerer) -> EvalResult:
    """The shared dev set, scored through the session answerer."""
    return evaluate(load_questions(DEV_QUESTIONS), answerer, top_k=5)


@pytest.fixture(scope="session")
def blind_result(answerer) -> EvalResult:
    """The blind set (written from the yearbook text before reading the answering code), scored the same way."""
    return evaluate(load_questions(BLIND_QUESTIONS), answerer, top_k=5)


@pytest.fixture(scope="session")
def blind2_result(answerer) -> EvalResult:
    """The second blind set (written the same way, a round later), scored the same way."""
    return evaluate(load_questions(BLIND2_QUESTIONS), answerer, top_k=5)
