"""Bounded load test: concurrent clients asking POST /api/ask for a fixed time, on loopback; JSON out.

    .venv/bin/python -m bench.load_test                 # 32 clients x 30 s against a `yearbook-qa serve` it starts
    .venv/bin/python -m bench.load_test --url http://127.0.0.1:8000 --key KEY

A benchmark, not a timed assertion: it reports requests, errors and latency percentiles.
The server it starts has the rate limit off (32 clients share one address).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from yearbook_qa.eval.metrics import percentile
from yearbook_qa.eval.question_set import load_questions

QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "questions" / "yearbook_questions.jsonl"


def questions_from(path: Path = QUESTIONS, limit: int = 50) -> list[str]:
    """The first `limit` questions of a question set."""
    return [q.question for q in load_questions(path)][:limit]


async def _client(
    http: httpx.AsyncClient,
    questions: Sequence[str],
    asked: Iterator[int],
    stop_at: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    while time.monotonic() < stop_at:
        question = questions[next(asked) % len(questions)]  # shared by the clients: no repeat before the end
        start = time.perf_counter()
        try:
            r = await http.post("/api/ask", json={"question": question})
            if r.status_code != 200:
                errors.append(f"HTTP {r.status_code}: {r.text[:200]}")
                continue
        except httpx.HTTPError as e:
            errors.append(f"{type(e).__name__}: {e}")
            continue
        latencies.append((time.perf_counter() - start) * 1000)


async def _run(url: str, clients: int, duration_s: float, questions: Sequence[str], headers: dict[str, str]) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=300, limits=limits) as http:
        started = time.monotonic()
        stop_at = started + duration_s
        asked = itertools.count()
        await asyncio.gather(*(_client(http, questions, asked, stop_at, latencies, errors) for _ in range(clients)))
        elapsed = time.monotonic() - started
    ms = sorted(latencies)
    return {
        "url": url,
        "clients": clients,
        "duration_s": round(elapsed, 1),
        "requests": len(ms) + len(errors),
        "ok": len(ms),
        "errors": len(errors),
        "distinct_questions": min(len(questions), len(ms) + len(errors)),
        "error_samples": errors[:5],
        "throughput_rps": round(len(ms) / elapsed, 2),
        "latency_ms": {
            "p50": _rounded(percentile(ms, 50)),
            "p95": _rounded(percentile(ms, 95)),
            "p99": _rounded(percentile(ms, 99)),
            "max": round(ms[-1], 1) if ms else 0.0,
            "mean": round(sum(ms) / len(ms), 1) if ms else 0.0,
        },
    }


def _rounded(value: float | None) -> float:
    return round(value or 0.0, 1)


def run_load(
    url: str,
    clients: int = 32,
    duration_s: float = 30.0,
    questions: Sequence[str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict:
    """Keep `clients` requests in flight against `url`/api/ask for `duration_s` seconds; the summary as a dict."""
    return asyncio.run(_run(url, clients, duration_s, questions or questions_from(), headers or {}))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(url: str, timeout_s: float, proc: subprocess.Popen | None = None) -> None:
    """Return once the server at `url` answers /readyz; RuntimeError if `proc` exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"yearbook-qa serve exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("yearbook-qa serve did not become ready")
        time.sleep(0.5)


@contextmanager
def started_server(
    timeout_s: float = 600, env: dict[str, str] | None = None, workers: int = 1
) -> Iterator[tuple[str, int]]:
    """`yearbook-qa serve --workers N` on a free loopback port (configured index, rate limit off, no keys):
    (url, its pid), once it answers /readyz. `env` adds settings (YEARBOOK_QA_*) to the server's environment."""
    port = _free_port()
    env = (
        os.environ
        | (env or {})
        | {
            "YEARBOOK_QA_HOST": "127.0.0.1",
            "YEARBOOK_QA_PORT": str(port),
            "HF_HUB_OFFLINE": "1",
            "YEARBOOK_QA_RATE_LIMIT_PER_MINUTE": "0",
            "YEARBOOK_QA_API_KEYS": "[]",
        }
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "yearbook_qa.service.cli", "serve", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, timeout_s, proc)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="load test POST /api/ask")
    p.add_argument("--url", help="a running service (default: start `yearbook-qa serve` on a free port)")
    p.add_argument("--key", help="API key, if the service has keys set")
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--duration", type=float, default=30.0, help="seconds")
    p.add_argument("--out", help="also write the JSON here")
    args = p.parse_args(argv)
    headers = {"Authorization": f"Bearer {args.key}"} if args.key else {}
    if args.url:
        result = run_load(args.url, args.clients, args.duration, headers=headers)
    else:
        with started_server() as (url, _):
            result = run_load(url, args.clients, args.duration, headers=headers)
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
