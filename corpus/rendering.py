"""Render the marked-up blocks of a Markdown or HTML page into the plain-text export's layout.

Headings of level 1-2 are chapters (the first one naming a yearbook, or an HTML <title>, is the title),
deeper headings and 【…】 openings are entries, a 表N paragraph right before a table is its caption.
"""
from __future__ import annotations

from dataclasses import dataclass

from yearbook_qa.corpus.layout import Cell, Heading, Layout, LayoutWriter, Paragraph, Published, Table, Title
from yearbook_qa.corpus.plain_text import CAPTION, ENTRY, FURNITURE, PUBLISHED, TITLE_WORDS
from yearbook_qa.corpus.tables import row_problem

@dataclass(frozen=True)
class MarkedHeading:
    """A heading; level 0 is the page's <title>."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class MarkedText:
    """A paragraph's text, inline markup removed."""

    text: str
    line: int


@dataclass(frozen=True)
class MarkedTable:
    """A table: its rows of cell texts (the first row is the header), each row's source line, and caption."""

    rows: list[tuple[str, ...]]
    lines: list[int]
    line: int
    caption: str | None = None


Marked = MarkedHeading | MarkedText | MarkedTable


def render(blocks: list[Marked]) -> Layout:
    """The rendered text and its layout blocks."""
    blocks = _without_trailing_furniture([b for b in blocks if not (isinstance(b, MarkedText) and not b.text)])
    out = LayoutWriter()
    rendered = []
    problems: list[str] = []
    title = _title(blocks)
    entry: MarkedHeading | None = None
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, MarkedText) and CAPTION.fullmatch(block.text) and isinstance(nxt, MarkedTable) \
                and nxt.caption is None:
            blocks[i + 1] = MarkedTable(nxt.rows, nxt.lines, block.line, caption=block.text)
            continue
        if isinstance(block, MarkedHeading) and (block.text == title or block.level >= 3):
            if entry is not None:
                rendered.append(_entry_paragraph(out, entry, ""))
            entry = block if block.text != title else None
            if block.text == title:
                rendered.append(Title(title, out.line(title), block.line))
            continue
        if entry is not None and not isinstance(block, MarkedText):
            rendered.append(_entry_paragraph(out, entry, ""))
            entry = None
        if isinstance(block, MarkedHeading):
            rendered.append(Heading(block.text, out.line(block.text), block.line))
        elif isinstance(block, MarkedTable):
            rendered.append(_table(out, block, problems))
        elif entry is not None:
            rendered.append(_entry_paragraph(out, entry, block.text))
            entry = None
        elif m := PUBLISHED.fullmatch(block.text):
            rendered.append(Published(m.group(1).strip(), out.line(block.text), block.line))
        else:
            m = ENTRY.match(block.text)
            rendered.append(Paragraph(out.line(block.text), block.line, entry=m.group(1).strip() if m else None))
    if entry is not None:
        rendered.append(_entry_paragraph(out, entry, ""))
    return Layout(out.text(), rendered, problems)


def _title(blocks: list[Marked]) -> str | None:
    for i, block in enumerate(blocks):
        if isinstance(block, MarkedHeading) and block.level <= 1:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            followed_by_date = isinstance(nxt, MarkedText) and PUBLISHED.fullmatch(nxt.text)
            if block.level == 0 or followed_by_date or any(w in block.text for w in TITLE_WORDS):
                return block.text
    return None


def _entry_paragraph(out: LayoutWriter, heading: MarkedHeading, body: str) -> Paragraph:
    return Paragraph(out.line(f"【{heading.text}】{body}"), heading.line, entry=heading.text)


def _table(out: LayoutWriter, block: MarkedTable, problems: list[str]) -> Table:
    caption_span = out.line(block.caption) if block.caption else None
    header, *data = block.rows
    headers = tuple(Cell(v, out.line(f"{v} |"), block.lines[0]) for v in header)
    rows: list[tuple[Cell, ...]] = []
    for values, line in zip(data, block.lines[1:]):
        if not values:
            continue
        row = tuple(Cell(v, out.line(f"{v} |"), line) for v in values)
        if problem := row_problem(row, len(rows) + 1, len(headers), block.caption):
            problems.append(problem)
        rows.append(row)
    return Table(block.caption, caption_span, block.line, headers, tuple(rows))


def _without_trailing_furniture(blocks: list[Marked]) -> list[Marked]:
    n = len(blocks)
    while n and isinstance(blocks[n - 1], MarkedText) and FURNITURE.fullmatch(blocks[n - 1].text):
        n -= 1
    return blocks[:n]
