"""The JSON API over a real socket: every endpoint, with the real answerer and index."""

from __future__ import annotations

import json
import re

import httpx

from yearbook_qa.service.api.openai_router import MODEL_ID

QUESTION = "十届二次会议开幕那天实到多少委员？"


def _ask(client: httpx.Client, **body) -> dict:
    r = client.post("/api/ask", json={"question": QUESTION} | body)
    assert r.status_code == 200, r.text
    return r.json()


def test_ask_answers_with_citations_and_highlight(client):
    a = _ask(client)
    assert "135名" in a["answer"] and a["answerable"] is True
    assert 0 < a["confidence"] <= 1 and a["timing_ms"] > 0
    assert "135" in a["answer_sentence"]
    cited = [c for c in a["citations"] if c["is_answer"]]
    assert cited, a["citations"]
    start, end = cited[0]["highlights"][0]
    assert "135" in cited[0]["text"][start:end]
    assert [c["number"] for c in a["citations"]] == list(range(1, len(a["citations"]) + 1))


def test_ask_top_k_and_filters(client):
    a = _ask(client, top_k=2)
    assert 1 <= len(a["citations"]) <= 2
    doc = client.get("/api/documents").json()["documents"][0]
    b = _ask(client, filters={"document": doc["title"], "year": doc["year"]})
    assert "135名" in b["answer"]
    assert all(c["document_id"] == doc["id"] for c in b["citations"])


def test_ask_edition_filter(client):
    doc = client.get("/api/documents").json()["documents"][0]
    a = _ask(client, filters={"edition": doc["year"]})
    assert "135名" in a["answer"] and all(c["year"] == doc["year"] for c in a["citations"])
    none = _ask(client, filters={"edition": doc["year"] - 10})
    assert none["answer"] is None and none["citations"] == []


def test_ask_with_history_is_accepted(client):
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "135名"}]
    a = _ask(client, history=history)
    assert a["question"] == QUESTION and a["citations"]


def test_documents_lists_what_is_indexed(client, bundled_index):
    docs = client.get("/api/documents").json()["documents"]
    assert len(docs) == len({p.document_id for p in bundled_index.passages})
    d = docs[0]
    assert "年鉴" in d["title"] and d["year"] == 2023
    assert d["passages"] > d["table_rows"] > 0 and d["tables"] > 0


def test_passage_with_neighbours_and_location(client):
    cite = _ask(client)["citations"][0]
    r = client.get(f"/api/passages/{cite['passage_id']}")
    assert r.status_code == 200
    data = r.json()
    assert data["passage"]["id"] == cite["passage_id"] and data["passage"]["text"] == cite["text"]
    assert 1 <= len(data["neighbours"]) <= 2
    assert cite["passage_id"] not in [n["id"] for n in data["neighbours"]]
    loc = data["location"]
    assert loc["document_title"] == cite["document_title"] and 1 <= loc["position"] <= loc["total"]


def test_health_and_ready(anon, bundled_index):
    assert anon.get("/healthz").json() == {"status": "ok"}
    ready = anon.get("/readyz").json()
    assert ready["status"] == "ready" and ready["passages"] == len(bundled_index.passages)


def test_openai_models(client):
    data = client.get("/v1/models").json()
    assert data["object"] == "list" and data["data"][0]["id"] == MODEL_ID


def test_openai_chat_completion_carries_markers_and_citations(client):
    r = client.post(
        "/v1/chat/completions",
        json={
            "model": MODEL_ID,
            "temperature": 0.2,
            "messages": [{"role": "system", "content": "你是助手"}, {"role": "user", "content": QUESTION}],
        },
    )
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["object"] == "chat.completion" and data["choices"][0]["finish_reason"] == "stop"
    content = data["choices"][0]["message"]["content"]
    assert "135名" in content and re.search(r"\[\d+\]", content) and "【1】" not in content
    assert data["citations"] and data["answer"]["answerable"] is True
    for c in data["citations"]:
        assert f"[{c['number']}]" in content


def test_openai_history_comes_from_earlier_messages(client):
    r = client.post(
        "/v1/chat/completions",
        json={
            "messages": [
                {"role": "user", "content": "政协嘉峪关市委员会年鉴"},
                {"role": "assistant", "content": "好的"},
                {"role": "user", "content": [{"type": "text", "text": QUESTION}]},
            ]
        },
    )
    assert r.status_code == 200, r.text
    assert "135名" in r.json()["choices"][0]["message"]["content"]


def test_openai_stream_is_server_sent_events(client):
    events: list[str] = []
    with client.stream(
        "POST",
        "/v1/chat/completions",
        json={
            "messages": [{"role": "user", "content": QUESTION}],
            "stream": True,
        },
    ) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith("data: "):
                events.append(line[len("data: ") :])
            else:
                assert line == "", line  # events are separated by blank lines
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert "135名" in text and re.search(r"\[\d+\]", text)
    assert len(chunks) > 3  # the content arrives in several deltas
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop" and chunks[-1]["citations"]


def test_pages_and_widget_are_served(anon, live_settings, host_pages):
    page = anon.get("/")
    assert page.status_code == 200 and "年鉴问答" in page.text and "__WIDGET_TOKEN__" not in page.text
    assert "frame-ancestors 'self'" in page.headers["content-security-policy"]
    embed = anon.get("/embed")
    assert host_pages.allowed in embed.headers["content-security-policy"]
    assert host_pages.foreign not in embed.headers["content-security-policy"]
    widget = anon.get("/widget.js")
    assert widget.status_code == 200 and "javascript" in widget.headers["content-type"] and "/embed" in widget.text
    for asset in ("/static/chat.js", "/static/chat.css"):
        assert anon.get(asset).status_code == 200
    assert not re.search(r"(src|href)=\"https?://", page.text + embed.text)  # no CDN


def test_docs_work_offline(anon):
    docs = anon.get("/docs")
    assert docs.status_code == 200
    urls = re.findall(r"(?:src|href)=['\"]([^'\"]+)['\"]", docs.text) + re.findall(
        r"url: ?['\"]([^'\"]+)['\"]", docs.text
    )
    assert urls and all(u.startswith("/") for u in urls), urls  # every asset from this server
    for u in urls:
        assert anon.get(u).status_code == 200, u
    schema = anon.get("/openapi.json").json()
    assert {"/api/ask", "/v1/chat/completions", "/api/passages/{passage_id}", "/api/documents"} <= set(schema["paths"])
