"""A short run of the load test (bench/load_test.py) against the real server: 32 clients, zero errors.

The 30-second benchmark is `python -m bench.load_test`; latency is reported there, not asserted here.
"""

from __future__ import annotations

from bench.load_test import questions_from, run_load


def test_32_concurrent_clients_get_no_errors(live, api_key):
    result = run_load(
        live.url,
        clients=32,
        duration_s=5,
        questions=questions_from(limit=20),
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert result["errors"] == 0, result["error_samples"]
    assert result["ok"] >= 32  # every client finished at least one question
    lat = result["latency_ms"]
    assert 0 < lat["p50"] <= lat["p95"] <= lat["max"]
