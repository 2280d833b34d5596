"""Fair shares of the answerer: clients take turns, and a question that waits too long gets 503 + Retry-After.

Answering is the one costly thing the service does, and it has `answer_slots` places. Without a
gate the thread pool serves requests in arrival order, so one client sending many questions pushes
everyone else's wait up by its whole backlog. Here a freed slot goes to the waiting client that has
used the least answering time (start-time fair queuing: each client's clock advances by the seconds
its answers took, and a client coming back from idle starts at the current clock, with no saved-up
credit). A newcomer waits for about one answer per slot however long a greedy client's queue is; a
client asking costly questions gets fewer turns; anyone keeps all the slots only while nobody else asks.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict, deque

from yearbook_qa.service.api.ask_service import cores
from yearbook_qa.service.api.security import ASGIApp, Receive, Scope, Send, client_address, json_error, send_reply
from yearbook_qa.service.settings import Settings

ANSWER_PATHS = ("/api/ask", "/v1/chat/completions")


class Busy(Exception):
    """No slot within the deadline; `retry_after` is the estimated wait in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class FairGate:
    """`slots` places shared fairly among clients (on one event loop); a waiter gives up after `timeout_s`."""

    def __init__(self, slots: int, timeout_s: float, remembered: int = 10_000) -> None:
        self.timeout_s = timeout_s
        self._free = slots
        self._slots = slots
        self._queues: dict[str, deque[asyncio.Future[None]]] = {}
        self._used: OrderedDict[str, float] = OrderedDict()  # client -> its answering clock, seconds (bounded)
        self._remembered = remembered
        self._clock = 0.0  # the clock of the client served last
        self._answer_s = 1.0  # running mean of how long a slot is held, for Retry-After

    def queued(self) -> int:
        return sum(len(q) for q in self._queues.values())

    async def acquire(self, client: str) -> None:
        if self._free > 0 and not self._queues:
            self._free -= 1
            self._start(client)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(client, deque()).append(fut)
        timer = asyncio.get_running_loop().call_later(self.timeout_s, self._expire, client, fut)
        try:
            await fut
        except BaseException:
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                self.release(client)  # granted just as the caller gave up: pass the slot on
            else:
                self._forget(client, fut)
            raise
        finally:
            timer.cancel()

    def release(self, client: str, held_s: float = 0.0) -> None:
        """`client` is done with its slot after `held_s` seconds; the slot goes to whoever is due."""
        self._answer_s = 0.8 * self._answer_s + 0.2 * held_s if held_s else self._answer_s
        self._used[client] = self._clock_of(client) + held_s
        self._used.move_to_end(client)
        if len(self._used) > self._remembered:
            self._used.popitem(last=False)
        while self._queues:
            due = min(self._queues, key=self._clock_of)
            fut = self._queues[due].popleft()
            if not self._queues[due]:
                del self._queues[due]
            if not fut.done():
                self._start(due)
                fut.set_result(None)
                return
        self._free += 1

    def _clock_of(self, client: str) -> float:
        return max(self._used.get(client, 0.0), self._clock)

    def _start(self, client: str) -> None:
        self._clock = self._clock_of(client)

    def _retry_after(self) -> int:
        return max(1, math.ceil(self._answer_s * (self.queued() + 1) / self._slots))

    def _expire(self, client: str, fut: asyncio.Future[None]) -> None:
        if not fut.done():
            self._forget(client, fut)
            fut.set_exception(Busy(self._retry_after()))

    def _forget(self, client: str, fut: asyncio.Future[None]) -> None:
        queue = self._queues.get(client)
        if queue is not None and fut in queue:
            queue.remove(fut)
            if not queue:
                del self._queues[client]


class FairShareMiddleware:
    """Puts the answering endpoints behind a FairGate keyed by client address."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.gate = FairGate(settings.answer_slots or cores(), settings.answer_queue_timeout_s)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in ANSWER_PATHS:
            await self.app(scope, receive, send)
            return
        client = client_address(scope)
        try:
            await self.gate.acquire(client)
        except Busy as busy:
            wait = str(busy.retry_after)
            await send_reply(
                send, *json_error(503, "busy", f"正在回答的问题较多，请 {wait} 秒后再试", {"retry-after": wait})
            )
            return
        start = time.monotonic()
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.release(client, time.monotonic() - start)
