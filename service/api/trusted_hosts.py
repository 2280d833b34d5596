"""Serve only the Host names this service is reached by (Starlette's TrustedHostMiddleware).

A page on a rebinding domain (evil.example resolving to our address) sends `Host: evil.example`;
refusing that Host keeps it from passing as same-origin, taking a widget token from /embed, or
having a redirect point at it. The refusal uses the API's JSON error shape.
"""

from __future__ import annotations

import socket

from starlette.middleware.trustedhost import TrustedHostMiddleware

from yearbook_qa.service.api.security import ASGIApp, Message, Receive, Scope, Send, json_error
from yearbook_qa.service.settings import Settings

LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
_PASSED = "yearbook_qa.host_ok"
_REFUSAL = json_error(400, "invalid_host", "请求的主机名 (Host) 不在允许列表中")


def allowed_hosts(settings: Settings) -> list[str]:
    """The configured list, else the served host and loopback (and this machine's names on 0.0.0.0/::)."""
    if settings.allowed_hosts:
        return [h.strip().lower() for h in settings.allowed_hosts]
    host = settings.host.lower()
    names = [f"[{host}]" if ":" in host else host, *LOOPBACK]
    if host in ("0.0.0.0", "::", ""):
        names += [socket.gethostname().lower(), socket.getfqdn().lower()]
    return list(dict.fromkeys(n for n in names if n))


class HostCheck:
    """TrustedHostMiddleware (never redirecting) in front of `app`; its refusal becomes JSON."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.check = TrustedHostMiddleware(self._passed, allowed_hosts=allowed_hosts(settings), www_redirect=False)

    async def _passed(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_PASSED] = True
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def refuse_as_json(message: Message) -> None:
            if scope.get(_PASSED):
                await send(message)
            elif message["type"] == "http.response.start":
                await send({"type": "http.response.start", "status": _REFUSAL[0], "headers": _REFUSAL[1]})
            else:
                await send({"type": "http.response.body", "body": _REFUSAL[2]})

        await self.check(scope, receive, refuse_as_json)
