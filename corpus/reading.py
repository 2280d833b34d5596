"""Read one yearbook file (txt, md, html; pdf, docx, xlsx, csv) into its document and outline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from yearbook_qa.corpus.encoding import decode_source
from yearbook_qa.corpus.errors import CorpusError
from yearbook_qa.corpus.html_pages import layout_html
from yearbook_qa.corpus.layout import Layout
from yearbook_qa.corpus.markdown_pages import layout_markdown
from yearbook_qa.corpus.outline import Outline, build_outline
from yearbook_qa.corpus.passage import Document
from yearbook_qa.corpus.pdf_pages import layout_pdf
from yearbook_qa.corpus.plain_text import layout_plain_text
from yearbook_qa.corpus.records import is_records_file
from yearbook_qa.corpus.spreadsheets import layout_csv, layout_xlsx
from yearbook_qa.corpus.word_pages import layout_docx

LAYOUTS = {
    ".txt": layout_plain_text,
    ".md": layout_markdown,
    ".markdown": layout_markdown,
    ".html": layout_html,
    ".htm": layout_html,
}
# Formats read from their bytes by a library made for them (each checks its own damage and limits).
FILE_LAYOUTS: dict[str, Callable[[bytes, Path], Layout]] = {
    ".pdf": layout_pdf,
    ".docx": layout_docx,
    ".xlsx": layout_xlsx,
    ".csv": layout_csv,
}
SUFFIXES = frozenset(LAYOUTS) | frozenset(FILE_LAYOUTS)


def read_outline(path: str | Path, doc_id: str | None = None) -> Outline:
    """The outline of one yearbook page; CorpusError (naming the file) if it cannot be read at all."""
    path = Path(path)
    if is_records_file(path):
        raise CorpusError(
            f"{path}: 段落 JSONL 文件包含多篇文档, 请用 load_corpus 读取 (a passage JSONL file holds many documents)"
        )
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(
            f"{path}: 不支持的文件类型 (unsupported file type {path.suffix or '(none)'}; "
            f"expected {', '.join(sorted(SUFFIXES))} or .jsonl)"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise CorpusError(f"{path}: 无法读取 (cannot read: {e.strerror})") from None
    if not data:
        raise CorpusError(f"{path}: 文件为空 (empty file)")
    layout = FILE_LAYOUTS[suffix](data, path) if suffix in FILE_LAYOUTS else LAYOUTS[suffix](decode_source(data, path))
    if not any(not c.isspace() for c in layout.text):
        raise CorpusError(f"{path}: 没有可读的文字 (no readable text)")
    outline = build_outline(layout, doc_id or path.stem, str(path), default_title=path.stem)
    outline.document = replace(outline.document, locations=tuple(layout.locations))
    return outline


def read_document(path: str | Path) -> Document:
    """One yearbook file as a Document: decoded text (Markdown/HTML rendered), title, edition year, 发表时间."""
    return read_outline(path).document
