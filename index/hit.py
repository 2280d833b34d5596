"""What a search returns, and what it may be restricted to."""

from __future__ import annotations

from dataclasses import dataclass

from yearbook_qa.corpus.passage import HEADING_SEPARATOR, Passage


@dataclass(frozen=True)
class Filters:
    """Restrict hits to one document, spoken-of year, edition or chapter (None = no restriction)."""

    document: str | None = None  # document id or title
    year: int | None = None  # a year the passage speaks of (Passage.years: 过去一年 in the 2025 edition is 2024)
    chapter: str | None = None  # a heading, or a heading chain's start (一、2023年工作回顾 › （二）…)
    edition: int | None = None  # the document's edition year (Passage.year)

    def accepts(self, p: Passage) -> bool:
        if self.document is not None and self.document not in (p.document_id, p.document_title):
            return False
        if self.year is not None and self.year not in p.years:
            return False
        if self.edition is not None and self.edition != p.year:
            return False
        return self.chapter is None or _under(p.chapter, self.chapter)


def _under(chapter: str | None, heading: str) -> bool:
    """Whether a passage's heading chain is `heading`, opens with it (a chain prefix), or holds it as one heading."""
    if chapter is None:
        return False
    return chapter.startswith(heading + HEADING_SEPARATOR) or heading in (chapter, *chapter.split(HEADING_SEPARATOR))


@dataclass(frozen=True)
class Hit:
    """One ranked passage with the evidence for its rank."""

    passage: Passage
    score: float  # fused score (higher is better)
    dense_score: float | None = None  # cosine similarity, None if not in the dense list
    lexical_score: float | None = None  # BM25 score, None if not in the lexical list
    dense_rank: int | None = None  # 1-based
    lexical_rank: int | None = None  # 1-based
