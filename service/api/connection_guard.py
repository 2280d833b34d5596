"""Bounded connections for uvicorn: every connection must deliver a whole request in time, and their number is capped.

uvicorn (0.54) closes a kept-alive connection after `timeout_keep_alive`, but never one that has not
sent its first request, nor one that sends its headers or body a byte at a time: 100 such sockets stay
open indefinitely and 20,000 exhaust the process's file descriptors. This protocol (uvicorn's own h11
protocol, subclassed) adds the two missing bounds:

- from the moment a connection opens, or its previous response ends, it has `request_timeout_s` to
  deliver the whole next request (headers and body); otherwise it is closed;
- at most `max_connections` are open: a new one beyond the cap closes the connection that has waited
  longest for its request (idle or slow: it costs nothing to drop; one whose request already sits
  unread in its socket is spared), and only when every connection is busy with a real request is the
  new one answered 503 with Retry-After.

So a flood of idle sockets cannot keep anyone out: each new connection, /healthz included, pushes out
the stalest idle one.
"""

from __future__ import annotations

import array
import asyncio
import fcntl
import functools
import resource
import termios
import weakref
from collections import OrderedDict
from dataclasses import dataclass

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from yearbook_qa.service.api.security import json_error
from yearbook_qa.service.settings import Settings

LINGER_S = 1.0
EVICTION_TRIES = 16  # connections looked at to make room for a new one (O(1) per connection)
PROTOCOL = "yearbook_qa.service.api.connection_guard:GuardedH11Protocol"  # uvicorn's `http` setting

_BUSY = json_error(503, "too_many_connections", "服务器连接数已满，请稍后再试")[2]
_BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n"
    b"connection: close\r\ncontent-length: " + str(len(_BUSY)).encode() + b"\r\n\r\n" + _BUSY
)


FD_RESERVE = 64  # descriptors kept for the index, the log, the listening socket, threads


@dataclass(frozen=True)
class ConnectionLimits:
    max_connections: int
    request_timeout_s: float


def connection_limits(settings: Settings) -> ConnectionLimits:
    """The configured cap, lowered to what the process's descriptor limit allows (raised to its hard limit first)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    cap = settings.max_connections
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft - FD_RESERVE)
    return ConnectionLimits(max_connections=max(1, cap), request_timeout_s=settings.request_timeout_s)


@functools.cache
def _from_environment() -> ConnectionLimits:
    """For a worker process whose uvicorn config carries no limits: the settings it was started with."""
    return connection_limits(Settings())


def _unread_bytes(transport: asyncio.BaseTransport) -> int:
    """Bytes that arrived on the socket and that the event loop has not read yet."""
    sock = transport.get_extra_info("socket")
    count = array.array("i", [0])
    try:
        fcntl.ioctl(sock.fileno(), termios.FIONREAD, count, True)
    except (AttributeError, OSError):
        return 0
    return count[0]


# per server: the connections waiting for a request, the longest-waiting first
_waiting: weakref.WeakKeyDictionary[ServerState, OrderedDict[GuardedH11Protocol, None]] = weakref.WeakKeyDictionary()


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request deadline and a connection cap (limits: `config.connection_limits`)."""

    _deadline: asyncio.TimerHandle | None = None
    _refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        limits: ConnectionLimits = getattr(self.config, "connection_limits", None) or _from_environment()
        self._limits = limits
        self._queue = _waiting.setdefault(self.server_state, OrderedDict())
        if len(self.connections) > limits.max_connections and not self._make_room():
            self._refuse()  # everyone is busy with a real request
            return
        self._await_request()

    def _make_room(self) -> bool:
        """Close the longest-waiting connection that has nothing unread (a request it sent, not yet read, spares it)."""
        for _ in range(min(EVICTION_TRIES, len(self._queue))):
            stalest, _ = self._queue.popitem(last=False)
            if _unread_bytes(stalest.transport):  # its request is in the socket: it is about to be served
                self._queue[stalest] = None
                continue
            stalest._drop()
            return True
        return False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # read and dropped, so closing does not reset the connection before the 503 arrives
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY:
            self._request_received()  # DONE (or closed / broken, which uvicorn handles)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self._await_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self._request_received()
        super().connection_lost(exc)

    def _await_request(self) -> None:
        self._request_received()
        self._deadline = self.loop.call_later(self._limits.request_timeout_s, self._drop)
        self._queue[self] = None

    def _request_received(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
            self._queue.pop(self, None)

    def _refuse(self) -> None:
        """503 without reading the request; the socket lingers a second so the client can read it."""
        self._refused = True
        self.connections.discard(self)
        self.transport.write(_BUSY_RESPONSE)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_S, self.transport.close)

    def _drop(self) -> None:
        """Too slow, or pushed out by a newer connection: close without a word (there is no request to answer)."""
        self._request_received()
        if not self.transport.is_closing():
            self.transport.close()
