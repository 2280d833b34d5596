"""Who may call the API: origin allow-list (CORS), API keys or a widget token, rate and size limits.

Everything here guards the API paths (/api/*, /v1/*) in one pure-ASGI middleware, so a refused
request never reaches a router and never costs an answer. Pages and docs are public.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.service.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_PREFIXES = ("/api/", "/v1/")
WIDGET_PREFIX = "/api/"  # the widget token opens these, never /v1/
UPLOAD_PATH = "/api/documents"  # POST: a yearbook file, up to max_upload_bytes
TOKEN_HEADER = "x-widget-token"
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def check_origins(origins: list[str]) -> tuple[str, ...]:
    """Normalise the allow-list; a malformed entry is a configuration error, not a silent no-op."""
    out = []
    for o in origins:
        o = o.strip().rstrip("/")
        if not _ORIGIN.match(o):
            raise UserError(f"allowed_origins 中的来源格式无效: {o!r} (应为 http(s)://主机[:端口])")
        out.append(o.lower())
    return tuple(out)


def frame_ancestors(origins: tuple[str, ...]) -> str:
    """The CSP directive that lets only our own pages and the allowed origins frame a page."""
    return " ".join(("frame-ancestors", "'self'", *origins))


def page_csp(origins: tuple[str, ...]) -> str:
    """A strict CSP for our pages: everything from our own origin, no inline script, no CDN."""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self'; object-src 'none'; base-uri 'none'; {frame_ancestors(origins)}"
    )


class WidgetTokens:
    """Short-lived signed tokens put into our own chat pages, so the widget needs no secret.

    A token only proves "issued by this server, not expired"; anyone who can load /embed can get one,
    which is the point (the widget is public wherever it may be framed). It opens /api/* only:
    the OpenAI-compatible /v1/* endpoints still need a real API key when keys are set.
    """

    def __init__(self, ttl_s: int = 12 * 3600, secret: bytes | None = None) -> None:
        self.ttl_s = ttl_s
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, expires: int) -> str:
        return hmac.new(self._secret, str(expires).encode(), hashlib.sha256).hexdigest()

    def issue(self, now: float | None = None) -> str:
        expires = int((now or time.time()) + self.ttl_s)
        return f"{expires}.{self._sign(expires)}"

    def check(self, token: str, now: float | None = None) -> str | None:
        """None when valid, else the error code ("invalid_token" / "token_expired")."""
        expires_s, _, sig = token.partition(".")
        if not expires_s.isdigit() or not hmac.compare_digest(sig, self._sign(int(expires_s))):
            return "invalid_token"
        return "token_expired" if int(expires_s) < (now or time.time()) else None


class RateLimiter:
    """A sliding one-minute window per client; `hit` returns the seconds to wait, 0 when allowed."""

    def __init__(self, per_minute: int, window_s: float = 60.0) -> None:
        self.per_minute, self.window_s = per_minute, window_s
        self._hits: dict[str, deque[float]] = {}

    def hit(self, client: str, now: float | None = None) -> int:
        if self.per_minute <= 0:
            return 0
        now = time.monotonic() if now is None else now
        if len(self._hits) > 10_000:  # forget idle clients so the table stays bounded
            self._hits = {k: q for k, q in self._hits.items() if q and q[-1] > now - self.window_s}
        q = self._hits.setdefault(client, deque())
        while q and q[0] <= now - self.window_s:
            q.popleft()
        if len(q) >= self.per_minute:
            return max(1, int(q[0] + self.window_s - now + 0.999))
        q.append(now)
        return 0


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _error(status: int, code: str, message: str, extra: dict[str, str] | None = None) -> tuple[int, list, bytes]:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    return status, headers, body


class SecurityMiddleware:
    """Origin allow-list + CORS, rate limit, API keys / widget token, body size and UTF-8 checks."""

    def __init__(self, app: ASGIApp, settings: Settings, tokens: WidgetTokens) -> None:
        self.app = app
        self.allowed = check_origins(settings.allowed_origins)
        self.keys = tuple(settings.api_keys)
        self.admin_keys = tuple(settings.admin_keys)  # open the API as well as document uploads
        self.max_upload = settings.max_upload_bytes
        self.max_body = settings.max_body_bytes
        self.tokens = tokens
        self.limiter = RateLimiter(settings.rate_limit_per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        origin = headers.get("origin")
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()
        cross = origin is not None and origin.lower() != own
        cors = {"access-control-allow-origin": origin, "vary": "Origin"} if cross and origin else {}

        async def reply(status: int, hdrs: list, body: bytes) -> None:
            hdrs = hdrs + [(k.encode(), v.encode()) for k, v in cors.items()]
            await send({"type": "http.response.start", "status": status, "headers": hdrs})
            await send({"type": "http.response.body", "body": body})

        if cross and origin and origin.lower() not in self.allowed:
            cors = {}  # no CORS headers: the browser refuses the response as well
            await reply(*_error(403, "origin_not_allowed", f"来源 {origin} 不在允许列表中"))
            return
        if cross and scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            cors |= {
                "access-control-allow-methods": "GET, POST, OPTIONS",
                "access-control-allow-headers": "Authorization, Content-Type, X-Widget-Token",
                "access-control-max-age": "600",
            }
            await reply(204, [], b"")
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.limiter.hit(client)
        if wait:
            await reply(*_error(429, "rate_limited", f"请求过于频繁，请 {wait} 秒后再试", {"retry-after": str(wait)}))
            return
        denied = self._denied(scope["path"], headers, origin if cross else None)
        if denied:
            await reply(*_error(401, denied[0], denied[1], {"www-authenticate": "Bearer"}))
            return
        body, problem = await self._read_body(scope, headers, receive)
        if problem:
            await reply(*problem)
            return
        await self.app(scope, _replay(body, receive), _with_headers(send, cors))

    def _denied(self, path: str, headers: dict[str, str], cross_origin: str | None) -> tuple[str, str] | None:
        """None when the caller may proceed, else (code, message) for a 401."""
        if not self.keys or cross_origin is not None:  # an allowed origin is excepted (CORS guards browsers)
            return None
        scheme, _, key = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and any(hmac.compare_digest(key.strip(), k) for k in self.keys + self.admin_keys):
            return None
        token = headers.get(TOKEN_HEADER)
        if token and path.startswith(WIDGET_PREFIX):
            problem = self.tokens.check(token)
            if problem is None:
                return None
            if problem == "token_expired":
                return problem, "会话已过期，请刷新页面"
        return "unauthorized", "需要有效的 API 密钥 (Authorization: Bearer …)"

    async def _read_body(self, scope: Scope, headers: dict[str, str], receive: Receive) -> tuple[bytes, tuple | None]:
        """Buffer the body within the size limit; a JSON body must be valid UTF-8."""
        limit = self.max_upload if scope["method"] == "POST" and scope["path"] == UPLOAD_PATH else self.max_body
        too_big = _error(413, "body_too_large", f"请求体超过 {limit} 字节")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return b"", too_big
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return b"", too_big
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body and "json" in headers.get("content-type", "json"):
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return b"", _error(400, "invalid_encoding", "请求体不是有效的 UTF-8 编码")
        return body, None


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that hands the buffered body over once, then listens to the real connection."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _with_headers(send: Send, extra: dict[str, str]) -> Send:
    if not extra:
        return send

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = list(message.get("headers", [])) + [(k.encode(), v.encode()) for k, v in extra.items()]
        await send(message)

    return wrapped
