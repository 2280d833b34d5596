"""Table rows from cells: how many cells form the header, and grouping data cells into rows."""

from __future__ import annotations

import re
from collections import Counter

from yearbook_qa.corpus.layout import Cell

_LABEL_MAX_CHARS = 8
_NOT_A_LABEL = re.compile(r"[0-9０-９。！？；;!?，,、：:()（）《》“”\"]")
_DATE = re.compile(r"[0-9]+月[0-9]+日|(?:19|20)[0-9]{2}年")
_NUMBER = re.compile(r"[0-9.%％]+")
_SHORT = 12
_PARTIAL_ROW_PENALTY = 0.25


def header_count(cells: list[str]) -> int:
    """How many leading cells of a one-cell-a-line table are its header.

    Header cells are short labels without digits or punctuation; among the counts they allow, the one
    whose columns are most uniform (dates under a date, names under a name) and whose data fill whole
    rows wins, the larger count on a tie.
    """
    labels = 0
    while labels < len(cells) and _is_label(cells[labels]):
        labels += 1
    if labels <= 1:
        return max(1, labels)
    return max(range(2, labels + 1), key=lambda h: (_fit(cells, h), h))


def group_rows(cells: list[Cell], width: int) -> list[tuple[Cell, ...]]:
    """Data cells in rows of `width` (the last row may be short)."""
    return [tuple(cells[i : i + width]) for i in range(0, len(cells), width)]


def row_problem(row: tuple[Cell, ...], number: int, width: int, caption: str | None) -> str | None:
    """A message naming the row's line if its cells do not fit the header, else None."""
    if len(row) == width:
        return None
    name = caption or "表格"
    return (
        f"line {row[0].line}: {name}: 第{number}行有 {len(row)} 个单元格, 表头有 {width} 列 "
        f"(row {number} has {len(row)} cells, the header has {width})"
    )


def _is_label(value: str) -> bool:
    return 0 < len(value) <= _LABEL_MAX_CHARS and not _NOT_A_LABEL.search(value)


def _fit(cells: list[str], h: int) -> float:
    data = cells[h:]
    whole = data[: len(data) - len(data) % h]
    if not whole:
        return 0.0
    uniformity = sum(_uniformity(whole[j::h]) for j in range(h)) / h
    return uniformity - (_PARTIAL_ROW_PENALTY if len(data) % h else 0.0)


def _uniformity(values: list[str]) -> float:
    shapes = Counter(_shape(v) for v in values)
    return shapes.most_common(1)[0][1] / len(values)


def _shape(value: str) -> str:
    if _DATE.search(value) and len(value) <= _SHORT:
        return "date"
    if _NUMBER.fullmatch(value):
        return "number"
    return "short" if len(value) <= _SHORT else "long"
