"""An OpenAI-compatible chat endpoint, so existing chat front-ends can use the service as a "model"."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from yearbook_qa.service.answering.answer import Answer
from yearbook_qa.service.api.ask_service import HARD_MAX_CHARS, AskService, ChatMessage, answer_text
from yearbook_qa.service.api.errors import ApiError

MODEL_ID = "yearbook-qa"
_STARTED = int(time.time())
_PIECES = re.compile(r"\[\d+\]|[^\[]{1,24}|\[")  # deltas of up to 24 characters, markers kept whole

openai_router = APIRouter(prefix="/v1", tags=["OpenAI 兼容"])


class ContentPart(BaseModel):
    """A part of a multi-part message; only text parts are read."""

    type: str = Field(max_length=50)
    text: str | None = Field(None, max_length=HARD_MAX_CHARS)


class OpenAIMessage(BaseModel):
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: (
        Annotated[str, Field(max_length=HARD_MAX_CHARS)] | Annotated[list[ContentPart], Field(max_length=50)] | None
    ) = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """The OpenAI request; sampling options (temperature, max_tokens …) are accepted and ignored."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {"model": MODEL_ID, "messages": [{"role": "user", "content": "十届二次会议开幕那天实到多少委员？"}]}
            ]
        },
    )
    model: str = Field(MODEL_ID, max_length=200)
    messages: list[OpenAIMessage] = Field(min_length=1, max_length=100)
    stream: bool = False
    top_k: int | None = Field(None, ge=1, le=20, description="extension: citations to return")


def _split(messages: list[OpenAIMessage]) -> tuple[str, list[ChatMessage]]:
    """The last message is the question (it must be the user's); earlier user/assistant turns are history."""
    last = messages[-1]
    if last.role != "user":
        raise ApiError(422, "no_user_message", "最后一条消息必须是用户的问题 (role: user)")
    history = [
        ChatMessage(role=m.role, content=m.text())
        for m in messages[:-1]
        if m.role in ("user", "assistant") and m.text().strip()
    ]
    return last.text(), history


def _extras(a: Answer, ms: float) -> dict:
    d = a.to_dict()
    summary = {k: d[k] for k in ("answer", "answerable", "confidence", "answer_sentence", "resolved_question")}
    return {"citations": d["citations"], "answer": summary | {"timing_ms": ms}}


def _sse(obj: dict | str) -> str:
    return f"data: {obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False)}\n\n"


def _stream(cid: str, created: int, text: str, extras: dict) -> Iterator[str]:
    head = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID}
    yield _sse(head | {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
    for piece in _PIECES.findall(text):
        delta = {"content": piece}
        yield _sse(head | {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
    yield _sse(head | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]} | extras)
    yield _sse("[DONE]")


@openai_router.post("/chat/completions", summary="OpenAI 兼容的对话接口", response_model=None)
def chat_completions(body: ChatCompletionRequest, request: Request) -> dict | StreamingResponse:
    """The answer as assistant content with citation markers [1] [2]; `citations` and `answer` carry
    the structured result. With `stream: true` the content arrives as server-sent events, then [DONE]."""
    service: AskService = request.app.state.ask_service
    question, history = _split(body.messages)
    answer, ms = service.ask(question, history, body.top_k)
    text, extras = answer_text(answer), _extras(answer, ms)
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if body.stream:
        return StreamingResponse(
            _stream(cid, created, text, extras),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    return {
        "id": cid,
        "object": "chat.completion",
        "created": created,
        "model": MODEL_ID,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        # no tokenizer behind this "model": usage counts characters
        "usage": {
            "prompt_tokens": len(question),
            "completion_tokens": len(text),
            "total_tokens": len(question) + len(text),
        },
    } | extras


@openai_router.get("/models", summary="可用的模型")
async def models() -> dict:
    """One model: this service."""
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": _STARTED, "owned_by": "yearbook-qa"}],
    }
