"""Who may call the API: origin allow-list (CORS), API keys or a widget token, rate and size limits.

Everything here guards the API paths (/api/*, /v1/*) in one pure-ASGI middleware, so a refused
request never reaches a router and never costs an answer. Pages and docs are public; the pages that
hand out widget tokens count against the client's rate limit. The Origin header is never a
credential: it only decides whether a browser may read the answer (CORS). Credentials are an API
key (anything, /v1/* included) or a widget token (/api/* only, limited per token as well).
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.service.api.errors import error_body
from yearbook_qa.service.api.rate_limiter import RateLimiter
from yearbook_qa.service.api.widget_tokens import WidgetTokens
from yearbook_qa.service.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_PREFIXES = ("/api/", "/v1/")
WIDGET_PREFIX = "/api/"  # the widget token opens these, never /v1/
TOKEN_PAGES = ("/", "/embed")  # pages that issue a widget token
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


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def client_address(scope: Scope) -> str:
    return str((scope.get("client") or ("unknown", 0))[0])


def _rate_limited(wait: int) -> tuple[int, list, bytes]:
    return json_error(429, "rate_limited", f"请求过于频繁，请 {wait} 秒后再试", {"retry-after": str(wait)})


async def send_reply(send: Send, status: int, headers: list, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def json_error(status: int, code: str, message: str, extra: dict[str, str] | None = None) -> tuple[int, list, bytes]:
    body = error_body(code, message)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    return status, headers, body


class SecurityMiddleware:
    """Origin allow-list + CORS, rate limit, API keys / widget token, body size and UTF-8 checks."""

    def __init__(self, app: ASGIApp, settings: Settings, tokens: WidgetTokens) -> None:
        self.app = app
        self.allowed = check_origins(settings.allowed_origins)
        self.keys = tuple(k.encode("utf-8") for k in settings.api_keys)
        self.admin_keys = tuple(k.encode("utf-8") for k in settings.admin_keys)  # open the API and uploads
        self.max_upload = settings.max_upload_bytes
        self.max_body = settings.max_body_bytes
        self.tokens = tokens
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        self.token_limiter = RateLimiter(settings.token_rate_limit_per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIXES):
            if scope["type"] == "http" and scope["path"] in TOKEN_PAGES:
                wait = self.limiter.hit(client_address(scope))
                if wait:
                    await send_reply(send, *_rate_limited(wait))
                    return
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        origin = headers.get("origin")
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()
        cross = origin is not None and origin.lower() != own
        cors = {"access-control-allow-origin": origin, "vary": "Origin"} if cross and origin else {}

        async def reply(status: int, hdrs: list, body: bytes) -> None:
            await send_reply(
                send, status, hdrs + [(k.encode("latin-1"), v.encode("latin-1")) for k, v in cors.items()], body
            )

        if cross and origin and origin.lower() not in self.allowed:
            cors = {}  # no CORS headers: the browser refuses the response as well
            await reply(*json_error(403, "origin_not_allowed", f"来源 {origin} 不在允许列表中"))
            return
        if cross and scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            cors |= {
                "access-control-allow-methods": "GET, POST, OPTIONS",
                "access-control-allow-headers": "Authorization, Content-Type, X-Widget-Token",
                "access-control-max-age": "600",
            }
            await reply(204, [], b"")
            return
        wait = self.limiter.hit(client_address(scope))
        if wait:
            await reply(*_rate_limited(wait))
            return
        token = headers.get(TOKEN_HEADER, "") if scope["path"].startswith(WIDGET_PREFIX) else ""
        valid_token = bool(token) and self.tokens.check(token) is None
        denied = self._denied(headers, token) if self.keys and not valid_token else None
        if denied:
            await reply(*json_error(401, denied[0], denied[1], {"www-authenticate": "Bearer"}))
            return
        wait = self.token_limiter.hit(token) if valid_token else 0
        if wait:
            await reply(*_rate_limited(wait))
            return
        body, problem = await self._read_body(scope, headers, receive)
        if problem:
            await reply(*problem)
            return
        await self.app(scope, _replay(body, receive), _with_headers(send, cors))

    def _denied(self, headers: dict[str, str], token: str) -> tuple[str, str] | None:
        """None when the Authorization header holds a key, else (code, message) for a 401."""
        scheme, _, key = headers.get("authorization", "").partition(" ")
        given = key.strip().encode("latin-1")  # headers arrive as latin-1: any byte, never an error
        if scheme.lower() == "bearer" and any(hmac.compare_digest(given, k) for k in self.keys + self.admin_keys):
            return None
        if token and self.tokens.check(token) == "token_expired":
            return "token_expired", "会话已过期，请刷新页面"
        if token:
            return "invalid_token", "会话令牌无效，请刷新页面"
        return "unauthorized", "需要有效的 API 密钥 (Authorization: Bearer …)"

    async def _read_body(self, scope: Scope, headers: dict[str, str], receive: Receive) -> tuple[bytes, tuple | None]:
        """Buffer the body within the size limit; a JSON body must be valid UTF-8."""
        limit = self.max_upload if scope["method"] == "POST" and scope["path"] == UPLOAD_PATH else self.max_body
        too_big = json_error(413, "body_too_large", f"请求体超过 {limit} 字节")
        length = headers.get("content-length", "")
        if length.isascii() and length.isdigit() and int(length) > limit:
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
                return b"", json_error(400, "invalid_encoding", "请求体不是有效的 UTF-8 编码")
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
