"""Eval runs shared by the eval tests: each question set goes through the real answerer once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DEV_QUESTIONS
from yearbook_qa.corpus import load_corpus
from yearbook_qa.eval.harness import EvalResult, evaluate
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.service.answering.answerer import Answerer


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
def corpus_answerer(tmp_path_factory, embedder, reader) -> Callable[[Path], Answerer]:
    """An answerer over another corpus (a gated set's "corpus"), its index built once per session."""
    answerers: dict[Path, Answerer] = {}

    def load(corpus: Path) -> Answerer:
        if corpus not in answerers:
            out = tmp_path_factory.mktemp("index") / corpus.name
            build_index(load_corpus(corpus).passages, out, embedder, progress=False)
            answerers[corpus] = Answerer(HybridIndex.load(out, embedder), reader=reader)
        return answerers[corpus]

    return load


@pytest.fixture(scope="session")
def scored_over(corpus_answerer) -> Callable[[Path, Path], EvalResult]:
    """Score a question file over its own corpus (top_k 5), each file once."""
    results: dict[Path, EvalResult] = {}

    def score(path: Path, corpus: Path) -> EvalResult:
        if path not in results:
            results[path] = evaluate(load_questions(path), corpus_answerer(corpus), top_k=5)
        return results[path]

    return score


@pytest.fixture(scope="session")
def dev_result(scored) -> EvalResult:
    """The shared dev set, scored through the session answerer."""
    return scored(DEV_QUESTIONS)
