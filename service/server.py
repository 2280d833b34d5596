"""`yearbook-qa serve`: load the answerer, then run the app under uvicorn."""

from __future__ import annotations

import uvicorn

from yearbook_qa.service.api.app import create_app
from yearbook_qa.service.runtime import load_answerer
from yearbook_qa.service.settings import Settings


def serve(settings: Settings) -> None:
    """Serve the API, the chat page and the widget on settings.host:settings.port until interrupted."""
    app = create_app(settings, load_answerer(settings))
    url = f"http://{settings.host}:{settings.port}"
    print(f"年鉴问答: {url}/   API 文档: {url}/docs", flush=True)
    print(f'嵌入任意内网页面: <script src="{url}/widget.js" defer></script>', flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
