"""`yearbook-qa serve`: load the answerer, then run the app under uvicorn (in one process or several)."""

from __future__ import annotations

import os

import uvicorn
from fastapi import FastAPI

from yearbook_qa.index.manifest import MANIFEST
from yearbook_qa.service.api.app import create_app
from yearbook_qa.service.runtime import build, load_answerer
from yearbook_qa.service.settings import Settings

WORKER_SETTINGS = "_YEARBOOK_QA_SERVE_SETTINGS"  # the parent's settings, handed to each worker (not a setting)


def serve(settings: Settings, workers: int = 1) -> None:
    """Serve the API, the chat page and the widget on settings.host:settings.port until interrupted.

    With workers > 1, uvicorn starts that many processes on the one socket; each loads the index from disk.
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
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", workers=workers, factory=workers > 1)


def worker_app() -> FastAPI:
    """The app of one worker process, from the settings its parent handed down."""
    settings = Settings.model_validate_json(os.environ[WORKER_SETTINGS])
    return create_app(settings, load_answerer(settings))
