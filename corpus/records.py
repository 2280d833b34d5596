"""Passage JSONL files (one record a line: {pid|id, title, text|content}, optional chapter|category and year, the
edition year), also gzipped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from yearbook_qa.corpus.encoding import decode_source
from yearbook_qa.corpus.errors import CorpusError
from yearbook_qa.corpus.passage import Document, Passage
from yearbook_qa.corpus.sentences import chunk_spans
from yearbook_qa.corpus.years import edition_year, spoken_years


def is_records_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".jsonl") or name.endswith(".jsonl.gz")


def read_records(path: Path, max_chars: int) -> tuple[list[Document], list[Passage], list[str]]:
    """Each record is a document whose id is the record's id.

    A record of at most max_chars is one passage whose id is the record id; a longer one is cut on
    sentence ends into passages `ID#1`, `ID#2` … that all keep the record id as document id.
    Bad records are reported (file and line) and skipped.
    """
    documents: list[Document] = []
    passages: list[Passage] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc = _document(record, path)
        except (json.JSONDecodeError, ValueError) as e:
            problems.append(f"{path}: line {number}: 记录无效, 已跳过 (bad record skipped: {e})")
            continue
        if doc.id in seen:
            problems.append(f"{path}: line {number}: 重复的 id {doc.id!r}, 已跳过 (duplicate id skipped)")
            continue
        seen.add(doc.id)
        documents.append(doc)
        passages += _passages(doc, record, max_chars)
    return documents, passages, problems


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError) as e:
        raise CorpusError(f"{path}: 无法读取 (cannot read: {e})") from None
    return decode_source(data, path)


def _document(record: object, path: Path) -> Document:
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    rid = record.get("pid", record.get("id"))
    text = record.get("text", record.get("content"))
    if not isinstance(rid, (str, int)) or not str(rid).strip():
        raise ValueError("no pid/id")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no text/content")
    title = str(record.get("title") or rid)
    year = edition_year(str(record.get("year") or ""), title, path.name)
    return Document(id=str(rid), title=title, path=str(path), text=text, year=year)


def _passages(doc: Document, record: dict, max_chars: int) -> list[Passage]:
    chapter = record.get("chapter", record.get("category"))
    spans = chunk_spans(doc.text, 0, len(doc.text), max_chars)
    ids = [doc.id] if len(spans) == 1 else [f"{doc.id}#{k}" for k in range(1, len(spans) + 1)]
    return [
        Passage(
            id=pid,
            document_id=doc.id,
            document_title=doc.title,
            text=doc.text[s:e],
            span=(s, e),
            year=doc.year,
            years=spoken_years(doc.text[s:e], doc.year),
            chapter=str(chapter) if chapter else None,
            entry=doc.title,
        )
        for pid, (s, e) in zip(ids, spans, strict=False)
    ]
