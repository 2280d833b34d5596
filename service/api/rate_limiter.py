"""Per-client rate limits in O(1) time and bounded memory (GCRA, the "generic cell rate algorithm").

Each client costs one float, the theoretical arrival time of its next request: `per_minute` requests
may come at once, then one every 60/per_minute seconds. The table keeps the `max_clients` most
recently seen clients; the least recently seen is forgotten first, which for a client that has been
quiet for a window changes nothing (its budget is full again anyway).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict


class RateLimiter:
    """`hit(client)` returns 0 when the request may proceed, else the whole seconds to wait."""

    def __init__(self, per_minute: int, window_s: float = 60.0, max_clients: int = 100_000) -> None:
        self.per_minute, self.window_s, self.max_clients = per_minute, window_s, max_clients
        self._interval = window_s / per_minute if per_minute > 0 else 0.0
        self._next: OrderedDict[str, float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._next)

    def hit(self, client: str, now: float | None = None) -> int:
        if self.per_minute <= 0:
            return 0
        now = time.monotonic() if now is None else now
        after = max(self._next.get(client, now), now) + self._interval  # where this request would leave it
        if after - self.window_s > now:
            return max(1, math.ceil(after - self.window_s - now))
        self._next[client] = after
        self._next.move_to_end(client)
        if len(self._next) > self.max_clients:
            self._next.popitem(last=False)
        return 0
