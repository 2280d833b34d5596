"""What a search returns, and what it may be restricted to."""

from __future__ import annotations

from dataclasses import dataclass

from yearbook_qa.corpus.passage import Passage


@dataclass(frozen=True)
class Filters:
    """Restrict hits to one document, year or chapter (None = no restriction)."""

    document: str | None = None  # document id or title
    year: int | None = None  # matches the edition year or any year the passage speaks of
    chapter: str | None = None

    def accepts(self, p: Passage) -> bool:
        if self.document is not None and self.document not in (p.document_id, p.document_title):
            return False
        if self.year is not None and self.year != p.year and self.year not in p.years:
            return False
        return self.chapter is None or self.chapter == p.chapter


@dataclass(frozen=True)
class Hit:
    """One ranked passage with the evidence for its rank."""

    passage: Passage
    score: float  # fused score (higher is better)
    dense_score: float | None = None  # cosine similarity, None if not in the dense list
    lexical_score: float | None = None  # BM25 score, None if not in the lexical list
    dense_rank: int | None = None  # 1-based
    lexical_rank: int | None = None  # 1-based
