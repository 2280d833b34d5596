"""Year-aware ranking: a question that names a year prefers the passages that speak of that year.

"2024年国内生产总值是多少" is answered by the 2025 edition's "过去一年…国内生产总值达到134.9万亿元", which never
writes 2024 but speaks of it (corpus.years): such passages join the candidates even when the question's other
words rank them low, and their scores are raised; less for passages that only write the year (2024年 in their
own text, which BM25 already matches) than for those whose heading or relative years (过去一年) speak of it.

An annual edition looks back on the years before it (its review) and ahead on its own (its plan: 今年的目标).
A question asks for what happened unless it names a plan (目标, 预期, 计划 …): the passages that look at the
year the way the question does get the whole bonus, the others half of it. So "2021年…增长了多少" finds the
2022 edition's review before the 2021 edition's target, and "2022年的目标…" the 2022 edition's plan.
"""

from __future__ import annotations

import re

import numpy as np

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.corpus.vocabulary import PLAN_NOUNS, alternation
from yearbook_qa.corpus.years import years_in

YEAR_BONUS = 1.0  # a speaking passage's lead over the ranking's lowest score is raised by this share
OTHER_SIDE = 0.5  # the share of the bonus for a passage that looks at the year the other way (review / plan)
MENTION = 0.5  # the share for a passage that speaks of the year only by writing it (BM25 already sees 2024)
PLAN_WORDS = re.compile(alternation(PLAN_NOUNS))
_CACHED_YEAR_SETS = 64


class YearPreference:
    """Which passages speak of the years a question names, and the re-ranking that prefers them."""

    def __init__(self, passages: list[Passage], bonus: float = YEAR_BONUS) -> None:
        self.bonus = bonus
        self._years = [frozenset(p.years) for p in passages]
        self._editions = [p.year for p in passages]
        self._written = _written_years(passages)
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

    def prefer(self, ranked: list[tuple[int, float]], speaking: np.ndarray, query: str) -> list[tuple[int, float]]:
        """The ranking with every speaking row's score raised by its share of `bonus` × its lead over the lowest
        score in the ranking (fused, cosine or BM25 alike: a weak match stays weak), best first."""
        if not ranked:
            return ranked
        asked = frozenset(years_in(query))
        plan = bool(PLAN_WORDS.search(query))
        low = min(score for _, score in ranked)
        return sorted(
            (
                (row, score + self.bonus * self._share(row, asked, plan) * (score - low) if speaking[row] else score)
                for row, score in ranked
            ),
            key=lambda item: -item[1],
        )

    def _share(self, row: int, asked: frozenset[int], plan: bool) -> float:
        """1 if the passage looks at the asked year as the question does (back on it, or ahead: a plan), else
        OTHER_SIDE; times MENTION if it only writes the year (its heading, 过去一年 … do not speak of it)."""
        spoken = asked & self._years[row]
        share = 1.0 if spoken - self._written[row] else MENTION
        edition = self._editions[row]
        if edition is not None and any(y < edition for y in spoken) == plan:
            share *= OTHER_SIDE
        return share


def _written_years(passages: list[Passage]) -> list[frozenset[int]]:
    """The years each passage's text writes, or, for a passage of an 【entry】, the years the entry's texts write."""
    own = [frozenset(years_in(p.text)) for p in passages]
    entries: dict[tuple[str, str | None, str], frozenset[int]] = {}
    for p, years in zip(passages, own, strict=True):
        if p.entry is not None:
            key = (p.document_id, p.chapter, p.entry)
            entries[key] = entries.get(key, frozenset()) | years
    return [
        entries[p.document_id, p.chapter, p.entry] if p.entry is not None else years
        for p, years in zip(passages, own, strict=True)
    ]


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
