"""Fair shares of the answerer: turns per client, a deadline with Retry-After, and a greedy client over real HTTP."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest

from yearbook_qa.service.api.fairness import Busy, FairGate


def test_a_newcomer_is_served_before_a_greedy_backlog():
    async def scenario() -> list[str]:
        gate, order = FairGate(slots=1, timeout_s=10), []

        async def ask(client: str) -> None:
            await gate.acquire(client)
            order.append(client)
            await asyncio.sleep(0.01)
            gate.release(client, 0.01)

        greedy = [asyncio.create_task(ask("greedy")) for _ in range(10)]
        await asyncio.sleep(0)  # the greedy backlog is queued first
        late = [asyncio.create_task(ask(c)) for c in ("alice", "bob")]
        await asyncio.gather(*greedy, *late)
        return order

    order = asyncio.run(scenario())
    assert order.index("alice") <= 2 and order.index("bob") <= 4, order
    assert len(order) == 12


def test_costly_questions_earn_fewer_turns():
    async def scenario() -> list[str]:
        gate, order = FairGate(slots=1, timeout_s=10), []

        async def ask(client: str, cost: float) -> None:
            await gate.acquire(client)
            order.append(client)
            await asyncio.sleep(0)
            gate.release(client, cost)

        tasks = [asyncio.create_task(ask("costly", 1.0)) for _ in range(5)]
        tasks += [asyncio.create_task(ask("cheap", 0.1)) for _ in range(20)]
        await asyncio.gather(*tasks)
        return order

    order = asyncio.run(scenario())
    assert order[:12].count("costly") <= 2, order  # one costly answer is worth ten cheap ones


def test_past_the_deadline_a_waiter_gets_busy_with_a_retry_after():
    async def scenario() -> tuple[int, int]:
        gate = FairGate(slots=1, timeout_s=0.2)
        await gate.acquire("a")
        with pytest.raises(Busy) as busy:
            await gate.acquire("b")
        gate.release("a", 3.0)
        await gate.acquire("b")  # the slot was passed on, not lost
        return busy.value.retry_after, gate.queued()

    retry_after, queued = asyncio.run(scenario())
    assert retry_after >= 1 and queued == 0


def test_a_cancelled_waiter_does_not_leak_its_slot():
    async def scenario() -> None:
        gate = FairGate(slots=1, timeout_s=10)
        await gate.acquire("a")
        waiter = asyncio.create_task(gate.acquire("b"))
        await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        gate.release("a")
        await asyncio.wait_for(gate.acquire("c"), 1)

    asyncio.run(scenario())


LONG = "十届二次会议开幕那天实到多少委员" * 30  # a 480-character question: the costly kind


def test_a_greedy_client_cannot_starve_a_normal_one(live_settings, serve_app, api_key):
    """Over HTTP: 12 costly questions from one address, then one from another: it does not wait behind all 12."""
    s = live_settings.model_copy(update={"trusted_proxies": ["127.0.0.1"], "answer_slots": 1})
    done: list[str] = []
    auth = {"Authorization": f"Bearer {api_key}"}
    with serve_app(s) as server:

        def ask(who: str, question: str) -> None:
            with httpx.Client(base_url=server.url, timeout=300) as c:
                r = c.post("/api/ask", json={"question": question}, headers=auth | {"X-Forwarded-For": who})
                assert r.status_code == 200, r.text
                done.append(who)

        greedy = [threading.Thread(target=ask, args=("10.0.0.66", f"{LONG}{i}")) for i in range(12)]
        for t in greedy:
            t.start()
        time.sleep(0.3)  # the greedy backlog is queued
        already = len(done)
        ask("10.0.0.7", "十届二次会议开幕那天实到多少委员？")
        behind = done.index("10.0.0.7") - already  # greedy answers finished while the normal one waited
        for t in greedy:
            t.join()
    assert len(done) - already > 2, done  # a backlog was still waiting when the normal client came
    assert behind <= 2, done  # served within a turn or two, not after the whole backlog


def test_queued_past_the_deadline_is_503_with_retry_after(live_settings, serve_app, api_key):
    s = live_settings.model_copy(update={"answer_slots": 1, "answer_queue_timeout_s": 0.01})
    auth = {"Authorization": f"Bearer {api_key}"}
    results: list[httpx.Response] = []
    clients = 8
    together = threading.Barrier(clients)  # all asked at once: on a slow machine staggered starts never queue
    with serve_app(s) as server:

        def ask(i: int) -> None:
            with httpx.Client(base_url=server.url, timeout=300) as c:
                c.get("/healthz")  # connected before the barrier
                together.wait()
                results.append(c.post("/api/ask", json={"question": f"{LONG}{i}"}, headers=auth))

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        busy = [r for r in results if r.status_code == 503]
        assert busy and all(r.status_code in (200, 503) for r in results), [r.status_code for r in results]
        assert busy[0].json()["error"]["code"] == "busy" and int(busy[0].headers["retry-after"]) >= 1
        with httpx.Client(base_url=server.url, timeout=60) as c:
            assert c.get("/healthz").status_code == 200
