"""The answering function every surface shares: question in, short answer with citations out, or "not found"."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.corpus.passage import HEADING_SEPARATOR, Passage
from yearbook_qa.index.hit import Filters, Hit
from yearbook_qa.service.answering.answer import Answer, Citation
from yearbook_qa.service.answering.answerability import (
    asked_years,
    averaged_for_one_year,
    document_kinds,
    echoes_question,
    edition_years,
    entry_years,
    foreign_places,
    full_sentence,
    indefinite_for_count,
    missing_item,
    not_a_name,
    other_ordinal,
    other_session,
    percent_for_amount,
    reached_years,
    target_for_past,
    unknown_edition,
    unknown_names,
    years_agree,
)
from yearbook_qa.service.answering.enumeration import MAX_ITEMS, announced_at, enumerated_items
from yearbook_qa.service.answering.extract import Candidate
from yearbook_qa.service.answering.highlight import occurrences
from yearbook_qa.service.answering.history import resolve_follow_up
from yearbook_qa.service.answering.outline_questions import part_heading
from yearbook_qa.service.answering.question_type import AnswerType, question_type
from yearbook_qa.service.answering.reader.onnx_reader import Reader, Span
from yearbook_qa.service.answering.reader_choice import Mode, Verdicts, choose, confidence
from yearbook_qa.service.answering.support import (
    Support,
    coverage,
    prose_supports,
    sentence_spans,
    table_supports,
)
from yearbook_qa.service.answering.term_weights import TermWeights
from yearbook_qa.service.answering.weights import WEIGHTS, Weights
from yearbook_qa.service.answering.words import adjacent_phrases, key_terms, load_tagger

SEARCH_DEPTH = 10  # passages retrieved per question
READ_DEPTH = 8  # of those, how many are read for an answer
DENSE_READ_DEPTH = 3  # the best dense-only passages read as well
LIST_LEAD_DEPTH = 3  # a list question's numbered list may be announced in the passages retrieved this high
MAX_ANSWER_CHARS = 100
WARM_UP_QUERY = "政协会议"
_NAME_KINDS = frozenset({AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORG})  # what a name answers
MIN_TERM = 2  # characters of the shortest head that stands for a term the corpus lacks
NO_CANDIDATE = "no_candidate"  # the refusal when no passage read holds a candidate of the asked kind
READER_NULL = "reader_null"  # the refusal when the reader is sure no passage it read holds the answer
READER_RETRIEVED = 2  # the retrieval's best passages the reader reads (beside the rules' answer's own)


class EmptyQuestionError(UserError):
    """The question is empty."""


@dataclass(frozen=True)
class ReaderView:
    """The reader's verdict on a question: its best span (as a support) and how sure it is of it."""

    support: Support | None  # None when it read nothing or found no span
    margin: float | None  # best span score less the no-answer score of its passage
    refused_by: tuple[str, ...]  # the named checks that refuse its span
    agree: bool  # its span and the rules' answer overlap


@dataclass(frozen=True)
class _Decision:
    """The chosen support(s) and what the answerer makes of them."""

    supports: list[Support]  # the answer's own passage(s): one, or several table rows of a list
    answer: str
    confidence: float
    answerable: bool
    refused_by: tuple[str, ...] = ()  # the checks that refuse the answer (`NO_CANDIDATE` when there is none)


class Answerer:
    """Retrieves passages from a HybridIndex and extracts the short answer from the best of them."""

    def __init__(
        self,
        index,
        threshold: float | None = None,
        weights: Weights = WEIGHTS,
        reader: Reader | None = None,
        reader_mode: Mode = "combined",
    ) -> None:
        self.index = index
        self.weights = weights
        self.reader = reader
        self.reader_mode: Mode = reader_mode if reader is not None else "off"
        self.threshold = weights.threshold if threshold is None else threshold
        self._terms = TermWeights(index.passages)
        self._entry_years = entry_years(index.passages)
        self._editions = document_kinds({(p.document_title, p.year) for p in index.passages})
        load_tagger()
        index.search(WARM_UP_QUERY, k=1)  # the first query pays torch's and BM25's start-up, not a user's
        self._tables: dict[tuple[str, str], list[Passage]] = {}
        for p in index.passages:
            if p.is_table_row:
                self._tables.setdefault((p.document_id, p.table), []).append(p)

    def ask(
        self, question: str, history: Sequence[Mapping[str, str]] = (), top_k: int = 5, filters: Filters | None = None
    ) -> Answer:
        """Answer one question (resolving a chat follow-up against `history`)."""
        start = time.perf_counter()
        if not question or not question.strip():
            raise EmptyQuestionError("问题为空 (the question is empty)")
        resolved = resolve_follow_up(question.strip(), history)
        hits = self.index.search(resolved, k=max(top_k, SEARCH_DEPTH), filters=filters)
        outline = part_heading(resolved, (p for p in self.index.passages if filters is None or filters.accepts(p)))
        if outline is not None:
            heading, passage = outline
            passages = [passage] + [h.passage for h in hits if h.passage.id != passage.id]
            scores = {h.passage.id: h.score for h in hits}
            return Answer(
                question=question,
                answer=heading,
                answerable=True,
                confidence=1.0,
                answer_sentence=(passage.chapter or "").split(HEADING_SEPARATOR)[0],
                citations=[
                    _citation(n, p, scores.get(p.id, 0.0), [], is_answer=n == 1)
                    for n, p in enumerate(passages[:top_k], start=1)
                ],
                resolved_question=resolved,
                timing_ms=round((time.perf_counter() - start) * 1000, 2),
                sure=True,
            )
        decision, view = self.decisions(resolved, hits, filters)
        decision = self._combined(decision, view)
        citations = self._citations(resolved, hits, decision, top_k)
        best = decision.supports[0] if decision.supports else None
        return Answer(
            question=question,
            answer=decision.answer if decision.answerable else None,
            answerable=decision.answerable,
            confidence=round(decision.confidence, 4),
            answer_sentence=_sentence(best) if decision.answerable and best else None,
            citations=citations,
            resolved_question=resolved,
            timing_ms=round((time.perf_counter() - start) * 1000, 2),
            refused_by=() if decision.answerable else decision.refused_by,
            sure=decision.answerable and decision.confidence >= self.weights.sure,
        )

    def decisions(
        self, question: str, hits: list[Hit], filters: Filters | None = None
    ) -> tuple[_Decision, ReaderView | None]:
        """The rules' decision and, with a reader, the reader's view of the same question (before combining)."""
        dense = self.index.search(question, k=DENSE_READ_DEPTH, filters=filters, mode="dense")
        decision = self._decide(question, hits, dense, filters)
        if self.reader is None or self.reader_mode == "off":
            return decision, None
        return decision, self._read(question, hits, decision)

    def _combined(self, decision: _Decision, view: ReaderView | None) -> _Decision:
        """The answer given: the rules', the reader's, or a refusal (`reader_choice.choose`)."""
        if view is None:
            return decision
        margin = view.margin
        choice = choose(to_verdicts(decision, view), self.weights, self.reader_mode)
        if choice == "reader" and view.support is not None and margin is not None:
            return _Decision([view.support], _short(view.support.answer), confidence(margin), True)
        if choice == "rules":
            if view.agree and margin is not None:
                return replace(decision, confidence=max(decision.confidence, confidence(margin)))
            return decision
        floor = self.weights.reader_alone if self.reader_mode == "alone" else self.weights.reader_answer
        if margin is None or margin < floor:  # the reader too says no
            rules = decision.refused_by if not decision.answerable and self.reader_mode == "combined" else ()
            return replace(decision, answerable=False, refused_by=(*rules, READER_NULL))
        return replace(decision, answerable=False, refused_by=decision.refused_by or view.refused_by)

    def _read(self, question: str, hits: list[Hit], decision: _Decision) -> ReaderView:
        """The reader over the rules' answer's passage and the retrieval's best ones: its best span."""
        assert self.reader is not None
        own = [s.passage for s in decision.supports[:1]]
        passages = list({p.id: p for p in own + [h.passage for h in hits[:READER_RETRIEVED]]}.values())
        if not passages:
            return ReaderView(None, None, (), False)
        readings = self.reader.read(question, [p.text for p in passages])
        spans = [(span.score - r.null, p, span) for p, r in zip(passages, readings, strict=True) if (span := r.best())]
        if not spans:
            return ReaderView(None, None, (), False)
        margin, p, span = max(spans, key=lambda f: f[0])
        ranks = {h.passage.id: n for n, h in enumerate(hits, start=1)}
        support = self._reader_support(question, p, span, ranks.get(p.id))
        kind = question_type(question)
        refused = self._support_refusals(question, asked_years(question), support) + tuple(
            r for r in self._answer_refusals(question, kind, support, span.text, 1.0) if r != "threshold"
        )
        return ReaderView(support, margin, refused, _overlaps(decision, p, span))

    def _reader_support(self, question: str, p: Passage, span: Span, rank: int | None) -> Support:
        """The reader's span as a support: its sentence(s), and how much of the question they cover."""
        sentences = [(a, b) for a, b in sentence_spans(p.text) if b > span.start and a < span.end]
        start, end = (sentences[0][0], sentences[-1][1]) if sentences else (0, len(p.text))
        evidence = p.text[start:end]
        context = (p.entry or "") + p.text[:start]
        covered = coverage(key_terms(question), evidence, context, self._terms)
        return Support(
            passage=p,
            rank=rank,
            sentence=(start, end),
            candidate=Candidate(span.text, span.start, span.end),
            coverage=covered,
            fit=1.0,
            evidence=evidence,
            context=context,
        )

    def _decide(self, question: str, hits: list[Hit], dense: list[Hit], filters: Filters | None) -> _Decision:
        kind = question_type(question)
        terms = self.terms(question)
        years = asked_years(question)
        found = [
            (s, self._support_refusals(question, years, s))
            for s in self._supports(question, terms, kind, hits, dense, filters)
        ]
        if not found:
            return _Decision([], "", 0.0, False, (NO_CANDIDATE,))
        supports = [s for s, refusals in found if not refusals]
        all_refused = not supports
        if all_refused:  # every candidate is refused: the best of them tells by which check
            supports = [s for s, _r in found]
        top_row = max((s.row_match for s in supports), default=0.0) or 1.0
        years_said = self._year_shares(question, supports)
        retrieved = self._retrieval_shares(hits, supports)
        scored = sorted(
            supports,
            key=lambda s: _score(s, top_row, self.weights) * years_said[s.passage.id] * retrieved[s.passage.id],
            reverse=True,
        )
        best = scored[0]
        chosen = [best]
        items = (
            self._enumeration(question, [s for s in scored if s.rank and s.rank <= LIST_LEAD_DEPTH])
            if kind is AnswerType.LIST
            else []
        )
        if items:
            best, chosen = items[0], items
        elif kind is AnswerType.LIST and best.is_cell:
            chosen += [
                s
                for s in scored[1:]
                if s.passage.table == best.passage.table
                and s.row_match == best.row_match
                and s.coverage == best.coverage
                and s.fit == best.fit
            ]
            chosen.sort(key=lambda s: s.passage.row or 0)
        answer = _short(("；" if items else "、").join(s.answer for s in chosen))
        confidence = self._confidence(question, best)
        if dense and best.passage.id == dense[0].passage.id:  # words missing, but the meaning agrees: a paraphrase
            confidence = min(1.0, confidence + self.weights.dense_agreement)
        if all_refused:  # what refuses the best of them (the first of the list it announces, if any)
            refusals = {id(s): r for s, r in found}
            return _Decision(chosen, answer, 0.0, False, refusals.get(id(best), refusals[id(scored[0])]))
        refused_by = self._answer_refusals(question, kind, best, answer, confidence)
        return _Decision(chosen, answer, confidence, not refused_by, refused_by)

    def _support_refusals(self, question: str, years: set[int], s: Support) -> tuple[str, ...]:
        """The checks by which a candidate cannot answer at all: its sentence speaks of another year, gives a
        yearly average (10.2万亿元，…平均每年增长7.7%: its own figure), or a plan for a year asked about as past."""
        checks = {
            "years_agree": not years_agree(
                self._event_years(question, years, s.passage),
                s.passage,
                self._entry_years,
                s.evidence.replace(s.answer, " "),  # 制定2030年前…方案: the answer's own year is not the sentence's
                reached_years(question),
            ),
            "averaged_for_one_year": averaged_for_one_year(question, years, s.clause),
            "target_for_past": target_for_past(
                question, years, s.passage, full_sentence(s.passage.text, s.candidate.start)
            ),
        }
        return tuple(name for name, refuses in checks.items() if refuses)

    def _lead_in(self, p: Passage) -> str:
        """The text of the passage just before `p` in its chapter, where the topic it continues may be named
        (去年5月12日，我国发生…汶川特大地震。 before 从废墟中抢救生还者8.4万人); "" for a table row or a first passage."""
        if p.is_table_row:
            return ""
        near = self.index.neighbours(p.id, 1)
        before = near[0] if near and [q.id for q in self.index.following(near[0].id, 1)] == [p.id] else None
        return before.text if before is not None and before.chapter == p.chapter else ""

    def _event_years(self, question: str, years: set[int], p: Passage) -> set[int]:
        """The question's years that `p` must speak of: all of them, less those that name `p`'s own edition
        (2001年政府工作报告 over a passage of that report: the report answers whatever year it speaks of)."""
        return years - edition_years(question, self._editions) if p.year in years else years

    def _answer_refusals(
        self, question: str, kind: AnswerType, best: Support, answer: str, confidence: float
    ) -> tuple[str, ...]:
        """The checks by which the chosen answer is refused ("not found"), in order; () when it is given."""
        evidence = best.passage.text + (best.passage.entry or "") + self._lead_in(best.passage)
        checks = {
            "threshold": confidence < self.threshold,
            "form": best.form < self.weights.min_form,  # not 5天 for 多少元, 3月 for 哪年
            "foreign_places": bool(foreign_places(question, best.passage, evidence)),
            "other_session": not best.passage.is_table_row and other_session(question, best.evidence, best.context),
            "missing_item": missing_item(
                question, best.evidence, _heading(best.passage), self._terms, self.weights.telling_item
            ),
            "unknown_names": bool(unknown_names(question, self._terms.occurs)),
            "echoes_question": echoes_question(question, answer, _around(best)),
            "unknown_edition": unknown_edition(question, self._editions),
            "percent_for_amount": kind is AnswerType.NUMBER and percent_for_amount(question, answer),
            "indefinite_for_count": indefinite_for_count(question, answer),
            "not_a_name": kind in _NAME_KINDS and not_a_name(answer),
            "other_ordinal": other_ordinal(question, answer),
        }
        return tuple(name for name, refuses in checks.items() if refuses)

    def _enumeration(self, question: str, supports: list[Support]) -> list[Support]:
        """The items of a numbered list of what the question asks for that one of `supports`' sentences
        announces (哪些情形: …有下列情形之一的：(一)…), each a support in its own passage; [] when none does."""
        for s in supports:
            at = announced_at(question, s.passage.text, *s.sentence)
            if at is None:
                continue
            items = enumerated_items(s.passage, at, self.index.following(s.passage.id, MAX_ITEMS))
            if len(items) > 1:
                return [
                    replace(
                        s,
                        passage=p,
                        candidate=Candidate(p.text[start:end], start, end),
                        sentence=s.sentence if p is s.passage else (0, len(p.text)),
                    )
                    for p, start, end in items
                ]
        return []

    def _year_shares(self, question: str, supports: list[Support]) -> dict[str, float]:
        """{passage id: score factor}: 1 for the passages that speak most squarely of the question's year
        (index.year_share: the year's own review before a five-year review or the year's plan), less for the
        others by `year_share` of their shortfall; 1 for all when the question names no year."""
        shares = {s.passage.id: self.index.year_share(s.passage.id, question) for s in supports}
        top = max((v for v in shares.values() if v is not None), default=0.0)
        weight = self.weights.year_share
        return {pid: 1.0 if v is None or not top else 1 - weight * (1 - v / top) for pid, v in shares.items()}

    def _retrieval_shares(self, hits: list[Hit], supports: list[Support]) -> dict[str, float]:
        """{passage id: score factor}: 1 for the retrieval's best passage, less by `retrieval_share` of how far
        its fused score falls short of the best's (a table row brought in beside a retrieved one: that one's;
        a dense-only passage: the lowest retrieved)."""
        if not hits or hits[0].score <= 0:
            return {s.passage.id: 1.0 for s in supports}
        scores = {h.passage.id: h.score for h in hits}
        tables: dict[tuple[str, str | None], float] = {}
        for h in hits:
            if h.passage.is_table_row:
                key = (h.passage.document_id, h.passage.table)
                tables[key] = max(tables.get(key, 0.0), h.score)
        low, top, weight = hits[-1].score, hits[0].score, self.weights.retrieval_share
        out = {}
        for s in supports:
            p = s.passage
            score = scores.get(p.id, tables.get((p.document_id, p.table), low) if p.is_table_row else low)
            out[p.id] = 1 - weight * (1 - min(1.0, score / top))
        return out

    def _confidence(self, question: str, best: Support) -> float:
        """0..1: how much of the question (all its key terms, those the yearbook never uses included)
        the answer's sentence covers, and how squarely the answer sits where the question points."""
        covered = coverage(key_terms(question), best.evidence, best.context, self._terms)
        share = self.weights.confidence_coverage
        return min(1.0, share * covered + (1 - share) * min(1.0, best.fit + best.alignment))

    def terms(self, question: str) -> list[str]:
        """The question's key terms and side-by-side phrases that the corpus contains (the others cannot rank); a
        term it lacks stands by its longest head the corpus has (出口额 -> 出口)."""
        found = [t for t in adjacent_phrases(question) if self._terms.occurs(t)]
        for t in key_terms(question):
            known = next((t[:n] for n in range(len(t), MIN_TERM - 1, -1) if self._terms.occurs(t[:n])), None)
            if known is not None and known not in found:
                found.append(known)
        return found

    def _supports(
        self,
        question: str,
        terms: list[str],
        kind: AnswerType,
        hits: list[Hit],
        dense: list[Hit],
        filters: Filters | None,
    ) -> list[Support]:
        """Candidate answers from the top fused passages and the top dense ones (paraphrases rank there);
        a retrieved table row brings in its whole table."""
        ranks: dict[str, int] = {}
        for ranking in (hits[:READ_DEPTH], dense):
            for i, h in enumerate(ranking, start=1):
                ranks[h.passage.id] = min(i, ranks.get(h.passage.id, i))
        read = list({h.passage.id: h for h in hits[:READ_DEPTH] + dense}.values())
        out: list[Support] = []
        tables_read: set[tuple[str, str]] = set()
        for hit in read:
            p = hit.passage
            if not p.is_table_row:
                out += prose_supports(question, terms, kind, p, ranks[p.id], self._terms)
                continue
            key = (p.document_id, p.table or "")
            if key in tables_read:
                continue
            tables_read.add(key)
            for row in self._tables.get(key, [p]):  # rows are told apart by what the question repeats, not by rank
                if filters is None or filters.accepts(row):
                    out += table_supports(question, terms, kind, row, ranks[p.id], self._terms)
        return out

    def _citations(self, question: str, hits: list[Hit], decision: _Decision, top_k: int) -> list[Citation]:
        """The retrieved passages in rank order; a confident answer's own passage(s) first. A less confident
        answer, one whose passage speaks less squarely of the asked year than the retrieval's best (a
        five-year review, another edition's plan), or one retrieved clearly less well (see `_document_leads`),
        never pushes that passage down: its passage(s) follow it."""
        own = {s.passage.id: s for s in decision.supports} if decision.answerable else {}
        scores = {h.passage.id: h.score for h in hits}
        ranked = [h.passage for h in hits]
        mine = [s.passage for s in decision.supports] if own else []
        leads = (
            bool(mine)
            and decision.confidence >= self.weights.confident
            and self._year_leads(question, mine[0], ranked)
            and self._document_leads(mine[0], hits)
        )
        lead = [] if not ranked or leads else ranked[:1]
        passages = lead + [p for p in mine if p.id not in {q.id for q in lead}]
        passages += [p for p in ranked if p.id not in {q.id for q in passages}]
        citations = []
        for number, p in enumerate(passages[:top_k], start=1):
            support = own.get(p.id)
            if support is not None:
                highlights = [(support.candidate.start, support.candidate.end)]
            elif own:
                highlights = occurrences(p.text, decision.answer)
            else:
                highlights = []
            citations.append(_citation(number, p, scores.get(p.id, 0.0), highlights, is_answer=support is not None))
        return citations

    def _document_leads(self, mine: Passage, hits: list[Hit]) -> bool:
        """Whether the answer's passage was retrieved nearly as well as the retrieval's best: a fused score within
        `same_document_score` of the best's in the same document, within `other_document_score` in another."""
        if not hits:
            return True
        best = hits[0]
        share = self.weights.same_document_score
        if mine.document_id != best.passage.document_id:
            share = self.weights.other_document_score
        score = next((h.score for h in hits if h.passage.id == mine.id), 0.0)
        return score >= share * best.score

    def _year_leads(self, question: str, mine: Passage, ranked: list[Passage]) -> bool:
        """Whether the answer's passage speaks of the question's year at least as squarely as the retrieval's
        best (always, when the question names no year)."""
        if not ranked:
            return True
        ours, best = (self.index.year_share(p.id, question) for p in (mine, ranked[0]))
        return ours is None or best is None or ours >= best


def to_verdicts(decision: _Decision, view: ReaderView) -> Verdicts:
    """What `reader_choice.choose` weighs of the rules' decision and the reader's view."""
    return Verdicts(
        rules_answer=decision.answerable,
        rules_confidence=decision.confidence,
        margin=view.margin,
        clear=view.support is not None and not view.refused_by,
        agree=view.agree,
    )


def _overlaps(decision: _Decision, p: Passage, span: Span) -> bool:
    """Whether the rules' answer stands where the reader's span does (or one's text holds the other's)."""
    if not decision.answerable or not decision.supports:
        return False
    mine = [s for s in decision.supports if s.passage.id == p.id]
    if any(s.candidate.start < span.end and span.start < s.candidate.end for s in mine):
        return True
    return bool(decision.answer) and (span.text in decision.answer or decision.answer in span.text)


def _citation(number: int, p: Passage, score: float, highlights: list[tuple[int, int]], is_answer: bool) -> Citation:
    """Citation [number]: the passage, where it stands, and what in it is highlighted."""
    return Citation(
        number=number,
        passage_id=p.id,
        text=p.text,
        document_id=p.document_id,
        document_title=p.document_title,
        year=p.year,
        chapter=p.chapter,
        entry=p.entry,
        table=p.table,
        row=p.row,
        cells=dict(p.cells),
        score=round(score, 6),
        highlights=highlights,
        source_span=p.span,
        is_answer=is_answer,
        location=p.location,
    )


def _score(s: Support, top_row: float, w: Weights) -> float:
    prior = 1 / s.rank if s.rank else 0.0
    return (
        s.coverage
        + w.fit * s.fit
        + w.align * s.alignment
        + w.rank * prior
        + w.row * s.row_match / top_row
        + w.order * s.order
    ) * s.form


def _heading(p: Passage) -> str:
    """What a passage stands under: its document's title, chapter, entry and table."""
    return "".join(h or "" for h in (p.document_title, p.chapter, p.entry, p.table))


def _around(s: Support) -> tuple[str, str]:
    """The characters just before and after the answer in its passage."""
    text, c = s.passage.text, s.candidate
    return text[max(0, c.start - 1) : c.start], text[c.end : c.end + 1]


def _sentence(s: Support) -> str:
    return s.passage.text[s.sentence[0] : s.sentence[1]].strip()


def _short(answer: str) -> str:
    """At most MAX_ANSWER_CHARS, cut at the last clause end that fits."""
    if len(answer) <= MAX_ANSWER_CHARS:
        return answer
    cut = max((m.end() for m in re.finditer(r"[,，;；。、]", answer[:MAX_ANSWER_CHARS])), default=MAX_ANSWER_CHARS)
    return answer[:cut].rstrip(",，;；。、")
