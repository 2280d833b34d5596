"""PDF yearbooks with a text layer (read with pdfplumber): the page of every passage, ruled tables as tables.

Lines are grouped into paragraphs the way a reader sees them: a line that stops short of the text's
right edge, an indented line, a wider gap or a 【 opening starts a new one; a paragraph runs on across a
page break. Lines set larger than the body text are headings (the largest the title, then chapters);
page numbers and running heads in the top and bottom margins are dropped. A table that runs on onto the
next page (its header repeated or not) is read as one. No text layer at all (a scan) is an error: OCR is
not supported.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

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
        pdf = pdfplumber.open(io.BytesIO(data))
        with pdf:
            pages = [_read_page(page, number) for number, page in enumerate(pdf.pages, 1)]
    except CorpusError:
        raise
    except Exception as e:  # pdfminer raises many kinds on damaged or encrypted files
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
    chain: BaseException | None = error
    while chain is not None:
        if re.search(r"password|encrypt", f"{type(chain).__name__} {chain}", re.IGNORECASE):
            return True
        chain = chain.__cause__ or chain.__context__
    return False


def _read_page(page: pdfplumber.page.Page, number: int) -> _Page:
    out = _Page(number, float(page.height))
    tables = page.find_tables() if (page.rects or page.lines) else []
    boxes = [t.bbox for t in tables]
    for t in tables:
        rows = [_filled(r) for r in t.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            out.grids.append(_Grid(rows, [number] * len(rows), number, float(t.bbox[1])))
    body = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    for line in body.extract_text_lines(strip=True, return_chars=True):
        text = line["text"].strip()
        sizes = [c["size"] for c in line["chars"] if not c["text"].isspace()]
        chars = [c for c in line["chars"] if not c["text"].isspace()]
        if text and sizes and chars:
            size = round(statistics.median(sizes) * 2) / 2
            lead_chars = chars[: len(m.group()) if (m := _LEAD.match("".join(c["text"] for c in chars))) else 1]
            lead = lead_chars[-1]["x1"] - lead_chars[0]["x0"]
            out.lines.append(_Line(text, number, line["x0"], line["x1"], line["top"], line["bottom"], size, lead))
    return out


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
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
