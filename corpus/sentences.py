"""Cut prose into sentence-bounded pieces of bounded length, as spans into the source text."""

from __future__ import annotations

from yearbook_qa.corpus.vocabulary import CLAUSE_ENDS, LIST_SEPARATOR, SENTENCE_ENDS

_CLOSERS = "”’」』）)》〉】\"'"

Span = tuple[int, int]


def sentence_spans(text: str, start: int, end: int) -> list[Span]:
    """The sentences of text[start:end], each ending after its 。！？； and any closing quotes; blanks trimmed."""
    spans: list[Span] = []
    begin = i = start
    while i < end:
        if text[i] in SENTENCE_ENDS:
            i += 1
            while i < end and text[i] in _CLOSERS:
                i += 1
            spans.append((begin, i))
            begin = i
        else:
            i += 1
    spans.append((begin, end))
    return [s for s in (_trim(text, b, e) for b, e in spans) if s[0] < s[1]]


def chunk_spans(text: str, start: int, end: int, max_chars: int) -> list[Span]:
    """Consecutive sentences of text[start:end] packed into spans of at most max_chars characters.

    A single sentence longer than max_chars is cut at clause marks (，、：), or hard at max_chars if it has none.
    """
    pieces: list[Span] = []
    for b, e in sentence_spans(text, start, end):
        pieces.extend(_cut_long(text, b, e, max_chars) if e - b > max_chars else [(b, e)])
    chunks: list[Span] = []
    for b, e in pieces:
        if chunks and e - chunks[-1][0] <= max_chars:
            chunks[-1] = (chunks[-1][0], e)
        else:
            chunks.append((b, e))
    return chunks


def _cut_long(text: str, start: int, end: int, max_chars: int) -> list[Span]:
    spans: list[Span] = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = max(
            (i + 1 for i in range(start + 1, limit) if text[i] in CLAUSE_ENDS or text[i] == LIST_SEPARATOR),
            default=limit,
        )
        b, e = _trim(text, start, cut)
        if b < e:
            spans.append((b, e))
        start = cut
    b, e = _trim(text, start, end)
    if b < e:
        spans.append((b, e))
    return spans


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
