"""The layout of a plain-text yearbook or document: title block, headings (综述; 一、 （一） …), 【entries】,
one-cell-a-line tables, trailing matter.

Text whose paragraphs are separated by blank lines (a web page saved as text) is first unwrapped: the lines of
one paragraph, broken at every link (党的十八届六中全会 / 正式明确 / …), are joined into one line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from yearbook_qa.corpus.headings import TOP_LEVEL, numbered_heading
from yearbook_qa.corpus.layout import (
    Block,
    Byline,
    Cell,
    Dropped,
    Heading,
    Layout,
    Paragraph,
    Published,
    Table,
    Title,
    Trailer,
)
from yearbook_qa.corpus.tables import group_rows, header_count, row_problem
from yearbook_qa.corpus.title_block import TITLE_WORDS, is_title, title_block, trailer_start

PUBLISHED = re.compile(r"发表时间\s*[:：]\s*(.+)")
CAPTION = re.compile(r"表\s*[0-9０-９]+(?:[-－.][0-9]+)?\s*\S.*")
ENTRY = re.compile(r"【([^】\n]+)】")
FURNITURE = re.compile(r"(?:上篇|下篇)\s*[:：].*")
_HEADING_MAX_CHARS = 16
_NOT_IN_HEADING = re.compile(r"[。！？；;!?，,、：:()（）“”\"《》【】|]")
_INTRODUCES = ("：", ":")  # a paragraph ending so goes on in the next
_ITEM_ENDS = ("；", ";")  # a numbered line ending so, or after a line ending so, is a list item (（二）…；)
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
__all__ = ["CAPTION", "ENTRY", "FURNITURE", "PUBLISHED", "TITLE_WORDS", "is_heading", "layout_plain_text"]


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first non-blank character
    end: int  # offset after the last non-blank character
    number: int  # 1-based line number
    content: str  # the line without surrounding blanks


def layout_plain_text(text: str) -> Layout:
    """Read the document's structure from its lines."""
    if _blank_separated(text):
        text = _unwrapped(text)
    lines = _lines(text)
    layout = Layout(text)
    furniture = _trailing_furniture(lines)
    body = lines[: len(lines) - len(furniture)]
    contents = [line.content for line in body]
    title = _unmarked(body[0].content) if body and is_title(contents, PUBLISHED) else None
    head = title_block(contents, title, PUBLISHED)
    trailer = trailer_start(contents, [numbered_heading(c) is not None for c in contents])
    in_entry = False  # an 【entry】 has opened since the last heading
    i = 0
    while i < len(body):
        line = body[i]
        if i == trailer:
            layout.blocks.append(Trailer(line.number))
        if head.get(i) == "title" or (title is not None and line.content == title):
            layout.blocks.append(Title(line.content if i else title or "", (line.start, line.end), line.number))
        elif m := PUBLISHED.fullmatch(line.content):
            layout.blocks.append(Published(m.group(1).strip(), (line.start, line.end), line.number))
        elif head.get(i) in ("subtitle", "byline"):
            layout.blocks.append(Byline(head[i], line.content, (line.start, line.end), line.number))
        elif CAPTION.fullmatch(line.content) and i + 1 < len(body) and _is_cell_start(body, i + 1):
            i = _read_table(body, i + 1, line, layout)
            continue
        elif line.content.endswith("|"):
            i = _read_table(body, i, None, layout)
            continue
        else:
            listed = in_entry or line.content.endswith(_ITEM_ENDS) or (i > 0 and contents[i - 1].endswith(_ITEM_ENDS))
            blocks = _prose_blocks(line, in_trailer=i >= trailer, in_list=listed)
            layout.blocks.extend(blocks)
            in_entry = any(isinstance(b, Paragraph) and b.entry for b in blocks) or (
                in_entry and not any(isinstance(b, Heading) for b in blocks)
            )
        i += 1
    layout.blocks.extend(Dropped((f.start, f.end), f.number) for f in furniture)
    return layout


def is_heading(content: str) -> bool:
    """A chapter heading: a short line without sentence punctuation, brackets or quotes."""
    return (
        len(content) <= _HEADING_MAX_CHARS
        and bool(_CJK.search(content))
        and not _NOT_IN_HEADING.search(content)
        and not CAPTION.fullmatch(content)
    )


def _unmarked(content: str) -> str:
    """A line without Markdown heading marks (## 第一章 总则 -> 第一章 总则)."""
    return content.lstrip("#").strip() if content.startswith("#") else content


def _prose_blocks(line: _Line, in_trailer: bool, in_list: bool) -> list[Block]:
    """A paragraph (opening an entry, or headed by its first sentence), or a heading; trailing matter is text."""
    span = (line.start, line.end)
    if m := ENTRY.match(line.content):
        return [Paragraph(span, line.number, entry=m.group(1).strip())]
    if in_trailer:
        return [Paragraph(span, line.number)]
    content = _unmarked(line.content)
    if numbered := numbered_heading(content, in_list):
        heading, level = numbered
        text = _SPACES.sub(" ", heading)  # 第一章  总则 -> 第一章 总则
        if heading == content.rstrip("。"):
            return [Heading(text, span, line.number, level)]
        start = line.end - len(content)
        return [
            Heading(text, (start, start + len(heading)), line.number, level),
            Paragraph(span, line.number),
        ]
    if is_heading(content):
        return [Heading(content, span, line.number, TOP_LEVEL)]
    return [Paragraph(span, line.number)]


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


def _trailing_furniture(lines: list[_Line]) -> list[_Line]:
    n = len(lines)
    while n and FURNITURE.fullmatch(lines[n - 1].content):
        n -= 1
    return lines[n:]


def _blank_separated(text: str) -> bool:
    """Whether blank lines separate the paragraphs: most non-blank lines are followed by a blank one."""
    lines = [_INVISIBLE.sub("", raw).strip() for raw in text.split("\n")]
    pairs = list(itertools.pairwise(lines))
    filled = sum(1 for a, _ in pairs if a)
    return filled >= 3 and sum(1 for a, b in pairs if a and not b) * 2 > filled


def _unwrapped(text: str) -> str:
    """Each paragraph (a run of non-blank lines) joined into one line, and joined to the paragraph before it when
    that one ends with a colon; the first line (a title) and the lines of a table stay apart."""
    runs: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = _INVISIBLE.sub("", raw).strip()
        if line:
            runs[-1].append(line)
        elif runs[-1]:
            runs.append([])
    out: list[str] = []
    for k, run in enumerate(r for r in runs if r):
        if k == 0 and len(run) > 1:
            out.append(run.pop(0))
        if any(line.endswith("|") or _opens_block(line) for line in run):
            out.extend(run)
        elif out and out[-1].endswith(_INTRODUCES) and len(out) > 1 and numbered_heading(run[0]) is None:
            out[-1] += "".join(run)  # 主要预期目标是： / 国内生产总值增长7.5%…: one paragraph
        else:
            out.append("".join(run))
    return "\n".join(out) + "\n"


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
