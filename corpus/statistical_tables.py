"""Statistical tables (统计年鉴): multi-level headers flattened into paths, units attached to number cells.

A statistical table has indicator rows and year (or region) columns, a 单位 column or a unit in its
caption (单位：亿元) or headers (增长(%)). Each number cell is given its unit, so a row passage reads
`地区生产总值 | 单位: 亿元 | 2022年: 335.6亿元 | 比上年增长(%): 7.1%` and any cell answers on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from yearbook_qa.corpus.rendering import MarkedTable
from yearbook_qa.corpus.vocabulary import RATE_WORDS, UNIT_HEADERS, alternation

HEADER_PATH = " › "  # joins the levels of a multi-level header: 2022年 › 总量
_NUMBER = re.compile(r"[-+−]?(?:[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+)")
_UNIT_IN_CAPTION = re.compile(r"单位\s*[:：]\s*([^\s)）,，;；]+)")
_UNIT_IN_HEADER = re.compile(r"[（(]([^()（）]{1,6})[)）]\s*$")
_UNIT_HEADER = re.compile(alternation(UNIT_HEADERS))
_RATE_HEADER = re.compile(alternation(RATE_WORDS))
_MAX_HEADER_ROWS = 3
_MAX_UNIT_CHARS = 6


def table_block(rows: Sequence[Sequence[str]], lines: Sequence[int], caption: str | None) -> MarkedTable:
    """A table read from a file's grid: its header rows flattened into one, its number cells given units."""
    n = header_row_count(rows)
    headers = flatten_headers(rows[:n])
    data = with_units(headers, rows[n:], caption)
    return MarkedTable([headers, *data], [lines[0], *lines[n:]], lines[0], caption)


def is_number(value: str) -> bool:
    """A plain number cell (335.6, -2.1, 1,234): the kind a unit is attached to."""
    return bool(_NUMBER.fullmatch(value.strip()))


def header_row_count(rows: Sequence[Sequence[str]]) -> int:
    """How many leading rows are header rows: those before the first row with a number past its first cell
    (at least 1, at most 3; a single row when no row holds numbers)."""
    for i, row in enumerate(rows[: _MAX_HEADER_ROWS + 1]):
        if any(is_number(v) for v in row[1:]):
            return max(1, min(i, _MAX_HEADER_ROWS))
    return 1


def flatten_headers(header_rows: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """One header a column: the levels above it joined (2022年 › 总量), a level repeated by a merged cell once."""
    width = max((len(r) for r in header_rows), default=0)
    out: list[str] = []
    for j in range(width):
        levels: list[str] = []
        for row in header_rows:
            value = row[j].strip() if j < len(row) else ""
            if value and (not levels or levels[-1] != value):
                levels.append(value)
        out.append(HEADER_PATH.join(levels))
    return tuple(out)


def caption_unit(caption: str | None) -> str | None:
    """The unit a caption or note gives the whole table (单位：亿元)."""
    m = _UNIT_IN_CAPTION.search(caption or "")
    return m.group(1) if m else None


def with_units(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str | None) -> list[tuple[str, ...]]:
    """The rows with each number cell followed by its unit: the column's own ((%), 增速 -> %), else the row's
    单位 cell, else the caption's. Cells that already carry a unit, and the first (indicator) column, stay."""
    unit_column = next((j for j, h in enumerate(headers) if _UNIT_HEADER.fullmatch(h.split(HEADER_PATH)[-1])), None)
    table_unit = caption_unit(caption)
    column_units = [_column_unit(h) for h in headers]
    out: list[tuple[str, ...]] = []
    for row in rows:
        row_unit = row[unit_column].strip() if unit_column is not None and unit_column < len(row) else ""
        row_unit = row_unit if len(row_unit) <= _MAX_UNIT_CHARS and not is_number(row_unit) else ""
        cells = list(row)
        for j, value in enumerate(row):
            if j == 0 or j == unit_column or not is_number(value):
                continue
            unit = (column_units[j] if j < len(column_units) else None) or row_unit or table_unit
            if unit and unit not in ("—", "-"):
                cells[j] = value.strip() + unit
        out.append(tuple(cells))
    return out


def _column_unit(header: str) -> str | None:
    if m := _UNIT_IN_HEADER.search(header):
        return m.group(1)
    return "%" if _RATE_HEADER.search(header) else None
