"""Real PDF, Word and Excel files for the tests, written with the libraries people make them with.

`write_docx` and `write_pdf` lay out a plain-text yearbook export (its title, chapters, entries and tables,
as corpus.plain_text reads them) the way a publisher would: Word styles and tables; a PDF with a CJK font,
larger headings, ruled tables and page numbers. `write_statistical_xlsx` is a small 统计年鉴-style workbook.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

from yearbook_qa.corpus.layout import Heading, Layout, Paragraph, Published, Table, Title
from yearbook_qa.corpus.plain_text import layout_plain_text

CJK_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian's fonts-wqy-microhei

GDP_CAPTION = "表3-1 全市主要经济指标（2020—2022年）"
GDP_ROWS = [  # 指标, 单位, 2020年, 2021年, 2022年, 2022年比上年增长(%)
    ("地区生产总值", "亿元", 281.3, 310.2, 335.6, 7.1),
    ("第一产业增加值", "亿元", 4.2, 4.6, 4.9, 5.3),
    ("规模以上工业增加值", "亿元", 120.4, 133.9, 141.7, 8.4),
    ("社会消费品零售总额", "亿元", 61.5, 68.2, 66.9, -1.9),
    ("常住人口", "万人", 31.3, 31.6, 31.8, 0.6),
]


def layout_of(txt: Path) -> Layout:
    return layout_plain_text(txt.read_text(encoding="utf-8"))


def _table_rows(layout: Layout, table: Table) -> list[list[str]]:
    width = len(table.headers)
    rows = [[c.value for c in table.headers]]
    rows += [[c.value for c in row] + [""] * (width - len(row)) for row in table.rows]
    return rows


def write_docx(txt: Path, out: Path) -> Path:
    """The yearbook as a Word document: Title and Heading 1 styles, 表N captions, real tables."""
    import docx

    layout = layout_of(txt)
    document = docx.Document()
    for block in layout.blocks:
        if isinstance(block, Title):
            document.add_heading(block.text, level=0)
        elif isinstance(block, Heading):
            document.add_heading(block.text, level=1)
        elif isinstance(block, (Paragraph, Published)):
            document.add_paragraph(layout.text[block.span[0] : block.span[1]])
        elif isinstance(block, Table):
            if block.caption:
                document.add_paragraph(block.caption)
            rows = _table_rows(layout, block)
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, value in enumerate(row):
                    table.cell(i, j).text = value
    document.save(str(out))
    return out


def _fonts() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if CJK_FONT_FILE.exists():
        pdfmetrics.registerFont(TTFont("WQY", str(CJK_FONT_FILE), subfontIndex=0))
        return "WQY"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def write_pdf(txt: Path, out: Path, copies: int = 1) -> Path:
    """The yearbook as a typeset PDF: 18/14/10.5 pt title/chapters/body, ruled tables, page numbers.

    `copies` > 1 repeats the yearbook with its numbers varied (for read-speed benchmarks)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as T

    font = _fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK", spaceBefore=4)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceBefore=0)
    chapter = ParagraphStyle("chapter", parent=body, fontSize=14, leading=20, spaceBefore=12, spaceAfter=6)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=24, spaceAfter=10)
    layout = layout_of(txt)
    story: list = []
    for copy in range(copies):
        for block in layout.blocks:
            if isinstance(block, Title):
                story.append(P(escape(_vary(block.text, copy)), title))
            elif isinstance(block, Heading):
                story.append(P(escape(block.text), chapter))
            elif isinstance(block, (Paragraph, Published)):
                story.append(P(escape(_vary(layout.text[block.span[0] : block.span[1]], copy)), body))
            elif isinstance(block, Table):
                if block.caption:
                    story.append(P(escape(_vary(block.caption, copy)), body))
                texts = _table_rows(layout, block)
                rows = [[P(escape(_vary(v, copy)), cell) for v in row] for row in texts]
                story += [Spacer(1, 4), _ruled(T(rows, colWidths=_widths(texts), repeatRows=1)), Spacer(1, 6)]

    def page_number(canvas, doc) -> None:
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 28, str(doc.page))

    SimpleDocTemplate(str(out), pagesize=A4, title=txt.stem).build(
        story, onFirstPage=page_number, onLaterPages=page_number
    )
    return out


def _widths(rows: list[list[str]], total: float = 450.0) -> list[float]:
    """Column widths in points, by the longest text of each column (4 to 30 characters)."""
    weights = [max(4, min(30, max(len(r[j]) for r in rows))) for j in range(len(rows[0]))]
    return [total * w / sum(weights) for w in weights]


def _ruled(table):
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _vary(text: str, copy: int) -> str:
    """The text of copy n: its numbers other than years shifted by n (copy 0 unchanged)."""
    if not copy:
        return text
    return re.sub(r"(?<![0-9])([0-9]{1,3})(?![0-9年])", lambda m: str(int(m.group(1)) + copy), text)


def write_statistical_xlsx(out: Path) -> Path:
    """A 统计年鉴 workbook: a merged title row, a 单位 column, two header levels, an empty sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "主要指标"
    sheet.append([GDP_CAPTION])
    sheet.merge_cells("A1:F1")
    sheet.append(["指标", "单位", "年份", None, None, "2022年比上年增长(%)"])
    sheet.append([None, None, "2020年", "2021年", "2022年", None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:E2")
    sheet.merge_cells("F2:F3")
    for row in GDP_ROWS:
        sheet.append(list(row))
    levels = book.create_sheet("分县区")
    levels.append(["表3-2 各区生产总值（单位：亿元）"])
    levels.append(["地区", "2021年", None, "2022年", None])
    levels.append([None, "总量", "增速", "总量", "增速"])
    levels.merge_cells("B2:C2")
    levels.merge_cells("D2:E2")
    levels.append(["雄关区", 120.5, 6.2, 131.4, 7.5])
    levels.append(["镜铁区", 98.1, 5.1, 104.6, 6.6])
    book.create_sheet("空表")
    book.save(str(out))
    return out
