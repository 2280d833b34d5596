"""Excel workbooks (.xlsx, read with openpyxl) and CSV files: one table a sheet.

Merged cells are resolved (every cell of a merged range reads the range's value), leading rows with a
single value are the caption and its notes (表3-1 …, 单位：亿元), or the sheet's name is the caption; the
table then goes through statistical_tables (multi-level headers, units). Each sheet is a chapter named
after it; each row's place is its sheet and cell range (GDP!A5:F5).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yearbook_qa.corpus.encoding import decode_source
from yearbook_qa.corpus.errors import CorpusError
from yearbook_qa.corpus.layout import Layout
from yearbook_qa.corpus.locations import locate_blocks
from yearbook_qa.corpus.rendering import Marked, MarkedHeading, MarkedText, render
from yearbook_qa.corpus.statistical_tables import table_block
from yearbook_qa.corpus.zip_limits import check_package

Grid = list[tuple[int, list[str]]]  # (1-based sheet row, cell texts) for each non-empty row


def layout_xlsx(data: bytes, path: Path) -> Layout:
    """Every sheet of a workbook as a chapter holding its table; an empty sheet is a problem, not an error."""
    check_package(data, path, "Excel")
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # openpyxl raises many kinds on a damaged package
        raise CorpusError(f"{path}: 无法读取 Excel 文件 (cannot read the workbook: {type(e).__name__})") from None
    sheets = [(ws.title, _grid(ws)) for ws in book.worksheets if isinstance(ws, Worksheet)]
    return _layout(sheets)


def layout_csv(data: bytes, path: Path) -> Layout:
    """A CSV file as one sheet named after the file."""
    text = decode_source(data, path)
    rows = [[v.strip() for v in r] for r in csv.reader(io.StringIO(text))]
    return _layout([(path.stem, [(i, r) for i, r in enumerate(rows, 1) if any(r)])])


def _layout(sheets: list[tuple[str, Grid]]) -> Layout:
    blocks: list[Marked] = []
    labels: dict[int, str] = {}
    problems: list[str] = []
    for name, grid in sheets:
        if not grid:
            problems.append(f"工作表「{name}」为空, 已跳过 (empty sheet skipped)")
            continue

        def line(label: str) -> int:  # the blocks' line numbers index into labels
            labels[len(labels) + 1] = label
            return len(labels)

        first = line(f"{name}!A{grid[0][0]}")
        blocks.append(MarkedHeading(2, name, first))
        width = max(len(r) for _, r in grid)
        caption_rows = _caption_rows(grid)
        caption = "，".join(r[0] for _, r in caption_rows) if caption_rows else name
        body = grid[len(caption_rows) :]
        if not body:
            blocks.append(MarkedText(caption, first))
            continue
        lines = [line(f"{name}!A{n}:{get_column_letter(width)}{n}") for n, _ in body]
        blocks.append(table_block([_padded(r, width) for _, r in body], lines, caption))
    layout = render(blocks)
    layout.problems += problems
    locate_blocks(layout, labels)
    return layout


def _caption_rows(grid: Grid) -> Grid:
    """Leading rows with one distinct value (a merged title row, a 单位 note) while a wider row follows."""
    n = 0
    while n < len(grid) - 1 and len({v for v in grid[n][1] if v}) == 1:
        n += 1
    return [(i, [next(v for v in r if v)]) for i, r in grid[:n]]


def _padded(row: list[str], width: int) -> tuple[str, ...]:
    return tuple(row) + ("",) * (width - len(row))


def _grid(ws: Worksheet) -> Grid:
    """The sheet's non-empty rows as texts, merged ranges filled with their top-left value, empty columns dropped."""
    values = [[_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
    for merged in ws.merged_cells.ranges:
        top_left = values[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                values[r - 1][c - 1] = top_left
    keep = [j for j in range(max((len(r) for r in values), default=0)) if any(j < len(r) and r[j] for r in values)]
    return [(i, [r[j] if j < len(r) else "" for j in keep]) for i, r in enumerate(values, 1) if any(r)]


def _text(value: object, number_format: str) -> str:
    """A cell as it reads: 335.6, 7.1% for a percent-formatted 0.071, 2022-12-28 for a date, text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if "%" in number_format:
            return f"{_number(value * 100)}%"
        return _number(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())


def _number(value: float) -> str:
    """A number without float noise: 335.6, 12, 0.07 (never 335.59999999999997 or 12.0)."""
    rounded = round(float(value), 10)
    return str(int(rounded)) if rounded.is_integer() else repr(rounded)
