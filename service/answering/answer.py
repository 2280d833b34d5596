"""What answering returns: the short answer, its support, and numbered citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """A passage shown to the user as [n], with the answer highlighted in it."""

    number: int  # 1-based, as shown: [1], [2] …
    passage_id: str
    text: str
    document_id: str
    document_title: str
    year: int | None
    chapter: str | None
    entry: str | None
    table: str | None
    row: int | None
    cells: dict[str, str]
    score: float
    highlights: list[tuple[int, int]]  # [start, end) of the answer within `text`
    source_span: tuple[int, int]  # [start, end) of the passage in the document
    is_answer: bool = False  # the citation the answer was taken from
    location: str | None = None  # the page (PDF) or sheet and cells (Excel) in the source file


@dataclass(frozen=True)
class Answer:
    """The result of one question; the same object feeds the CLI, the API and the widget."""

    question: str
    answer: str | None  # None when not answerable
    answerable: bool
    confidence: float  # 0..1
    answer_sentence: str | None
    citations: list[Citation] = field(default_factory=list)
    resolved_question: str | None = None  # the question after resolving chat history
    timing_ms: float = 0.0
    refused_by: tuple[
        str, ...
    ] = ()  # when refused: the checks that refused it (no_candidate, threshold, reader_null, missing_item…)
    sure: bool = False  # answered with at least the calibrated "sure" confidence; else shown as a guess to check

    def to_dict(self) -> dict:
        return asdict(self)
