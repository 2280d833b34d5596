"""Stable ids: same input, same ids; editing one entry changes only that entry's passages' ids."""

from __future__ import annotations

from pathlib import Path

from yearbook_samples import SAMPLE, to_text

from yearbook_qa.corpus import load_corpus

BUNDLED_YEARBOOK = Path(__file__).resolve().parents[2] / "corpus" / "data" / "jiayuguan-cppcc-yearbook-2023.txt"


def _load(tmp_path: Path, text: str, name: str = "book.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_corpus(path)


def _ids_by_entry(corpus) -> dict[tuple, list[str]]:
    out: dict[tuple, list[str]] = {}
    for p in corpus.passages:
        out.setdefault((p.chapter, p.entry), []).append(p.id)
    return out


def test_same_input_same_ids_and_all_distinct(tmp_path, bundled_corpus):
    again = load_corpus(BUNDLED_YEARBOOK)
    assert [p.id for p in again.passages] == [p.id for p in bundled_corpus.passages]
    assert len({p.id for p in again.passages}) == len(again.passages)
    copy = _load(tmp_path, BUNDLED_YEARBOOK.read_text(encoding="utf-8"), BUNDLED_YEARBOOK.name)
    assert [p.id for p in copy.passages] == [p.id for p in again.passages]


def test_editing_one_entry_changes_only_its_ids(tmp_path):
    source = BUNDLED_YEARBOOK.read_text(encoding="utf-8")
    before = _ids_by_entry(_load(tmp_path, source))
    edited = source.replace("大会应到市政协委员176名,实到135名。", "大会应到市政协委员176名,实到136名。会议气氛热烈。")
    assert edited != source
    after = _ids_by_entry(_load(tmp_path, edited))
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {("政协重要会议", "十届二次会议")}


def test_inserting_an_entry_leaves_the_others_alone(tmp_path):
    source = to_text(SAMPLE)
    before = _ids_by_entry(_load(tmp_path, source))
    inserted = source.replace("政协重要会议\n", "政协重要会议\n【新增条目】2024年新增一条记事。\n")
    after = _ids_by_entry(_load(tmp_path, inserted))
    assert set(after) - set(before) == {("政协重要会议", "新增条目")}
    assert all(after[key] == ids for key, ids in before.items())


def test_editing_one_table_row_changes_only_that_row(tmp_path):
    source = to_text(SAMPLE)
    before = _load(tmp_path, source).passages
    after = _load(tmp_path, source.replace("市教育局 |", "市教育局、市卫健委 |")).passages
    assert [a.id == b.id for a, b in zip(before, after, strict=False)] == [True] * 7 + [False, True]


def test_the_same_text_in_two_documents_gets_different_ids(tmp_path):
    (tmp_path / "a.txt").write_text(to_text(SAMPLE), encoding="utf-8")
    (tmp_path / "b.txt").write_text(to_text(SAMPLE), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert len({p.id for p in corpus.passages}) == len(corpus.passages) == 18
