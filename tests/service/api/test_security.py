"""Authentication never fails with a 500: arbitrary Authorization, widget-token and Origin headers (hypothesis).

Header values are any bytes HTTP allows in a field (visible ASCII, space, tab, and 0x80-0xFF), sent over
a real socket to the live server (keys on, one allowed origin).
"""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELD_BYTES = [9, *range(0x20, 0x7F), *range(0x80, 0x100)]
raw_value = st.lists(st.sampled_from(FIELD_BYTES), max_size=120).map(bytes).map(bytes.strip)
text_value = st.text(max_size=60).map(lambda t: t.encode("utf-8", "ignore"))
digits = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=5000).map(str.encode)


def _clean(value: bytes) -> bytes:
    return bytes(b for b in value if b in FIELD_BYTES).strip()


authorization = st.one_of(raw_value, text_value.map(lambda t: b"Bearer " + t), st.just(b"Bearer"))
token = st.one_of(
    raw_value,
    st.builds(lambda e, s: b"v1." + e + b".0123456789abcdef." + s, digits, st.one_of(raw_value, text_value)),
    st.builds(lambda e, s: e + b"." + s, digits, text_value),
)
origin = st.one_of(raw_value, text_value.map(lambda t: b"http://" + t), st.just(b"null"))


@pytest.mark.parametrize("request_line", [("POST", "/api/ask"), ("GET", "/api/documents"), ("GET", "/v1/models")])
def test_authentication_never_fails_with_a_server_error(live, request_line):
    method, path = request_line
    with httpx.Client(base_url=live.url, timeout=30) as client:

        @given(auth=st.none() | authorization, tok=st.none() | token, org=st.none() | origin)
        @settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(auth, tok, org):
            headers = [
                (name, _clean(v))
                for name, v in ((b"authorization", auth), (b"x-widget-token", tok), (b"origin", org))
                if v is not None
            ]
            body = b'{"question": "\xe5\xb9\xb4"}' if method == "POST" else None
            r = client.request(method, path, headers=[*headers, (b"content-type", b"application/json")], content=body)
            assert r.status_code < 500, (headers, r.status_code, r.text)
            if r.status_code >= 400:
                assert r.json()["error"]["code"]

        check()


def test_non_ascii_credentials_are_refused_cleanly(anon):
    """The findings: a non-ASCII key, a widget token whose expiry is ² or 5,000 digits, a non-ASCII signature."""
    cases = [
        [(b"authorization", "Bearer 密钥".encode())],
        [(b"authorization", b"Bearer \xff\xfe")],
        [(b"x-widget-token", "².abc".encode())],
        [(b"x-widget-token", b"9" * 5000 + b".abc")],
        [(b"x-widget-token", "v1.99999999999.0123456789abcdef.签名".encode())],
    ]
    for headers in cases:
        r = anon.get("/api/documents", headers=headers)
        assert r.status_code == 401, (headers, r.text)
        assert r.json()["error"]["code"] in ("unauthorized", "invalid_token")
