"""Adding and removing yearbooks while the service answers.

An upload is kept under HOME/documents and read in the background; the index is rebuilt incrementally
(only the new passages are embedded, with a model instance of its own) into a new directory that is
renamed into place; then the new index is loaded and swapped in. Questions keep being answered by the
old index until that moment. One build runs at a time; each document's state is shown until it is ready.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from starlette.datastructures import State

from yearbook_qa.corpus import load_corpus
from yearbook_qa.corpus.errors import UserError
from yearbook_qa.corpus.reading import SUFFIXES
from yearbook_qa.index import HybridIndex
from yearbook_qa.index.embedding_model import Embedder
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.api.errors import ApiError
from yearbook_qa.service.api.passages_router import Catalog
from yearbook_qa.service.library import add_corpus, remove_document
from yearbook_qa.service.runtime import configured_embedder
from yearbook_qa.service.settings import Settings

log = logging.getLogger("yearbook_qa.service")
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")
_MAX_ID_CHARS = 100


@dataclass
class Job:
    """A document being indexed or removed, or whose indexing failed."""

    id: str
    title: str
    state: str  # indexing | deleting | failed
    message: str | None = None
    started: float = 0.0


class DocumentLibrary:
    """Background builds of the served index and the swap to the new one."""

    def __init__(self, settings: Settings, install: Callable[[], None]) -> None:
        self.settings = settings
        self._install = install  # loads the rebuilt index into the service
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yearbook-documents")
        self._embedder: Embedder | None = None

    def upload(self, filename: str, data: bytes) -> Job:
        """Keep the file and index it in the background; ApiError for a bad name, type or a busy document."""
        path = Path(filename or "")
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise ApiError(
                415,
                "unsupported_file_type",
                f"不支持的文件类型 {suffix or '(无)'}, 可上传 {' '.join(sorted(SUFFIXES))}",
            )
        if not data:
            raise ApiError(422, "empty_file", "文件为空")
        doc_id = _UNSAFE.sub("_", path.stem).strip("._")[:_MAX_ID_CHARS] or "document"
        job = self._start(Job(doc_id, path.name, "indexing", started=time.time()))
        self.settings.documents_dir.mkdir(parents=True, exist_ok=True)
        target = self.settings.documents_dir / f"{doc_id}{suffix}"
        tmp = target.with_name(f".{target.name}.upload")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        self._worker.submit(self._run, job, lambda: self._add(target, path.name))
        return job

    def delete(self, doc_id: str, indexed: set[str]) -> Job:
        """Remove a document in the background (or forget a failed upload); ApiError if it is not indexed,
        busy, or the last one."""
        with self._lock:
            failed = self._jobs.get(doc_id)
            if doc_id not in indexed and failed is not None and failed.state == "failed":
                del self._jobs[doc_id]
                return Job(doc_id, failed.title, "removed")
        if doc_id not in indexed:
            raise ApiError(404, "document_not_found", f"未找到文档 {doc_id}")
        if indexed == {doc_id}:
            raise ApiError(409, "last_document", "不能删除最后一份文档")
        job = self._start(Job(doc_id, doc_id, "deleting", started=time.time()))
        self._worker.submit(self._run, job, lambda: self._remove(doc_id))
        return job

    def states(self) -> list[dict]:
        with self._lock:
            return [asdict(j) for j in self._jobs.values()]

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _start(self, job: Job) -> Job:
        with self._lock:
            running = self._jobs.get(job.id)
            if running is not None and running.state != "failed":
                raise ApiError(409, "document_busy", f"文档 {job.id} 正在处理中, 请稍后再试")
            self._jobs[job.id] = job
        return job

    def _run(self, job: Job, work: Callable[[], None]) -> None:
        try:
            work()
        except UserError as e:
            self._fail(job, str(e))
        except Exception:  # a bug must not kill the worker; the old index keeps answering
            log.exception("document job %s failed", job.id)
            self._fail(job, "内部错误, 详见服务日志")
        else:
            with self._lock:
                self._jobs.pop(job.id, None)

    def _fail(self, job: Job, message: str) -> None:
        with self._lock:
            job.state, job.message = "failed", message

    def _add(self, path: Path, name: str) -> None:
        try:
            corpus = load_corpus(path, max_chars=self.settings.passage_max_chars)
        except UserError as e:
            path.unlink(missing_ok=True)
            raise UserError(str(e).replace(str(path), name)) from None  # the upload's name, not the server's path
        for problem in corpus.problems:
            log.warning("%s", problem)
        add_corpus(corpus, self.settings.resolved_index_dir, self._builder(), ann=self.settings.ann)
        self._install()

    def _remove(self, doc_id: str) -> None:
        remove_document(doc_id, self.settings.resolved_index_dir, self._builder(), ann=self.settings.ann)
        for kept in self.settings.documents_dir.glob(f"{doc_id}.*"):
            kept.unlink(missing_ok=True)
        self._install()

    def _builder(self) -> Embedder:
        """The model instance builds embed with (the serving one stays free for questions)."""
        if self._embedder is None:
            self._embedder = configured_embedder(self.settings)
        return self._embedder


def install_rebuilt_index(state: State) -> None:
    """Load the rebuilt index (with the serving model) and swap it in; questions in flight finish on the old one."""
    s: Settings = state.settings
    index = HybridIndex.load(
        s.resolved_index_dir,
        state.ask_service.answerer.index.embedder,
        dense_weight=s.dense_weight,
        lexical_weight=s.lexical_weight,
        rrf_k=s.rrf_k,
        fusion=s.fusion,
    )
    answerer: Answerer = state.ask_service.swap(lambda: Answerer(index, threshold=s.answer_threshold))
    state.catalog = Catalog(answerer.index)
