"""Every error the HTTP API returns is JSON {"error": {"code", "message"}} with a 4xx status."""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from yearbook_qa.corpus.errors import UserError

log = logging.getLogger("yearbook_qa.service")

_STATUS_CODES = {
    400: ("bad_request", "请求无效"),
    401: ("unauthorized", "需要有效的 API 密钥"),
    403: ("forbidden", "禁止访问"),
    404: ("not_found", "未找到该地址"),
    405: ("method_not_allowed", "不支持该请求方法"),
    413: ("body_too_large", "请求体过大"),
    415: ("unsupported_media_type", "不支持的内容类型"),
    429: ("rate_limited", "请求过于频繁，请稍后再试"),
}


class ApiError(Exception):
    """An error with a status, a stable machine code and a Chinese message for the user."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_body(code: str, message: str) -> bytes:
    """The one error shape, as the JSON bytes of every error response (routers and middleware alike)."""
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """An error response of the one shape."""
    return Response(error_body(code, message), status_code=status, headers=headers, media_type="application/json")


def _location(loc: tuple) -> str:
    return ".".join(str(p) for p in loc if p not in ("body",)) or "body"


async def _api_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _validation_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, "invalid_json", "请求体不是有效的 JSON")
    first = errors[0] if errors else {}
    where = _location(tuple(first.get("loc", ())))
    return error_response(422, "invalid_request", f"请求参数无效: {where}: {first.get('msg', '')}")


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _STATUS_CODES.get(exc.status_code, ("http_error", "请求失败"))
    return error_response(exc.status_code, code, message, dict(exc.headers or {}))


async def _user_error(_: Request, exc: Exception) -> Response:
    return error_response(400, "bad_request", str(exc))


async def _unexpected(_: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    return error_response(500, "internal_error", "服务内部错误")


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure to the JSON error shape (no HTML, no traceback)."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(UserError, _user_error)
    app.add_exception_handler(Exception, _unexpected)
