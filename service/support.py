"""Supports: a passage's sentence (or table cell) that holds a candidate answer, scored against the question."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.service.extract import Candidate, find_candidates
from yearbook_qa.service.question_type import AnswerType
from yearbook_qa.service.table_lookup import anchor_headers, row_match, target_header
from yearbook_qa.service.term_weights import TermWeights
from yearbook_qa.service.words import normalize

_SENTENCE = re.compile(r"[^。！？；;\n]+[。！？；;]?")
CONTEXT_CREDIT = 0.5     # a question term found only before the sentence (same paragraph) or in its entry title
NAMED_COLUMN_FIT = 1.0   # a table column the question names (承办 -> 承办单位)
TYPED_COLUMN_FIT = 0.7   # a table column that only has the asked-for type


@dataclass(frozen=True)
class Support:
    """One candidate answer with where it stands and how well the question points at it."""

    passage: Passage
    rank: int | None          # 1-based retrieval rank; None for a table row brought in beside a retrieved one
    sentence: tuple[int, int] # the supporting sentence (prose) or the whole row (table), in passage.text
    candidate: Candidate      # offsets in passage.text
    coverage: float           # question terms found in the sentence and its context, 0..1
    fit: float                # how well the candidate sits where the question points, 0..1
    row_match: float = 0.0    # table rows: weighted bigrams the question shares with the row

    @property
    def answer(self) -> str:
        return self.candidate.text


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of a passage (split on 。！？； and line ends)."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def prose_supports(
    question: str, terms: Sequence[str], kind: AnswerType, passage: Passage, rank: int | None, weights: TermWeights
) -> list[Support]:
    """The best candidate of each sentence of a prose passage (or of a table row's cells)."""
    text = passage.text
    asked = normalize(question)
    out = []
    spans = sentence_spans(text)
    for s, e in spans:
        own = text[s:e]
        context = (passage.entry or "") + (passage.table or "") + text[spans[0][0] : s]
        found = [c for c in find_candidates(own, kind) if normalize(c.text) not in asked]
        if not found:
            continue
        best = max(found, key=lambda c: _proximity(own, c, terms, weights))
        out.append(Support(
            passage=passage, rank=rank, sentence=(s, e),
            candidate=Candidate(best.text, s + best.start, s + best.end),
            coverage=_coverage(terms, own, context, weights),
            fit=_proximity(own, best, terms, weights),
        ))
    return out


def table_support(
    question: str, terms: Sequence[str], kind: AnswerType, passage: Passage, rank: int | None, weights: TermWeights
) -> list[Support]:
    """The asked-for cell of a table row, or candidates inside its cells when no column fits."""
    anchors = anchor_headers(question, passage.cells, weights.weight)
    target = target_header(question, passage.cells, kind, anchors)
    match = row_match(question, passage.cells, target[0] if target else None, weights.weight)
    if target is None:
        return [replace(s, row_match=match) for s in prose_supports(question, terms, kind, passage, rank, weights)]
    header, named = target
    span = cell_span(passage, header)
    if span is None:
        return []
    rest = passage.text[: span[0]] + passage.text[span[1] :]
    return [Support(
        passage=passage, rank=rank, sentence=(0, len(passage.text)),
        candidate=Candidate(passage.text[span[0] : span[1]], *span),
        coverage=_coverage(terms, rest, "", weights),
        fit=NAMED_COLUMN_FIT if named else TYPED_COLUMN_FIT,
        row_match=match,
    )]


def cell_span(passage: Passage, header: str) -> tuple[int, int] | None:
    """Where a cell's value sits in a table row's text (`… | header: value | …`)."""
    value = passage.cells.get(header)
    marker = f"{header}: "
    at = passage.text.find(marker)
    if not value or at < 0:
        return None
    start = at + len(marker)
    return (start, start + len(value)) if passage.text[start : start + len(value)] == value else None


def _coverage(terms: Sequence[str], own: str, context: str, weights: TermWeights) -> float:
    total = sum(weights.weight(t) for t in terms)
    if not total:
        return 0.0
    own_n, ctx_n = normalize(own), normalize(context)
    got = 0.0
    for t in terms:
        tn = normalize(t)
        if tn in own_n:
            got += weights.weight(t)
        elif tn in ctx_n:
            got += CONTEXT_CREDIT * weights.weight(t)
    return got / total


def _proximity(sentence: str, c: Candidate, terms: Sequence[str], weights: TermWeights) -> float:
    """Weighted closeness of the question's terms to the candidate, 0..1; a term just before it counts most."""
    total = 0.0
    got = 0.0
    for t in terms:
        positions = [m.start() for m in re.finditer(re.escape(t), sentence)]
        if not positions:
            continue
        w = weights.weight(t)
        total += w
        best = 0.0
        for p in positions:
            if p + len(t) <= c.start:        # before the candidate: the usual "实到135名"
                gap = c.start - (p + len(t))
            elif p >= c.end:                 # after it: weaker
                gap = 3 * (p - c.end) + 3
            else:                            # overlapping: the term is part of the candidate
                gap = 2
            best = max(best, 1 / (1 + gap / 4))
        got += w * best
    return got / total if total else 0.0
