"""The files of an index directory, beside manifest.json, and how passages and embedding keys are stored."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from yearbook_qa.corpus.passage import Passage

PASSAGES = "passages.jsonl"  # Passage.to_dict, one a line, in index row order
EMBEDDING_KEYS = "embedding_keys.txt"  # embedding_key of each row, one a line
DENSE = "dense.faiss"
LEXICAL = "bm25"  # a directory, as bm25s saves it


def embedding_key(model: str, text: str) -> str:
    """What a vector depends on: the model and the embedded text."""
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


def corpus_hash(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(keys).encode("ascii")).hexdigest()


def write_passages(path: Path, passages: list[Passage]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for p in passages:
            f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")


def read_passages(path: Path) -> list[Passage]:
    with path.open(encoding="utf-8") as f:
        return [Passage.from_dict(json.loads(line)) for line in f]


def write_keys(path: Path, keys: list[str]) -> None:
    path.write_text("".join(k + "\n" for k in keys), encoding="ascii")


def read_keys(path: Path) -> list[str]:
    return path.read_text(encoding="ascii").split()
