"""How telling a term is in this corpus: inverse document frequency over the indexed passages."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.passage import Passage


class TermWeights:
    """idf of any string (a word, a bigram) by substring occurrence in the passages' texts."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self._texts = [normalize(p.embed_text()) for p in passages]
        self.weight = lru_cache(maxsize=65536)(self._idf)

    def _idf(self, term: str) -> float:
        """log((N + 1) / (df + 0.5)): a term in no passage weighs most, one in every passage near 0."""
        t = normalize(term)
        df = sum(1 for text in self._texts if t in text)
        return math.log((len(self._texts) + 1) / (df + 0.5))

    def occurs(self, term: str) -> bool:
        """Whether the term is found in any passage."""
        t = normalize(term)
        return any(t in text for text in self._texts)
