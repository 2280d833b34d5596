"""Load a yearbook file or a directory of them into one corpus of documents and passages."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from yearbook_qa.corpus.errors import CorpusError
from yearbook_qa.corpus.passage import Document, Passage
from yearbook_qa.corpus.passages import outline_passages
from yearbook_qa.corpus.reading import SUFFIXES, read_outline
from yearbook_qa.corpus.records import is_records_file, read_records


@dataclass
class Corpus:
    """Everything read from a path; `problems` name each file (and line) that was skipped or only partly read."""

    documents: list[Document] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def load_corpus(path: str | Path, max_chars: int = 300) -> Corpus:
    """Read a yearbook file, a passage JSONL file, or every such file under a directory."""
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"{root}: 路径不存在 (no such file or directory)")
    corpus = Corpus()
    for file, doc_id in _sources(root, corpus.problems):
        try:
            _add_file(corpus, file, doc_id, max_chars)
        except CorpusError as e:
            corpus.problems.append(str(e))
    if not corpus.passages:
        details = "; ".join(corpus.problems) or "no yearbook files found"
        raise CorpusError(f"{root}: 没有读到任何段落 (nothing could be read): {details}")
    return corpus


def _add_file(corpus: Corpus, file: Path, doc_id: str, max_chars: int) -> None:
    if is_records_file(file):
        documents, passages, problems = read_records(file, max_chars)
        corpus.problems += problems
    else:
        outline = read_outline(file, doc_id)
        documents, passages = [outline.document], outline_passages(outline, max_chars)
        corpus.problems += outline.problems
    known = {d.id for d in corpus.documents}
    for doc in documents:
        if doc.id in known:
            corpus.problems.append(f"{file}: 文档 id {doc.id!r} 已被使用, 已跳过 (duplicate document id skipped)")
    fresh = {d.id for d in documents} - known
    corpus.documents += [d for d in documents if d.id in fresh]
    corpus.passages += [p for p in passages if p.document_id in fresh]


def _sources(root: Path, problems: list[str]) -> list[tuple[Path, str]]:
    """The files to read, each with its document id: the path below root without suffix (with it, if two clash)."""
    if root.is_file():
        return [(root, root.stem)]
    found: list[Path] = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = file.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if file.suffix.lower() in SUFFIXES or is_records_file(file):
            found.append(relative)
        else:
            problems.append(f"{file}: 已跳过, 不支持的文件类型 (skipped: unsupported file type)")
    stems = Counter(r.with_suffix("").as_posix() for r in found)
    return [
        (root / r, r.as_posix() if stems[r.with_suffix("").as_posix()] > 1 else r.with_suffix("").as_posix())
        for r in found
    ]
