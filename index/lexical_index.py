"""The lexical side: BM25 (bm25s) over Chinese word + bigram tokens."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index.tokenizer import ChineseTokenizer


def lexical_text(p: Passage) -> str:
    """What BM25 indexes: chapter, entry title (once: prose often opens with its own 【entry】) and text; a passage
    that names its own law or regulation (本法自…起施行) also its document's title, so "…仲裁法从什么时候施行"
    finds it."""
    entry = p.entry if p.entry and not p.is_table_row and not p.text.startswith(f"【{p.entry}】") else None
    return " | ".join(part for part in (p.chapter, entry and f"【{entry}】", p.text, p.named_document) if part)


class LexicalIndex:
    """A BM25 index over passages; scores every passage for a query in one sparse pass."""

    def __init__(self, bm25: bm25s.BM25, tokenizer: ChineseTokenizer) -> None:
        self.bm25 = bm25
        self.tokenizer = tokenizer

    @classmethod
    def build(cls, texts: list[str], tokenizer: ChineseTokenizer | None = None) -> LexicalIndex:
        tokenizer = tokenizer or ChineseTokenizer()
        bm25 = bm25s.BM25()
        bm25.index(tokenizer.tokenize_many(texts), show_progress=False)
        return cls(bm25, tokenizer)

    def save(self, directory: Path) -> None:
        self.bm25.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(directory), show_progress=False), ChineseTokenizer())

    @property
    def size(self) -> int:
        return int(self.bm25.scores["num_docs"])

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage (0 where no query token occurs)."""
        s = self.bm25.scores
        ids = [self.bm25.vocab_dict[t] for t in self.tokenizer(query) if t in self.bm25.vocab_dict]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        indptr = s["indptr"]
        postings = [slice(indptr[i], indptr[i + 1]) for i in ids]
        docs = np.concatenate([s["indices"][p] for p in postings])
        weights = np.concatenate([s["data"][p] for p in postings])
        return np.bincount(docs, weights=weights, minlength=self.size).astype(np.float32)

    def search(self, query: str, depth: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The best `depth` passages with a positive score, restricted to `mask` if given: (rows, scores)."""
        scores = self.scores(query)
        if mask is not None:
            scores[~mask] = 0.0
        return top_positive(scores, depth)


def top_positive(scores: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the `depth` highest positive scores, best first (ties: lower row first)."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > depth:
        positive = positive[np.argpartition(-scores[positive], depth - 1)[:depth]]
    order = np.lexsort((positive, -scores[positive]))
    rows = positive[order]
    return rows, scores[rows]
