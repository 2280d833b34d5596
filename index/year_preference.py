"""Year-aware ranking: a question that names a year prefers the passages that speak of that year.

"2024年国内生产总值是多少" is answered by the 2025 edition's "过去一年…国内生产总值达到134.9万亿元", which never
writes 2024 but speaks of it (corpus.years): such passages join the candidates even when the question's other
words rank them low, and their scores are raised by how squarely they speak of the year.

How squarely: each mention of years in a passage (its text, each heading of its chain, its entry title) names
one year or a run of them; a mention of one year (去年, 2011年工作回顾) is worth 1, a run of n years (过去五年,
“十二五”, 2013—2017年) 1/n, so a five-year review does not outrank the year's own review. A year the text only
writes (2024年, which BM25 already matches) is worth WRITTEN. A year the passage speaks of some other way (a
table's caption or column headers) is worth 1/n of the n such years.

An annual edition looks back on the years before it (its review) and ahead on its own (its plan: 今年的目标).
A question asks for what happened unless it names a plan (目标, 预期, 计划 …) or puts what was to be done
right after the year (2021年要…, 2022年将…): the passages that look at the
year the way the question does get the whole bonus, the others OTHER_SIDE of it. So "2021年…增长了多少" finds
the 2022 edition's review before the 2021 edition's target, and "2022年的目标…" the 2022 edition's plan.
"""

from __future__ import annotations

import re

import numpy as np

from yearbook_qa.corpus.passage import HEADING_SEPARATOR, Passage
from yearbook_qa.corpus.vocabulary import PLAN_MODALS, PLAN_NOUNS, alternation
from yearbook_qa.corpus.years import heading_years, relative_mentions, written_mentions, years_in

YEAR_BONUS = 1.0  # a speaking passage's lead over the ranking's lowest score is raised by this share
OTHER_SIDE = 0.25  # the share of the bonus for a passage that looks at the year the other way (review / plan)
WRITTEN = 0.5  # the worth of a year the passage's own text writes (BM25 already sees 2024)
# a plan named (目标, 部署 …), or a year followed by what was to be done in it (2021年要…, 2022年提出要…)
PLAN_WORDS = re.compile(rf"{alternation(PLAN_NOUNS)}|年(?:提出)?(?:{alternation(PLAN_MODALS)})")
_CACHED_YEAR_SETS = 64


class YearPreference:
    """Which passages speak of the years a question names, how squarely, and the re-ranking that prefers them."""

    def __init__(self, passages: list[Passage], bonus: float = YEAR_BONUS) -> None:
        self.bonus = bonus
        self._years = [frozenset(p.years) for p in passages]
        self._editions = [p.year for p in passages]
        self._worth = [_year_worth(p) for p in passages]
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
                (row, score + self.bonus * self.share(row, asked, plan) * (score - low) if speaking[row] else score)
                for row, score in ranked
            ),
            key=lambda item: -item[1],
        )

    def share_for(self, row: int, query: str) -> float | None:
        """How squarely the passage speaks of the years the query names (see `share`); None if it names none."""
        asked = frozenset(years_in(query))
        return self.share(row, asked, bool(PLAN_WORDS.search(query))) if asked else None

    def share(self, row: int, asked: frozenset[int], plan: bool) -> float:
        """How squarely the passage speaks of an asked year (its best year's worth), times OTHER_SIDE unless it
        looks at that year as the question does (back on it, or ahead: a plan); 0 if it speaks of none."""
        worth = self._worth[row]
        spoken = [(worth[y], y) for y in asked if y in worth]
        if not spoken:
            return 0.0
        best, year = max(spoken)
        edition = self._editions[row]
        if edition is not None and (year < edition) == plan:
            best *= OTHER_SIDE
        return best


def _year_worth(p: Passage) -> dict[int, float]:
    """{year: how squarely the passage speaks of it} (see the module's docstring)."""
    mentions = [(group, 1.0) for group in relative_mentions(p.text, p.year)]
    mentions += [(group, WRITTEN) for group in written_mentions(p.text)]
    headings = [*(p.chapter or "").split(HEADING_SEPARATOR), p.entry or ""]
    mentions += [(group, 1.0) for group in (heading_years(h, p.year) for h in headings if h) if group]
    worth: dict[int, float] = {}
    for group, weight in mentions:
        for y in group:
            worth[y] = max(worth.get(y, 0.0), weight / len(group))
    other = [y for y in p.years if y not in worth]
    for y in other:
        worth[y] = 1 / len(other)
    return worth


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
