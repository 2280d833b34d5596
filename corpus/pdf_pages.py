"""PDF yearbooks with a text layer: the page of every passage, ruled tables as tables.

The text layer and the rules are read with PDFium (pypdfium2, which pdfplumber ships with: about ten times
faster than pdfminer on CJK pages); tables are found from the rules with pdfplumber's table algorithm
(rules snapped and joined, their crossings, the cells they enclose).

Lines are grouped into paragraphs the way a reader sees them: a line that stops short of the text's
right edge, an indented line, a wider gap or a 【 opening starts a new one; a paragraph runs on across a
page break. Lines set larger than the body text are headings (the largest the title, then chapters);
page numbers and running heads in the top and bottom margins are dropped. A table that runs on onto the
next page (its header repeated or not) is read as one. No text layer at all (a scan) is an error: OCR is
not supported.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber import table

from yearbook_qa.corpus.errors import CorpusError
from yearbook_qa.corpus.html_pages import squash
from yearbook_qa.corpus.layout import Layout
from yearbook_qa.corpus.locations import locate_blocks
from yearbook_qa.corpus.plain_text import CAPTION, ENTRY
from yearbook_qa.corpus.rendering import Marked, MarkedHeading, MarkedText, render
from yearbook_qa.corpus.statistical_tables import table_block

MARGIN = 0.07  # share of the page height at the top and bottom where page numbers and running heads stand
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
_PAGE_NUMBER = re.compile(r"[-—–·\s]*(?:第\s*)?[0-9]+(?:\s*页)?(?:\s*/\s*(?:共\s*)?[0-9]+\s*页?)?[-—–·\s]*")
_SNAP = 3.0  # points within which rules are one rule and lines cross (pdfplumber's defaults)
_STRAIGHT = 1.0  # a segment this close to level (or plumb) is a horizontal (vertical) rule
_SPACE_GAP = 0.2  # a gap between two characters this wide (share of the type size) is a space
_RUNNING_HEAD_PAGES = 3  # margin text repeated on this many pages is a running head
_LEAD = re.compile(r"(?:[A-Za-z0-9.%,/+-]+|.)[，。、；：？！）》」』”’,.;:?!)]*")  # what cannot be broken at a line end


@dataclass
class _Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    lead: float  # width of the line's first unbreakable run (a CJK character, a number, a word)


@dataclass
class _Grid:
    """A table as extracted: rows of cell texts and the page of each row."""

    rows: list[tuple[str, ...]]
    pages: list[int]
    page: int
    top: float
    caption: str | None = None


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line] = field(default_factory=list)
    grids: list[_Grid] = field(default_factory=list)


def layout_pdf(data: bytes, path: Path) -> Layout:
    """Render a PDF's text layer into the plain-text export's layout, each block labelled with its page."""
    try:
        pdf = pdfium.PdfDocument(data)
        try:
            pages = [_read_page(pdf[i], i + 1) for i in range(len(pdf))]
        finally:
            pdf.close()
    except Exception as e:  # pdfium raises PdfiumError on damaged or encrypted files
        if _is_encrypted(e):
            raise CorpusError(f"{path}: PDF 已加密, 请先去除密码再导入 (encrypted PDF)") from None
        raise CorpusError(
            f"{path}: 无法读取 PDF 文件, 文件可能已损坏 (cannot read the PDF: {type(e).__name__})"
        ) from None
    blank = [p.number for p in pages if not p.lines and not p.grids]
    if len(blank) == len(pages):
        raise CorpusError(
            f"{path}: PDF 没有文字层 (可能是扫描件), 不支持 OCR, 请先转换为带文字的 PDF "
            f"(no text layer, a scanned PDF? OCR is not supported)"
        )
    labels: dict[int, str] = {}
    repeated = _running_heads(pages)
    layout = render(_blocks([_without_furniture(p, repeated) for p in pages], labels))
    if blank:
        layout.problems.append(
            f"第 {_ranges(blank)} 页没有文字层 (扫描页?), 已跳过, 不支持 OCR (pages without a text layer skipped)"
        )
    locate_blocks(layout, labels)
    return layout


def _is_encrypted(error: BaseException) -> bool:
    return bool(re.search(r"password|encrypt", f"{type(error).__name__} {error}", re.IGNORECASE))


@dataclass(frozen=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


def _read_page(page: pdfium.PdfPage, number: int) -> _Page:
    """The page's text lines outside its ruled tables, and the tables' cell texts."""
    height = page.get_height()
    chars = _chars(page, height)
    out = _Page(number, height)
    boxes: list[tuple[float, float, float, float]] = []
    for cells in _ruled_tables(page, height):
        box = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
        boxes.append(box)
        within = [c for c in chars if _inside(c, [box])]
        rows = [_filled([_cell_text(c, within) for c in row]) for row in _grid_rows(cells)]
        rows = [r for r in rows if any(r)]
        if rows:
            out.grids.append(_Grid(rows, [number] * len(rows), number, box[1]))
    body = [c for c in chars if not _inside(c, boxes)] if boxes else chars
    for line in _lines(body):
        visible = [c for c in line if not c.text.isspace()]
        if not visible:
            continue
        text = _line_text(line)
        size = round(statistics.median(c.size for c in visible) * 2) / 2
        m = _LEAD.match("".join(c.text for c in visible))
        lead = visible[(len(m.group()) if m else 1) - 1].x1 - visible[0].x0
        top, bottom = min(c.top for c in visible), max(c.bottom for c in visible)
        out.lines.append(_Line(text, number, visible[0].x0, visible[-1].x1, top, bottom, size, lead))
    page.close()
    return out


def _chars(page: pdfium.PdfPage, height: float) -> list[_Char]:
    """The page's characters (pdfium's own line breaks and word spaces left out), top-down coordinates."""
    textpage = page.get_textpage()
    rect = raw.FS_RECTF()
    out: list[_Char] = []
    for k in range(textpage.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(textpage, k))
        if ch.isspace() and (ch in "\r\n" or raw.FPDFText_IsGenerated(textpage, k)):
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage, k, rect):
            continue
        size = raw.FPDFText_GetFontSize(textpage, k)
        out.append(_Char(ch, rect.left, height - rect.top, rect.right, height - rect.bottom, size))
    textpage.close()
    return out


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines (tops within a third of their size), each line left to right."""
    lines: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: c.top):
        if lines and abs(c.top - lines[-1][0].top) <= max(1.0, lines[-1][0].size / 3):
            lines[-1].append(c)
        else:
            lines.append([c])
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _line_text(line: list[_Char]) -> str:
    """A line's text; a gap wider than a fifth of the type size reads as a space (as the space glyph it was)."""
    text = line[0].text
    for prev, c in pairwise(line):
        if c.x0 - prev.x1 > c.size * _SPACE_GAP and not text.endswith(" "):
            text += " "
        text += c.text
    return " ".join(text.split())


def _ruled_tables(page: pdfium.PdfPage, height: float) -> list[list[tuple[float, float, float, float]]]:
    """The cells (x0, top, x1, bottom) of each table drawn with rules, found as pdfplumber finds them."""
    edges = _edges(page, height)
    if len(edges) < 4:
        return []
    edges = table.merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    edges = [e for e in edges if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= _SNAP]
    cells = table.intersections_to_cells(table.edges_to_intersections(edges, _SNAP, _SNAP))
    return [group for group in table.cells_to_tables(cells) if group]


def _edges(page: pdfium.PdfPage, height: float) -> list[dict]:
    """The horizontal and vertical straight segments of the page's paths, in pdfplumber's edge form."""
    edges: list[dict] = []
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for n in range(raw.FPDFPage_CountObjects(page.raw)):
        handle = raw.FPDFPage_GetObject(page.raw, n)
        if raw.FPDFPageObj_GetType(handle) != raw.FPDF_PAGEOBJ_PATH:
            continue
        raw.FPDFPageObj_GetMatrix(handle, matrix)
        start = prev = None
        for i in range(raw.FPDFPath_CountSegments(handle)):
            segment = raw.FPDFPath_GetPathSegment(handle, i)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = (
                matrix.a * x.value + matrix.c * y.value + matrix.e,
                height - (matrix.b * x.value + matrix.d * y.value + matrix.f),
            )
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
                _add_edge(edges, prev, point)
            elif kind == raw.FPDF_SEGMENT_MOVETO:
                start = point
            prev = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(edges, point, start)
                prev = start
    return edges


def _add_edge(edges: list[dict], a: tuple[float, float], b: tuple[float, float]) -> None:
    x0, x1 = sorted((a[0], b[0]))
    top, bottom = sorted((a[1], b[1]))
    if bottom - top <= _STRAIGHT and x1 - x0 > _STRAIGHT:
        orientation = "h"
        top = bottom = (top + bottom) / 2
    elif x1 - x0 <= _STRAIGHT and bottom - top > _STRAIGHT:
        orientation = "v"
        x0 = x1 = (x0 + x1) / 2
    else:
        return
    edges.append(
        {
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": bottom - top,
            "orientation": orientation,
        }
    )


def _grid_rows(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float] | None]]:
    """The cells row by row, one slot a column; a slot covered by a merged cell is None."""
    xs = sorted({c[0] for c in cells})
    by_top: dict[float, dict[float, tuple[float, float, float, float]]] = {}
    for c in cells:
        by_top.setdefault(c[1], {})[c[0]] = c
    return [[by_top[top].get(x) for x in xs] for top in sorted(by_top)]


def _cell_text(cell: tuple[float, float, float, float] | None, chars: list[_Char]) -> str | None:
    if cell is None:
        return None
    x0, top, x1, bottom = cell
    inside = [c for c in chars if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom]
    return "\n".join(_line_text(line) for line in _lines(inside))


def _inside(c: _Char, boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _filled(row: list[str | None]) -> tuple[str, ...]:
    """Cell texts; a cell merged into the one on its left (None) repeats that one's value."""
    out: list[str] = []
    for value in row:
        out.append(squash(value) if value is not None else (out[-1] if out else ""))
    return tuple(out)


def _without_furniture(page: _Page, repeated: set[str]) -> _Page:
    """The page without page numbers and running heads (margin text of a shape in `repeated`)."""
    kept = [
        line
        for line in page.lines
        if not (_in_margin(line, page) and (_PAGE_NUMBER.fullmatch(line.text) or _shape(line.text) in repeated))
    ]
    return _Page(page.number, page.height, kept, page.grids)


def _running_heads(pages: list[_Page]) -> set[str]:
    """The shapes of margin lines (digits as #) repeated on several pages."""
    seen: Counter[str] = Counter()
    for p in pages:
        seen.update({_shape(line.text) for line in p.lines if _in_margin(line, p)})
    return {s for s, n in seen.items() if n >= _RUNNING_HEAD_PAGES}


def _in_margin(line: _Line, page: _Page) -> bool:
    return line.bottom < page.height * MARGIN or line.top > page.height * (1 - MARGIN)


def _shape(text: str) -> str:
    return re.sub(r"[0-9]+", "#", text)


def _blocks(pages: list[_Page], labels: dict[int, str]) -> list[Marked]:
    """Headings, paragraphs and tables in reading order; `labels` gets each block's page by its line number."""
    lines = [line for p in pages for line in p.lines]
    if not lines and not any(p.grids for p in pages):
        return []
    body = Counter(line.size for line in lines for _ in line.text).most_common(1)[0][0] if lines else 0.0
    levels = {
        s: i for i, s in enumerate(sorted({x.size for x in lines if x.size >= body * HEADING_RATIO}, reverse=True), 1)
    }
    out: list[Marked | _Grid] = []
    paragraph: list[_Line] = []

    def label(page: int) -> int:
        labels[len(labels) + 1] = f"第{page}页"
        return len(labels)

    def flush() -> None:
        if paragraph:
            text = paragraph[0].text
            for line in paragraph[1:]:
                text += (
                    " " if text[-1:].isascii() and text[-1:].isalnum() and line.text[:1].isascii() else ""
                ) + line.text
            size = paragraph[0].size
            page = label(paragraph[0].page)
            out.append(MarkedHeading(levels[size], text, page) if size in levels else MarkedText(text, page))
            paragraph.clear()

    for page in pages:
        left, right = _text_column(page, lines, body)
        items: list[_Line | _Grid] = sorted([*page.lines, *page.grids], key=lambda x: x.top)
        for item in items:
            if isinstance(item, _Grid):
                flush()
                _add_grid(out, item)
            else:
                if paragraph and not _continues(paragraph[-1], item, left, right):
                    flush()
                paragraph.append(item)
    flush()
    return [_table(b, label) if isinstance(b, _Grid) else b for b in out]


def _text_column(page: _Page, lines: list[_Line], body: float) -> tuple[float, float]:
    """The left and right edges of the page's body text (the document's, on a page with little text): the
    leftmost start, and the typical end of the lines that run long (one overlong line does not move it)."""
    own = [x for x in page.lines if x.size == body]
    source = own if len(own) >= 5 else [x for x in lines if x.size == body] or page.lines
    if not source:
        return 0.0, 0.0
    left = min(x.x0 for x in source)
    widest = max(x.x1 for x in source)
    return left, statistics.median(x.x1 for x in source if x.x1 >= left + (widest - left) * 0.8)


def _continues(prev: _Line, line: _Line, left: float, right: float) -> bool:
    """Whether `line` runs on the paragraph whose last line is `prev`."""
    if line.size != prev.size or ENTRY.match(line.text) or CAPTION.fullmatch(line.text):
        return False
    if line.x0 > left + line.size * 0.9:  # indented: a new paragraph
        return False
    height = prev.bottom - prev.top
    if line.page == prev.page and line.top - prev.bottom > height * 0.8:
        return False
    return prev.x1 + line.lead >= right - prev.size * 0.5  # the line before ran as far as this one's start allowed


def _add_grid(out: list[Marked | _Grid], grid: _Grid) -> None:
    """Append a table; one that continues the table just before it (next page, same width) joins it."""
    prev = out[-1] if out else None
    if isinstance(prev, _Grid) and grid.page == prev.pages[-1] + 1 and len(grid.rows[0]) == len(prev.rows[0]):
        repeated_header = grid.rows[0] == prev.rows[0]
        prev.rows += grid.rows[1:] if repeated_header else grid.rows
        prev.pages += grid.pages[1:] if repeated_header else grid.pages
        return
    if isinstance(prev, MarkedText) and CAPTION.fullmatch(prev.text):
        out.pop()
        grid.caption = prev.text
    out.append(grid)


def _table(grid: _Grid, label: Callable[[int], int]) -> Marked:
    return table_block(grid.rows, [label(p) for p in grid.pages], grid.caption)


def _ranges(numbers: list[int]) -> str:
    """1、3-5、9: page numbers as ranges."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return "、".join(parts)
