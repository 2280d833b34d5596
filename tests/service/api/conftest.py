"""Real servers for the service tests: the app under uvicorn on 127.0.0.1, and foreign-origin host pages.

`live` serves the session answerer with API keys on and one allowed foreign origin (the `host_pages`
"allowed" server); `limited` is a second instance with a tiny rate limit. Both run uvicorn in a
thread on a free port, so every test talks HTTP over a real socket.
"""

from __future__ import annotations

import functools
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

API_KEY = "test-key-5c9e1f"
# Debian's Chromium, headless, with nothing that reaches out of this machine.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThreadServer:
    """uvicorn serving `app` on 127.0.0.1:`port` from a daemon thread, configured as `yearbook-qa serve` does."""

    def __init__(self, app, settings, port: int | None = None) -> None:
        from yearbook_qa.service.server import server_config

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        local = settings.model_copy(update={"host": "127.0.0.1"})
        self.server = uvicorn.Server(server_config(app, local, self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@dataclass
class HostPages:
    """Two static servers on other ports = two other origins: one allowed, one not."""

    directory: Path
    allowed: str
    foreign: str


@pytest.fixture(scope="session")
def host_pages(tmp_path_factory) -> Iterator[HostPages]:
    directory = tmp_path_factory.mktemp("host-pages")
    handler = functools.partial(_QuietHandler, directory=str(directory))
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) for _ in range(2)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    allowed, foreign = (f"http://127.0.0.1:{s.server_address[1]}" for s in servers)
    yield HostPages(directory, allowed, foreign)
    for s in servers:
        s.shutdown()
        s.server_close()


@pytest.fixture(scope="session")
def live_settings(settings, host_pages):
    return settings.model_copy(
        update={
            "allowed_origins": [host_pages.allowed],
            "api_keys": [API_KEY],
            "rate_limit_per_minute": 0,
        }
    )


@pytest.fixture(scope="session")
def live(live_settings, answerer) -> Iterator[ThreadServer]:
    """The whole service over a real socket (keys on, one allowed foreign origin, no rate limit)."""
    from yearbook_qa.service.api.app import create_app

    with ThreadServer(create_app(live_settings, answerer), live_settings) as server:
        yield server


@pytest.fixture(scope="session")
def limited(settings, answerer) -> Iterator[ThreadServer]:
    """A second instance allowing 3 API requests per client per minute, no keys."""
    from yearbook_qa.service.api.app import create_app

    s = settings.model_copy(update={"rate_limit_per_minute": 3, "api_keys": [], "allowed_origins": []})
    with ThreadServer(create_app(s, answerer), s) as server:
        yield server


@pytest.fixture(scope="session")
def serve_asgi():
    """Serve any ASGI app as `yearbook-qa serve` would with the given settings: `with serve_asgi(app, s) as server`."""
    return ThreadServer


@pytest.fixture(scope="session")
def serve_app(answerer):
    """Serve a fresh app for the given settings: `with serve_app(settings) as server: ...`."""
    from yearbook_qa.service.api.app import create_app

    return lambda s: ThreadServer(create_app(s, answerer), s)


@pytest.fixture(scope="session")
def api_key() -> str:
    return API_KEY


@pytest.fixture()
def client(live) -> Iterator[httpx.Client]:
    """An API client holding the key."""
    with httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=120) as c:
        yield c


@pytest.fixture()
def anon(live) -> Iterator[httpx.Client]:
    """A client without credentials."""
    with httpx.Client(base_url=live.url, timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    """A headless Chromium for one test module (the widget's, the admin page's)."""
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    d.set_window_size(1280, 860)
    yield d
    d.quit()
