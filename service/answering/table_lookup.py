"""Table rows: which column a question asks for, and how strongly it points at a row.

Which words of a question name which column is vocabulary data (HEADER_SYNONYMS in
corpus/vocabulary.py); extend it there when a new yearbook brings new headers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.vocabulary import HEADER_SYNONYMS
from yearbook_qa.service.answering.patterns import DATE, SESSION, session_name
from yearbook_qa.service.answering.question_type import AnswerType
from yearbook_qa.service.answering.statistic_columns import statistic_header

# What kind of answer a column holds, read from its header; columns of no kind (序号) are never asked for.
_HEADER_KINDS: tuple[tuple[re.Pattern[str], frozenset[AnswerType]], ...] = (
    (re.compile(r"时间|日期"), frozenset({AnswerType.DATE})),
    (re.compile(r"领导|负责人|姓名"), frozenset({AnswerType.PERSON})),
    (re.compile(r"者|人$"), frozenset({AnswerType.PERSON, AnswerType.ORG})),
    (re.compile(r"单位|部门|机构"), frozenset({AnswerType.ORG})),
    (re.compile(r"地点|地址"), frozenset({AnswerType.PLACE})),
    (re.compile(r"名称|案由|内容|成果|题目|主题"), frozenset({AnswerType.TITLE, AnswerType.LIST})),
)


def header_kinds(header: str) -> frozenset[AnswerType]:
    """The answer types a column can supply."""
    for pattern, kinds in _HEADER_KINDS:
        if pattern.search(header):
            return kinds
    return frozenset()


def bigrams(text: str) -> set[str]:
    """Character bigrams of the normalised text (a single character stands for itself)."""
    t = normalize(text)
    return {t[i : i + 2] for i in range(len(t) - 1)} or {t}


_ATOMS = re.compile(f"{SESSION.pattern}|{DATE.pattern}")


@lru_cache(maxsize=8192)  # a table's cells are split again for every question that reads the table
def _split_dates(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Bigrams of the text outside its dates and session ordinals, and those whole: 2月28日 must not match
    inside 12月28日, nor 十届一次 inside 十届十一次."""
    t = normalize(text)
    dates = frozenset(session_name(m.group()) for m in _ATOMS.finditer(t) if m.group())
    rest = _ATOMS.sub("|", t)
    return (frozenset(b for part in rest.split("|") if part for b in bigrams(part)), dates)


def _shared(question: str, value: str, weight: Callable[[str], float]) -> tuple[float, float]:
    """(weight the question shares with a cell, the cell's whole weight), dates compared whole."""
    q_grams, q_dates = _split_dates(question)
    v_grams, v_dates = _split_dates(value)
    date_weight = {d: _atom_weight(d, weight) for d in v_dates}
    total = sum(weight(b) for b in v_grams) + sum(date_weight.values())
    got = sum(weight(b) for b in v_grams & q_grams) + sum(w for d, w in date_weight.items() if d in q_dates)
    return got, total


def cell_coverage(question: str, value: str, weight: Callable[[str], float]) -> float:
    """How much of a cell's value (weighted bigrams) the question repeats, 0..1."""
    got, total = _shared(question, value, weight)
    return got / total if total else 0.0


def target_header(
    question: str, cells: Mapping[str, str], kind: AnswerType, anchors: set[str]
) -> tuple[str, bool] | None:
    """The column the question asks for, and whether a synonym named it (not just its answer type).

    None when no column fits: the answer is then looked for inside the cells' text.
    """
    if kind is AnswerType.NUMBER and (statistic := statistic_header(question, cells, anchors)):
        return statistic, True
    q = normalize(question)
    askable = [h for h in cells if header_kinds(h) and h not in anchors]
    named: dict[str, int] = {}
    for word, headers in HEADER_SYNONYMS.items():
        for h in headers:
            if h in askable and word in q:
                named[h] = max(named.get(h, -1), q.rfind(word))
    for h in askable:
        if h in q:
            named[h] = max(named.get(h, -1), q.rfind(h))
    fitting = [h for h in named if kind in header_kinds(h)]
    if fitting:
        return max(fitting, key=lambda h: named[h]), True
    if named and kind is AnswerType.TITLE:  # the question word was unspecific (…的承办单位是？)
        return max(named, key=lambda h: named[h]), True
    by_kind = [h for h in askable if kind in header_kinds(h)]
    return (by_kind[0], False) if by_kind else None


def row_match(question: str, cells: Mapping[str, str], skip: str | None, weight: Callable[[str], float]) -> float:
    """Weighted bigrams (and whole dates) the question shares with the row's cells, the asked-for column left out."""
    q_grams, q_dates = _split_dates(question)
    grams: set[str] = set()
    dates: set[str] = set()
    for h, v in cells.items():
        if h != skip and v:
            v_grams, v_dates = _split_dates(v)
            grams |= v_grams & q_grams
            dates |= v_dates & q_dates
    return sum(weight(b) for b in grams) + sum(_atom_weight(d, weight) for d in dates)


def _atom_weight(atom: str, weight: Callable[[str], float]) -> float:
    """A session weighs as a whole (十届一次主席会议 is rare, 十届 is everywhere); a date by its bigrams."""
    return weight(atom) if SESSION.fullmatch(atom) else sum(weight(b) for b in bigrams(atom))
