"""POST /api/ask: a question in, the answer with its citations out."""

from __future__ import annotations

from fastapi import APIRouter, Request

from yearbook_qa.service.api.ask_service import AskRequest, AskService

ask_router = APIRouter(prefix="/api", tags=["问答"])


@ask_router.post("/ask", summary="回答一个问题")
def ask(body: AskRequest, request: Request) -> dict:
    """The answer, whether it is answerable, its confidence, the supporting sentence and numbered
    citations with highlight offsets; `timing_ms` is the server-side time for this question."""
    service: AskService = request.app.state.ask_service
    answer, ms = service.ask(body.question, body.history, body.top_k, body.filters)
    return answer.to_dict() | {"timing_ms": ms}
