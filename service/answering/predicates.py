"""Predicate answers: what a question asks to be done or decided (会怎么处理, 应当做什么, 需要交费吗, 是提高还是
降低), answered with the verb phrase of a clause, the document's own modal or negation kept (视为撤回申请, 不收费,
禁止个人饲养烈性犬只, 适当提高…税率)."""

from __future__ import annotations

import re

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.vocabulary import CLAUSE_BOUNDARY
from yearbook_qa.service.answering.extract import Candidate
from yearbook_qa.service.answering.question_type import asked_choice, yes_no_predicate
from yearbook_qa.service.answering.weights import WEIGHTS
from yearbook_qa.service.answering.words import tagged_words

MAX_PREDICATE = 40  # characters: a longer clause is not a short answer
# The words of a rule that answer a yes/no question: a prohibition, an exemption, a duty or a permission.
_RULING = re.compile(
    r"不得|禁止|严禁|不准|不许|不允许|允许|准许|免费|免予|免于|免收|免除|不受|不收|不予|无需|无须|不需|不必|不用"
    r"|应当|应该|必须|可以|不能|不应|不属于|视为|减半|加倍"
)
_PERMISSION = re.compile(r"不得|禁止|严禁|不准|不许|允许|准许|可以|不能|不受")
_DUTY = re.compile(r"应当|应该|必须")
_PERMISSION_ASKED = re.compile(r"可以|可不可以|能不能|能否|能够?|允许|准许")
_ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零\d]+条\s*")
_CONDITION = re.compile(r"的$")  # 申请人未按要求补充材料的，[视为撤回申请]: the condition is not the answer
_OPENS_PREDICATE = ("v", "d", "p", "c", "ad")  # 视为, 不, 以, 并
_NOT_TELLING = frozenset("的了是在和与及或吗呢么什怎样如何做干会要能哪个些吧就还")


def predicate_clauses(sentence: str) -> list[Candidate]:
    """The verb phrase of each clause of a sentence that is not a condition (…的，): from its first verb, adverb,
    preposition or conjunction (its subject and an article number left out) to the clause end."""
    found = []
    begin = 0
    for stop in [*CLAUSE_BOUNDARY.finditer(sentence), None]:
        end = stop.start() if stop else len(sentence)
        clause = sentence[begin:end]
        at = begin + (m.end() if (m := _ARTICLE.match(clause)) else 0)
        if not _CONDITION.search(clause.rstrip()):
            start = _predicate_start(sentence[at:end])
            if start is not None and 2 <= end - at - start <= MAX_PREDICATE:
                found.append(Candidate(sentence[at + start : end], at + start, end))
        begin = stop.end() if stop else len(sentence)
    return found


def _predicate_start(clause: str) -> int | None:
    """Where the predicate of a clause starts: at its first ruling word (不得, 免费) when the words before it are
    its subject, else at its first verb, adverb, preposition or conjunction."""
    ruling = _RULING.search(clause)
    for _word, flag, start in tagged_words(clause):
        if ruling is not None and ruling.start() <= start:
            return ruling.start()
        if flag.startswith(_OPENS_PREDICATE) and flag != "vn":
            return start
    return ruling.start() if ruling is not None else None


def predicate_fit(answer: str, question: str) -> float:
    """How well a predicate has the asked form: for a yes/no question, a ruling (不得, 免费, 应当) on what the question
    asks about; for a choice, one of the two courses named; for 怎么/做什么, words of the question's last clause
    (管理服务费[怎么收] -> 减半收取管理服务费). 1 when it has both, less when it only speaks of what is asked,
    WEIGHTS.noun_missing_fit when it does not."""
    q = normalize(question)
    text = normalize(answer)
    if _CONDITION.search(text):  # 个人饲养烈性犬只的: a condition, not what is ruled
        return WEIGHTS.noun_missing_fit
    choice = asked_choice(q)
    if choice is not None:
        return 1.0 if any(course in text for course in choice) else WEIGHTS.noun_missing_fit
    asked = yes_no_predicate(q)
    about = asked if asked is not None else re.split(r"[,，;；]", q)[-1]
    shared = bool((set(text) & set(about)) - _NOT_TELLING)
    ruling = bool(_RULING.search(text)) or asked is None
    if shared and _PERMISSION_ASKED.search(q) and _DUTY.search(text) and not _PERMISSION.search(text):
        return 0.9  # 能不能超车: 不得超越 rules on it, 应当停车等待 tells what else to do
    if shared:
        return 1.0 if ruling else 0.8
    return WEIGHTS.noun_missing_fit
