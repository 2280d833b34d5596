"""A document's outline: its metadata and, in order, its prose paragraphs and tables with their chapter and entry."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from yearbook_qa.corpus.layout import (
    Byline,
    Dropped,
    Heading,
    Layout,
    Paragraph,
    Published,
    Span,
    Table,
    Title,
    Trailer,
)
from yearbook_qa.corpus.passage import HEADING_SEPARATOR, Document
from yearbook_qa.corpus.years import edition_year, heading_years, spoken_years

_SUBTITLE_DATE = re.compile(r"(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日")
EntryKey = tuple[str | None, str | None, int]  # chapter, entry title, occurrence of that title in the chapter


@dataclass(frozen=True)
class Prose:
    """A paragraph placed in its chapter and entry (untitled paragraphs belong to the entry above them)."""

    span: Span
    line: int
    chapter: str | None  # the heading chain, joined by HEADING_SEPARATOR
    entry: str | None
    entry_key: EntryKey
    years: tuple[int, ...] = ()  # the years its headings and entry title speak of


@dataclass(frozen=True)
class PlacedTable:
    """A table placed in its chapter and entry (the entry whose text precedes it)."""

    table: Table
    chapter: str | None
    entry: str | None
    entry_key: EntryKey
    years: tuple[int, ...] = ()


@dataclass
class Outline:
    """The recovered structure of one document."""

    document: Document
    items: list[Prose | PlacedTable] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)  # every heading chain, in order
    structure_spans: list[Span] = field(default_factory=list)  # title, date, headings, captions, header cells
    dropped_spans: list[Span] = field(default_factory=list)  # page furniture
    problems: list[str] = field(default_factory=list)  # each names the file and line


def build_outline(layout: Layout, doc_id: str, path: str, default_title: str) -> Outline:
    """Place every block of the layout under its heading chain and entry, and describe the document.

    The edition year is read from the title, else the subtitle's date, 发表时间, or the file name (default_title);
    each item carries the years its headings and entry speak of.
    """
    titles = [b.text for b in layout.blocks if isinstance(b, Title)]
    published = next((b.value for b in layout.blocks if isinstance(b, Published)), None)
    subtitle = next((b.text for b in layout.blocks if isinstance(b, Byline) and b.kind == "subtitle"), None)
    byline = next((b.text for b in layout.blocks if isinstance(b, Byline) and b.kind == "byline"), None)
    title = titles[0] if titles else default_title
    year = edition_year(title, subtitle, published, default_title)
    document = Document(
        id=doc_id,
        title=title,
        path=path,
        text=layout.text,
        year=year,
        published=published or _date(subtitle),
        subtitle=subtitle,
        byline=byline,
    )
    outline = Outline(document, problems=[f"{path}: {p}" for p in layout.problems])
    headings: list[tuple[int, str, tuple[int, ...]]] = []  # the open heading chain: (level, text, years)
    entry: str | None = None
    entry_years: tuple[int, ...] = ()
    seen: Counter[tuple[str | None, str | None]] = Counter()
    key: EntryKey = (None, None, 0)
    for block in layout.blocks:
        chapter = HEADING_SEPARATOR.join(h[1] for h in headings) or None
        if isinstance(block, (Title, Published)):
            outline.structure_spans.append(block.span)
        elif isinstance(block, Heading):
            while headings and headings[-1][0] >= block.level:
                headings.pop()
            headings.append((block.level, block.text, heading_years(block.text, year)))
            chapter, entry, entry_years = HEADING_SEPARATOR.join(h[1] for h in headings), None, ()
            key = (chapter, None, 0)
            outline.chapters.append(chapter)
            outline.structure_spans.append(block.span)
        elif isinstance(block, Trailer):
            headings, entry, entry_years, key = [], None, (), (None, None, 0)
        elif isinstance(block, (Paragraph, Byline)):
            if isinstance(block, Paragraph) and block.entry is not None:
                entry, entry_years = block.entry, spoken_years(block.entry, year)
                seen[chapter, entry] += 1
                key = (chapter, entry, seen[chapter, entry])
            outline.items.append(Prose(block.span, block.line, chapter, entry, key, _years(headings, entry_years)))
        elif isinstance(block, Table):
            outline.items.append(PlacedTable(block, chapter, entry, key, _years(headings, entry_years)))
            if block.caption_span is not None:
                outline.structure_spans.append(block.caption_span)
            outline.structure_spans.extend(c.span for c in block.headers)
        elif isinstance(block, Dropped):
            outline.dropped_spans.append(block.span)
    return outline


def _years(headings: list[tuple[int, str, tuple[int, ...]]], entry_years: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(dict.fromkeys([y for h in headings for y in h[2]] + list(entry_years)))


def _date(subtitle: str | None) -> str | None:
    """The date a subtitle opens with (——2024年3月5日在… -> 2024年3月5日)."""
    m = _SUBTITLE_DATE.search(subtitle or "")
    return m.group(0) if m else None
