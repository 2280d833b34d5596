"""PDF, Word and Excel/CSV yearbooks: the same structure as the plain-text export, with page and cell places."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from yearbook_files import GDP_CAPTION, write_docx, write_pdf, write_statistical_xlsx

from yearbook_qa.corpus import load_corpus

BUNDLED_YEARBOOK = Path(__file__).resolve().parents[2] / "corpus" / "data" / "jiayuguan-cppcc-yearbook-2023.txt"


def _essence(corpus):
    return [(p.chapter, p.entry, p.text, p.table, p.row, p.cells) for p in corpus.passages]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("formats")
    return {
        "docx": write_docx(BUNDLED_YEARBOOK, out / "yearbook.docx"),
        "pdf": write_pdf(BUNDLED_YEARBOOK, out / "yearbook.pdf"),
        "xlsx": write_statistical_xlsx(out / "统计.xlsx"),
    }


@pytest.fixture(scope="module")
def plain():
    return load_corpus(BUNDLED_YEARBOOK)


def test_word_yearbook_reads_as_the_plain_text_export(files, plain):
    word = load_corpus(files["docx"])
    assert word.documents[0].title == plain.documents[0].title
    assert word.documents[0].year == plain.documents[0].year == 2023
    assert _essence(word) == _essence(plain)


def test_pdf_yearbook_reads_as_the_plain_text_export_with_pages(files, plain):
    pdf = load_corpus(files["pdf"])
    assert pdf.documents[0].title == plain.documents[0].title
    assert [p.chapter for p in pdf.passages] == [p.chapter for p in plain.passages]
    assert _essence(pdf) == _essence(plain)
    pages = [int(re.fullmatch(r"第([0-9]+)页", p.location or "").group(1)) for p in pdf.passages]  # type: ignore[union-attr]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] > 5
    assert not any("第" in p.text and "页" in p.text and len(p.text) < 6 for p in pdf.passages)  # page numbers dropped


def test_statistical_workbook_sheets_cells_units_and_headers(files):
    corpus = load_corpus(files["xlsx"])
    rows = {p.cells.get("指标") or p.cells.get("地区"): p for p in corpus.passages}
    gdp = rows["地区生产总值"]
    assert gdp.table == GDP_CAPTION and gdp.chapter == "主要指标"
    assert gdp.cells == {
        "指标": "地区生产总值",
        "单位": "亿元",
        "年份 › 2020年": "281.3亿元",
        "年份 › 2021年": "310.2亿元",
        "年份 › 2022年": "335.6亿元",
        "2022年比上年增长(%)": "7.1%",
    }
    assert gdp.location == "主要指标!A4:F4"
    assert rows["常住人口"].cells["年份 › 2022年"] == "31.8万人"
    assert rows["社会消费品零售总额"].cells["2022年比上年增长(%)"] == "-1.9%"
    district = rows["镜铁区"]
    assert district.cells == {
        "地区": "镜铁区",
        "2021年 › 总量": "98.1亿元",
        "2021年 › 增速": "5.1%",
        "2022年 › 总量": "104.6亿元",
        "2022年 › 增速": "6.6%",
    }
    assert district.location == "分县区!A5:E5" and "单位：亿元" in (district.table or "")
    assert [p for p in corpus.problems if "空表" in p] and len(corpus.problems) == 1


def test_csv_statistical_table(tmp_path):
    path = tmp_path / "人口.csv"
    path.write_text(
        "表2 常住人口（单位：万人）\n地区,2021年,2022年\n雄关区,15.2,15.4\n镜铁区,9.8,9.9\n", encoding="gbk"
    )
    corpus = load_corpus(path)
    (row,) = [p for p in corpus.passages if p.cells.get("地区") == "镜铁区"]
    assert row.cells == {"地区": "镜铁区", "2021年": "9.8万人", "2022年": "9.9万人"}
    assert row.table == "表2 常住人口（单位：万人）" and row.location == "人口!A4:C4"
