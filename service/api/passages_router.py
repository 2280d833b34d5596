"""GET /api/passages/{id} (a passage, its neighbours, where it stands) and GET /api/documents."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Path, Request

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import HybridIndex
from yearbook_qa.service.api.errors import ApiError

passages_router = APIRouter(prefix="/api", tags=["段落与文档"])


class Catalog:
    """Document order and table counts, computed once from the index's passages."""

    def __init__(self, index: HybridIndex) -> None:
        self.index = index
        by_doc: dict[str, list[Passage]] = defaultdict(list)
        for p in index.passages:
            by_doc[p.document_id].append(p)
        self.position: dict[str, tuple[int, int]] = {}
        self.tables: dict[str, int] = {}
        for doc, ps in by_doc.items():
            ps.sort(key=lambda p: p.span[0])
            self.position |= {p.id: (i + 1, len(ps)) for i, p in enumerate(ps)}
            self.tables[doc] = len({p.table for p in ps if p.table})

    def location(self, p: Passage) -> dict:
        at, total = self.position.get(p.id, (None, None))
        return {
            "document_id": p.document_id,
            "document_title": p.document_title,
            "year": p.year,
            "chapter": p.chapter,
            "entry": p.entry,
            "table": p.table,
            "row": p.row,
            "position": at,
            "total": total,
            "span": list(p.span),
        }


def _catalog(request: Request) -> Catalog:
    return request.app.state.catalog


@passages_router.get("/passages/{passage_id}", summary="查看一个段落及其上下文")
async def passage(request: Request, passage_id: str = Path(max_length=300)) -> dict:
    """The passage, the passages just before and after it, and its place in the document."""
    catalog = _catalog(request)
    p = catalog.index.get(passage_id)
    if p is None:
        raise ApiError(404, "passage_not_found", f"未找到段落 {passage_id}")
    return {
        "passage": p.to_dict(),
        "neighbours": [n.to_dict() for n in catalog.index.neighbours(passage_id, 1)],
        "location": catalog.location(p),
    }


@passages_router.get("/documents", summary="已索引的文档")
async def documents(request: Request) -> dict:
    """What is indexed: per document its title, year, passage, table-row and table counts, and its state
    (ready; indexing, deleting or failed with a message while an upload or removal is under way)."""
    catalog = _catalog(request)
    documents = [d | {"tables": catalog.tables.get(d["id"], 0)} for d in catalog.index.documents()]
    return {"documents": with_states(documents, request.app.state.library.states())}


def with_states(documents: list[dict], jobs: list[dict]) -> list[dict]:
    """Indexed documents marked ready (or with their running job's state), then documents still indexing or failed."""
    by_id = {j["id"]: j for j in jobs}
    out = [d | {"state": by_id[d["id"]]["state"] if d["id"] in by_id else "ready"} for d in documents]
    known = {d["id"] for d in documents}
    out += [
        {"id": j["id"], "title": j["title"], "state": j["state"], "message": j["message"]}
        for j in jobs
        if j["id"] not in known
    ]
    return out
