"""The form a question wants its answer in: the unit of a count, a year or a month, the noun it names."""

from __future__ import annotations

import re
from functools import lru_cache

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.vocabulary import (
    ABOUT_WORDS,
    ANY_COUNT_UNIT,
    NAME_WORDS,
    QUALIFIERS_BEFORE,
    SAME_UNITS,
    SPAN_UNITS,
    UNITS,
    alternation,
)
from yearbook_qa.service.answering.question_type import asked_unit
from yearbook_qa.service.answering.words import tagged_words

_NUMBER_HEAD = re.compile(f"^(?:{alternation(QUALIFIERS_BEFORE)})?[\\d.,万亿千百余多半每零〇一二两三四五六七八九十]+")
_FIRST_UNIT = re.compile(f"^(?:{alternation((*UNITS, *SPAN_UNITS, '季度', '月'))})")
_SHARE = re.compile(r"分之")


def candidate_unit(answer: str) -> str:
    """The unit of a number candidate (60余人次 -> 人次, 每季度 -> 季度, 400人次以上 -> 人次,
    二倍以上五倍以下 -> 倍, 百分之五十 -> %, 1386万 -> '')."""
    text = normalize(answer)
    if _SHARE.search(text):
        return "%"
    m = _FIRST_UNIT.match(_NUMBER_HEAD.sub("", text))
    return m.group() if m else ""


def unit_fits(question: str, answer: str) -> bool:
    """Whether a number candidate is in the unit the question asks in (or one that answers it as well)."""
    asked = asked_unit(question)
    if asked is None or asked == ANY_COUNT_UNIT:
        return True
    unit = candidate_unit(answer)
    if asked == "%":
        return unit == "%"
    return unit == asked or any(asked in group and unit in group for group in SAME_UNITS)


_YEAR_ASKED = re.compile(r"哪一?年|几几年|什么年份|年份")
_MONTH_ASKED = re.compile(r"哪一?个?月|几月份|哪几个月|月份")


def asks_for_year(question: str) -> bool:
    """Whether a date question wants the year (哪一年, 哪年哪月)."""
    return bool(_YEAR_ASKED.search(question))


def asks_for_month(question: str) -> bool:
    """Whether a date question wants a month rather than a day (哪个月, 哪几个月, 哪年哪月)."""
    return bool(_MONTH_ASKED.search(question))


_WHICH = re.compile(r"^(?:什么|哪[一个件次项种类份本部家条]?|第几[次届批卷期个]?)$")
_ASKING_NOUNS = ("地方", "时候", "时间")  # with 什么 they make a question word (question_type._QUESTION_WORD)
_NAMING = re.compile(r"(?:叫|是|为)(?:什么|啥|哪个)")
_NOUN_TAGS = frozenset({"n", "nz", "nt", "ns", "vn", "j", "l", "ng"})
_MEASURE = frozenset({"q", "m"})
_NOT_A_NOUN = frozenset({"uj", "ul", "u", "x", "p", "r", "m", "d", "f", "c", "y"})


@lru_cache(maxsize=1024)  # asked again for every passage and candidate read
def asked_noun(question: str) -> str | None:
    """The noun that says what kind of thing is asked for: 什么条例 -> 条例, 第几次主席会议 -> 主席会议,
    那次主席会议叫什么 -> 主席会议, 通知全称叫什么 -> 通知. None when the question names none."""
    q = normalize(question)
    words = tagged_words(q)
    for i, (word, _flag, _start) in enumerate(words):
        if (word == "哪些" or _WHICH.match(word)) and i + 2 < len(words) and len(words[i + 1][0]) == 1:
            after = [(w, f) for w, f, _s in words[i + 1 :]]
            if after[0][1] in _CHARACTER_NOUNS and _closes(after[1:]):
                return after[0][0]  # 指哪些[车], 获得了什么[奖]: one character that ends the question names the kind
        if _WHICH.match(word):
            after = [(w, f) for w, f, _s in words[i + 1 :]]
            while after and after[0][1] in _MEASURE and len(after) > 1:  # 哪[座]城市, 哪[一级]法院
                after = after[1:]
            if after and after[0][0] in _ASKING_NOUNS:  # 什么地方 asks where; it names no kind
                break
            if len(after) > 1 and after[0][1] in _MODIFIERS and after[1][1] in _NOUN_TAGS:  # 哪个[特别]峰会
                after = [(after[0][0] + after[1][0], after[1][1]), *after[2:]]
            if after and len(after[0][0]) >= 2 and after[0][1] not in _NOT_A_NOUN:
                run = [after[0][0]] + [w for w, _f in _while_nouns(after[1:])]
                rest = after[len(run) :]
                if after[len(run) - 1][1] == "vn" and rest and rest[0][1] == "v" and _closes(rest[1:]):
                    run.append(rest[0][0])  # 哪个投资协定: the tagger's verb 协定 ends the noun the question ends with
                noun = _specific("".join(run))
                if noun:
                    return noun
            break
    m = _NAMING.search(q)
    if not m:
        return None
    before = [(w, f) for w, f, s in words if s + len(w) <= m.start() and w not in NAME_WORDS]
    if before and before[-1][0].endswith(ABOUT_WORDS):
        return None
    if not before or len(before[-1][0]) < 2 or before[-1][1] in _NOT_A_NOUN:
        return None
    run = [*[w for w, _f in _while_nouns(reversed(before[:-1]))][::-1], before[-1][0]]
    return _specific("".join(run))


_MODIFIERS = frozenset({"d", "a", "b", "ad"})
_CHARACTER_NOUNS = frozenset({"n", "ng", "zg"})  # the tagger reads a lone noun character (车) as n, ng or zg


def _closes(words) -> bool:
    """Whether only punctuation or a question particle follows (the question ends there)."""
    return all(flag in ("x", "y") for _w, flag in words)


def _while_nouns(words):
    for w, flag in words:
        if flag not in _NOUN_TAGS:
            return
        yield w, flag


def _specific(noun: str) -> str | None:
    """The noun, unless it only says "the name/content of" (会议内容, 主题)."""
    return None if noun.endswith(NAME_WORDS + ABOUT_WORDS) else noun
