"""The chat page (/), the embeddable chat (/embed), the widget script (/widget.js) and offline API docs (/docs)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from yearbook_qa.service.api.security import page_csp

STATIC = Path(__file__).resolve().parent / "static"
DOCS_ASSETS = "/docs/assets"

pages_router = APIRouter(include_in_schema=False)


def _page(request: Request, layout: str, framers: tuple[str, ...]) -> HTMLResponse:
    """The chat in a `layout` (yq-page, yq-embed) with a fresh widget token; only `framers` (and we) may frame it."""
    html = (STATIC / "chat.html").read_text("utf-8").replace("__WIDGET_TOKEN__", request.app.state.tokens.issue())
    html = html.replace("__LAYOUT__", layout)
    html = html.replace("__MAX_CHARS__", str(request.app.state.settings.max_question_chars))
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": page_csp(framers),
            "Cache-Control": "no-store",
            "Referrer-Policy": "same-origin",
            "X-Content-Type-Options": "nosniff",
        },
    )


@pages_router.get("/")
async def chat_page(request: Request) -> HTMLResponse:
    return _page(request, "yq-page", ())


@pages_router.get("/embed")
async def embed_page(request: Request) -> HTMLResponse:
    """The chat inside the widget's iframe: frameable by the allowed origins only."""
    return _page(request, "yq-embed", request.app.state.origins)


@pages_router.get("/widget.js")
async def widget_js() -> FileResponse:
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={
            "Cache-Control": "public, max-age=300",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "X-Content-Type-Options": "nosniff",
        },
    )


@pages_router.get("/docs")
async def docs() -> HTMLResponse:
    """Swagger UI from the bundled copy (swagger-ui-bundle), so the docs work without internet."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="年鉴问答 API",
        swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
    )
