"""The one path from an HTTP request to `Answerer.ask`: request models, limits, a bounded pool of answering threads."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from yearbook_qa.index.hit import Filters
from yearbook_qa.service.answering.answer import Answer, Citation
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.api.errors import ApiError
from yearbook_qa.service.settings import Settings

HARD_MAX_CHARS = 20_000  # schema bound; the configured max_question_chars is checked on top of it


class ChatMessage(BaseModel):
    """One earlier turn of the conversation."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=HARD_MAX_CHARS)


class AskFilters(BaseModel):
    """Restrict the search to one document (id or title), spoken-of year, edition or chapter."""

    model_config = ConfigDict(extra="forbid")
    document: str | None = Field(None, max_length=500)
    year: int | None = Field(None, ge=1000, le=9999)
    chapter: str | None = Field(None, max_length=500)
    edition: int | None = Field(None, ge=1000, le=9999)


class AskRequest(BaseModel):
    """POST /api/ask."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"question": "十届二次会议开幕那天实到多少委员？", "top_k": 5}]}
    )
    question: str = Field(max_length=HARD_MAX_CHARS, description="the question, in Chinese")
    top_k: int | None = Field(None, ge=1, le=20, description="citations to return (default: the configured top_k)")
    filters: AskFilters | None = None
    history: list[ChatMessage] = Field(default_factory=list, max_length=50, description="earlier turns, oldest first")


def cores() -> int:
    """CPU cores this process may run on."""
    return len(os.sched_getaffinity(0))


class AskService:
    """Validates a question against the configured limits and answers it in a bounded pool of threads.

    The answerer is thread-safe (one ONNX Runtime session and one index shared, read-only), so questions are
    answered in parallel, at most one per core: more threads than cores only queue inside the CPU.
    FastAPI runs each request in its own thread pool, keeping the event loop free; that thread waits here.
    """

    def __init__(self, answerer: Answerer, settings: Settings, workers: int | None = None) -> None:
        self.answerer = answerer
        self.settings = settings
        self.workers = workers or settings.answer_slots or cores()
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="answer")

    def check_question(self, question: str) -> str:
        q = question.strip()
        if not q:
            raise ApiError(422, "empty_question", "问题不能为空")
        if len(q) > self.settings.max_question_chars:
            raise ApiError(
                422, "question_too_long", f"问题过长 ({len(q)} 字)，最多 {self.settings.max_question_chars} 字"
            )
        return q

    def submit(
        self,
        question: str,
        history: Sequence[ChatMessage] = (),
        top_k: int | None = None,
        filters: AskFilters | None = None,
    ) -> Future[tuple[Answer, float]]:
        """Queue a question for the answering threads: a future of the answer and the wall time in ms
        (waiting for a thread included). An async route awaits it without holding a thread of its own."""
        q = self.check_question(question)
        turns = tuple({"role": m.role, "content": m.content} for m in history[-20:])
        flt = (
            Filters(**filters.model_dump())
            if filters and any(v is not None for v in filters.model_dump().values())
            else None
        )
        answer = self.answerer.ask  # the answerer of now: a swap does not move a question already asked
        start = time.perf_counter()

        def timed() -> tuple[Answer, float]:
            result = answer(q, history=turns, top_k=top_k or self.settings.top_k, filters=flt)
            return result, round((time.perf_counter() - start) * 1000, 1)

        return self._pool.submit(timed)

    def ask(
        self,
        question: str,
        history: Sequence[ChatMessage] = (),
        top_k: int | None = None,
        filters: AskFilters | None = None,
    ) -> tuple[Answer, float]:
        """The answer and the wall time in ms (waiting for the answerer included), in the calling thread."""
        return self.submit(question, history, top_k, filters).result()

    def swap(self, make: Callable[[], Answerer]) -> Answerer:
        """Answer with `make()` from now on; questions already asked finish on the answerer they started with."""
        self.answerer = make()
        return self.answerer


def citation_path(c: Citation) -> str:
    """Where a citation stands: document · chapter · 【entry】 · table, row."""
    parts = [c.document_title, c.chapter or "", f"【{c.entry}】" if c.entry and not c.table else ""]
    if c.table:
        parts.append(f"{c.table} 第{c.row}行" if c.row else c.table)
    return " · ".join(p for p in parts if p)


def answer_text(a: Answer) -> str:
    """The answer as plain text with citation markers [1] [2] and a numbered source list."""
    marks = "".join(f"[{c.number}]" for c in a.citations if c.is_answer) or (
        f"[{a.citations[0].number}]" if a.citations else ""
    )
    if a.answerable and a.answer and not a.sure:
        lines = [f"可能是：{a.answer}，请核对出处 {marks}".strip()]
        if a.answer_sentence:
            lines.append(f"依据：{a.answer_sentence} {marks}".strip())
    elif a.answerable and a.answer:
        lines = [f"{a.answer} {marks}".strip()]
        if a.answer_sentence:
            lines.append(f"依据：{a.answer_sentence} {marks}".strip())
    else:
        lines = ["未找到答案。" + ("以下是相关段落：" if a.citations else "")]
    sources = [f"[{c.number}] {citation_path(c)}" for c in a.citations]
    return "\n\n".join(lines + (["来源：\n" + "\n".join(sources)] if sources else []))
