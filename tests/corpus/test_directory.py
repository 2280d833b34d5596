"""Directories of many documents (several years, formats, committees) and passage JSONL files."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from yearbook_samples import SAMPLE, to_html, to_markdown

from tests.conftest import CMRC_SAMPLE
from yearbook_qa.corpus import load_corpus

BUNDLED_YEARBOOK = Path(__file__).resolve().parents[2] / "corpus" / "data" / "jiayuguan-cppcc-yearbook-2023.txt"
CMRC_PASSAGES = CMRC_SAMPLE / "passages.jsonl"


def test_directory_of_yearbooks_is_one_corpus_with_per_document_metadata(tmp_path, bundled_corpus):
    shutil.copy(BUNDLED_YEARBOOK, tmp_path / "jiayuguan-2023.txt")
    (tmp_path / "other-city").mkdir()
    (tmp_path / "other-city" / "yearbook-2024.md").write_text(to_markdown(SAMPLE), encoding="utf-8")
    (tmp_path / "other-city" / "yearbook-2024.html").write_text(to_html(SAMPLE), encoding="gb18030")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("不读。", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.problems == []
    ids = [d.id for d in corpus.documents]
    assert ids == ["jiayuguan-2023", "other-city/yearbook-2024.html", "other-city/yearbook-2024.md"]
    assert [d.year for d in corpus.documents] == [2023, 2024, 2024]
    by_doc = {d.id: [p for p in corpus.passages if p.document_id == d.id] for d in corpus.documents}
    assert len(by_doc["jiayuguan-2023"]) == len(bundled_corpus.passages)
    assert len(by_doc["other-city/yearbook-2024.md"]) == len(by_doc["other-city/yearbook-2024.html"]) == 9
    assert all(
        p.year == 2024 and p.document_title == "某市政协年鉴-2024" for p in by_doc["other-city/yearbook-2024.md"]
    )
    assert all(p.year == 2023 and 2024 not in p.years for p in by_doc["jiayuguan-2023"])
    assert len({p.id for p in corpus.passages}) == len(corpus.passages)


def test_cmrc_style_jsonl_keeps_pid_as_id(tmp_path):
    records = [json.loads(line) for line in CMRC_PASSAGES.read_text(encoding="utf-8").splitlines()[:40]]
    path = tmp_path / "passages.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    corpus = load_corpus(path, max_chars=300)
    assert [d.id for d in corpus.documents] == [r["pid"] for r in records]
    for record in records:
        pieces = [p for p in corpus.passages if p.document_id == record["pid"]]
        if len(record["text"].strip()) <= 300:
            assert [p.id for p in pieces] == [record["pid"]]
        else:
            assert [p.id for p in pieces] == [f"{record['pid']}#{k}" for k in range(1, len(pieces) + 1)]
            assert all(len(p.text) <= 300 for p in pieces)
        assert all(p.entry == record["title"] and p.text == record["text"][p.span[0] : p.span[1]] for p in pieces)
    assert any("#" in p.id for p in corpus.passages) and any("#" not in p.id for p in corpus.passages)


def test_whole_records_with_large_max_chars_and_gzipped_content_records(tmp_path):
    path = tmp_path / "laws.jsonl.gz"
    rows = [
        {
            "id": 7,
            "category": "地方性法规",
            "title": "某市条例-2019",
            "content": "第一条 为了规范工作，制定本条例。第二条 本条例自2019年10月1日起施行。",
        }
    ]
    path.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")))
    (p,) = load_corpus(path, max_chars=1000).passages
    assert (p.id, p.document_id, p.chapter, p.entry, p.year, p.years) == (
        "7",
        "7",
        "地方性法规",
        "某市条例-2019",
        2019,
        (2019,),
    )


def test_record_ids_used_twice_across_files_are_reported(tmp_path):
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text('{"pid": "p1", "title": "甲", "text": "同一个编号。"}\n', encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [p.id for p in corpus.passages] == ["p1"]
    assert corpus.problems == [f"{tmp_path / 'b.jsonl'}: 文档 id 'p1' 已被使用, 已跳过 (duplicate document id skipped)"]
