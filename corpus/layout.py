"""The format-neutral layout a reader recovers from a file: typed blocks with spans into the document text.

Plain text is read as it is; Markdown and HTML are rendered into the plain-text export's layout
(one block a line, 【entry】 before its first paragraph, one table cell a line ending in ` |`), so the same
yearbook in any format reads into the same text and structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True)
class Title:
    """The document title line (or a repetition of it)."""

    text: str
    span: Span
    line: int


@dataclass(frozen=True)
class Published:
    """The 发表时间 line; value as written (2023-12-1)."""

    value: str
    span: Span
    line: int


@dataclass(frozen=True)
class Heading:
    """A heading: a chapter (综述, 提案建议 …, level 0) or a numbered one (一、 level 4, （一） 5 …: corpus.headings)."""

    text: str
    span: Span
    line: int
    level: int = 0


@dataclass(frozen=True)
class Byline:
    """A title-block line after the title: the subtitle (——2024年3月5日在…会议上) or who speaks or compiled it."""

    kind: str  # "subtitle" or "byline"
    text: str
    span: Span
    line: int


@dataclass(frozen=True)
class Trailer:
    """Where trailing matter (notes, licence, 附录) begins: kept as text, outside every chapter."""

    line: int


@dataclass(frozen=True)
class Paragraph:
    """A run of prose; `entry` is set when it opens an entry (【标题】正文)."""

    span: Span
    line: int
    entry: str | None = None


@dataclass(frozen=True)
class Cell:
    """One table cell: its value (a cell split over lines joined) and the lines it occupies."""

    value: str
    span: Span
    line: int


@dataclass(frozen=True)
class Table:
    """A table: caption line, header cells, data rows (each a tuple of cells)."""

    caption: str | None
    caption_span: Span | None
    line: int
    headers: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Dropped:
    """Page furniture that carries no content (上篇: / 下篇:)."""

    span: Span
    line: int


Block = Title | Published | Byline | Heading | Paragraph | Table | Dropped | Trailer


@dataclass
class Layout:
    """The document text, its blocks in order, and problems found while reading (each naming a line)."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    locations: list[tuple[int, str]] = field(default_factory=list)  # (offset, 第3页 / 工作表!A5:F5), ascending


class LayoutWriter:
    """Builds the rendered text of a Markdown/HTML page line by line, recording each line's span."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0

    def line(self, text: str) -> Span:
        """Append one line; return its span (without the newline)."""
        start = self._length
        self._parts.append(text + "\n")
        self._length += len(text) + 1
        return start, start + len(text)

    def text(self) -> str:
        return "".join(self._parts)
