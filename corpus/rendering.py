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
    title = _title(blocks)
    blocks = _entries_as_text(_captions_in_tables(blocks), title)
    out = LayoutWriter()
    layout = Layout("")
    for block in blocks:
        if isinstance(block, MarkedHeading):
            kind = Title if block.text == title else Heading
            layout.blocks.append(kind(block.text, out.line(block.text), block.line))
        elif isinstance(block, MarkedTable):
            layout.blocks.append(_table(out, block, layout.problems))
        elif m := PUBLISHED.fullmatch(block.text):
            layout.blocks.append(Published(m.group(1).strip(), out.line(block.text), block.line))
        else:
            m = ENTRY.match(block.text)
            layout.blocks.append(Paragraph(out.line(block.text), block.line, entry=m.group(1).strip() if m else None))
    layout.text = out.text()
    return layout


def _captions_in_tables(blocks: list[Marked]) -> list[Marked]:
    """A 表N paragraph right before a table without <caption> becomes its caption."""
    out: list[Marked] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, MarkedTable)
            and block.caption is None
            and isinstance(prev, MarkedText)
            and CAPTION.fullmatch(prev.text)
        ):
            out[-1] = MarkedTable(block.rows, block.lines, prev.line, caption=prev.text)
        else:
            out.append(block)
    return out


def _entries_as_text(blocks: list[Marked], title: str | None) -> list[Marked]:
    """An entry heading (level 3+) and the paragraph after it become one 【标题】正文 paragraph, as in the export."""
    out: list[Marked] = []
    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, MarkedText) and isinstance(prev, MarkedHeading) and prev.level >= 3 and prev.text != title:
            out[-1] = MarkedText(f"【{prev.text}】{block.text}", prev.line)
        else:
            out.append(block)
    return [
        MarkedText(f"【{b.text}】", b.line) if isinstance(b, MarkedHeading) and b.level >= 3 and b.text != title else b
        for b in out
    ]


def _title(blocks: list[Marked]) -> str | None:
    for i, block in enumerate(blocks):
        if isinstance(block, MarkedHeading) and block.level <= 1:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            followed_by_date = isinstance(nxt, MarkedText) and PUBLISHED.fullmatch(nxt.text)
            if block.level == 0 or followed_by_date or any(w in block.text for w in TITLE_WORDS):
                return block.text
    return None


def _table(out: LayoutWriter, block: MarkedTable, problems: list[str]) -> Table:
    caption_span = out.line(block.caption) if block.caption else None
    header, *data = block.rows
    headers = tuple(Cell(v, out.line(f"{v} |"), block.lines[0]) for v in header)
    rows: list[tuple[Cell, ...]] = []
    for values, line in zip(data, block.lines[1:], strict=False):
        if not values:
            continue
        row = tuple(Cell(v, out.line(f"{v} |"), line) for v in values)
        if problem := row_problem(row, len(rows) + 1, len(headers), block.caption):
            problems.append(problem)
        rows.append(row)
    return Table(block.caption, caption_span, block.line, headers, tuple(rows))


def _without_trailing_furniture(blocks: list[Marked]) -> list[Marked]:
    n = len(blocks)
    while n and isinstance(last := blocks[n - 1], MarkedText) and FURNITURE.fullmatch(last.text):
        n -= 1
    return blocks[:n]
