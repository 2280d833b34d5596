"""`yearbook-qa serve`: load the answerer, then run the app under uvicorn (in one process or several) with
bounded connections."""

from __future__ import annotations

import os

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from yearbook_qa.index.manifest import MANIFEST
from yearbook_qa.service.api.app import create_app
from yearbook_qa.service.api.connection_guard import PROTOCOL, connection_limits
from yearbook_qa.service.runtime import build, load_answerer
from yearbook_qa.service.settings import Settings

WORKER_SETTINGS = "_YEARBOOK_QA_SERVE_SETTINGS"  # the parent's settings, handed to each worker (not a setting)


def server_config(
    app: object, settings: Settings, port: int | None = None, log_level: str = "info", workers: int = 1
) -> uvicorn.Config:
    """uvicorn's config: our connection guard, and X-Forwarded-For read from `trusted_proxies` only."""
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=settings.host,
        port=settings.port if port is None else port,
        http=PROTOCOL,
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies),
        log_level=log_level,
        workers=workers,
        factory=workers > 1,
    )
    config.connection_limits = connection_limits(settings)  # type: ignore[attr-defined]  # read by the protocol
    return config


def serve(settings: Settings, workers: int = 1) -> None:
    """Serve the API, the chat page and the widget on settings.host:settings.port until interrupted.

    With workers > 1, that many processes share the one socket; each loads the index from disk.
    """
    url = f"http://{settings.host}:{settings.port}"
    app: FastAPI | str = "yearbook_qa.service.server:worker_app"
    if workers == 1:
        app = create_app(settings, load_answerer(settings))
    else:
        os.environ[WORKER_SETTINGS] = settings.model_dump_json()
        if not (settings.resolved_index_dir / MANIFEST).exists():
            build(settings)  # once, here, rather than in every worker at the same time
    print(f"年鉴问答: {url}/   API 文档: {url}/docs", flush=True)
    print(f'嵌入任意内网页面: <script src="{url}/widget.js" defer></script>', flush=True)
    config = server_config(app, settings, workers=workers)
    if workers == 1:
        uvicorn.Server(config).run()
    else:  # each worker process runs its own Server(config) on the shared socket
        Multiprocess(config, sockets=[config.bind_socket()]).run()


def worker_app() -> FastAPI:
    """The app of one worker process, from the settings its parent handed down."""
    settings = Settings.model_validate_json(os.environ[WORKER_SETTINGS])
    return create_app(settings, load_answerer(settings))
