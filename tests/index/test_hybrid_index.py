"""The bundled yearbook's index, built and loaded once per session: round trip, modes, filters, navigation."""

import json

import pytest

from yearbook_qa.index import Filters, HybridIndex
from yearbook_qa.index.manifest import FORMAT_VERSION, Manifest


def test_round_trip_keeps_every_passage_in_order(bundled_index, bundled_corpus):
    assert bundled_index.passages == bundled_corpus.passages
    assert bundled_index.dense.size == bundled_index.lexical.size == len(bundled_corpus.passages)


def test_manifest_records_model_dimension_count_and_hash(bundled_index_dir, embedder, bundled_corpus):
    manifest = Manifest.read(bundled_index_dir)
    assert manifest.format_version == FORMAT_VERSION
    assert (manifest.model, manifest.dim) == (embedder.name, embedder.dim)
    assert manifest.passages == len(bundled_corpus.passages)
    assert len(manifest.corpus_hash) == 64 and manifest.ann == "flat"
    assert {"passages.jsonl", "dense.faiss", "embedding_keys.txt"} <= set(manifest.files)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_each_mode_finds_the_attendance_passage(bundled_index, mode):
    hits = bundled_index.search("十届二次会议第一次全体会议实到多少名委员", k=5, mode=mode)
    assert 0 < len(hits) <= 5
    assert any("实到135名" in h.passage.text for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_hybrid_hits_keep_both_sides_scores_and_ranks(bundled_index):
    hits = bundled_index.search("大会应到市政协委员176名", k=10)
    both = [h for h in hits if h.dense_rank is not None and h.lexical_rank is not None]
    assert both, "the top hits should be found by both retrievers"
    for h in both:
        assert -1.0 <= h.dense_score <= 1.0 + 1e-5 and h.lexical_score > 0
    assert bundled_index.fusion == "score"
    lexical_top = bundled_index.search("大会应到市政协委员176名", k=1, mode="lexical")[0].score
    dense = bundled_index.search("大会应到市政协委员176名", k=100, mode="dense")
    dense_top, dense_low = dense[0].score, dense[-1].score
    for h in both:
        expected = bundled_index.lexical_weight * h.lexical_score / lexical_top + bundled_index.dense_weight * (
            h.dense_score - dense_low
        ) / (dense_top - dense_low)
        assert h.score == pytest.approx(expected, rel=1e-5)


def test_rrf_fusion_scores_are_weighted_reciprocal_ranks(bundled_index_dir, embedder):
    rrf = HybridIndex.load(bundled_index_dir, embedder, fusion="rrf", dense_weight=0.5, rrf_k=60)
    both = [h for h in rrf.search("大会应到市政协委员176名", k=10) if h.dense_rank and h.lexical_rank]
    assert both
    for h in both:
        assert h.score == pytest.approx(1.0 / (60 + h.lexical_rank) + 0.5 / (60 + h.dense_rank))


def test_an_unknown_fusion_is_refused(bundled_index_dir, embedder):
    with pytest.raises(ValueError, match="fusion"):
        HybridIndex.load(bundled_index_dir, embedder, fusion="max")


def test_a_repeated_query_is_embedded_once(bundled_index_dir, embedder):
    calls = []

    class Counting:
        name, dim = embedder.name, embedder.dim

        def encode_queries(self, texts):
            calls.append(texts)
            return embedder.encode_queries(texts)

    index = HybridIndex.load(bundled_index_dir, Counting())
    first = index.search("政协委员参加基层协商", k=5)
    assert (
        index.search("政协委员参加基层协商", k=5, mode="dense") and index.search("政协委员参加基层协商", k=5) == first
    )
    assert len(calls) == 1
    index.search("另一个问题", k=5)
    assert len(calls) == 2


def test_dense_mode_scores_are_cosines_and_lexical_mode_has_no_dense_side(bundled_index):
    dense = bundled_index.search("政协委员培训", k=3, mode="dense")
    assert all(h.dense_score == pytest.approx(h.score) and h.lexical_rank is None for h in dense)
    lexical = bundled_index.search("政协委员培训", k=3, mode="lexical")
    assert all(h.lexical_score == pytest.approx(h.score) and h.dense_rank is None for h in lexical)


def _chapters(index):
    return sorted({p.chapter for p in index.passages if p.chapter})


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_chapter_filter_never_returns_hits_outside_it(bundled_index, mode):
    for chapter in _chapters(bundled_index):
        hits = bundled_index.search("会议召开 委员 提案", k=20, filters=Filters(chapter=chapter), mode=mode)
        assert hits and all(h.passage.chapter == chapter for h in hits)


def test_filter_applies_before_the_cut_to_k(bundled_index):
    """A filtered search returns k hits from a chapter even when that chapter ranks low unfiltered."""
    unfiltered = {h.passage.chapter for h in bundled_index.search("实到多少名委员", k=3)}
    other = next(c for c in _chapters(bundled_index) if c not in unfiltered)
    size = sum(p.chapter == other for p in bundled_index.passages)
    hits = bundled_index.search("实到多少名委员", k=3, filters=Filters(chapter=other))
    assert len(hits) == min(3, size) and all(h.passage.chapter == other for h in hits)


def test_document_and_year_filters(bundled_index):
    doc = bundled_index.passages[0]
    by_doc = bundled_index.search("委员", k=5, filters=Filters(document=doc.document_title))
    assert by_doc and all(h.passage.document_id == doc.document_id for h in by_doc)
    assert bundled_index.search("委员", k=5, filters=Filters(document="no-such-yearbook")) == []
    year = doc.year
    by_year = bundled_index.search("委员", k=5, filters=Filters(year=year))
    assert by_year and all(year == h.passage.year or year in h.passage.years for h in by_year)
    assert bundled_index.search("委员", k=5, filters=Filters(year=1900)) == []


def test_bad_arguments(bundled_index):
    with pytest.raises(ValueError, match="mode"):
        bundled_index.search("委员", mode="semantic")
    with pytest.raises(ValueError, match="k must be"):
        bundled_index.search("委员", k=0)
    assert bundled_index.search("   ") == []


def test_get_neighbours_and_documents(bundled_index, bundled_corpus):
    middle = bundled_index.passages[len(bundled_index.passages) // 2]
    assert bundled_index.get(middle.id) is middle
    assert bundled_index.get("no-such-id") is None and bundled_index.neighbours("no-such-id") == []
    around = bundled_index.neighbours(middle.id, n=1)
    assert 1 <= len(around) <= 2 and middle not in around
    assert all(p.document_id == middle.document_id for p in around)
    starts = [p.span[0] for p in around]
    assert starts[0] < middle.span[0] or starts[-1] > middle.span[0]
    [doc] = bundled_index.documents()
    assert doc["id"] == bundled_corpus.documents[0].id and doc["year"] == bundled_corpus.documents[0].year
    assert doc["passages"] == len(bundled_corpus.passages)
    assert doc["table_rows"] == sum(p.is_table_row for p in bundled_corpus.passages)


def test_weights_are_honoured(bundled_index_dir, embedder):
    lexical_only = HybridIndex.load(bundled_index_dir, embedder, dense_weight=0.0, lexical_weight=1.0)
    q = "政协委员下沉基层参与协商议事"
    assert [h.passage.id for h in lexical_only.search(q, k=5)] == [
        h.passage.id for h in lexical_only.search(q, k=5, mode="lexical")
    ]


def test_passages_file_is_readable_jsonl(bundled_index_dir, bundled_corpus):
    lines = (bundled_index_dir / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [p.id for p in bundled_corpus.passages]
