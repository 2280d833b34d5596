"""What counts as a right answer and a right citation (DESIGN.md, "Contracts": Matching)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from yearbook_qa.corpus import chinese
from yearbook_qa.eval.question_set import Question
from yearbook_qa.service.answering.answer import Citation

MAX_ANSWER_CHARS = 100  # a longer "answer" is a passage dump, not an answer


def normalize(text: str) -> str:
    """The contract's form for matching: the project's normal form (NFKC, no whitespace) without cell bars."""
    return chinese.normalize(text).replace("|", "")


def answer_correct(given: str | None, question: Question) -> bool:
    """Right when the (normalised) answer holds the expected string(s) and is at most 100 characters."""
    if given is None or not question.answers:
        return False
    got = normalize(given)
    if not got or len(got) > MAX_ANSWER_CHARS:
        return False
    found = [normalize(a) in got for a in question.answers]
    return all(found) if question.match == "all" else any(found)


def char_f1(given: str | None, expected: Sequence[str]) -> float:
    """Character-level F1 of the normalised answer, best over the expected strings."""
    if given is None:
        return 0.0
    got = Counter(normalize(given))
    best = 0.0
    for a in expected:
        want = Counter(normalize(a))
        common = sum((got & want).values())
        if common:
            precision, recall = common / sum(got.values()), common / sum(want.values())
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def citation_relevant(citation: Citation, question: Question) -> bool:
    """Right when it contains the evidence string (in its text, or in the heading chain it stands under: a
    question about a heading), or its passage or document id is a gold id."""
    if question.gold_ids and (citation.passage_id in question.gold_ids or citation.document_id in question.gold_ids):
        return True
    if question.evidence is None:
        return False
    return normalize(question.evidence) in normalize(citation.text + " " + (citation.chapter or ""))
