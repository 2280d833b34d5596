"""Widget tokens: short-lived, distinct, signed with a secret that survives restarts and is shared by workers."""

from __future__ import annotations

import os
import re
import stat
import time

import httpx
import pytest
from pydantic import SecretStr

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.service.api.widget_tokens import SECRET_FILE, TOKEN_TTL_S, WidgetTokens, token_secret


def _page_token(client: httpx.Client, page: str = "/embed") -> str:
    return re.search(r'name="yq-token" content="([^"]+)"', client.get(page).text).group(1)


def test_tokens_expire_and_are_distinct():
    tokens = WidgetTokens(b"k" * 32, ttl_s=60)
    token = tokens.issue(now=1000)
    assert tokens.check(token, now=1030) is None
    assert tokens.check(token, now=1061) == "token_expired"
    assert tokens.issue(now=1000) != token  # a nonce each: every token is limited on its own
    assert WidgetTokens(b"other" * 8).check(token, now=1030) == "invalid_token"
    for bad in ("123.abc", "", "v1.².0123456789abcdef." + "0" * 64, "v1.１２.0123456789abcdef." + "0" * 64):
        assert tokens.check(bad, now=0) == "invalid_token"
    assert TOKEN_TTL_S <= 3600  # short-lived: the chat page renews it from a fresh copy of itself


def test_the_secret_is_created_once_with_mode_0600(settings, tmp_path):
    home = settings.model_copy(update={"home": tmp_path / "home"})
    first = token_secret(home)
    path = tmp_path / "home" / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert token_secret(home) == first and len(first) >= 32  # the same after a restart
    path.chmod(0o644)
    with pytest.raises(UserError, match="chmod 600"):
        token_secret(home)
    given = settings.model_copy(update={"token_secret": SecretStr("s" * 40), "home": tmp_path / "elsewhere"})
    assert token_secret(given) == b"s" * 40 and not (tmp_path / "elsewhere").exists()


def test_a_token_survives_a_restart_and_works_on_another_worker(live_settings, serve_app, tmp_path):
    """Two app instances on one home directory = a restart, or two workers: each accepts the other's tokens."""
    s = live_settings.model_copy(update={"home": tmp_path})
    with (
        serve_app(s) as first,
        serve_app(s) as second,
        httpx.Client(base_url=first.url, timeout=60) as a,
        httpx.Client(base_url=second.url, timeout=60) as b,
    ):
        assert b.get("/api/documents", headers={"X-Widget-Token": _page_token(a)}).status_code == 200
        assert a.get("/api/documents", headers={"X-Widget-Token": _page_token(b, "/")}).status_code == 200


def test_expired_and_foreign_tokens_say_so(anon, live_settings):
    stale = WidgetTokens(token_secret(live_settings)).issue(now=time.time() - 2 * TOKEN_TTL_S)
    r = anon.get("/api/documents", headers={"X-Widget-Token": stale})
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_expired"
    foreign = WidgetTokens(os.urandom(32)).issue()
    r = anon.get("/api/documents", headers={"X-Widget-Token": foreign})
    assert r.status_code == 401 and r.json()["error"] == {
        "code": "invalid_token",
        "message": "会话令牌无效，请刷新页面",
    }


def test_each_token_is_rate_limited(live_settings, serve_app):
    s = live_settings.model_copy(update={"token_rate_limit_per_minute": 2})
    with serve_app(s) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        token = {"X-Widget-Token": _page_token(c)}
        assert [c.get("/api/documents", headers=token).status_code for _ in range(3)] == [200, 200, 429]
        assert int(c.get("/api/documents", headers=token).headers["retry-after"]) >= 1
        assert c.get("/api/documents", headers={"X-Widget-Token": _page_token(c)}).status_code == 200
