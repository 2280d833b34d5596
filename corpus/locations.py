"""Where a passage stands in its source file (the page of a PDF, the sheet and cells of a workbook)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence

from yearbook_qa.corpus.layout import Layout, Table, Trailer


def locate_blocks(layout: Layout, labels: Mapping[int, str]) -> None:
    """Record each block's (and each table row's) place, looked up by the line number its reader gave it."""
    places: list[tuple[int, str]] = []
    for block in layout.blocks:
        if isinstance(block, Table):
            start = block.caption_span or (block.headers[0].span if block.headers else None)
            if start is not None and block.line in labels:
                places.append((start[0], labels[block.line]))
            places.extend((row[0].span[0], labels[row[0].line]) for row in block.rows if row and row[0].line in labels)
        elif not isinstance(block, Trailer) and block.line in labels:  # a trailer marks a line, it holds no text
            places.append((block.span[0], labels[block.line]))
    layout.locations = sorted(places)


def location_at(locations: Sequence[tuple[int, str]], offset: int) -> str | None:
    """The place recorded last at or before `offset`; None when the reader records none."""
    i = bisect_right(locations, (offset, "\U0010ffff"))
    return locations[i - 1][1] if i else None
