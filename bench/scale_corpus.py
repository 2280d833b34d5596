"""Passages for the scale benchmark: the bundled yearbook, then ~300-character passages cut from ../shared/datasets/scale."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from yearbook_qa.corpus.passage import Passage

SCALE_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "scale"
SCALE_FILES = ("government-work-reports.jsonl.gz", "laws-regulations.jsonl.gz")
_SENTENCE = re.compile(r"[^。！？；\n]*[。！？；\n]|[^。！？；\n]+$")


def cut(text: str, max_chars: int) -> Iterator[tuple[int, int]]:
    """[start, end) spans of consecutive sentences, each span at most max_chars (long sentences are hard-cut)."""
    start = end = 0
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        while e - s > max_chars:  # a sentence longer than a passage
            if end > start:
                yield start, end
            yield s, s + max_chars
            s = start = end = s + max_chars
        if e - start > max_chars and end > start:
            yield start, end
            start = s
        end = e
    if end > start:
        yield start, end


def scale_passages(limit: int, max_chars: int = 300, scale_dir: Path = SCALE_DIR) -> Iterator[Passage]:
    """Up to `limit` passages cut from the scale corpora, in a fixed order."""
    count = 0
    for name in SCALE_FILES:
        with gzip.open(scale_dir / name, "rt", encoding="utf-8") as f:
            for line_no, line in enumerate(f):
                record = json.loads(line)
                doc_id = f"{name.split('.')[0]}-{record.get('id', line_no)}"
                text = record["content"]
                for start, end in cut(text, max_chars):
                    if not text[start:end].strip():
                        continue
                    yield Passage(
                        id=f"{doc_id}-{start}",
                        document_id=doc_id,
                        document_title=record["title"],
                        text=text[start:end].strip(),
                        span=(start, end),
                        chapter=record.get("category"),
                    )
                    count += 1
                    if count >= limit:
                        return
