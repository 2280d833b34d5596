"""GET /healthz (the process answers) and GET /readyz (the index is loaded and not empty)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from yearbook_qa.service.api.errors import ApiError

health_router = APIRouter(tags=["运行状态"])


@health_router.get("/healthz", summary="存活检查")
async def healthz() -> dict:
    return {"status": "ok"}


@health_router.get("/readyz", summary="就绪检查 (索引已加载)")
async def readyz(request: Request) -> dict:
    index = request.app.state.catalog.index
    if not index.passages:
        raise ApiError(503, "not_ready", "索引为空，尚不能回答")
    return {"status": "ready", "passages": len(index.passages), "documents": len(index.documents())}
