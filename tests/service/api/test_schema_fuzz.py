"""schemathesis against the served OpenAPI schema: whatever it sends, never a 5xx, always the error shape.

Bounded: a fixed number of derandomised examples over all operations, valid (positive) and
schema-violating (negative) ones.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_no_server_errors(live, api_key, mode):
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    operations: set[str] = set()
    statuses: set[int] = set()

    @given(case=schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case):
        operations.add(f"{case.method} {case.path}")
        response = case.call(base_url=live.url, headers={"Authorization": f"Bearer {api_key}"}, timeout=120)
        statuses.add(response.status_code)
        assert response.status_code < 500, (case.method, case.path, case.body, response.text)
        if response.status_code >= 400:
            error = response.json()["error"]
            assert error["code"] and error["message"]

    check()
    assert {"POST /api/ask", "POST /v1/chat/completions"} <= operations, operations
    wanted = 200 if mode == GenerationMode.POSITIVE else 422  # the examples did reach the answerer / validation
    assert wanted in statuses, statuses
