"""An answerer that is a running server: each question goes through POST /api/ask, as users see it."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Sequence

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.service.answering.answer import Answer, Citation

TIMEOUT_S = 60
MAX_RETRIES = 5  # on 429 (rate limited) or 503, waiting as the server says (Retry-After) or a second


class RemoteAnswerer:
    """`ask` like the in-process Answerer, over HTTP against `url` (http://host:port)."""

    def __init__(self, url: str, api_key: str | None = None) -> None:
        self.endpoint = url.rstrip("/") + "/api/ask"
        self.headers = {"Content-Type": "application/json"}
        if api_key:
            self.headers["Authorization"] = f"Bearer {api_key}"

    def ask(self, question: str, history: Sequence = (), top_k: int = 5, filters=None) -> Answer:
        body = json.dumps({"question": question, "top_k": top_k, "history": list(history)}).encode("utf-8")
        for attempt in range(MAX_RETRIES + 1):
            request = urllib.request.Request(self.endpoint, data=body, headers=self.headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                    return answer_from_json(json.loads(response.read().decode("utf-8")))
            except urllib.error.HTTPError as e:
                if e.code in (429, 503) and attempt < MAX_RETRIES:
                    time.sleep(float(e.headers.get("Retry-After") or 1))
                    continue
                raise UserError(
                    f"{self.endpoint}: HTTP {e.code}: {e.read()[:300].decode('utf-8', 'replace')}"
                ) from None
            except (urllib.error.URLError, OSError) as e:
                raise UserError(f"{self.endpoint}: 无法连接服务 (cannot reach the server): {e}") from None
        raise UserError(f"{self.endpoint}: 请求过于频繁 (still rate limited after {MAX_RETRIES} retries)")


def answer_from_json(d: dict) -> Answer:
    """An Answer from the JSON body of POST /api/ask."""
    citations = [
        Citation(
            **{
                **c,
                "highlights": [tuple(h) for h in c.get("highlights", [])],
                "source_span": tuple(c.get("source_span", (0, 0))),
            }
        )
        for c in d.get("citations", [])
    ]
    return Answer(
        question=d["question"],
        answer=d.get("answer"),
        answerable=bool(d.get("answerable")),
        confidence=float(d.get("confidence", 0.0)),
        answer_sentence=d.get("answer_sentence"),
        citations=citations,
        resolved_question=d.get("resolved_question"),
        timing_ms=float(d.get("timing_ms", 0.0)),
        refused_by=tuple(d.get("refused_by", ())),
        sure=bool(d.get("sure")),
    )
