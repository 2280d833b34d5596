"""Markdown yearbook pages: # headings, **【entries】** or ### entry headings, pipe tables."""

from __future__ import annotations

import re

from yearbook_qa.corpus.layout import Layout
from yearbook_qa.corpus.rendering import Marked, MarkedHeading, MarkedTable, MarkedText, render

_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*")
_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__|`")


def layout_markdown(source: str) -> Layout:
    """Render a Markdown page into the plain-text export's layout."""
    return render(_blocks(source.split("\n")))


def inline_text(text: str) -> str:
    """Text with links, bold and code marks removed."""
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text)).strip()


def _blocks(lines: list[str]) -> list[Marked]:
    blocks: list[Marked] = []
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
        if paragraph:
            blocks.append(MarkedText(_join(paragraph), start))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if m := _HEADING.fullmatch(line):
            flush()
            blocks.append(MarkedHeading(len(m.group(1)), inline_text(m.group(2)), i + 1))
        elif line.startswith("|") and i + 1 < len(lines) and _TABLE_RULE.fullmatch(lines[i + 1].strip()):
            flush()
            i = _table(lines, i, blocks)
            continue
        elif not line:
            flush()
        else:
            if not paragraph:
                start = i + 1
            paragraph.append(inline_text(line))
        i += 1
    flush()
    return blocks


def _table(lines: list[str], i: int, blocks: list[Marked]) -> int:
    """Read the pipe table starting at lines[i]; return the index after it."""
    rows = [_cells(lines[i])]
    numbers = [i + 1]
    i += 2
    while i < len(lines) and lines[i].strip().startswith("|"):
        rows.append(_cells(lines[i]))
        numbers.append(i + 1)
        i += 1
    blocks.append(MarkedTable(rows, numbers, numbers[0]))
    return i


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return tuple(inline_text(c) for c in re.split(r"(?<!\\)\|", inner))


def _join(parts: list[str]) -> str:
    """Join a paragraph's lines: no space between Chinese characters, one between Latin words."""
    text = parts[0]
    for part in parts[1:]:
        text += (" " if text[-1:].isascii() and part[:1].isascii() else "") + part
    return text
