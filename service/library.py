"""The yearbooks in an index: build it from paths, add one file, remove one document (incremental builds).

Adding re-reads only the new file; the other documents' passages come from the index itself, and
build_index re-uses every vector it already has, so only the new passages are embedded. Every build
writes a new index directory beside the old one and renames it into place.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from yearbook_qa.corpus import Corpus, load_corpus
from yearbook_qa.corpus.errors import UserError
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import BuildReport, build_index
from yearbook_qa.index import index_files as files
from yearbook_qa.index.embedding_model import Embedder


def load_paths(paths: Sequence[Path], max_chars: int) -> Corpus:
    """Every yearbook under the given files and directories, as one corpus (a repeated document id is skipped)."""
    out = Corpus()
    for path in paths:
        corpus = load_corpus(path, max_chars=max_chars)
        known = {d.id for d in out.documents}
        out.problems += corpus.problems
        for doc in corpus.documents:
            if doc.id in known:
                out.problems.append(f"{doc.path}: 文档 id {doc.id!r} 已被使用, 已跳过 (duplicate document id skipped)")
        fresh = {d.id for d in corpus.documents} - known
        out.documents += [d for d in corpus.documents if d.id in fresh]
        out.passages += [p for p in corpus.passages if p.document_id in fresh]
    return out


def indexed_passages(index_dir: Path) -> list[Passage]:
    """The passages of the index at `index_dir` (none if there is no index yet)."""
    path = index_dir / files.PASSAGES
    return files.read_passages(path) if (index_dir / "manifest.json").exists() and path.exists() else []


def add_corpus(corpus: Corpus, index_dir: Path, embedder: Embedder, ann: str = "auto") -> BuildReport:
    """Add what was read to the index (a document of the same id is replaced); only new passages are embedded."""
    added = {p.document_id for p in corpus.passages}
    kept = [p for p in indexed_passages(index_dir) if p.document_id not in added]
    return build_index(kept + corpus.passages, index_dir, embedder, ann=ann, progress=False)


def remove_document(document_id: str, index_dir: Path, embedder: Embedder, ann: str = "auto") -> BuildReport:
    """Rebuild the index without one document (UserError if it is not there or is the last one)."""
    passages = indexed_passages(index_dir)
    kept = [p for p in passages if p.document_id != document_id]
    if len(kept) == len(passages):
        raise UserError(f"索引中没有文档 {document_id!r} (no such document in the index)")
    if not kept:
        raise UserError(f"不能删除最后一份文档 {document_id!r} (the index would be empty)")
    return build_index(kept, index_dir, embedder, ann=ann, progress=False)


def report_problems(corpus: Corpus) -> None:
    """Each file (and line) that was skipped or only partly read, one warning line each on stderr."""
    for problem in corpus.problems:
        print(f"警告: {problem}", file=sys.stderr)
