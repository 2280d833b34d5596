"""Years: a document's edition year, and the years a text speaks of (written, ranged, or relative to the edition).

An annual document of edition E (a yearbook titled 2023, the 2023 government work report) mostly reviews
E - 1 and plans E: its 过去一年/去年/上年 are E - 1, 今年/本年 E, 明年 E + 1, 过去五年 E - 5 … E - 1,
and a review chapter without a year of its own (…工作回顾, 综述, 概况, 大事记) speaks of E - 1.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {c: str(i % 10) for i, c in enumerate("零一二三四五六七八九〇")}
_COUNTS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_YEAR = r"((?:19|20)[0-9]{2})"
_WRITTEN = re.compile(rf"(?<![0-9]){_YEAR}(?:\s*[—\-–~～至到]\s*{_YEAR})?\s*年")
_CHINESE_YEAR = re.compile(rf"([{''.join(_DIGITS)}]{{4}})\s*年")
_EDITION_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_COUNT = r"([一二两三四五六七八九十]|(?<![0-9])[0-9]{1,2})"
_SPAN_BACK, _SPAN_AHEAD = "past", "coming"  # N years up to the edition, N years from it
# (pattern, the matched years relative to the edition: one offset, or a span of the matched count)
_RELATIVE: tuple[tuple[re.Pattern[str], int | str], ...] = (
    (re.compile(rf"(?:过去|近|最近)\s*{_COUNT}\s*年|{_COUNT}\s*年(?:来|以来)"), _SPAN_BACK),
    (re.compile(rf"(?:今后|未来)\s*{_COUNT}\s*年"), _SPAN_AHEAD),
    (re.compile(r"去年|上年|上一年|前一年"), -1),
    (re.compile(r"前年"), -2),
    (re.compile(r"今年|本年"), 0),
    (re.compile(r"明年|下一年|来年"), 1),
)
# 第N个五年计划 ("十二五"): the first two ran 1953-1962; after the 1963-1965 adjustment the third began in 1966,
# so the Nth (N >= 3) runs from 1966 + 5 (N - 3) for five years ("十二五" 2011-2015).
_FIVE_YEAR_PLAN = re.compile(r"“?(十[一二三四五六七八九]?|[一二三四五六七八九])五”?(?:规划|计划|时期|期间)")
_REVIEW = re.compile(r"回顾|综述|概况|概述|总结|大事记|述评")


def years_in(text: str) -> tuple[int, ...]:
    """The distinct years written in the text (2013年, 2013—2017年, 二〇一三年), in order of first mention."""
    return _distinct(y for group in written_mentions(text) for y in group)


def written_mentions(text: str) -> list[tuple[int, ...]]:
    """Each written year or range of years (2013年; 2013—2017年 as its five years; 二〇一三年), in text order."""
    text = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, list[int]]] = []
    for m in _WRITTEN.finditer(text):
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        found.append((m.start(), list(range(first, last + 1)) if 0 <= last - first <= 10 else [first, last]))
    found += [(m.start(), [int("".join(_DIGITS[c] for c in m.group(1)))]) for m in _CHINESE_YEAR.finditer(text)]
    groups = (_distinct(group) for _, group in sorted(found, key=lambda item: item[0]))
    return [g for g in groups if g]


def relative_years(text: str, edition: int | None) -> tuple[int, ...]:
    """The years the text names relative to its edition (过去一年 -> E - 1, 过去五年 -> E - 5 … E - 1 …)."""
    return _distinct(y for group in relative_mentions(text, edition) for y in group)


def relative_mentions(text: str, edition: int | None) -> list[tuple[int, ...]]:
    """Each year or run of years the text names relative to its edition (去年 -> (E - 1,); 过去五年 -> five
    years), and each five-year plan ("十二五" -> 2011 … 2015)."""
    if edition is None:
        return []
    found: list[tuple[int, ...]] = []
    for pattern, kind in _RELATIVE:
        for m in pattern.finditer(text):
            if isinstance(kind, int):
                found.append((edition + kind,))
                continue
            n = min(count_value(next(g for g in m.groups() if g)), 10)
            found.append(tuple(range(edition - n, edition) if kind == _SPAN_BACK else range(edition, edition + n)))
    for m in _FIVE_YEAR_PLAN.finditer(text):
        n = count_value(m.group(1))
        start = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
        found.append(tuple(range(start, start + 5)))
    return [g for g in found if g]


def point_years(text: str, edition: int | None) -> tuple[int, ...]:
    """The single years the text speaks of: written ones and 去年/今年/明年 …, not spans (五年来, “十三五”)."""
    return _distinct(years_in(text) + tuple(g[0] for g in relative_mentions(text, edition) if len(g) == 1))


def spoken_years(text: str, edition: int | None) -> tuple[int, ...]:
    """Every year the text speaks of: written ones first, then those relative to the edition."""
    return _distinct(years_in(text) + relative_years(text, edition))


def heading_years(heading: str, edition: int | None) -> tuple[int, ...]:
    """The years a heading's section speaks of: its own, else (a review: 工作回顾, 综述 …) the year before the edition."""
    years = spoken_years(heading, edition)
    if not years and edition is not None and _REVIEW.search(heading):
        return (edition - 1,)
    return years


def edition_year(*sources: str | None) -> int | None:
    """The edition year from the first source that has one (title, subtitle date, file name): its last year."""
    for source in sources:
        found = _EDITION_YEAR.findall(unicodedata.normalize("NFKC", source or ""))
        if found:
            return int(found[-1])
    return None


def _distinct(years) -> tuple[int, ...]:
    """The years in first-seen order, each once, within 1900-2099."""
    return tuple(y for y in dict.fromkeys(years) if 1900 <= y <= 2099)


def count_value(word: str) -> int:
    """Digits, or a Chinese count up to 九十九 (两 = 2, 十二 = 12, 二十三 = 23), as a number."""
    if word.isdigit():
        return int(word)
    tens, ten, units = word.rpartition("十")
    if not ten:
        return _COUNTS[word]
    return _COUNTS.get(tens, 1) * 10 + _COUNTS.get(units, 0)
