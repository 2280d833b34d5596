"""Properties on generated yearbook-like documents: nothing lost, spans exact, lengths bounded, structure kept."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yearbook_samples import Yearbook, to_html, to_markdown, to_text, yearbooks

from yearbook_qa.corpus.html_pages import layout_html
from yearbook_qa.corpus.layout import Layout
from yearbook_qa.corpus.markdown_pages import layout_markdown
from yearbook_qa.corpus.outline import build_outline
from yearbook_qa.corpus.passages import outline_passages
from yearbook_qa.corpus.plain_text import layout_plain_text

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(layout: Layout, max_chars: int):
    outline = build_outline(layout, "sample", "sample.txt", default_title="sample")
    return outline, outline_passages(outline, max_chars)


def _recovered(passages, text: str) -> list[tuple]:
    """What the passages say, in the shape of Yearbook.expected(): pieces of one paragraph (one line) re-joined."""
    out: list[tuple] = []
    for p in passages:
        if p.is_table_row:
            out.append((p.chapter, p.entry, (p.table, p.cells), None))
        elif out and out[-1][3] is not None and "\n" not in text[out[-1][3][1] : p.span[0]]:
            chapter, entry, _, (start, _end) = out.pop()
            out.append((chapter, entry, text[start : p.span[1]], (start, p.span[1])))
        else:
            out.append((p.chapter, p.entry, p.text, p.span))
    return [r[:3] for r in out]


@PROPERTY_SETTINGS
@given(book=yearbooks(), max_chars=st.integers(20, 300))
def test_no_text_lost_and_spans_exact(book: Yearbook, max_chars: int):
    outline, passages = _read(layout_plain_text(to_text(book)), max_chars)
    text = outline.document.text
    covered = [False] * len(text)
    for start, end in [p.span for p in passages] + outline.structure_spans + outline.dropped_spans:
        assert 0 <= start < end <= len(text)
        covered[start:end] = [True] * (end - start)
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert lost == [], text[lost[0] : lost[0] + 20] if lost else ""
    for p in passages:
        if not p.is_table_row:
            assert p.text == text[p.span[0] : p.span[1]]
            assert len(p.text) <= max_chars
    assert outline.problems == []


@PROPERTY_SETTINGS
@given(book=yearbooks(), max_chars=st.integers(20, 300))
def test_passages_in_document_order_and_paragraphs_rejoin(book: Yearbook, max_chars: int):
    outline, passages = _read(layout_plain_text(to_text(book)), max_chars)
    assert all(a.span[1] <= b.span[0] for a, b in itertools.pairwise(passages))
    assert _recovered(passages, outline.document.text) == book.expected()


@PROPERTY_SETTINGS
@given(book=yearbooks())
def test_structure_recovered_from_plain_text(book: Yearbook):
    outline, passages = _read(layout_plain_text(to_text(book)), 100_000)
    assert outline.chapters == [name for name, _ in book.chapters]
    assert (outline.document.title, outline.document.year, outline.document.published) == (
        book.title,
        book.year,
        book.published,
    )
    assert [(p.chapter, p.entry, (p.table, p.cells) if p.is_table_row else p.text) for p in passages] == book.expected()


@PROPERTY_SETTINGS
@given(book=yearbooks(), bold_entries=st.booleans(), max_chars=st.integers(20, 300))
def test_markdown_and_html_read_like_the_plain_text(book: Yearbook, bold_entries: bool, max_chars: int):
    def essence(layout: Layout):
        outline, passages = _read(layout, max_chars)
        return (
            outline.chapters,
            outline.document.title,
            [(p.id, p.chapter, p.entry, p.text, p.table, p.row, p.cells, p.years) for p in passages],
        )

    plain = essence(layout_plain_text(to_text(book)))
    assert essence(layout_markdown(to_markdown(book, bold_entries))) == plain
    assert essence(layout_html(to_html(book))) == plain
