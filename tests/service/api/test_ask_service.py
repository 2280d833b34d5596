"""Answers in parallel: no global lock, a bounded pool, and the same answers as one at a time."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from bench.load_test import questions_from
from yearbook_qa.service.api.ask_service import AskService, cores


def _comparable(answer) -> dict:
    return answer.to_dict() | {"timing_ms": None}


def test_parallel_answers_equal_sequential_ones(answerer, settings):
    """24 questions asked by 12 threads at once (fresh query vectors) get exactly the sequential answers."""
    questions = questions_from(limit=24)
    answerer.index.forget_queries()
    expected = [_comparable(answerer.ask(q, top_k=settings.top_k)) for q in questions]
    answerer.index.forget_queries()
    service = AskService(answerer, settings, workers=4)
    with ThreadPoolExecutor(12) as clients:
        got = list(clients.map(lambda q: _comparable(service.ask(q)[0]), questions))
    assert got == expected


def test_the_pool_is_bounded_and_runs_answers_side_by_side(answerer, settings, monkeypatch):
    """At most `workers` answers run at once, and more than one does (nothing serialises them)."""
    running, peak, lock = [0], [0], threading.Lock()
    ask = answerer.ask

    def counting_ask(*args, **kwargs):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            return ask(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(answerer, "ask", counting_ask)
    service = AskService(answerer, settings, workers=3)
    with ThreadPoolExecutor(16) as clients:
        list(clients.map(lambda q: service.ask(q), questions_from(limit=48)))
    assert 2 <= peak[0] <= 3


def test_the_default_pool_is_sized_to_the_cores(answerer, settings):
    assert AskService(answerer, settings).workers == cores()
