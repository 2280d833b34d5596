"""`yearbook-qa serve`: load the answerer, then run the app under uvicorn with bounded connections."""

from __future__ import annotations

import uvicorn

from yearbook_qa.service.api.app import create_app
from yearbook_qa.service.api.connection_guard import PROTOCOL, connection_limits
from yearbook_qa.service.runtime import load_answerer
from yearbook_qa.service.settings import Settings


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
