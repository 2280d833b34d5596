"""POST /api/ask: a question in, the answer with its citations out."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from yearbook_qa.service.api.ask_service import AskRequest, AskService

ask_router = APIRouter(prefix="/api", tags=["问答"])


@ask_router.post("/ask", summary="回答一个问题", response_model=dict)
async def ask(body: AskRequest, request: Request) -> JSONResponse:
    """The answer, whether it is answerable, its confidence, the supporting sentence and numbered
    citations with highlight offsets; `timing_ms` is the server-side time for this question.

    The question waits on the answering threads without holding a thread itself, and its answer (plain
    JSON types already) is rendered as it is, not walked again by FastAPI's encoder."""
    service: AskService = request.app.state.ask_service
    answer, ms = await asyncio.wrap_future(service.submit(body.question, body.history, body.top_k, body.filters))
    return JSONResponse(answer.to_dict() | {"timing_ms": ms})
