"""Chinese words with their part of speech, and the key terms of a question."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from yearbook_qa.corpus.chinese import jieba_tagger, normalize
from yearbook_qa.corpus.vocabulary import FRAMING_WORDS, FUNCTION_WORDS, QUESTION_PREFIXES, QUESTION_WORDS
from yearbook_qa.service.answering.patterns import DATE, NUMBER

# Words dropped from a question's key terms: they ask, glue or frame the question.
NOT_KEY_WORDS = QUESTION_WORDS | FUNCTION_WORDS | FRAMING_WORDS
_HAN_OR_DIGIT = re.compile(r"[\u3400-\u9fff\d]")


def load_tagger() -> None:
    """Load jieba's dictionaries now (about a second), so that the first question does not wait for them."""
    tagged_words("政协嘉峪关市委员会")


@lru_cache(maxsize=4096)
def tagged_words(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, part-of-speech flag, start offset) for each jieba word of `text`."""
    out = []
    pos = 0
    for pair in jieba_tagger().cut(text):
        start = text.find(pair.word, pos)
        if start < 0:
            continue
        out.append((pair.word, pair.flag, start))
        pos = start + len(pair.word)
    return tuple(out)


def key_terms(question: str) -> list[str]:
    """The content words of a question (question words, particles and single characters dropped), no repeats.

    Dates and numbers with their units (3月30日, 2022年, 96名) are kept whole.
    """
    return [t for t, _start in _positioned_terms(question)]


def adjacent_phrases(question: str) -> list[str]:
    """Key terms that stand side by side in the question, joined (第二次 + 全体会议 -> 第二次全体会议)."""
    terms = _positioned_terms(question)
    return [a + b for (a, sa), (b, sb) in itertools.pairwise(terms) if sa + len(a) == sb]


def _positioned_terms(question: str) -> list[tuple[str, int]]:
    q = normalize(question)
    found = [
        (m.group(), m.start())
        for pattern in (DATE, NUMBER)
        for m in pattern.finditer(q)
        if m.group() not in NOT_KEY_WORDS
    ]
    for term, start in found:
        q = q[:start] + "," * len(term) + q[start + len(term) :]
    seen = {t for t, _s in found}
    for word, _flag, start in tagged_words(q):
        if word in NOT_KEY_WORDS or word in seen or len(word) < 2 or not _HAN_OR_DIGIT.search(word):
            continue
        seen.add(word)
        found.append((word, start))
    return sorted(found, key=lambda ts: ts[1])


def place_names(question: str) -> list[str]:
    """Place names jieba recognises in the question (嘉峪关市, 酒泉市 …), not the kind of place it asks
    for (哪座[城市])."""
    words = tagged_words(normalize(question))
    out = []
    for i, (w, flag, _s) in enumerate(words):
        before = [x for x, f, _ in words[max(0, i - 2) : i] if f not in ("q", "m")][-1:]
        if flag == "ns" and not (before and before[0].startswith(QUESTION_PREFIXES)):
            out.append(w)
    return out
