"""Passages from an outline: prose cut on sentence ends into bounded pieces, one passage per table row."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace

from yearbook_qa.corpus.layout import Cell, Table
from yearbook_qa.corpus.locations import location_at
from yearbook_qa.corpus.outline import EntryKey, Outline, PlacedTable, Prose
from yearbook_qa.corpus.passage import Document, Passage
from yearbook_qa.corpus.sentences import chunk_spans
from yearbook_qa.corpus.years import spoken_years


def passage_id(document_id: str, entry_key: EntryKey, ordinal: int, text: str) -> str:
    """A stable id: the same document, place in it, and text give the same id; other entries don't affect it."""
    chapter, entry, occurrence = entry_key
    key = "\x1f".join((document_id, chapter or "", entry or "", str(occurrence), str(ordinal), text))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def outline_passages(outline: Outline, max_chars: int) -> list[Passage]:
    """Every passage of the document, in document order."""
    doc = outline.document
    ordinals: Counter[EntryKey] = Counter()
    passages: list[Passage] = []
    for item in outline.items:
        if isinstance(item, Prose):
            for span in chunk_spans(doc.text, item.span[0], item.span[1], max_chars):
                ordinals[item.entry_key] += 1
                passages.append(_prose_passage(doc, item, span, ordinals[item.entry_key]))
        else:
            for number, row in enumerate(item.table.rows, 1):
                ordinals[item.entry_key] += 1
                passages.append(_row_passage(doc, item, number, row, ordinals[item.entry_key]))
    return _with_entry_years(passages)


def _with_entry_years(passages: list[Passage]) -> list[Passage]:
    """A prose passage of an 【entry】 that names no year speaks of the years its entry's other passages name."""
    years: dict[tuple[str | None, str], tuple[int, ...]] = {}
    for p in passages:
        if p.entry is not None and not p.is_table_row:
            years[p.chapter, p.entry] = tuple(dict.fromkeys(years.get((p.chapter, p.entry), ()) + p.years))
    return [
        replace(p, years=years[p.chapter, p.entry]) if p.entry is not None and not p.is_table_row and not p.years else p
        for p in passages
    ]


def row_cells(table: Table, row: tuple[Cell, ...]) -> dict[str, str]:
    """{header: value} for one row; a cell beyond the header is named by its column (列4)."""
    cells: dict[str, str] = {}
    for j, cell in enumerate(row):
        header = table.headers[j].value if j < len(table.headers) else f"列{j + 1}"
        cells[header if header not in cells else f"{header}{j + 1}"] = cell.value
    return cells


def _prose_passage(doc: Document, item: Prose, span: tuple[int, int], ordinal: int) -> Passage:
    text = doc.text[span[0] : span[1]]
    return Passage(
        id=passage_id(doc.id, item.entry_key, ordinal, text),
        document_id=doc.id,
        document_title=doc.title,
        text=text,
        span=span,
        year=doc.year,
        years=tuple(dict.fromkeys(spoken_years(text, doc.year) + item.years)),
        chapter=item.chapter,
        entry=item.entry,
        location=location_at(doc.locations, span[0]),
    )


def _row_passage(doc: Document, item: PlacedTable, number: int, row: tuple[Cell, ...], ordinal: int) -> Passage:
    table = item.table
    caption = table.caption or f"{item.entry or item.chapter or doc.title} 表格"  # a table printed without caption
    cells = row_cells(table, row)
    text = " | ".join([caption] + [f"{h}: {v}" for h, v in cells.items()])
    headers = " ".join(c.value for c in table.headers)
    years = (
        spoken_years(caption, doc.year)
        + spoken_years(headers, doc.year)
        + spoken_years(" ".join(cells), doc.year)  # 2022年 columns of a statistical table
        + spoken_years(" ".join(cells.values()), doc.year)
    )
    years += item.years
    return Passage(
        id=passage_id(doc.id, item.entry_key, ordinal, text),
        document_id=doc.id,
        document_title=doc.title,
        text=text,
        span=(row[0].span[0], row[-1].span[1]),
        year=doc.year,
        years=tuple(dict.fromkeys(years)),
        chapter=item.chapter,
        entry=item.entry,
        table=caption,
        row=number,
        cells=cells,
        location=location_at(doc.locations, row[0].span[0]),
    )
