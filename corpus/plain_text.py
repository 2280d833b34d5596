"""The layout of a plain-text yearbook export: title, 发表时间, chapter headings, 【entries】, one-cell-a-line tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yearbook_qa.corpus.layout import Block, Cell, Dropped, Heading, Layout, Paragraph, Published, Table, Title
from yearbook_qa.corpus.tables import group_rows, header_count, row_problem

PUBLISHED = re.compile(r"发表时间\s*[:：]\s*(.+)")
CAPTION = re.compile(r"表\s*[0-9０-９]+(?:[-－.][0-9]+)?\s*\S.*")
ENTRY = re.compile(r"【([^】\n]+)】")
FURNITURE = re.compile(r"(?:上篇|下篇)\s*[:：].*")
_HEADING_MAX_CHARS = 16
_NOT_IN_HEADING = re.compile(r"[。！？；;!?，,、：:()（）“”\"《》【】|]")
TITLE_WORDS = ("年鉴", "年报", "年志")


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first non-blank character
    end: int  # offset after the last non-blank character
    number: int  # 1-based line number
    content: str  # the line without surrounding blanks


def layout_plain_text(text: str) -> Layout:
    """Read the plain-text export's structure from its lines."""
    lines = _lines(text)
    layout = Layout(text)
    furniture = _trailing_furniture(lines)
    body = lines[: len(lines) - len(furniture)]
    title = body[0].content if body and _is_title(body) else None
    i = 0
    while i < len(body):
        line = body[i]
        if title is not None and line.content == title:
            layout.blocks.append(Title(title, (line.start, line.end), line.number))
        elif m := PUBLISHED.fullmatch(line.content):
            layout.blocks.append(Published(m.group(1).strip(), (line.start, line.end), line.number))
        elif CAPTION.fullmatch(line.content) and i + 1 < len(body) and _is_cell_start(body, i + 1):
            i = _read_table(body, i + 1, line, layout)
            continue
        elif line.content.endswith("|"):
            i = _read_table(body, i, None, layout)
            continue
        else:
            layout.blocks.append(_prose_block(line))
        i += 1
    layout.blocks.extend(Dropped((f.start, f.end), f.number) for f in furniture)
    return layout


def is_heading(content: str) -> bool:
    """A chapter heading: a short line without sentence punctuation, brackets or quotes."""
    return len(content) <= _HEADING_MAX_CHARS and not _NOT_IN_HEADING.search(content) and not CAPTION.fullmatch(content)


def _prose_block(line: _Line) -> Block:
    if m := ENTRY.match(line.content):
        return Paragraph((line.start, line.end), line.number, entry=m.group(1).strip())
    if is_heading(line.content):
        return Heading(line.content, (line.start, line.end), line.number)
    return Paragraph((line.start, line.end), line.number)


def _read_table(lines: list[_Line], i: int, caption: _Line | None, layout: Layout) -> int:
    """Read the cells from lines[i]; add the table to the layout; return the index after it."""
    cells: list[Cell] = []
    pending: list[_Line] = []
    while i < len(lines):
        line = lines[i]
        if line.content.endswith("|"):
            cells.append(_cell([*pending, line]))
            pending = []
        elif _is_cell_start(lines, i):
            pending.append(line)
        else:
            break
        i += 1
    width = header_count([c.value for c in cells])
    if (
        i < len(lines)
        and not _opens_block(lines[i].content)
        and width > 1
        and (len(cells) - width) % width == width - 1
    ):
        cells.append(_cell([lines[i]]))  # the last cell, written without its bar
        i += 1
    rows = group_rows(cells[width:], width)
    name = caption.content if caption else None
    for number, row in enumerate(rows, 1):
        if problem := row_problem(row, number, width, name):
            layout.problems.append(problem)
    if not rows:
        layout.problems.append(
            f"line {cells[0].line}: {name or '表格'}: 只有表头没有数据行 (a table without data rows)"
        )
    layout.blocks.append(
        Table(
            caption=name,
            caption_span=(caption.start, caption.end) if caption else None,
            line=caption.number if caption else cells[0].line,
            headers=tuple(cells[:width]),
            rows=tuple(rows),
        )
    )
    return i


def _is_cell_start(lines: list[_Line], i: int) -> bool:
    """Whether lines[i] begins a cell: it ends in a bar, or is the first part of a cell split before its bar."""
    if lines[i].content.endswith("|"):
        return True
    return not _opens_block(lines[i].content) and i + 1 < len(lines) and lines[i + 1].content.endswith("|")


def _opens_block(content: str) -> bool:
    return bool(ENTRY.match(content) or CAPTION.fullmatch(content) or PUBLISHED.fullmatch(content))


def _cell(parts: list[_Line]) -> Cell:
    value = "".join(p.content for p in parts).removesuffix("|").strip()
    return Cell(value, (parts[0].start, parts[-1].end), parts[0].number)


def _is_title(body: list[_Line]) -> bool:
    """The first line is the title if it names a yearbook or the 发表时间 line follows it."""
    first = body[0].content
    if ENTRY.match(first) or first.endswith("|"):
        return False
    return any(w in first for w in TITLE_WORDS) or (len(body) > 1 and bool(PUBLISHED.fullmatch(body[1].content)))


def _trailing_furniture(lines: list[_Line]) -> list[_Line]:
    n = len(lines)
    while n and FURNITURE.fullmatch(lines[n - 1].content):
        n -= 1
    return lines[n:]


def _lines(text: str) -> list[_Line]:
    """The non-blank lines of text with their trimmed spans."""
    out: list[_Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if stripped:
            start = offset + len(raw) - len(raw.lstrip())
            out.append(_Line(start, start + len(stripped), number, stripped))
        offset += len(raw) + 1
    return out
