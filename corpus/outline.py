"""A document's outline: its metadata and, in order, its prose paragraphs and tables with their chapter and entry."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from yearbook_qa.corpus.layout import Dropped, Heading, Layout, Paragraph, Published, Span, Table, Title
from yearbook_qa.corpus.passage import Document
from yearbook_qa.corpus.years import edition_year

EntryKey = tuple[str | None, str | None, int]  # chapter, entry title, occurrence of that title in the chapter


@dataclass(frozen=True)
class Prose:
    """A paragraph placed in its chapter and entry (untitled paragraphs belong to the entry above them)."""

    span: Span
    line: int
    chapter: str | None
    entry: str | None
    entry_key: EntryKey


@dataclass(frozen=True)
class PlacedTable:
    """A table placed in its chapter and entry (the entry whose text precedes it)."""

    table: Table
    chapter: str | None
    entry: str | None
    entry_key: EntryKey


@dataclass
class Outline:
    """The recovered structure of one document."""

    document: Document
    items: list[Prose | PlacedTable] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)
    structure_spans: list[Span] = field(default_factory=list)  # title, date, headings, captions, header cells
    dropped_spans: list[Span] = field(default_factory=list)  # page furniture
    problems: list[str] = field(default_factory=list)  # each names the file and line


def build_outline(layout: Layout, doc_id: str, path: str, default_title: str) -> Outline:
    """Place every block of the layout under its chapter and entry, and describe the document."""
    titles = [b.text for b in layout.blocks if isinstance(b, Title)]
    published = next((b.value for b in layout.blocks if isinstance(b, Published)), None)
    title = titles[0] if titles else default_title
    document = Document(
        id=doc_id, title=title, path=path, text=layout.text, year=edition_year(title), published=published
    )
    outline = Outline(document, problems=[f"{path}: {p}" for p in layout.problems])
    chapter: str | None = None
    entry: str | None = None
    seen: Counter[tuple[str | None, str | None]] = Counter()
    key: EntryKey = (None, None, 0)
    for block in layout.blocks:
        if isinstance(block, (Title, Published)):
            outline.structure_spans.append(block.span)
        elif isinstance(block, Heading):
            chapter, entry = block.text, None
            key = (chapter, None, 0)
            outline.chapters.append(chapter)
            outline.structure_spans.append(block.span)
        elif isinstance(block, Paragraph):
            if block.entry is not None:
                entry = block.entry
                seen[chapter, entry] += 1
                key = (chapter, entry, seen[chapter, entry])
            outline.items.append(Prose(block.span, block.line, chapter, entry, key))
        elif isinstance(block, Table):
            outline.items.append(PlacedTable(block, chapter, entry, key))
            if block.caption_span is not None:
                outline.structure_spans.append(block.caption_span)
            outline.structure_spans.extend(c.span for c in block.headers)
        elif isinstance(block, Dropped):
            outline.dropped_spans.append(block.span)
    return outline
