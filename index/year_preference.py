"""Year-aware ranking: a question that names a year prefers the passages that speak of that year.

"2024年国内生产总值是多少" is answered by the 2025 edition's "过去一年…国内生产总值达到134.9万亿元", which never
writes 2024 but speaks of it (corpus.years): such passages join the candidates even when the question's other
words rank them low, and get a bonus over passages that merely contain the digits or whose edition is that year.
"""

from __future__ import annotations

import numpy as np

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.corpus.years import years_in

YEAR_BONUS = 0.3  # added to a speaking passage's score, as a share of the best score in the ranking
_CACHED_YEAR_SETS = 64


class YearPreference:
    """Which passages speak of the years a question names, and the re-ranking that prefers them."""

    def __init__(self, passages: list[Passage], bonus: float = YEAR_BONUS) -> None:
        self.bonus = bonus
        self._years = [frozenset(p.years) for p in passages]
        self._masks: dict[frozenset[int], np.ndarray] = {}

    def speaking(self, query: str) -> np.ndarray | None:
        """Rows that speak of a year the query names (written 2024年); None if it names none."""
        years = frozenset(years_in(query))
        if not years:
            return None
        if years not in self._masks:
            if len(self._masks) >= _CACHED_YEAR_SETS:
                del self._masks[next(iter(self._masks))]
            self._masks[years] = np.fromiter((bool(years & y) for y in self._years), bool, len(self._years))
        return self._masks[years]

    def prefer(self, ranked: list[tuple[int, float]], speaking: np.ndarray) -> list[tuple[int, float]]:
        """The ranking with every speaking row's score raised by `bonus` × the best score, best first."""
        if not ranked:
            return ranked
        lift = self.bonus * max(score for _, score in ranked)
        return sorted(((row, score + lift * bool(speaking[row])) for row, score in ranked), key=lambda item: -item[1])


def merge_candidates(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The union of two (rows, scores) candidate lists of one scorer, best first."""
    if not len(second[0]):
        return first
    rows = np.concatenate([first[0], second[0]])
    scores = np.concatenate([first[1], second[1]])
    rows, unique = np.unique(rows, return_index=True)
    scores = scores[unique]
    order = np.lexsort((rows, -scores))
    return rows[order], scores[order]
