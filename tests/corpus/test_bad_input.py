"""Bad input: a clear message naming the file (and line); the rest of the corpus still ingests."""

from __future__ import annotations

import pytest
from yearbook_samples import SAMPLE, to_text

from yearbook_qa.corpus import CorpusError, load_corpus, read_document
from yearbook_qa.corpus.errors import UserError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
BAD_BYTES = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\n \t\n", "empty"),
    "image.txt": (PNG, "binary"),
    "latin1.txt": ("café résumé naïve".encode("latin-1"), "unknown encoding"),
    "big5.txt": ("【協商民主】市政協全年召開專題協商會議17次。開展監督性視察2次。".encode("big5"), "unknown encoding"),
    "sjis.md": ("日本語のテキストです。会議を開催しました。".encode("shift_jis"), "unknown encoding"),
    "bad-bom.txt": (b"\xef\xbb\xbf\xe6\x94\xbf\xff\xfe", "undecodable"),
}


@pytest.mark.parametrize("name", list(BAD_BYTES))
def test_unreadable_file_names_itself(tmp_path, name):
    data, reason = BAD_BYTES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorpusError) as raised:
        read_document(path)
    assert str(path) in str(raised.value) and reason in str(raised.value)
    assert isinstance(raised.value, UserError)
    with pytest.raises(CorpusError, match="nothing could be read"):
        load_corpus(path)


def test_bad_files_are_reported_and_the_rest_ingests(tmp_path):
    (tmp_path / "good.txt").write_text(to_text(SAMPLE), encoding="utf-8")
    for name, (data, _) in BAD_BYTES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["good"]
    assert len(corpus.passages) == 9
    assert len(corpus.problems) == len(BAD_BYTES) + 1
    for name in [*BAD_BYTES, "scan.pdf"]:
        assert sum(str(tmp_path / name) in p for p in corpus.problems) == 1


def test_table_whose_cells_do_not_fit_the_header(tmp_path):
    text = to_text(SAMPLE).replace("市农业农村局 |\n阮 强 |\n", "市农业农村局 |\n")
    path = tmp_path / "short-row.txt"
    path.write_text(text, encoding="utf-8")
    corpus = load_corpus(path)
    line = text.split("\n").index("2 |") + 1
    assert corpus.problems == [
        f"{path}: line {line}: 表2 某市政协重点提案督办一览表: 第2行有 3 个单元格, 表头有 4 列 (row 2 has 3 cells, the header has 4)"
    ]
    rows = [p for p in corpus.passages if p.table == "表2 某市政协重点提案督办一览表"]
    assert [p.cells for p in rows] == [
        {"序号": "1", "案由": "关于加强中小学生心理健康教育的提案", "承办单位": "市教育局", "领衔督办领导": "王 林"},
        {"序号": "2", "案由": "关于推动乡村振兴的提案", "承办单位": "市农业农村局"},
    ]
    assert len(corpus.passages) == 9  # the rest of the document is read as before


def test_markdown_row_with_extra_cell_names_its_line(tmp_path):
    path = tmp_path / "wide.md"
    path.write_text(
        "# 综述\n\n表1 名单\n\n| 姓名 | 界别 |\n|---|---|\n| 王 林 | 经济界 |\n| 阮 强 | 农业界 | 多余 |\n",
        encoding="utf-8",
    )
    corpus = load_corpus(path)
    assert corpus.problems == [
        f"{path}: line 8: 表1 名单: 第2行有 3 个单元格, 表头有 2 列 (row 2 has 3 cells, the header has 2)"
    ]
    assert corpus.passages[1].cells == {"姓名": "阮 强", "界别": "农业界", "列3": "多余"}


def test_jsonl_bad_records_are_reported_with_their_line(tmp_path):
    path = tmp_path / "passages.jsonl"
    path.write_text(
        '{"pid": "a", "title": "甲", "text": "第一段。"}\n'
        "not json\n"
        '{"pid": "b", "title": "乙"}\n'
        '{"pid": "a", "title": "甲", "text": "重复。"}\n'
        '["list"]\n',
        encoding="utf-8",
    )
    corpus = load_corpus(path)
    assert [p.id for p in corpus.passages] == ["a"]
    assert [p.split(":")[1].strip() for p in corpus.problems] == ["line 2", "line 3", "line 4", "line 5"]
    assert all(p.startswith(str(path)) for p in corpus.problems)


def test_missing_path_and_empty_directory(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="no yearbook files found"):
        load_corpus(tmp_path)


def test_unsupported_single_file(tmp_path):
    path = tmp_path / "report.pptx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError, match=r"unsupported file type \.pptx"):
        read_document(path)


def test_read_document_points_jsonl_to_load_corpus(tmp_path):
    path = tmp_path / "passages.jsonl"
    path.write_text('{"pid": "a", "title": "甲", "text": "第一段。"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="load_corpus"):
        read_document(path)
