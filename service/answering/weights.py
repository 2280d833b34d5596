"""Every tuning weight of the answerer in one place, with what it does.

`eval/calibrate.py` reproduces the calibration of the threshold and the score weights over the gated
question sets; change a weight only with its figures.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """How candidates are scored and when the answerer says "not found".

    A candidate's score is
    ``(coverage + fit * FIT + alignment * ALIGN + RANK / rank + ROW * row match + ORDER * order) * form``,
    and its confidence ``CONFIDENCE_COVERAGE * coverage + (1 - CONFIDENCE_COVERAGE) * min(1, fit + alignment)``.

    - threshold: confidence below which the answer is "not found".
    - fit / align / rank / row: the score terms' weights: how well the candidate has the asked form and
      type (fit), how closely the words around it mirror the words around the question word (alignment),
      the retrieval rank of its passage, and how strongly the question points at its table row.
    - order: the share of the question's terms the sentence says on the same side of the candidate as the question
      says them of its question word (`support.word_order`).
    - confidence_coverage: the share of the question's key terms in the confidence; the rest is fit.
    - min_form: the best candidate's form (unit, year, day …) below which it does not answer.
    - dense_agreement: confidence added when the answer's passage is also the dense model's first choice.
    - context_credit: a question term found only before the sentence (same passage) or in its entry title.
    - other_clause_credit: a question term in the candidate's sentence but not in its clause.
    - named_column_fit / typed_column_fit: a table column the question names (承办 -> 承办单位) / that only
      has the asked-for type.
    - mirrored: alignment at which a question is read as a rewording of that very sentence.
    - wrong_form_fit: a number in another unit than asked, a month when a day is asked.
    - noun_missing_fit: a title without the noun the question names (什么条例 -> not a 《…条例》), a slot filler
      without the asked shape, and a reason guessed from a sentence that says no cause.
    - planned_fit: the planned figure (应到) when the sentence gives the actual one (实到) too, and the starting
      value of a change (由9.8%降至7.5%: 9.8%) when the question asks what it reached.
    - wrong_count_fit: a list of another length than the question asks for (哪两家 -> two items).
    - anchor_coverage: share of a cell's (weighted) bigrams the question must repeat to point at its row.
    - confident: confidence from which the answer's own passage is cited first, before the retrieval's best.
    - same_document_score / other_document_score: share of the retrieval's best fused score that a confident
      answer's passage needs to be cited before it, from the best's document / from another one (the retrieval
      chose the document: the answer reorders passages within it, but crosses documents only when nearly tied).
    - telling_item: idf from which a word of the item a count is asked of (粮食总产量 of 粮食总产量是多少) must be
      in the answer's sentence or context (`answerability.missing_item`).
    - year_share: how much of a candidate's score its passage loses for speaking of the question's year less
      squarely than the best-speaking passage among the candidates (none of it: all the score kept).
    - retrieval_share: how much of a candidate's score its passage loses for a fused retrieval score below the
      best passage's (all of the shortfall's share: none of the score kept at a score of 0).
    - follow_up_alignment: share of characters in the same places for a follow-up's word to replace one.
    - reader_answer: the reader's margin (best span score less its no-answer score) from which its span answers a
      question the rules refuse (`reader_choice.choose`); reader_alone: the same, reading alone (`reader = "alone"`).
    - reader_switch / reader_switch_confidence: the margin from which the reader's span replaces a rule answer it
      contradicts, when the rules' confidence is below the second.
    - reader_refuse / reader_refuse_confidence: the margin below which the reader's verdict "no passage read holds
      an answer" refuses a rule answer whose confidence is below the second.
    - sure: confidence from which an answer is shown as sure; below it the user is told to check the passage.
    """

    threshold: float = 0.18
    fit: float = 0.4
    align: float = 0.6
    rank: float = 0.3
    row: float = 0.3
    confidence_coverage: float = 0.85
    min_form: float = 0.5
    dense_agreement: float = 0.2
    context_credit: float = 0.5
    other_clause_credit: float = 0.2
    named_column_fit: float = 1.0
    typed_column_fit: float = 0.7
    mirrored: float = 0.5
    wrong_form_fit: float = 0.3
    noun_missing_fit: float = 0.6
    planned_fit: float = 0.7
    wrong_count_fit: float = 0.8
    anchor_coverage: float = 0.6
    follow_up_alignment: float = 0.25
    confident: float = 0.4
    same_document_score: float = 0.7
    other_document_score: float = 0.9
    telling_item: float = 3.5
    year_share: float = 0.5
    retrieval_share: float = 0.3
    order: float = 0.3
    reader_answer: float = 5.0
    reader_alone: float = 0.0
    reader_switch: float = 5.0
    reader_switch_confidence: float = 0.3
    reader_refuse: float = -4.0
    reader_refuse_confidence: float = 0.5
    sure: float = 0.5


WEIGHTS = Weights()
