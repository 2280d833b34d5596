"""The agent a question asks for by 由谁/由哪个部门 (…由谁确定): the noun phrase after 由 in a sentence, up to the
verb it does (经济困难的标准，由[省、自治区、直辖市人民政府]根据…确定; 由[公安机关交通管理部门]发给校车标牌)."""

from __future__ import annotations

import re

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.service.answering.extract import Candidate
from yearbook_qa.service.answering.question_type import question_word_span
from yearbook_qa.service.answering.weights import WEIGHTS
from yearbook_qa.service.answering.words import tagged_words

_ASKED = re.compile(r"由$")  # the question word stands right after 由
_AGENT_TAGS = frozenset({"n", "nt", "ns", "nr", "nz", "nrt", "j", "l", "b", "ng", "vn"})
_JOINS = frozenset({"、", "和", "及", "与", "以及", "或者", "或"})
_NOT_DOING = frozenset({"来", "去", "负责"})  # 由谁来确定: the verb is 确定


def asks_for_agent(before: str) -> bool:
    """Whether the words before the question word end in 由 (由谁确定, 由哪个部门发放)."""
    return bool(_ASKED.search(before))


def agents(after: str, sentence: str) -> list[Candidate]:
    """The noun phrases after each 由 of the sentence: nouns joined by 、/和/及 (and 的 or 以上 between nouns), up to a
    preposition, a verb, or a word that opens like the question's verb after its question word (发放 ~ 发给)."""
    doing = _asked_verb(after)
    opening = doing[0] if doing else None
    words = tagged_words(sentence)
    found = []
    for i, (word, flag, _start) in enumerate(words):
        if word != "由" or flag != "p":
            continue
        j = i + 1
        while j < len(words):
            w, f, _s = words[j]
            following = words[j + 1][1] if j + 1 < len(words) else ""
            if opening is not None and w.startswith(opening):
                break
            if f in _AGENT_TAGS or ((w in _JOINS or w == "的" or f == "f") and following in _AGENT_TAGS):
                j += 1
                continue
            break
        if j > i + 1:
            begin, last = words[i + 1][2], words[j - 1]
            end = last[2] + len(last[0])
            found.append(Candidate(sentence[begin:end], begin, end))
    return found


_AFTER_BY = re.compile(r"由\s*$")


def agent_fit(question: str, sentence: str, c: Candidate) -> float:
    """For a question that asks who does it (由谁确定), WEIGHTS.noun_missing_fit for a candidate that does not stand
    right after 由 nor right before the asked verb (申请人 of 申请人应当如实说明…); 1 otherwise."""
    q = normalize(question)
    span = question_word_span(q)
    if span is None or not asks_for_agent(q[: span[0]]) or _AFTER_BY.search(sentence, 0, c.start):
        return 1.0
    doing = _asked_verb(q[span[1] :])
    if doing is not None and sentence.startswith(doing, c.end):  # [市公安部门]设立的犬只收容所: the doer, without 由
        return 1.0
    return WEIGHTS.noun_missing_fit


def _asked_verb(after: str) -> str | None:
    """The verb after the question word (由谁[来确定] -> 确定), None when it names none."""
    return next((w for w, f, _s in tagged_words(after) if f.startswith("v") and w not in _NOT_DOING), None)
