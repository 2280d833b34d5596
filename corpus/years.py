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
# 第N个五年计划 ("十二五"): the first two ran from 1953 and 1958; after three years of adjustment
# (1963-1965) the Nth (N >= 3) runs from 1966 + 5 (N - 3) for five years (十一五 2006-2010, 十四五 2021-2025).
_FIVE_YEAR_PLAN = re.compile(r"“?(十[一二三四五六七八九]?|[一二三四五六七八九])五”?(?:规划|计划|时期|期间)")
_REVIEW = re.compile(r"回顾|综述|概况|概述|总结|大事记|述评")


def years_in(text: str) -> tuple[int, ...]:
    """The distinct years written in the text (2013年, 2013—2017年, 二〇一三年), in order of first mention."""
    text = unicodedata.normalize("NFKC", text)
    found: list[int] = []
    for m in _WRITTEN.finditer(text):
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        found += range(first, last + 1) if 0 <= last - first <= 10 else [first, last]
    found += [int("".join(_DIGITS[c] for c in m.group(1))) for m in _CHINESE_YEAR.finditer(text)]
    return tuple(y for y in dict.fromkeys(found) if 1900 <= y <= 2099)


def relative_years(text: str, edition: int | None) -> tuple[int, ...]:
    """The years the text names relative to its edition (过去一年 -> E - 1, 过去五年 -> E - 5 … E - 1 …)."""
    if edition is None:
        return ()
    found: list[int] = []
    for pattern, kind in _RELATIVE:
        for m in pattern.finditer(text):
            if isinstance(kind, int):
                found.append(edition + kind)
                continue
            n = min(_number(next(g for g in m.groups() if g)), 10)
            found += range(edition - n, edition) if kind == _SPAN_BACK else range(edition, edition + n)
    for m in _FIVE_YEAR_PLAN.finditer(text):
        n = _number(m.group(1))
        start = 1953 + 5 * (n - 1) if n < 3 else 1966 + 5 * (n - 3)
        found += range(start, start + 5)
    return tuple(dict.fromkeys(found))


def point_years(text: str, edition: int | None) -> tuple[int, ...]:
    """The single years the text speaks of: written ones and 去年/今年/明年 …, not spans (五年来, “十三五”)."""
    found = list(years_in(text))
    if edition is not None:
        found += [edition + kind for pattern, kind in _RELATIVE if isinstance(kind, int) and pattern.search(text)]
    return tuple(dict.fromkeys(found))


def spoken_years(text: str, edition: int | None) -> tuple[int, ...]:
    """Every year the text speaks of: written ones first, then those relative to the edition."""
    return tuple(dict.fromkeys(years_in(text) + relative_years(text, edition)))


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


def _number(word: str) -> int:
    """Digits, or a Chinese count up to 十九 (两 = 2), as a number."""
    if word.isdigit():
        return int(word)
    if word.startswith("十"):
        return 10 + _COUNTS.get(word[1:], 0)
    return _COUNTS[word]
