"""Supports: a sentence (or table cell) holding a candidate answer, scored against the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.corpus.vocabulary import CLAUSE_BOUNDARY, PLACE_OR_BODY_ENDS
from yearbook_qa.service.answering.agents import agent_fit
from yearbook_qa.service.answering.answerability import unit_contradicts
from yearbook_qa.service.answering.asked_form import asked_noun, asks_for_month, asks_for_year, unit_fits
from yearbook_qa.service.answering.extract import Candidate, find_candidates, noun_lists, noun_phrases
from yearbook_qa.service.answering.patterns import DATE, NUMBER, ORDINAL
from yearbook_qa.service.answering.predicates import predicate_clauses, predicate_fit
from yearbook_qa.service.answering.qualifiers import qualifier_fit
from yearbook_qa.service.answering.question_type import (
    AnswerType,
    asked_count,
    asks_for_day,
    asks_for_people,
    question_word_span,
)
from yearbook_qa.service.answering.slots import slot_fillers
from yearbook_qa.service.answering.table_lookup import cell_coverage, row_match, target_header
from yearbook_qa.service.answering.term_weights import TermWeights
from yearbook_qa.service.answering.weights import WEIGHTS
from yearbook_qa.service.answering.words import tagged_words

_SENTENCE = re.compile(r"[^。！？；;\n|]+[。！？；;|]?")
_SLOT_KINDS = frozenset(
    {AnswerType.TITLE, AnswerType.PLACE, AnswerType.ORG, AnswerType.LIST, AnswerType.PERSON, AnswerType.PREDICATE}
)  # not counts, dates
_ORDINAL_ASKED = re.compile(r"第几|哪一?[条章款节届次期卷]")
_NOUN_KINDS = frozenset({AnswerType.TITLE, AnswerType.PLACE, AnswerType.ORG})  # 哪个机构 -> …机构
_FILLER_BEFORE = re.compile(
    r"(?:一共|总共|共计|共|有|是|为|达|接近|将近|近|约|大约|了)+$"
)  # 建议有多少件: 有 says nothing
_FILLER_AFTER = re.compile(r"^的")
_CONDITION_END = re.compile(r"的[，,]$")  # a condition clause (没有违法所得的，处以…): part of the clause it leads to
_ITEMS = re.compile(r"[：:]\s*[（(][一二三四五六七八九十\d]+[）)]")  # a list of cases: ：（一）…
_CITED_ARTICLE = re.compile(r"第[一二三四五六七八九十百\d]+条")  # 第十二条、第十三条 list articles, not things
# Before a question word, a passive (由/被) or a cleft (…召开的是哪次常委会): what precedes it may follow the answer.
_FREE_ORDER = re.compile(r"(?:[由被]|的是)$")
_LEAD_IN = re.compile(r"【[^】]*】|\s")  # what may stand before a sentence-opening candidate
ALIGN_CHARS = 4  # characters compared on each side of the question word
OTHER_SIDE_PENALTY = 0.5  # characters less for the words before a question word found after the candidate
_LIST_ITEMS = re.compile(r"、|和|及|与|以及|或者?|》《|”“")
_PLANNED = re.compile(r"应([到收交发缴])[^实]*$")


@dataclass(frozen=True)
class Support:
    """One candidate answer with where it stands and how well the question points at it."""

    passage: Passage
    rank: int | None  # 1-based retrieval rank; None for a table row brought in beside a retrieved one
    sentence: tuple[int, int]  # the supporting sentence (prose) or the whole row (table), in passage.text
    candidate: Candidate  # offsets in passage.text
    coverage: float  # question terms found in the sentence and its context, 0..1
    fit: float  # prose: the question's terms near it; cell: a named column in a row the question points at
    alignment: float = 0.0  # the question's wording around its question word repeated around the candidate, 0..1
    order: float = 0.0  # the question's terms on the same side of the candidate as of the question word, 0..1
    form: float = 1.0  # 1 when the candidate has the form asked for (unit, a day), less when not
    row_match: float = 0.0  # table rows: weighted bigrams the question shares with the row
    evidence: str = ""  # the text the question's terms were looked for in (full credit) …
    context: str = ""  # … and where they count for part (the entry title, earlier sentences)

    @property
    def answer(self) -> str:
        return self.candidate.text

    @property
    def clause(self) -> str:
        """The clause of the candidate's sentence that holds it (between commas, colons and stops)."""
        text, (start, end) = self.passage.text, self.sentence
        start = max((m.end() for m in CLAUSE_BOUNDARY.finditer(text, start, self.candidate.start)), default=start)
        after = CLAUSE_BOUNDARY.search(text, self.candidate.end, end)
        return text[start : after.start() if after else end]

    @property
    def is_cell(self) -> bool:
        """Whether the answer is a whole table cell (the column the question asks for)."""
        return self.sentence == (0, len(self.passage.text))


PASSAGE_ANALYSES = 8192  # sentences (and passages) whose analyses are remembered: each question reads them again


@lru_cache(maxsize=PASSAGE_ANALYSES)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) of each sentence (split on 。！？；, line ends, and table cell separators)."""
    return tuple((m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip(" |"))


@lru_cache(maxsize=PASSAGE_ANALYSES)
def sentence_candidates(sentence: str, kind: AnswerType, noun: str | None) -> tuple[Candidate, ...]:
    """The candidates of `kind` in a sentence, then the phrases of the asked-for noun (if one is asked)."""
    if kind is AnswerType.PREDICATE:
        return tuple(predicate_clauses(sentence))
    return tuple(find_candidates(sentence, kind) + (_named(sentence, noun, kind) if noun else []))


def prose_supports(
    question: str, terms: Sequence[str], kind: AnswerType, passage: Passage, rank: int | None, weights: TermWeights
) -> list[Support]:
    """The best candidate of each sentence of a passage (a table row's cells count as sentences)."""
    text = passage.text
    asked = normalize(question)
    heading = passage.document_title + (passage.entry or "") + (passage.table or "")
    noun = asked_noun(question) if kind in _NOUN_KINDS or kind is AnswerType.LIST else None
    ordinal_asked = bool(_ORDINAL_ASKED.search(question))
    out = []
    spans = sentence_spans(text)
    for s, e in spans:
        own = text[s:e]
        found = [
            c
            for c in sentence_candidates(own, kind, noun)
            if ordinal_asked
            or not (ORDINAL.match(c.text) or (kind is AnswerType.LIST and _CITED_ARTICLE.search(c.text)))
        ]  # 第四十七条 answers 哪一条 only
        typed = set(found)
        if not found and kind is AnswerType.REASON and not passage.is_table_row:  # no cause said: what stands there
            found = slot_fillers(question, own)
        if kind in _SLOT_KINDS and not passage.is_table_row:  # what stands where the question word stands
            found = _with_slots(found, slot_fillers(question, own))
        found = [c for c in found if not _echoed(c, own, asked) and not _TORN.search(c.text)]
        if not found:
            continue
        fits = {c: _proximity(own, c, terms, weights) for c in found}
        aligned = {c: alignment(question, own, c) for c in found}
        forms = {
            c: _form_fit(c.text, kind, question)
            * _planned_fit(own, c, asked)
            * _change_fit(own, c, asked)
            * respective_fit(asked, own, c, weights)
            * (1.0 if c in typed else _slot_fit(c.text, kind))
            * agent_fit(question, own, c)
            * (_qualifier_fit(question, own, c) if kind is AnswerType.NUMBER else 1.0)
            for c in found
        }
        best = max(found, key=lambda c: (forms[c], fits[c] + aligned[c]))  # the asked-for form first
        context = heading + text[spans[0][0] : s]
        out.append(
            Support(
                passage=passage,
                rank=rank,
                sentence=(s, e),
                candidate=Candidate(best.text, s + best.start, s + best.end),
                coverage=coverage(terms, own, context, weights),
                fit=fits[best],
                alignment=aligned[best],
                order=word_order(question, terms, own, best, weights),
                form=forms[best],
                evidence=own,
                context=context,
            )
        )
    return out


def _with_slots(found: list[Candidate], slots: list[Candidate]) -> list[Candidate]:
    """The typed candidates and the slot fillers, without the typed pieces of a slot (位于[河南省]固始县段集镇:
    the words where the question word stands are the whole answer)."""
    inside = [
        c
        for c in found
        if any(s.start <= c.start and c.end <= s.end and s != c for s in slots) and not _LIST_ITEMS.search(c.text)
    ]  # a list is whole: 配备[逃生锤、干粉灭火器、急救箱]等 is not a piece of the slot around it
    return [c for c in found if c not in inside] + [s for s in slots if s not in found]


def _named(sentence: str, noun: str, kind: AnswerType) -> list[Candidate]:
    """Phrases of the kind the question names: one (什么平台), or a list of them (哪两家交易所)."""
    if kind is AnswerType.LIST:
        return noun_lists(sentence, noun)
    return noun_phrases(sentence, noun, morphemes=kind is AnswerType.TITLE)  # 哪种疾病; an ORG or PLACE has its own


def table_supports(
    question: str, terms: Sequence[str], kind: AnswerType, passage: Passage, rank: int | None, weights: TermWeights
) -> list[Support]:
    """The asked-for cell of a table row, plus candidates inside its cells."""
    strengths = {h: cell_coverage(question, v, weights.weight) for h, v in passage.cells.items() if v}
    anchors = {h for h, c in strengths.items() if c >= WEIGHTS.anchor_coverage}
    target = target_header(question, passage.cells, kind, anchors)
    match = row_match(question, passage.cells, target[0] if target else None, weights.weight)
    inside = [replace(s, row_match=match) for s in prose_supports(question, terms, kind, passage, rank, weights)]
    span = cell_span(passage, target[0]) if target else None
    if target is None or span is None:
        return inside
    header, named = target
    # A column the question names is its answer, unless the question mirrors a sentence inside another cell.
    out = [s for s in inside if s.alignment >= WEIGHTS.mirrored] if named else inside
    anchor = max((c for h, c in strengths.items() if h != header), default=0.0)
    cell = Candidate(passage.text[span[0] : span[1]], *span)
    rest = passage.text[: span[0]] + passage.text[span[1] :]
    out.append(
        Support(
            passage=passage,
            rank=rank,
            sentence=(0, len(passage.text)),
            candidate=cell,
            evidence=rest,
            coverage=coverage(terms, rest, "", weights),
            fit=(WEIGHTS.named_column_fit if named else WEIGHTS.typed_column_fit) * (1 + anchor) / 2,
            alignment=alignment(question, passage.text, cell),
            order=coverage(terms, rest, "", weights) / 2,  # cells stand in no order: each term counts as either side
            form=_form_fit(cell.text, kind, question),
            row_match=match,
        )
    )
    return out


def cell_span(passage: Passage, header: str) -> tuple[int, int] | None:
    """Where a cell's value sits in a table row's text (`… | header: value | …`)."""
    value = passage.cells.get(header)
    marker = f"{header}: "
    at = passage.text.find(marker)
    if not value or at < 0:
        return None
    start = at + len(marker)
    return (start, start + len(value)) if passage.text[start : start + len(value)] == value else None


def coverage(terms: Sequence[str], own: str, context: str, weights: TermWeights) -> float:
    """Weighted share of the question's terms in the sentence (full credit) or its context (part credit)."""
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
            got += WEIGHTS.context_credit * weights.weight(t)
    return got / total


def word_order(question: str, terms: Sequence[str], sentence: str, c: Candidate, weights: TermWeights) -> float:
    """Weighted share of the question's terms that the sentence says on the same side of the candidate as the
    question says them of its question word (收到申请后，最迟[几天内]作出…决定 ~ 自收到申请之日起[七日内]…作出…决定,
    not 决定…的，应当自作出决定之日起[三日内]…): the order of the question's words kept around the answer. Either side
    counts after a passive or cleft question word (由哪个部门, 召开的是哪次) and for an answer that opens its sentence."""
    q = normalize(question)
    span = question_word_span(q)
    total = sum(weights.weight(t) for t in terms)
    if span is None or not total:
        return 0.0
    fronted = not _LEAD_IN.sub("", sentence[: c.start])  # 1月10日下午,…委员列席…: an opening date leads what follows
    free = _FREE_ORDER.search(q, 0, span[0]) is not None  # 工作由哪个部门指导 ~ 司法行政部门指导…工作
    got = 0.0
    for t in terms:
        at = q.find(normalize(t))
        if at < 0:
            continue
        before = at + len(t) <= span[0] and not fronted and not free
        if re.search(re.escape(t), sentence[: c.start] if before else sentence[c.end :]):
            got += weights.weight(t)
    return got / total


_TORN = re.compile(r"^[、，,。；;：:）)》”」]|[、，,；;：:（(《“「]$")  # a piece torn off a list or clause: 、惩戒


def _echoed(c: Candidate, sentence: str, asked: str) -> bool:
    """Whether the question itself says the candidate, and the sentence says it only there
    (创办《社情民意》,畅通…反映社情民意…: the question may repeat the second, not ask for the first)."""
    bare = _bare(c.text)
    return bare in asked and normalize(sentence).count(bare) < 2


def _bare(text: str) -> str:
    """Normalised, without quotation and title marks (to compare a candidate with the question's words)."""
    return normalize(text).strip("“”‘’《》\"'")


def alignment(question: str, sentence: str, c: Candidate) -> float:
    """Share of the characters beside the question word that stand the same way beside the candidate
    (…会议于[哪天]召开 ~ …会议于[2022年12月28日]召开; 实到[多少名] ~ 实到[135名]). The thing counted may
    stand on either side: 建议有[多少件] ~ 建议[42件]; 承办了[几件]建议 ~ 建议[1件]."""
    asked = _question_sides(question)
    if asked is None:
        return 0.0
    left_q, right_q = asked.left, asked.right
    left_s = _FILLER_BEFORE.sub("", normalize(sentence[: c.start]))[-ALIGN_CHARS:]  # 的支出共[2626亿元]
    right_s = normalize(sentence[c.end :])[:ALIGN_CHARS]
    left = max(_left_run(before, left_s, asked.cuts) for before in asked.befores)
    right = sum(1 for _ in _while_equal(right_q, right_s))
    counted_before = max((k for k in range(2, len(right_q) + 1) if left_s.endswith(right_q[:k])), default=0)
    after_run = max((k for k in range(2, len(left_q) + 1) if right_s.startswith(left_q[-k:])), default=0)
    # 由50%提高到60%: 提高到 after 50% weighs less than 提高到 before 60%
    counted_after = after_run - OTHER_SIDE_PENALTY if after_run else 0.0
    total = len(left_q) + len(right_q)
    mirrored = max(left, counted_after) + max(right, counted_before)
    return min(1.0, mirrored / total) if total else 0.0


@dataclass(frozen=True)
class _QuestionSides:
    """The question's side of `alignment`: the same for every candidate it is compared with."""

    left: str  # the characters just before the question word, fillers (有, 是) dropped
    right: str  # … and just after it
    befores: tuple[str, ...]  # what stands before the question word, and before the noun it counts
    cuts: frozenset[int]  # where the words of `befores[0]` start and end


@lru_cache(maxsize=1024)
def _question_sides(question: str) -> _QuestionSides | None:
    """The wording around the question word, None when the question has no question word."""
    span = question_word_span(normalize(question))
    if span is None:
        return None
    q = normalize(question).rstrip("?？。")
    before = _FILLER_BEFORE.sub("", q[: span[0]])
    after = _FILLER_AFTER.sub("", q[span[1] :])
    return _QuestionSides(
        left=before[-ALIGN_CHARS:],
        right=after[:ALIGN_CHARS],
        befores=tuple(before[:cut] for cut in (len(before), _before_noun(before))),
        cuts=frozenset(_word_cuts(before)),
    )


def _word_cuts(text: str) -> set[int]:
    """The offsets in `text` where a word starts or ends."""
    return {0, len(text)} | {start for _w, _f, start in tagged_words(text)}


def _left_run(before: str, left_s: str, cuts: frozenset[int]) -> int:
    """Characters before the question word that stand the same before the candidate, in whole words
    of the question (实到 is not matched by 应到's 到)."""
    run = sum(1 for _ in _while_equal(reversed(before[-ALIGN_CHARS:]), reversed(left_s)))
    return max(k for k in range(run + 1) if len(before) - k in cuts)


def _before_noun(before: str) -> int:
    """Where the noun counted just before the question word starts (实到[委员]多少名 ~ 实到135名),
    or the whole length when the question word follows no noun."""
    words = tagged_words(before)
    if words and words[-1][1] == "n" and len(words[-1][0]) >= 2:
        return words[-1][2]
    return len(before)


def _while_equal(a, b):
    for x, y in zip(a, b, strict=False):
        if x != y:
            return
        yield x


def condition_spans(sentence: str, start: int) -> list[tuple[int, int]]:
    """The condition clauses (…的，) of the sentence before offset `start`: 没有违法所得的，处以五十万元….
    Each holds for what follows it in the sentence."""
    starts = [0] + [m.end() for m in CLAUSE_BOUNDARY.finditer(sentence, 0, start)]
    return [(a, b) for a, b in pairwise(starts) if _CONDITION_END.search(sentence, 0, b)]


def _qualifier_fit(question: str, sentence: str, c: Candidate) -> float:
    """`qualifier_fit` of a number candidate, given the sentence before it and the conditions it holds under."""
    conditions = "，".join(sentence[a:b] for a, b in condition_spans(sentence, c.start))
    return qualifier_fit(question, c.text, sentence[: c.start], conditions)


def _proximity(sentence: str, c: Candidate, terms: Sequence[str], weights: TermWeights) -> float:
    """Weighted closeness of the question's terms to the candidate, 0..1: near it in its own clause counts most.

    A date or number that opens its sentence (9月22日,…召开) belongs to the clause after it. A condition that
    leads up to it (货值金额难以确定的，对单位处10万元…; 逾期不改的，…，并处1000元…), and the cases listed
    after it (…的罚款：（一）以实物…), are its own: their words count as if beside it.
    """
    starts = [m.end() for m in CLAUSE_BOUNDARY.finditer(sentence, 0, c.start)]
    clause_start = starts[-1] if starts else 0
    conditions = condition_spans(sentence, c.start)
    items = _ITEMS.search(sentence, c.end)
    if items:  # …处2万元…，对…处1万元…：（一）以实物…: the listed cases are every figure's conditions
        conditions.append((items.start(), len(sentence)))
    after = CLAUSE_BOUNDARY.search(sentence, c.end)
    if after and not _LEAD_IN.sub("", sentence[clause_start : c.start]) and after.start() == c.end:
        after = CLAUSE_BOUNDARY.search(sentence, c.end + 1)
    clause_end = after.start() if after else len(sentence)
    total = got = 0.0
    for t in terms:
        positions = [m.start() for m in re.finditer(re.escape(t), sentence)]
        if not positions:
            continue
        w = weights.weight(t)
        total += w
        best = 0.0
        for p in positions:
            if p < c.end and p + len(t) > c.start:  # inside the candidate: the question's own words echoed
                continue
            if any(a <= p and p + len(t) <= b for a, b in conditions):
                best = 1.0
                break
            gap = max(c.start - (p + len(t)), p - c.end, 0)
            credit = 1.0 if clause_start <= p and p + len(t) <= clause_end else WEIGHTS.other_clause_credit
            best = max(best, credit / (1 + gap / 6))
        got += w * best
    return got / total if total else 0.0


def _form_fit(answer: str, kind: AnswerType, question: str) -> float:
    """1 when the candidate has the form asked for (the unit of 多少人次, a day for 哪天, the 条例 of 什么条例),
    less when not."""
    if kind is AnswerType.NUMBER:
        return 1.0 if unit_fits(question, answer) and not unit_contradicts(question, answer) else WEIGHTS.wrong_form_fit
    if kind is AnswerType.DATE:
        return _date_fit(answer, question)
    if kind is AnswerType.LIST and asks_for_people(question):
        return 1.0 if all(_is_name(item) for item in answer.split("、")) else WEIGHTS.wrong_form_fit
    if kind is AnswerType.LIST:
        return _noun_fit(answer, question) * _count_fit(answer, question)
    if kind is AnswerType.TITLE:
        return _noun_fit(answer, question)
    if kind is AnswerType.PREDICATE:
        return predicate_fit(answer, question)
    return 1.0


_PLACE_END = re.compile(f"[{PLACE_OR_BODY_ENDS}]$")


def _slot_fit(answer: str, kind: AnswerType) -> float:
    """A slot filler (the words where the question word stands) must have the asked shape: for a place, a place
    name of the tagger (ns) or a word that ends like one (…集镇); for a person (谁, 哪位), someone named or
    described (公安机关, 消费者), not a clause with a verb of its own; a reason never has it (the sentence said no
    cause, the filler is a guess). WEIGHTS.noun_missing_fit when it has not."""
    words = tagged_words(answer)
    if kind is AnswerType.PLACE:
        shaped = any(flag == "ns" or _PLACE_END.search(w) for w, flag, _s in words)
    elif kind is AnswerType.PERSON:
        shaped = not any(flag.startswith("v") and flag != "vn" for _w, flag, _s in words)
    elif kind is AnswerType.REASON:  # a sentence that says no cause (由于, 因为, 目的是 …) gives a guess, not a reason
        shaped = False
    else:
        shaped = True
    return 1.0 if shaped else WEIGHTS.noun_missing_fit


def _count_fit(answer: str, question: str) -> float:
    """WEIGHTS.wrong_count_fit for a list of another length than the question asks (哪两家 -> two items)."""
    count = asked_count(question)
    if count is None:
        return 1.0
    return 1.0 if len(_LIST_ITEMS.split(answer)) == count else WEIGHTS.wrong_count_fit


def _planned_fit(sentence: str, c: Candidate, asked: str) -> float:
    """WEIGHTS.planned_fit for the planned figure of a planned/actual pair (应到176名,实到135名) when the question
    does not say the planned one: 多少委员到场 asks for those who came."""
    clause = CLAUSE_BOUNDARY.split(sentence[: c.start])[-1]
    m = _PLANNED.search(clause)
    if m is None or "实" + m.group(1) not in sentence or "应" in asked:
        return 1.0
    return WEIGHTS.planned_fit


_RESPECTIVELY = "分别"
_ITEM_SEPARATOR = re.compile(r"[、，,]|和|与|及")
_FIGURES_OR_DATES = re.compile(f"{NUMBER.pattern}|{DATE.pattern}|[^\u4e00-\u9fff]")


def respective_fit(question: str, sentence: str, c: Candidate, weights: TermWeights) -> float:
    """WEIGHTS.planned_fit for a figure of a 分别 list paired with another item than the one the question names
    (农村居民人均纯收入和城镇居民人均可支配收入，分别达到[2253元]和[6280元]: the second figure is the second item's);
    1 when the sentence pairs no list, or the question says no item more than the candidate's. Items are compared on
    as many characters as the shortest has (小学、初中学生人均公用经费: the shared head follows the last item only)."""
    at = sentence.rfind(_RESPECTIVELY, 0, c.start)
    if at < 0 or CLAUSE_BOUNDARY.search(sentence, at, c.start):  # the figures paired stand in 分别's clause
        return 1.0
    after = CLAUSE_BOUNDARY.search(sentence, c.end)
    listed = [m for m in NUMBER.finditer(sentence, at, after.start() if after else len(sentence))]
    position = next((i for i, m in enumerate(listed) if m.start() < c.end and c.start < m.end()), None)
    items = [
        item
        for item in _ITEM_SEPARATOR.split(sentence[:at])
        if len(_FIGURES_OR_DATES.sub("", item)) >= 2  # 2000年 is no item
    ][-len(listed) :]
    if position is None or len(listed) < 2 or len(items) != len(listed):
        return 1.0
    said = [_shared_bigrams(question, item[: min(map(len, items))], weights) for item in items]
    return 1.0 if said[position] >= max(said) else WEIGHTS.planned_fit


def _shared_bigrams(question: str, text: str, weights: TermWeights) -> float:
    """The idf-weighted bigrams of `text` that the question says too."""
    return sum(weights.weight(b) for b in {text[i : i + 2] for i in range(len(text) - 1)} if b in question)


_CHANGE_FROM = re.compile(r"(?:由|从)[^,，。;；、]{0,4}$")  # 由[50%]提高到60%, 从每月[70元]提高到88元
_CHANGE_TO = re.compile(r"^[^,，。;；、]{0,6}?(?:到|至|为)(?:[^,，。;；、]{1,4}的)?")  # 扩大到[年末的]1120多万人
_ASKS_FROM = re.compile(r"由|从|原来|原先|之前|此前")


def _change_fit(sentence: str, c: Candidate, asked: str) -> float:
    """WEIGHTS.planned_fit for the starting value of a change (由9.8%降至7.5%: 9.8%, 由年初的400多万人扩大到年末的
    1120多万人: 400多万人) when the question does not ask where the change started: 提高到多少 asks for the value it
    reached."""
    if not _CHANGE_FROM.search(sentence[: c.start]) or _ASKS_FROM.search(asked):
        return 1.0
    to = _CHANGE_TO.match(sentence[c.end :])
    return WEIGHTS.planned_fit if to and NUMBER.match(sentence, c.end + to.end()) else 1.0


def _date_fit(answer: str, question: str) -> float:
    has_day, has_month, has_year = "日" in answer, "月" in answer, "年" in answer
    if asks_for_year(question) and not has_year:
        return WEIGHTS.wrong_form_fit
    if asks_for_month(question):
        return 1.0 if has_month and not has_day else (0.7 if has_month else WEIGHTS.wrong_form_fit)
    if asks_for_year(question):
        return 1.0 if not has_day else 0.7
    if asks_for_day(question):
        return 1.0 if has_day else WEIGHTS.wrong_form_fit / 3
    return 1.0 if has_day else (0.7 if has_month else 0.4)


def _noun_fit(answer: str, question: str) -> float:
    """A title or name of the kind the question names (什么条例 -> 《…条例》; 第几卷 -> 第四卷)."""
    noun = asked_noun(question)
    ordinal = bool(ORDINAL.match(answer))
    if noun:
        return 1.0 if noun in answer else (0.8 if noun[-2:] in answer else WEIGHTS.noun_missing_fit)
    if "第几" in question:
        return 1.0 if ordinal else WEIGHTS.noun_missing_fit
    return WEIGHTS.noun_missing_fit if ordinal else 1.0


def _is_name(text: str) -> bool:
    words = tagged_words(text)
    return len(words) == 1 and words[0][1] == "nr"
