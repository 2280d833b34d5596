"""HTML yearbook pages: <title>, h1-h6, p (and other blocks), table/caption/tr/td/th; read with html.parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from yearbook_qa.corpus.layout import Layout
from yearbook_qa.corpus.rendering import Marked, MarkedHeading, MarkedTable, MarkedText, render

_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "body",
    "ul",
    "ol",
    "br",
    "hr",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIPPED = {"script", "style", "template", "noscript", "nav"}  # not content: code, styling, site navigation
_SPACE = re.compile(r"\s+")


def layout_html(source: str) -> Layout:
    """Render an HTML page into the plain-text export's layout."""
    parser = _PageParser()
    parser.feed(source)
    parser.close()
    parser.flush()
    return render(parser.blocks)


def squash(text: str) -> str:
    """Collapse whitespace: a line break between Chinese characters disappears, other runs become one space."""

    def repl(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
        return "" if "\n" in m.group() and not (before.isascii() and after.isascii()) else " "

    return _SPACE.sub(repl, text).strip()


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Marked] = []
        self._text: list[str] = []
        self._text_line = 1
        self._heading: int | None = None
        self._skip = 0
        self._rows: list[tuple[str, ...]] | None = None
        self._row_lines: list[int] = []
        self._row: list[str] | None = None
        self._table_line = 0
        self._caption: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "table":
            self.flush()
            self._rows, self._row_lines, self._caption, self._table_line = [], [], None, line
        elif self._rows is not None and tag == "tr":
            self._row = []
            self._row_lines.append(line)
        elif self._rows is not None and tag in ("td", "th", "caption"):
            self._text = []
        elif self._rows is None and (tag in _HEADINGS or tag == "title" or tag in _BLOCK_TAGS):
            self.flush()
            self._text_line = line
            if tag in _HEADINGS or tag == "title":
                self._heading = _HEADINGS.get(tag, 0)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif self._rows is not None:
            self._table_end(tag)
        elif tag in _HEADINGS or tag == "title" or tag in _BLOCK_TAGS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._text and self._rows is None:
            self._text_line = self.getpos()[0]
        self._text.append(data)

    def flush(self) -> None:
        """End the text collected so far as a heading or paragraph."""
        text = squash("".join(self._text))
        self._text = []
        if text:
            if self._heading is not None:
                self.blocks.append(MarkedHeading(self._heading, text, self._text_line))
            else:
                self.blocks.append(MarkedText(text, self._text_line))
        self._heading = None

    def _table_end(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None:
            self._row.append(squash("".join(self._text)))
            self._text = []
        elif tag == "caption":
            self._caption = squash("".join(self._text)) or None
            self._text = []
        elif tag == "tr" and self._row is not None and self._rows is not None:
            self._rows.append(tuple(self._row))
            self._row = None
        elif tag == "table" and self._rows is not None:
            if self._rows:
                self.blocks.append(
                    MarkedTable(self._rows, self._row_lines[: len(self._rows)], self._table_line, self._caption)
                )
            self._rows = None
            self._text = []
