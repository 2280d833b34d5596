"""The agent a question asks for by 由谁/由哪个部门 (…由谁确定): the noun phrase after 由 in a sentence, up to the
verb it does (经济困难的标准，由[省、自治区、直辖市人民政府]根据…确定; 由[公安机关交通管理部门]发给校车标牌)."""

from __future__ import annotations

import re

from yearbook_qa.service.answering.extract import Candidate
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
    asked = [w for w, f, _s in tagged_words(after) if f.startswith("v") and w not in _NOT_DOING]
    opening = asked[0][0] if asked else None
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
