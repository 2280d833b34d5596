"""Chat follow-ups: "那闭幕会呢？" after "十届二次会议开幕实到多少委员？" becomes a whole question."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.service.answering.weights import WEIGHTS
from yearbook_qa.service.answering.words import NOT_KEY_WORDS, tagged_words

MAX_FOLLOW_UP_CHARS = 14
_LEAD = re.compile(r"^(?:那么|那|还有|再问一下|再问|请问)")
_TAIL = re.compile(r"(?:那次|那天|那个|那件|那些|的情况|情况)?(?:呢|怎么样|如何|又如何|又是多少)?[?？。!！]*$")
_QUESTION_WORD = re.compile(r"多少|几|谁|哪|什么|何|吗|是否|如何|怎么")
# Words of the same family (names, places, counts, dates …) can stand in for each other.
_FAMILIES = ("nr", "ns", "nt", "m", "t")
MAX_SPAN_WORDS = 4


def resolve_follow_up(question: str, history: Sequence[Mapping[str, str]]) -> str:
    """The question made whole against the user's earlier questions (unchanged when it is not elliptical)."""
    previous: str | None = None
    for turn in history:
        if turn.get("role") == "user" and turn.get("content", "").strip():
            previous = _resolve_one(turn["content"], previous)
    return _resolve_one(question, previous)


def is_follow_up(question: str) -> bool:
    """Short, and either ends in 呢 or asks nothing by itself (那闭幕会呢？, 应到的呢)."""
    q = normalize(question)
    return len(q) <= MAX_FOLLOW_UP_CHARS and (bool(re.search(r"呢[?？]*$", q)) or not _QUESTION_WORD.search(q))


def _resolve_one(question: str, previous: str | None) -> str:
    if previous is None or not is_follow_up(question):
        return question
    fragment = _TAIL.sub("", _LEAD.sub("", normalize(question))).removesuffix("的")
    if not fragment:
        return previous
    span = _replaceable(previous, fragment)
    if span is not None:
        return previous[: span[0]] + fragment + previous[span[1] :]
    return fragment + _asking_tail(previous)


def _replaceable(previous: str, fragment: str) -> tuple[int, int] | None:
    """The words of the earlier question the fragment stands in for: most characters in the same places
    (开幕 for 闭幕会, 十届五次主席会议 for 十届八次主席会议), else a word of the same kind (a name for a name)."""
    words = [(w, f, s) for w, f, s in tagged_words(previous) if w not in NOT_KEY_WORDS]
    best: tuple[float, int, int] = (0.0, 0, 0)
    for i in range(len(words)):
        for j in range(i, min(i + MAX_SPAN_WORDS, len(words))):
            start, end = words[i][2], words[j][2] + len(words[j][0])
            span = previous[start:end]
            score = _aligned(span, fragment) / max(len(span), len(fragment))
            if score > best[0]:
                best = (score, start, end)
    if best[0] >= WEIGHTS.follow_up_alignment:
        return best[1], best[2]
    kinds = {f[:2] for _w, f, _s in tagged_words(fragment)}
    for w, f, s in words:
        if f[:2] in kinds and f[:2] in _FAMILIES and len(w) >= 2:
            return s, s + len(w)
    return None


def _aligned(word: str, fragment: str) -> int:
    """Characters equal at the same position, counted from the start and from the end."""
    front = sum(a == b for a, b in zip(word, fragment, strict=False))
    back = sum(a == b for a, b in zip(reversed(word), reversed(fragment), strict=False))
    return max(front, back)


def _asking_tail(previous: str) -> str:
    """What the earlier question asks, from the word before its question word to the end (由谁领衔督办？)."""
    words = tagged_words(previous)
    for i, (w, _f, s) in enumerate(words):
        if _QUESTION_WORD.search(w):
            start = words[i - 1][2] if i and words[i - 1][1] in ("p", "v", "d") else s
            return previous[start:]
    return previous
