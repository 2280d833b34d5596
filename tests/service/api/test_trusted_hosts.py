"""Only the configured Host names are served; X-Forwarded-For counts only from a trusted proxy."""

from __future__ import annotations

import httpx
import pytest

from yearbook_qa.service.api.trusted_hosts import allowed_hosts


def _invalid_host(r: httpx.Response) -> None:
    assert r.status_code == 400, (r.status_code, r.headers, r.text)
    assert r.json()["error"]["code"] == "invalid_host"
    assert "location" not in r.headers


@pytest.mark.parametrize("path", ["/", "/embed", "/healthz", "/healthz/", "/api/documents", "/docs"])
def test_a_foreign_host_gets_nothing(anon, live, path):
    """The rebinding finding: Host evil.example with a matching Origin must not pass as same-origin."""
    port = live.port
    headers = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    r = anon.get(path, headers=headers, follow_redirects=False)
    _invalid_host(r)
    assert "yq-token" not in r.text


def test_loopback_names_are_served(anon, live):
    for host in (f"127.0.0.1:{live.port}", f"localhost:{live.port}", "localhost"):
        assert anon.get("/healthz", headers={"Host": host}).status_code == 200
    r = anon.get("/healthz/", headers={"Host": f"localhost:{live.port}"}, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"http://localhost:{live.port}/healthz"  # our own host


def test_configured_hosts(settings):
    assert allowed_hosts(settings.model_copy(update={"host": "127.0.0.1"})) == ["127.0.0.1", "localhost", "[::1]"]
    assert allowed_hosts(settings.model_copy(update={"host": "qa.intranet"}))[0] == "qa.intranet"
    custom = settings.model_copy(update={"allowed_hosts": ["QA.Intranet", "*.corp.example"]})
    assert allowed_hosts(custom) == ["qa.intranet", "*.corp.example"]


def test_an_allowed_wildcard_host(live_settings, serve_app):
    s = live_settings.model_copy(update={"allowed_hosts": ["*.corp.example", "127.0.0.1"]})
    with serve_app(s) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        assert c.get("/healthz", headers={"Host": "qa.corp.example"}).status_code == 200
        _invalid_host(c.get("/healthz", headers={"Host": "corp.example.evil"}))


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(settings, serve_app):
    """The finding: rotating X-Forwarded-For from 127.0.0.1 dodged the rate limit (uvicorn trusts loopback)."""
    base = settings.model_copy(update={"rate_limit_per_minute": 3, "api_keys": [], "allowed_origins": []})
    with serve_app(base) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        codes = [c.get("/api/documents", headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code for i in range(5)]
        assert codes == [200, 200, 200, 429, 429]
    trusting = base.model_copy(update={"trusted_proxies": ["127.0.0.1"]})
    with serve_app(trusting) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        codes = [c.get("/api/documents", headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code for i in range(5)]
        assert codes == [200] * 5  # each forwarded address has its own budget behind a trusted proxy
        same = [c.get("/api/documents", headers={"X-Forwarded-For": "10.0.1.1"}).status_code for _ in range(4)]
        assert same == [200, 200, 200, 429]
