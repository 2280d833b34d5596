"""Whether a support can answer the question at all: the year it speaks of, the place, the confidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.corpus.vocabulary import MEETING_BODIES, alternation
from yearbook_qa.service.answering.patterns import SESSION, TITLE, session_name
from yearbook_qa.service.answering.words import place_names, tagged_words

_YEAR = re.compile(r"(?<!\d)(\d{4})年")
_MEETING_PREFIX = re.compile(f"^(?:{alternation(MEETING_BODIES)})")
# A yearbook titled N records mostly year N-1 (DESIGN.md): the year of a passage that names none.
EDITION_LAG = 1


def asked_years(question: str) -> set[int]:
    """The years a question names (2021年 -> 2021)."""
    return {int(y) for y in _YEAR.findall(normalize(question))}


def entry_years(passages: Iterable[Passage]) -> dict[tuple[str, str | None, str | None], set[int]]:
    """The years each entry (document, chapter, entry title) speaks of, over all its passages."""
    years: dict[tuple[str, str | None, str | None], set[int]] = {}
    for p in passages:
        years.setdefault(_entry_key(p), set()).update(p.years)
    return years


def passage_years(p: Passage, by_entry: Mapping[tuple[str, str | None, str | None], set[int]]) -> set[int]:
    """The years a passage speaks of: its own, its entry's, and the year its edition records (a report or
    yearbook of year N looks back on N-1 wherever it does not say so: 过去一年)."""
    years = set(p.years) | by_entry.get(_entry_key(p), set())
    if p.year:
        years.add(p.year - EDITION_LAG)
    return years


def years_agree(
    asked: set[int], p: Passage, by_entry: Mapping[tuple[str, str | None, str | None], set[int]], sentence: str = ""
) -> bool:
    """True when the question names no year or one the answer's sentence speaks of (when it names a year),
    else one its passage speaks of."""
    if not asked:
        return True
    own = asked_years(sentence) if not p.is_table_row else set()
    return bool(asked & (own or passage_years(p, by_entry)))


def unknown_names(question: str, occurs: Callable[[str], bool]) -> list[str]:
    """Titles (《…》) and meeting names (十届三次常委会会议) the question names that the corpus never mentions:
    the question asks about something the yearbook does not record."""
    names = [
        m.group().strip("《》") for m in TITLE.finditer(normalize(question)) if not m.group().startswith(("“", "关于"))
    ]  # quoted words and 关于… are often paraphrased
    return [n for n in names if not occurs(_MEETING_PREFIX.sub("", n))]


_ROLE_ASKED = re.compile(r"^(.+?)是谁[?？]?$")


def missing_role(question: str, evidence: str) -> bool:
    """Whether a question of the form "…<role>是谁" (市政协主席是谁, 提案者是谁) names a role that the
    answer's evidence never mentions: a name found elsewhere does not hold that role."""
    m = _ROLE_ASKED.match(normalize(question))
    words = tagged_words(m.group(1)) if m else ()
    if not words or len(words[-1][0]) < 2:
        return False
    return words[-1][0] not in normalize(evidence)


def foreign_places(question: str, p: Passage, evidence: str) -> list[str]:
    """Places the question names that neither the passage's document title nor the evidence mentions."""
    known = normalize(p.document_title + evidence)
    return [name for name in place_names(question) if name not in known and name.rstrip("市县省区") not in known]


def _entry_key(p: Passage) -> tuple[str, str | None, str | None]:
    return (p.document_id, p.chapter, p.entry)


def other_session(question: str, sentence: str, context: str) -> bool:
    """Whether the answer's sentence speaks of another session of the kind the question names
    (十届二次会议 asked, 十届一次会议 said) and neither it nor its context names the asked one."""
    asked = _sessions(question)
    said = _sessions(sentence)
    if not asked or not said or asked & (said | _sessions(context)):
        return False
    return any(_kind(a) == _kind(s) for a in asked for s in said)


def _sessions(text: str) -> set[str]:
    return {session_name(m.group()) for m in SESSION.finditer(normalize(text))}


def _kind(session: str) -> str:
    return session[session.index("次") + 1 :]
