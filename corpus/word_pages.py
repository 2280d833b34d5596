"""Word yearbooks (.docx, read with python-docx): headings from paragraph styles, real tables.

Title style is the document title, Heading 1-2 (标题 1-2) chapters, deeper headings entries, as for
Markdown and HTML; a 表N or Caption-style paragraph right before a table is its caption.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from yearbook_qa.corpus.errors import CorpusError
from yearbook_qa.corpus.html_pages import squash
from yearbook_qa.corpus.layout import Layout
from yearbook_qa.corpus.plain_text import CAPTION
from yearbook_qa.corpus.rendering import Marked, MarkedHeading, MarkedText, render
from yearbook_qa.corpus.statistical_tables import table_block
from yearbook_qa.corpus.zip_limits import check_package

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*([1-9])", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}
_CAPTION_STYLES = {"caption", "题注"}


def layout_docx(data: bytes, path: Path) -> Layout:
    """Render a Word document into the plain-text export's layout."""
    check_package(data, path, "Word")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds on a damaged package
        raise CorpusError(f"{path}: 无法读取 Word 文件 (cannot read the document: {type(e).__name__})") from None
    blocks: list[Marked] = []
    caption: str | None = None
    for number, item in enumerate(document.iter_inner_content(), 1):
        if isinstance(item, WordTable):
            rows = _rows(item)
            last = blocks[-1] if blocks else None
            if caption is None and isinstance(last, MarkedText) and CAPTION.fullmatch(last.text):
                caption = last.text
                blocks.pop()
            if rows:
                blocks.append(table_block(rows, [number] * len(rows), caption))
            caption = None
            continue
        if caption is not None:
            blocks.append(MarkedText(caption, number - 1))
            caption = None
        text = squash(item.text)
        if not text:
            continue
        style = _style(item)
        if style in _CAPTION_STYLES:
            caption = text
        elif style in _TITLE_STYLES:
            blocks.append(MarkedHeading(0, text, number))
        elif m := _HEADING_STYLE.fullmatch(style):
            blocks.append(MarkedHeading(int(m.group(1)), text, number))
        else:
            blocks.append(MarkedText(text, number))
    if caption is not None:
        blocks.append(MarkedText(caption, len(blocks)))
    return render(blocks)


def _style(paragraph: WordParagraph) -> str:
    style = paragraph.style
    return (style.name or "").strip().lower() if style is not None else ""


def _rows(table: WordTable) -> list[tuple[str, ...]]:
    """Cell texts row by row; a merged cell reads its value in every grid column and row it spans."""
    rows = [tuple(squash(cell.text) for cell in row.cells) for row in table.rows]
    return [r for r in rows if any(r)]
