"""The figures that qualify a figure: the year it is of (增加到[2002年]的10.2万亿元) and the condition it holds
under (已满[20年]的，年休假15天). A candidate whose qualifiers differ from the question's is another row of the
sentence: the value of another year, the grade of another condition."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.years import count_value
from yearbook_qa.service.answering.asked_form import candidate_unit
from yearbook_qa.service.answering.patterns import NUMBER

CALENDAR_YEAR = "年份"  # the unit of a written year (2002年), apart from a span of years (20年, 五年)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_DIGITS = re.compile(r"(\d+(?:\.\d+)?)([万亿千]*)")
_COUNT = re.compile(r"([一二两三四五六七八九十]+)([万亿千]*)")


@dataclass(frozen=True)
class Figure:
    """A number in a text: its unit, its value as written (digits, or a count in Chinese numerals), where it is."""

    unit: str
    value: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def figures(text: str) -> tuple[Figure, ...]:
    """The written years and the counted amounts of a text, in text order."""
    text = normalize(text)
    years = [Figure(CALENDAR_YEAR, m.group(1), m.start(), m.end()) for m in _YEAR.finditer(text)]
    amounts = [
        Figure(candidate_unit(m.group()), _value(m.group()), m.start(), m.end())
        for m in NUMBER.finditer(text)
        if not any(y.start < m.end() and m.start() < y.end for y in years)
    ]
    return tuple(sorted(years + amounts, key=lambda f: f.start))


def _value(amount: str) -> str:
    """The first number of an amount with its multiplier, in digits (7.4万亿元 -> 7.4万亿, 五年 -> 5,
    二十四个月 -> 24, 五十万元 -> 50万)."""
    digits = _DIGITS.search(amount)
    if digits:
        return f"{float(digits.group(1)):g}{digits.group(2)}"
    count = _COUNT.search(amount)
    if count is None:
        return amount
    try:
        return f"{count_value(count.group(1))}{count.group(2)}"
    except KeyError:  # a count count_value does not read (一百二十): compared as written
        return count.group()


def qualifier_fit(question: str, candidate: str, before_candidate: str, conditions: str = "") -> float:
    """How well the figures that qualify a candidate agree with the figures the question names: 1 when they agree
    or none qualify it, less for each one the question does not name. They are the figures that stand before it in
    the units the question names figures in, back to the previous figure of another unit (从1997年的[7.4万亿元]
    增加到2002年的[10.2万亿元]: 2002年 stands before the second only), and every figure of the conditions it holds
    under (满一年不足五年的，…最长为十二个月: a grade the question does not ask for when it names no 年), but for
    the candidate's own figure (不足五百元的，为五百元: a floor)."""
    asked = {(f.unit, f.value) for f in figures(question)}
    units = {unit for unit, _v in asked}
    before = figures(before_candidate)
    siblings = [i for i, f in enumerate(before) if f.unit not in units]
    standing = {(f.unit, f.value) for f in before[(siblings[-1] + 1 if siblings else 0) :] if f.unit in units}
    standing |= {(f.unit, f.value) for f in figures(conditions)}
    standing -= {(f.unit, f.value) for f in figures(candidate)}
    if not standing:
        return 1.0
    agree = len(standing & asked)
    return (1 + agree) / (1 + len(standing))
