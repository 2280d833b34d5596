"""`yearbook-qa serve`: load the answerer, then run the app under uvicorn with bounded connections."""

from __future__ import annotations

import resource

import uvicorn

from yearbook_qa.service.api.app import create_app
from yearbook_qa.service.api.connection_guard import PROTOCOL, ConnectionLimits
from yearbook_qa.service.runtime import load_answerer
from yearbook_qa.service.settings import Settings

FD_RESERVE = 64  # descriptors kept for the index, the log, the listening socket, threads


def connection_limits(settings: Settings) -> ConnectionLimits:
    """The configured cap, lowered to what the process's descriptor limit allows (raised to its hard limit first)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    cap = (
        settings.max_connections if soft == resource.RLIM_INFINITY else min(settings.max_connections, soft - FD_RESERVE)
    )
    return ConnectionLimits(max_connections=max(1, cap), request_timeout_s=settings.request_timeout_s)


def server_config(app: object, settings: Settings, port: int | None = None, log_level: str = "info") -> uvicorn.Config:
    """uvicorn's config: our connection guard, and X-Forwarded-For read from `trusted_proxies` only."""
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=settings.host,
        port=settings.port if port is None else port,
        http=PROTOCOL,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies),
        log_level=log_level,
    )
    config.connection_limits = connection_limits(settings)  # type: ignore[attr-defined]  # read by the protocol
    return config


def serve(settings: Settings) -> None:
    """Serve the API, the chat page and the widget on settings.host:settings.port until interrupted."""
    app = create_app(settings, load_answerer(settings))
    url = f"http://{settings.host}:{settings.port}"
    print(f"年鉴问答: {url}/   API 文档: {url}/docs", flush=True)
    print(f'嵌入任意内网页面: <script src="{url}/widget.js" defer></script>', flush=True)
    uvicorn.Server(server_config(app, settings)).run()
