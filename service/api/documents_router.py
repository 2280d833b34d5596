"""POST /api/documents (upload a yearbook) and DELETE /api/documents/{id}, for holders of an admin key.

Without YEARBOOK_QA_ADMIN_KEYS both answer 403 admin_disabled. The work runs in the background
(document_library); GET /api/documents shows each document's state. GET /admin is the page for it.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, File, Path, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.status import HTTP_202_ACCEPTED

from yearbook_qa.service.api.document_library import DocumentLibrary
from yearbook_qa.service.api.errors import ApiError
from yearbook_qa.service.api.pages_router import STATIC
from yearbook_qa.service.api.security import page_csp

documents_router = APIRouter(tags=["文档管理"])


def _library(request: Request) -> DocumentLibrary:
    """The library, once the caller has shown an admin key."""
    keys: list[str] = request.app.state.settings.admin_keys
    if not keys:
        raise ApiError(403, "admin_disabled", "未配置管理密钥 (YEARBOOK_QA_ADMIN_KEYS), 文档管理已关闭")
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not any(hmac.compare_digest(key.strip(), k) for k in keys):
        raise ApiError(401, "admin_key_required", "需要有效的管理密钥 (Authorization: Bearer …)")
    return request.app.state.library


def _indexed(request: Request) -> set[str]:
    return {d["id"] for d in request.app.state.catalog.index.documents()}


@documents_router.post("/api/documents", status_code=HTTP_202_ACCEPTED, summary="上传一份年鉴 (需管理密钥)")
async def upload(
    request: Request, file: Annotated[UploadFile, File(description="pdf docx xlsx csv txt md html jsonl")]
) -> dict:
    """Keep the file and index it in the background; the document's state shows in GET /api/documents."""
    library = _library(request)
    job = library.upload(file.filename or "", await file.read())
    return {"id": job.id, "state": job.state}


@documents_router.delete(
    "/api/documents/{document_id}", status_code=HTTP_202_ACCEPTED, summary="删除一份年鉴 (需管理密钥)"
)
async def delete(request: Request, document_id: str = Path(max_length=300)) -> dict:
    """Rebuild the index without the document, in the background."""
    job = _library(request).delete(document_id, _indexed(request))
    return {"id": job.id, "state": job.state}


@documents_router.get("/admin", include_in_schema=False)
async def admin_page() -> HTMLResponse:
    """The page that lists the documents and uploads or removes one."""
    return HTMLResponse(
        (STATIC / "admin.html").read_text("utf-8"),
        headers={
            "Content-Security-Policy": page_csp(()),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
