"""Markdown, HTML, GB18030/GBK and BOM inputs read into the same structure as the plain-text export."""

from __future__ import annotations

from pathlib import Path

import pytest
from yearbook_samples import SAMPLE, to_html, to_markdown, to_text

from yearbook_qa.corpus import load_corpus, read_document

BUNDLED_YEARBOOK = Path(__file__).resolve().parents[2] / "corpus" / "data" / "jiayuguan-cppcc-yearbook-2023.txt"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _essence(corpus):
    return [(p.id, p.chapter, p.entry, p.text, p.table, p.row, p.cells, p.years) for p in corpus.passages]


@pytest.fixture
def plain(tmp_path):
    return load_corpus(_write(tmp_path, "sample.txt", to_text(SAMPLE)))


def test_sample_plain_text_structure(plain):
    assert [(p.chapter, p.entry, p.row) for p in plain.passages] == [
        ("综述", "协商民主", None),
        ("政协重要会议", "十一届一次会议", None),
        ("政协重要会议", "十一届一次会议", None),
        ("政协重要会议", "常务委员会会议", None),
        ("政协重要会议", "常务委员会会议", 1),
        ("政协重要会议", "常务委员会会议", 2),
        ("提案建议", "提案建议办理", None),
        ("提案建议", "提案建议办理", 1),
        ("提案建议", "提案建议办理", 2),
    ]
    assert (
        plain.passages[-1].text
        == "表2 某市政协重点提案督办一览表 | 序号: 2 | 案由: 关于推动乡村振兴的提案 | 承办单位: 市农业农村局 | 领衔督办领导: 阮 强"
    )
    doc = plain.documents[0]
    assert (doc.title, doc.year, doc.published) == ("某市政协年鉴-2024", 2024, "2024-12-1")


@pytest.mark.parametrize(
    "name,render",
    [
        ("sample.md", lambda: to_markdown(SAMPLE)),
        ("sample.markdown", lambda: to_markdown(SAMPLE, bold_entries=True)),
        ("sample.html", lambda: to_html(SAMPLE)),
        ("sample.htm", lambda: to_html(SAMPLE)),
    ],
)
def test_markdown_and_html_match_plain_text(tmp_path, plain, name, render):
    corpus = load_corpus(_write(tmp_path, name, render()))
    assert _essence(corpus) == _essence(plain)
    doc = corpus.documents[0]
    assert (doc.title, doc.year, doc.published) == ("某市政协年鉴-2024", 2024, "2024-12-1")
    for p in corpus.passages:
        if not p.is_table_row:
            assert p.text == doc.text[p.span[0] : p.span[1]]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-16"])
def test_encodings_are_detected(tmp_path, plain, encoding):
    corpus = load_corpus(_write(tmp_path, "sample.txt", to_text(SAMPLE), encoding))
    assert _essence(corpus) == _essence(plain)
    assert not corpus.documents[0].text.startswith("\ufeff")


def test_bundled_yearbook_in_gb18030_reads_the_same(tmp_path, bundled_corpus):
    gb = _write(tmp_path, BUNDLED_YEARBOOK.name, BUNDLED_YEARBOOK.read_text(encoding="utf-8"), "gb18030")
    assert _essence(load_corpus(gb)) == _essence(bundled_corpus)


def test_gbk_html_page_with_markup_around_the_text(tmp_path):
    page = """<html><head><meta charset="gbk"><title>某县政协年鉴-2021</title><script>var x = "<p>不是正文</p>";</script></head>
<body><nav><a href="/">首页</a></nav>
<h2>委员工作</h2>
<p>【委员培训】开展委员培训2次&amp;座谈1次。5月30日，举办履职能力提升培训班。</p>
<p>(县政协办公室 供稿)</p>
<table><tr><th>姓名</th><th>界别</th></tr>
<tr><td><p>王 林</p></td><td>经济界<br></td></tr></table>
</body></html>"""
    corpus = load_corpus(_write(tmp_path, "page.html", page, "gbk"))
    doc = corpus.documents[0]
    assert (doc.title, doc.year) == ("某县政协年鉴-2021", 2021)
    assert [(p.chapter, p.entry, p.text) for p in corpus.passages] == [
        ("委员工作", "委员培训", "【委员培训】开展委员培训2次&座谈1次。5月30日，举办履职能力提升培训班。"),
        ("委员工作", "委员培训", "(县政协办公室 供稿)"),
        ("委员工作", "委员培训", "委员培训 表格 | 姓名: 王 林 | 界别: 经济界"),
    ]
    assert "不是正文" not in doc.text and "首页" not in doc.text
    assert corpus.passages[2].cells == {"姓名": "王 林", "界别": "经济界"}


def test_markdown_inline_markup_and_soft_breaks(tmp_path):
    page = "# 某市年鉴-2022\n\n## 综述\n\n**【协商民主】**全年召开\n协商会议[17次](https://example.invalid/a)。\n"
    corpus = load_corpus(_write(tmp_path, "page.md", page))
    assert [(p.chapter, p.entry, p.text) for p in corpus.passages] == [
        ("综述", "协商民主", "【协商民主】全年召开协商会议17次。")
    ]


def test_read_document_describes_the_file(tmp_path):
    doc = read_document(_write(tmp_path, "sample.md", to_markdown(SAMPLE)))
    assert (doc.id, doc.title, doc.year, doc.published) == ("sample", "某市政协年鉴-2024", 2024, "2024-12-1")
    assert doc.path.endswith("sample.md")
    assert read_document(BUNDLED_YEARBOOK).text == BUNDLED_YEARBOOK.read_text(encoding="utf-8")
