"""Eval runs shared by the eval tests: each question set goes through the real answerer once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DEV_QUESTIONS
from yearbook_qa.eval.harness import EvalResult, evaluate
from yearbook_qa.eval.question_set import load_questions


@pytest.fixture(scope="session")
def scored(answerer) -> Callable[[Path], EvalResult]:
    """Score a question file through the session answerer (top_k 5), each file once."""
    results: dict[Path, EvalResult] = {}

    def score(path: Path) -> EvalResult:
        if path not in results:
            results[path] = evaluate(load_questions(path), answerer, top_k=5)
        return results[path]

    return score


@pytest.fixture(scope="session")
def dev_result(scored) -> EvalResult:
    """The shared dev set, scored through the session answerer."""
    return scored(DEV_QUESTIONS)
