"""Bad input, bad credentials, floods and foreign origins: always a JSON 4xx, never a 500."""

from __future__ import annotations

import re

import httpx
import pytest

QUESTION = "十届二次会议开幕那天实到多少委员？"


def _error(r: httpx.Response, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert set(err) == {"code", "message"} and err["message"]
    if code:
        assert err["code"] == code, err
    return err


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b'{"question": ', "invalid_json"),
        (b"not json at all", "invalid_json"),
    ],
)
def test_malformed_json(client, content, code):
    _error(client.post("/api/ask", content=content, headers={"Content-Type": "application/json"}), 400, code)


def test_invalid_utf8_body(client):
    body = b'{"question": "\xff\xfe\xfa"}'
    _error(client.post("/api/ask", content=body, headers={"Content-Type": "application/json"}), 400, "invalid_encoding")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "invalid_request"),
        ([QUESTION], "invalid_request"),
        ({"question": None}, "invalid_request"),
        ({"question": ""}, "empty_question"),
        ({"question": " \n\t "}, "empty_question"),
        ({"question": "问" * 10_000}, "question_too_long"),
        ({"question": QUESTION, "top_k": 0}, "invalid_request"),
        ({"question": QUESTION, "top_k": 1000}, "invalid_request"),
        ({"question": QUESTION, "top_k": "five"}, "invalid_request"),
        ({"question": QUESTION, "filters": {"year": "去年"}}, "invalid_request"),
        ({"question": QUESTION, "filters": {"colour": "red"}}, "invalid_request"),
        ({"question": QUESTION, "history": [{"role": "robot", "content": "hi"}]}, "invalid_request"),
        ({"question": QUESTION, "unknown": 1}, "invalid_request"),
    ],
)
def test_invalid_ask_requests(client, body, code):
    err = _error(client.post("/api/ask", json=body), 422, code)
    assert re.search(r"[\u4e00-\u9fff]", err["message"])  # Chinese message for the user


def test_question_too_long_names_the_limit(client, live_settings):
    err = _error(client.post("/api/ask", json={"question": "问" * (live_settings.max_question_chars + 1)}), 422)
    assert str(live_settings.max_question_chars) in err["message"]


def test_unknown_passage(client):
    _error(client.get("/api/passages/no-such-passage"), 404, "passage_not_found")
    _error(client.get("/api/passages/" + "x" * 400), 422, "invalid_request")


def test_oversized_body(client, live_settings):
    big = b'{"question": "' + b"a" * (live_settings.max_body_bytes + 10) + b'"}'
    _error(client.post("/api/ask", content=big, headers={"Content-Type": "application/json"}), 413, "body_too_large")


def test_oversized_chunked_body_without_length(client, live_settings):
    def chunks():
        yield b'{"question": "'
        for _ in range(live_settings.max_body_bytes // 1000 + 2):
            yield b"a" * 1000
        yield b'"}'

    r = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    _error(r, 413, "body_too_large")


def test_unknown_route_and_method(client):
    _error(client.get("/api/nothing-here"), 404, "not_found")
    _error(client.get("/api/ask"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"messages": []}, "invalid_request"),
        ({}, "invalid_request"),
        (
            {"messages": [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "好"}]},
            "no_user_message",
        ),
        ({"messages": [{"role": "user", "content": ""}]}, "empty_question"),
        ({"messages": [{"role": "user", "content": ""}], "stream": True}, "empty_question"),
        ({"messages": [{"role": "user", "content": QUESTION}], "top_k": 0}, "invalid_request"),
    ],
)
def test_invalid_chat_completions(client, body, code):
    _error(client.post("/v1/chat/completions", json=body), 422, code)


# --- credentials ---------------------------------------------------------------------------


def test_api_key_required_when_keys_are_set(anon, api_key):
    _error(anon.post("/api/ask", json={"question": QUESTION}), 401, "unauthorized")
    _error(anon.get("/v1/models"), 401, "unauthorized")
    _error(anon.get("/v1/models", headers={"Authorization": "Bearer wrong-key"}), 401, "unauthorized")
    _error(anon.get("/v1/models", headers={"Authorization": api_key}), 401, "unauthorized")  # no Bearer
    assert anon.get("/v1/models", headers={"Authorization": f"Bearer {api_key}"}).status_code == 200


def _page_token(anon: httpx.Client) -> str:
    html = anon.get("/embed").text
    return re.search(r'name="yq-token" content="([^"]+)"', html).group(1)


def test_widget_token_from_our_page_opens_the_widget_api_only(anon):
    token = _page_token(anon)
    headers = {"X-Widget-Token": token}
    assert anon.get("/api/documents", headers=headers).status_code == 200
    assert "135名" in anon.post("/api/ask", json={"question": QUESTION}, headers=headers).json()["answer"]
    _error(anon.get("/v1/models", headers=headers), 401, "unauthorized")  # /v1 needs a real key
    version, expires, nonce, sig = token.split(".")
    forged = f"{version}.{int(expires) + 10_000}.{nonce}.{sig}"
    _error(anon.get("/api/documents", headers={"X-Widget-Token": forged}), 401, "invalid_token")


# --- origins and CORS ----------------------------------------------------------------------


def test_disallowed_origin_is_refused(anon, host_pages):
    r = anon.get("/api/documents", headers={"Origin": host_pages.foreign})
    _error(r, 403, "origin_not_allowed")
    assert "access-control-allow-origin" not in r.headers
    pre = anon.options("/api/ask", headers={"Origin": host_pages.foreign, "Access-Control-Request-Method": "POST"})
    _error(pre, 403, "origin_not_allowed")
    assert "access-control-allow-origin" not in pre.headers


def test_allowed_origin_gets_cors_but_is_no_credential(anon, api_key, host_pages):
    pre = anon.options(
        "/api/ask",
        headers={
            "Origin": host_pages.allowed,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 204
    assert pre.headers["access-control-allow-origin"] == host_pages.allowed
    assert "POST" in pre.headers["access-control-allow-methods"]
    origin = {"Origin": host_pages.allowed}
    for r in (
        anon.post("/api/ask", json={"question": QUESTION}, headers=origin),
        anon.get("/v1/models", headers=origin),
    ):
        _error(r, 401, "unauthorized")  # a script can claim any Origin: it never stands in for a key
        assert r.headers["access-control-allow-origin"] == host_pages.allowed  # the page may read why
    keyed = origin | {"Authorization": f"Bearer {api_key}"}
    r = anon.post("/api/ask", json={"question": QUESTION}, headers=keyed)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == host_pages.allowed
    err = anon.post("/api/ask", json={"question": ""}, headers=keyed)
    assert err.status_code == 422 and err.headers["access-control-allow-origin"] == host_pages.allowed


def test_own_origin_header_is_not_a_key(anon, live):
    _error(anon.get("/api/documents", headers={"Origin": live.url}), 401, "unauthorized")


def test_malformed_allowed_origin_is_a_configuration_error(settings, answerer):
    from yearbook_qa.corpus.errors import UserError
    from yearbook_qa.service.api.app import create_app

    with pytest.raises(UserError, match="allowed_origins"):
        create_app(settings.model_copy(update={"allowed_origins": ["http://ok.example; script-src *"]}), answerer)


# --- rate limit ----------------------------------------------------------------------------


def test_rate_limit_answers_429(limited):
    with httpx.Client(base_url=limited.url, timeout=60) as c:
        codes = [c.get("/api/documents").status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        r = c.get("/api/documents")
        _error(r, 429, "rate_limited")
        assert int(r.headers["retry-after"]) >= 1
        assert c.get("/healthz").status_code == 200  # health checks are not limited
