"""Slot filling: the words that stand in a sentence where the question has its question word.

"当惹雍错位于哪里？" over "…当惹雍错位于中国西藏那曲地区尼玛县，…" gives 中国西藏那曲地区尼玛县: the
question's words just before its question word (位于) are found in the sentence, and what follows
them up to the clause end is the answer. The same the other way round for the words just after it.
"""

from __future__ import annotations

import re

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.vocabulary import CLAUSE_BOUNDARY
from yearbook_qa.service.answering.agents import agents, asks_for_agent
from yearbook_qa.service.answering.asked_form import asked_noun
from yearbook_qa.service.answering.extract import Candidate
from yearbook_qa.service.answering.question_type import question_word_span, yes_no_predicate
from yearbook_qa.service.answering.words import tagged_words

MIN_ANCHOR = 2  # characters of the question that must recur in the sentence
MAX_ANCHOR = 6
MIN_DESCRIPTION = 4  # characters of a description (成功登月) beside its subject or object: 离任 alone says too little
MAX_SLOT = 40  # a slot longer than this is not a short answer
_LEAD = re.compile(r"^(?:是|为|在|于|由|有|叫|称|的)+")
_ASIDE = re.compile(r"(?:[(（][^()（）]*[)）])?[,，:：]?")  # 锣鼓经（…）是…, 赵鹏（），中国足球运动员
_MEASURE = re.compile(r"^[一个座位件项名家所条种类本部门]")  # 哪[座]城市
_SAID_COPULA = re.compile(r"(?:是|指|系)$")
_ASKING = re.compile(r"(?:的)?(?:是|为|叫|称|有)?$")  # 举办的是什么: the copula is not in the sentence


def slot_fillers(question: str, sentence: str) -> list[Candidate]:
    """Candidates that fill the question word's place in the sentence (after its left words, before its right ones)."""
    q = normalize(question).rstrip("?？。!！")
    span = question_word_span(q)
    if span is None:
        return []
    out = []
    after = _LEAD.sub("", q[span[1] :])
    noun = asked_noun(question)
    before = _ASKING.sub("", q[: span[0]].rstrip(_PAUSES))
    left = _anchor(q[: span[0]].rstrip(_PAUSES), sentence, from_end=True)  # 又称 as said, else without the copula
    left = left if left is not None else _anchor(before, sentence, from_end=True)
    left = left if left is not None else _verb_anchor(before, sentence)
    if left is not None:
        left += len(m.group()) if (m := _ASIDE.match(sentence, left)) else 0
        stop = CLAUSE_BOUNDARY.search(sentence, left)
        end = stop.start() if stop else len(sentence)
        # the question's words after its question word close the slot (支持[北京]城市副中心建设)
        named = _MEASURE.sub("", after).removeprefix(noun or "\0").removeprefix("的")
        close = _anchor(named, sentence[left:end], from_end=False) or 0
        if close and _balanced(sentence[left : left + close]) and left + close in _word_starts(sentence):
            end = left + close
        out.append(_trimmed(sentence, left, end))
    right = None if noun and after.startswith(noun) else _anchor(after, sentence, from_end=False)
    if right is not None:
        starts = [m.end() for m in CLAUSE_BOUNDARY.finditer(sentence, 0, right)]
        begin = starts[-1] if starts else 0
        # the question's words before its question word open the slot (会议在[市级机关会议中心]召开)
        opened = _anchor(before, sentence[begin:right], from_end=True) or 0
        if opened < right - begin and _balanced(sentence[begin + opened : right]):
            begin += opened
        out.append(_trimmed(sentence, begin, right))
    out += _described(q[: span[0]], sentence)
    if asks_for_agent(q[: span[0]]):
        out += agents(q[span[1] :], sentence)
    predicate = yes_no_predicate(q)
    return [c for c in out if c is not None and (predicate is None or _is_answer_predicate(c.text, predicate))]


_DESCRIBED = re.compile(r"(?P<mod>[^,，;；的]{2,30})的(?:(?P<head>[^,，;；的]{1,12}?)(?:是|为|叫|称)?|是|为)$")
_WHEN = re.compile(r"^(?:到|在|于)?(?:\d{4}年|今年|去年|上年|当年)(?:底|末|初)?")
_NOT_IN_SUBJECT = frozenset({"p", "c", "uj", "ul", "u", "ud", "uz", "x", "y", "r", "ad", "f", "zg"})


def _described(before: str, sentence: str) -> list[Candidate]:
    """What a question describes by what it did (2013年[成功登月]的探测器叫什么, 2021年第一批[正式设立]的是什么):
    the words the description stands beside in the sentence, before it (嫦娥三号成功登月), inside it (第一批[国家公园]
    正式设立) or after it (筹建[亚洲基础设施投资银行])."""
    m = _DESCRIBED.search(before.rstrip(_PAUSES))
    if m is None:
        return []
    mod = _WHEN.sub("", re.split(r"[,，;；]", m.group("mod"))[-1])
    opening = _anchor_at(mod, sentence, from_end=False)
    closing = _anchor_at(mod, sentence, from_end=True)
    out = []
    if opening is not None and opening[1] - opening[0] >= MIN_DESCRIPTION:
        out.append(_subject_before(sentence, opening[0]))
    inside = (opening[1], closing[0]) if opening is not None and closing is not None else (0, 0)
    if inside[0] < inside[1] and not CLAUSE_BOUNDARY.search(sentence, *inside):  # within one clause
        out.append(_trimmed(sentence, *inside))
    if closing is not None and closing[1] - closing[0] >= MIN_DESCRIPTION:
        stop = CLAUSE_BOUNDARY.search(sentence, closing[1])
        out.append(_trimmed(sentence, closing[1], stop.start() if stop else len(sentence)))
    return [c for c in out if c is not None]


def _anchor_at(words: str, sentence: str, from_end: bool, shortest: int = MIN_ANCHOR + 1) -> tuple[int, int] | None:
    """[start, end) in the sentence of the longest run (`shortest` to MAX_ANCHOR characters) of `words`' start
    or end."""
    for n in range(min(MAX_ANCHOR, len(words)), shortest - 1, -1):
        piece = words[-n:] if from_end else words[:n]
        at = sentence.find(piece)
        if at >= 0:
            return at, at + n
    return None


def _subject_before(sentence: str, at: int) -> Candidate | None:
    """The noun phrase that ends where `at` starts, in its clause (国产C919大型客机[总装下线])."""
    starts = [m.end() for m in CLAUSE_BOUNDARY.finditer(sentence, 0, at)]
    begin = starts[-1] if starts else 0
    words = tagged_words(sentence[begin:at])
    first = len(words)
    while first > 0 and _in_subject(*words[first - 1][:2]):
        first -= 1
    if first == len(words):
        return None
    return _trimmed(sentence, begin + words[first][2], at)


def _in_subject(word: str, flag: str) -> bool:
    """A word a subject may hold: not glue, punctuation, a pronoun or a verb of its own (a single character the
    tagger took for a verb may be part of a name: 屠呦呦)."""
    return flag not in _NOT_IN_SUBJECT and not (flag.startswith("v") and flag != "vn" and len(word) >= 2)


_PAUSES = ",，、 "  # the question's comma before its question word is not the sentence's (，)
_GLUE_CHARS = frozenset("的了在里中个之与和及或")


_PREDICATE_OPENERS = ("v", "d", "c")  # 参照, 免予, 不, 可以 (which the tagger may read as a conjunction)


def _is_answer_predicate(filler: str, predicate: str) -> bool:
    """Whether a yes/no question's slot is a predicate (it opens with a verb, a negation or a modal) that speaks of
    what the question asks (不收费 for 需要交费吗; not 委员会提交答辩书, not 以伤残津贴为基数)."""
    words = tagged_words(filler)
    opens = bool(words) and words[0][1].startswith(_PREDICATE_OPENERS)
    return opens and bool((set(filler) & set(predicate)) - _GLUE_CHARS)


def _balanced(text: str) -> bool:
    """Whether every quotation or title opened in `text` is closed in it (历史罕见的“八 is cut inside a name)."""
    return all(text.count(opening) == text.count(closing) for opening, closing in _QUOTES)


_QUOTES = (("“", "”"), ("《", "》"), ("「", "」"))


def _word_starts(text: str) -> set[int]:
    return {start for _w, _f, start in tagged_words(text)}


def _verb_anchor(before: str, sentence: str) -> int | None:
    """Where the sentence says the question's last verb in a word of its own that shares a character with it, right
    after the question's words before that verb (社会保险基金[存放]在哪里 over 社会保险基金[存入]财政专户): the end of that
    word."""
    words = tagged_words(before)
    verb = next((w for w in reversed(words) if w[1].startswith("v") and len(w[0]) >= 2), None)
    if verb is None:
        return None
    subject_end = _anchor(before[: verb[2]], sentence, from_end=True)
    said = next((w for w in tagged_words(sentence) if w[2] == subject_end), None) if subject_end is not None else None
    if said is None or not said[1].startswith("v") or not (set(said[0]) & set(verb[0])) - _GLUE_CHARS:
        return None
    return said[2] + len(said[0])


def _anchor(words: str, sentence: str, from_end: bool) -> int | None:
    """Where the longest run of the question's words next to its question word recurs in the sentence:
    the end of that run (left side) or its start (right side)."""
    span = _anchor_at(words, sentence, from_end, shortest=MIN_ANCHOR)
    return None if span is None else span[1] if from_end else span[0]


def _trimmed(sentence: str, start: int, end: int) -> Candidate | None:
    text = sentence[start:end]
    lead = len(m.group()) if (m := _LEAD.match(text)) else 0
    if text.startswith("为") and _SAID_COPULA.search(
        sentence, 0, start
    ):  # 是指[为用人单位提供劳动的…]: this 为 is "for", not a copula
        lead = 0
    text = text[lead:].rstrip()
    if not 1 < len(text) <= MAX_SLOT or not _balanced(text):  # never cut through a quotation or a title
        return None
    return Candidate(text, start + lead, start + lead + len(text))
