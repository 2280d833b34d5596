"""The app factory: settings and a ready answerer in, the whole HTTP service out."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.api.ask_router import ask_router
from yearbook_qa.service.api.ask_service import AskService
from yearbook_qa.service.api.document_library import DocumentLibrary, install_rebuilt_index
from yearbook_qa.service.api.documents_router import documents_router
from yearbook_qa.service.api.errors import install_error_handlers
from yearbook_qa.service.api.fairness import FairShareMiddleware
from yearbook_qa.service.api.health_router import health_router
from yearbook_qa.service.api.openai_router import openai_router
from yearbook_qa.service.api.pages_router import DOCS_ASSETS, STATIC, pages_router
from yearbook_qa.service.api.passages_router import Catalog, passages_router
from yearbook_qa.service.api.security import SecurityMiddleware, check_origins
from yearbook_qa.service.api.trusted_hosts import HostCheck
from yearbook_qa.service.api.widget_tokens import WidgetTokens, token_secret
from yearbook_qa.service.settings import Settings

DESCRIPTION = """年鉴问答: 用中文提问，得到简短答案和可展开的编号出处。

- `POST /api/ask`: 问答 (答案、置信度、依据句、带高亮的出处)
- `POST /v1/chat/completions`: OpenAI 兼容 (支持 `stream: true`)，正文带 [1] [2] 出处标记
- 设置了 API 密钥时需 `Authorization: Bearer KEY`
"""


def create_app(settings: Settings, answerer: Answerer) -> FastAPI:
    """The service around `answerer` and the index it reads."""
    app = FastAPI(title="年鉴问答 yearbook-qa", version="0.1.0", description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.origins = check_origins(settings.allowed_origins)
    app.state.tokens = WidgetTokens(token_secret(settings))
    app.state.ask_service = AskService(answerer, settings)
    app.state.catalog = Catalog(answerer.index)
    app.state.library = DocumentLibrary(settings, lambda: install_rebuilt_index(app.state))
    install_error_handlers(app)
    for router in (ask_router, openai_router, passages_router, health_router, pages_router, documents_router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    app.add_middleware(FairShareMiddleware, settings=settings)  # inside security: only admitted questions queue
    app.add_middleware(SecurityMiddleware, settings=settings, tokens=app.state.tokens)
    app.add_middleware(HostCheck, settings=settings)  # outermost: a foreign Host gets nothing else
    return app
