"""Bounded connections against real uvicorn servers on 127.0.0.1: idle and slow clients are dropped, the count capped.

Most tests serve a small ASGI app (/ answers at once, /block answers when the test releases it), so
busy and idle connections can be made exactly; the last test floods the real service.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest

HEALTHY = b"HTTP/1.1 200"


class TwoRoutes:
    """/ answers at once; /block answers once `release` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        if scope["path"] == "/block":
            while not self.release.is_set():
                import asyncio

                await asyncio.sleep(0.02)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture()
def small(serve_asgi, settings) -> Iterator[tuple]:
    app = TwoRoutes()
    s = settings.model_copy(update={"max_connections": 4, "request_timeout_s": 1.0})
    with serve_asgi(app, s) as server:
        yield server, app
    app.release.set()


@contextmanager
def sock(port: int) -> Iterator[socket.socket]:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        yield s
    finally:
        s.close()


def closed_by_server(s: socket.socket, within_s: float) -> bool:
    """True when the server closes (EOF or reset) within `within_s`; whatever it sent first is ignored."""
    s.settimeout(within_s)
    try:
        while s.recv(4096):
            pass
        return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def get(port: int, path: str = "/") -> bytes:
    with sock(port) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(4096):
            data += chunk
        return data


def test_idle_and_slow_connections_are_dropped(small):
    server, _ = small
    with sock(server.port) as idle, sock(server.port) as half_header, sock(server.port) as half_body:
        half_header.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        half_body.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)
        for _ in range(3):  # dripping keeps no connection alive past the deadline
            time.sleep(0.3)
            half_header.sendall(b"a")
            half_body.sendall(b"x")
        for s in (idle, half_header, half_body):
            assert closed_by_server(s, within_s=3.0)


def test_a_kept_alive_connection_gets_the_same_deadline_for_its_next_request(small):
    server, _ = small
    with sock(server.port) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert s.recv(4096).startswith(HEALTHY)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the next request, never finished
        assert closed_by_server(s, within_s=3.0)


def test_idle_connections_make_room_for_new_ones(small):
    server, _ = small
    with ExitStack() as stack:
        idle = [stack.enter_context(sock(server.port)) for _ in range(4)]
        time.sleep(0.2)
        assert get(server.port).startswith(HEALTHY)  # the cap is full of idle sockets: the oldest gives way
        assert closed_by_server(idle[0], within_s=0.5)


def test_beyond_the_cap_with_every_connection_busy_is_503(small):
    server, app = small
    with ExitStack() as stack:
        busy = [stack.enter_context(sock(server.port)) for _ in range(4)]
        for s in busy:
            s.sendall(b"GET /block HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(0.3)
        refused = get(server.port)
        assert refused.startswith(b"HTTP/1.1 503") and b"retry-after: 1" in refused.lower()
        assert "连接数已满".encode() in refused
        app.release.set()
        for s in busy:
            assert s.recv(4096).startswith(HEALTHY)  # the busy requests were never disturbed
    assert get(server.port).startswith(HEALTHY)


def test_an_idle_flood_does_not_keep_healthz_out(live_settings, serve_app):
    """300 idle sockets against a cap of 50: /healthz and the API still answer, and the server holds at most 50."""
    s = live_settings.model_copy(update={"max_connections": 50, "request_timeout_s": 5.0})
    with serve_app(s) as server, ExitStack() as stack:
        flood = [stack.enter_context(sock(server.port)) for _ in range(300)]
        with httpx.Client(base_url=server.url, timeout=10) as c:
            assert c.get("/healthz").json() == {"status": "ok"}
            assert c.get("/readyz").status_code == 200
        open_now = sum(not closed_by_server(f, within_s=0.01) for f in flood)
        assert open_now <= 50, open_now


def test_the_cap_leaves_descriptors_to_spare(settings):
    import resource

    from yearbook_qa.service.api.connection_guard import FD_RESERVE, connection_limits

    limits = connection_limits(settings.model_copy(update={"max_connections": 10**9, "request_timeout_s": 3.0}))
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert limits.max_connections <= soft - FD_RESERVE and limits.request_timeout_s == 3.0
