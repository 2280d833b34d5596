"""Statistical tables (统计年鉴): which number column of an indicator row a question asks for.

Columns are named by a year (2022年, 年份 › 2022年, 2022年 › 总量) or a growth (比上年增长(%), 2022年 › 增速);
the corpus has already given every number cell its unit (335.6亿元, 7.1%).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.vocabulary import GROWTH_WORDS, alternation

_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_GROWTH = re.compile(alternation(GROWTH_WORDS))
_NUMBER_CELL = re.compile(r"[-+−]?[0-9][0-9,]*(?:\.[0-9]+)?[^0-9]{0,4}")


def statistic_header(question: str, cells: Mapping[str, str], anchors: set[str]) -> str | None:
    """The number column a question asks for: one of the year it names, a growth column when it asks for
    growth (比上年增长多少) and a level otherwise, the latest year when it names none; None if no column fits."""
    q = normalize(question)
    asked_years = set(_YEAR.findall(q))
    asks_growth = bool(_GROWTH.search(q))
    fitting: list[tuple[int, str]] = []
    for header, value in cells.items():
        years = set(_YEAR.findall(header))
        growth = bool(_GROWTH.search(header))
        if header in anchors or not (years or growth) or not _NUMBER_CELL.fullmatch(normalize(value)):
            continue
        if growth != asks_growth or (asked_years and years and not years & asked_years):
            continue
        if asked_years and not years & asked_years and not growth:
            continue
        fitting.append((max((int(y) for y in years), default=0), header))
    return max(fitting)[1] if fitting else None
