"""The Milvus backend: the same HybridIndex interface, rankings and answers as FAISS, and one-line errors."""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
from dataclasses import dataclass

import psutil
import pytest

from tests.conftest import DEV_QUESTIONS, REPO
from tests.index.conftest import free_port
from yearbook_qa.eval.gate import breaches, gated_corpus, gated_sets, load_thresholds
from yearbook_qa.eval.harness import evaluate
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.index import Filters, HybridIndex, IndexBuildError, IndexLoadError, build_index
from yearbook_qa.index.milvus_index import MilvusIndex
from yearbook_qa.index.milvus_store import MilvusStore, collection_name, filter_expression
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.settings import Settings

SETS = sorted(name for name in gated_sets() if gated_corpus(name) is None)  # the sets over the bundled yearbook
MODES = ("hybrid", "dense", "lexical")


@pytest.fixture(scope="session")
def scored_on():
    """Score a gated question set through an Answerer over an index, each (index, set) once."""
    results: dict = {}

    def score(index, question_set: str):
        key = (id(index), question_set)
        if key not in results:
            results[key] = evaluate(load_questions(gated_sets()[question_set]), Answerer(index), top_k=5)
        return results[key]

    return score


def test_the_manifest_records_the_backend_and_where_the_collection_lives(milvus_index_dir, milvus_lite_uri):
    manifest = json.loads((milvus_index_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["backend"] == "milvus"
    assert manifest["store"] == {"uri": milvus_lite_uri, "collection": collection_name(milvus_index_dir)}
    assert set(manifest["files"]) == {"passages.jsonl", "embedding_keys.txt"}  # vectors and BM25 live in Milvus


def test_load_chooses_the_backend_from_the_manifest(milvus_index, bundled_index):
    assert type(milvus_index) is MilvusIndex and type(bundled_index) is HybridIndex
    assert milvus_index.passages == bundled_index.passages


@pytest.mark.parametrize("mode", MODES)
def test_both_backends_rank_the_same_passages(milvus_index, bundled_index, mode):
    """Same BM25 terms and parameters, same vectors, same fusion: the same top 10 for every dev question."""
    for q in load_questions(DEV_QUESTIONS):
        ours = [h.passage.id for h in milvus_index.search(q.question, k=10, mode=mode)]
        faiss = [h.passage.id for h in bundled_index.search(q.question, k=10, mode=mode)]
        assert ours == faiss, q.question


def test_scores_keep_their_meaning(milvus_index, bundled_index):
    """Cosines are equal; Milvus's BM25 is bm25s's times (k1 + 1), which relative-score fusion cancels."""
    ours = milvus_index.search("十届二次会议开幕那天实到多少委员？", k=5)
    faiss = bundled_index.search("十届二次会议开幕那天实到多少委员？", k=5)
    for a, b in zip(ours, faiss, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-3)
        assert a.dense_score == pytest.approx(b.dense_score, abs=1e-4)
        if a.lexical_score is not None:
            assert a.lexical_score == pytest.approx(2.5 * b.lexical_score, rel=1e-3)


@pytest.mark.parametrize("mode", MODES)
def test_filters_give_the_same_hits_on_both_backends(milvus_index, bundled_index, mode):
    doc = bundled_index.passages[0]
    chapters = sorted({p.chapter for p in bundled_index.passages if p.chapter})
    for filters in [
        Filters(document=doc.document_title),
        Filters(document=doc.document_id, year=doc.year),
        Filters(year=2022),
        Filters(year=1900),
        *(Filters(chapter=c) for c in chapters),
    ]:
        ours = [h.passage.id for h in milvus_index.search("会议召开 委员 提案", k=20, filters=filters, mode=mode)]
        faiss = [h.passage.id for h in bundled_index.search("会议召开 委员 提案", k=20, filters=filters, mode=mode)]
        assert ours == faiss, filters


@pytest.mark.parametrize("name", ['政协"年鉴', "年鉴\\", '" or id != "', 'x\\" or id != \\"', "第一章\n第二章"])
def test_a_quote_in_a_filter_neither_breaks_nor_injects(backend_index, name):
    assert backend_index.search("委员", k=5, filters=Filters(document=name)) == []
    assert backend_index.search("委员", k=5, filters=Filters(chapter=name)) == []


def test_filter_expressions_are_escaped():
    assert (
        filter_expression(Filters(document='a"b\\')) == '(document_id == "a\\"b\\\\" or document_title == "a\\"b\\\\")'
    )
    # year: the years a passage speaks of; edition: the document's; a chapter (a heading chain) goes as ids
    assert filter_expression(Filters(year=2022, edition=2023, chapter="综述")) == (
        "array_contains(years, 2022) and year == 2023"
    )
    assert filter_expression(Filters()) == ""


@dataclass(frozen=True)
class TitledFilters(Filters):
    """A Filters field Milvus has no expression for (as a later field would be)."""

    entry: str | None = None

    def accepts(self, p) -> bool:
        return super().accepts(p) and (self.entry is None or self.entry == p.entry)


def test_a_filter_field_without_an_expression_passes_as_the_ids_it_accepts(milvus_index, bundled_index):
    entry = next(p.entry for p in bundled_index.passages if p.entry and not p.is_table_row)
    filters = TitledFilters(entry=entry, edition=bundled_index.passages[0].year)
    ours = milvus_index.search("委员", k=10, filters=filters)
    faiss = bundled_index.search("委员", k=10, filters=filters)
    assert ours and [h.passage.id for h in ours] == [h.passage.id for h in faiss]
    assert all(h.passage.entry == entry for h in ours)
    assert milvus_index.search("委员", k=10, filters=TitledFilters(entry="no such entry")) == []


@pytest.mark.parametrize("question_set", SETS)
def test_the_eval_gate_holds_on_each_backend(backend_index, question_set, scored_on):
    result = scored_on(backend_index, question_set)
    failed = breaches(result.metrics, load_thresholds(question_set))
    assert not failed, f"{type(backend_index).__name__} on {question_set}: {failed}"


@pytest.mark.parametrize("question_set", SETS)
def test_milvus_answers_as_faiss_does(milvus_index, bundled_index, question_set, scored_on):
    """The issue's parity: accuracy and Recall@5 within one question; here every answer is the same."""
    ours, faiss = scored_on(milvus_index, question_set), scored_on(bundled_index, question_set)
    n = ours.metrics["n"]
    for metric in ("answer_accuracy", "recall_at_5"):
        assert abs(ours.metrics[metric] - faiss.metrics[metric]) <= 1 / n + 1e-9, metric
    assert [r.answer.answer for r in ours.results] == [r.answer.answer for r in faiss.results]


def test_a_milvus_server_reached_over_http(milvus_server, tmp_path, bundled_corpus, embedder, bundled_index):
    """The same core as a server on 127.0.0.1, as a cluster is reached: the dev set answers as with FAISS."""
    listening = [
        c.laddr
        for c in psutil.Process(milvus_server.pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert listening and all(_loopback(addr.ip) for addr in listening), listening  # nothing on 0.0.0.0 or ::
    index_dir = tmp_path / "remote"
    build_index(
        bundled_corpus.passages, index_dir, embedder, progress=False, backend="milvus", milvus_uri=milvus_server.uri
    )
    remote = HybridIndex.load(index_dir, embedder)
    assert remote.manifest.store["uri"] == milvus_server.uri
    questions = load_questions(DEV_QUESTIONS)
    ours = evaluate(questions, Answerer(remote), top_k=5)
    faiss = evaluate(questions, Answerer(bundled_index), top_k=5)
    assert [r.answer.answer for r in ours.results] == [r.answer.answer for r in faiss.results]
    assert [[c.passage_id for c in r.answer.citations] for r in ours.results] == [
        [c.passage_id for c in r.answer.citations] for r in faiss.results
    ]


def _loopback(ip: str) -> bool:
    address = ipaddress.ip_address(ip)
    return (getattr(address, "ipv4_mapped", None) or address).is_loopback  # gRPC listens on ::ffff:127.0.0.1


def test_a_rebuild_upserts_changed_passages_and_deletes_removed_ones(tmp_path, bundled_corpus, embedder):
    uri = str(tmp_path / "incr.db")
    passages = bundled_corpus.passages[:20]
    first = build_index(passages, tmp_path / "i", embedder, progress=False, backend="milvus", milvus_uri=uri)
    assert (first.embedded, first.reused) == (20, 0)
    assert (
        build_index(passages, tmp_path / "i", embedder, progress=False, backend="milvus", milvus_uri=uri).embedded == 0
    )

    edited = bundled_corpus.passages[5]
    edited = type(edited)(**{**edited.__dict__, "text": edited.text + "另有补充说明。"})
    later = [*bundled_corpus.passages[6:25], edited]
    report = build_index(later, tmp_path / "i", embedder, progress=False, backend="milvus", milvus_uri=uri)
    assert report.embedded == 6  # five new passages and the edited one; 14 untouched rows are not even rewritten
    store = MilvusStore.connect(uri, collection_name(tmp_path / "i"), IndexLoadError)
    assert set(store.row_hashes()) == {p.id for p in later} and store.count() == 20
    index = HybridIndex.load(tmp_path / "i", embedder)
    assert index.search("另有补充说明", k=1, mode="lexical")[0].passage.id == edited.id


def _one_line(error: Exception) -> str:
    text = str(error)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_a_missing_server_is_one_line(tmp_path, bundled_corpus, embedder):
    with pytest.raises(IndexBuildError) as e:
        build_index(
            bundled_corpus.passages[:3],
            tmp_path / "i",
            embedder,
            progress=False,
            backend="milvus",
            milvus_uri=f"http://127.0.0.1:{free_port()}",
        )
    assert "cannot reach Milvus at http://127.0.0.1:" in _one_line(e.value)
    assert not (tmp_path / "i").exists()


@pytest.mark.parametrize("uri", ["ftp://milvus:19530", "/tmp/milvus data.db", "index.sqlite"])
def test_a_wrong_uri_is_one_line(tmp_path, bundled_corpus, embedder, uri):
    with pytest.raises(IndexBuildError) as e:
        build_index(
            bundled_corpus.passages[:3], tmp_path / "i", embedder, progress=False, backend="milvus", milvus_uri=uri
        )
    assert "milvus_uri" in _one_line(e.value)


def test_a_collection_of_another_dimension_is_one_line(tmp_path, bundled_corpus, embedder):
    uri = str(tmp_path / "dim.db")
    build_index(bundled_corpus.passages[:3], tmp_path / "i", embedder, progress=False, backend="milvus", milvus_uri=uri)
    store = MilvusStore.connect(uri, collection_name(tmp_path / "i"), IndexLoadError)
    store.ensure(8, "flat", IndexLoadError)  # another model's collection took its place
    with pytest.raises(IndexLoadError) as e:
        HybridIndex.load(tmp_path / "i", embedder)
    assert f"holds dim 8 vectors, the index says dim {embedder.dim}" in _one_line(e.value)
    store.client.drop_collection(store.collection)
    with pytest.raises(IndexLoadError) as e:
        HybridIndex.load(tmp_path / "i", embedder)
    assert "has no collection" in _one_line(e.value) and "yearbook-qa build" in str(e.value)


def test_a_collection_that_is_not_ours_is_never_replaced(tmp_path, bundled_corpus, embedder):
    uri = str(tmp_path / "theirs.db")
    store = MilvusStore.connect(uri, collection_name(tmp_path / "i"), IndexBuildError)
    store.client.create_collection(store.collection, dimension=4)
    with pytest.raises(IndexBuildError) as e:
        build_index(
            bundled_corpus.passages[:3], tmp_path / "i", embedder, progress=False, backend="milvus", milvus_uri=uri
        )
    assert "is not a yearbook-qa index" in _one_line(e.value)
    assert store.client.has_collection(store.collection)


def test_without_the_extra_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pymilvus", None)  # what an environment without the extra imports
    with pytest.raises(IndexLoadError, match=r"pip install 'yearbook-qa\[milvus\]'"):
        MilvusStore.connect("http://127.0.0.1:19530", "c", IndexLoadError)


def test_settings_choose_the_backend(monkeypatch, tmp_path):
    monkeypatch.setenv("YEARBOOK_QA_HOME", str(tmp_path))
    assert Settings().index_backend == "faiss"
    monkeypatch.setenv("YEARBOOK_QA_INDEX_BACKEND", "milvus")
    assert (Settings().index_backend, Settings().resolved_milvus_uri) == ("milvus", str(tmp_path / "milvus.db"))
    monkeypatch.setenv("YEARBOOK_QA_MILVUS_URI", "http://127.0.0.1:19530")
    assert Settings().resolved_milvus_uri == "http://127.0.0.1:19530"


def test_the_cli_reports_a_wrong_uri_in_one_line(tmp_path):
    done = _cli(
        ["build"],
        YEARBOOK_QA_INDEX_DIR=str(tmp_path / "index"),
        YEARBOOK_QA_INDEX_BACKEND="milvus",
        YEARBOOK_QA_MILVUS_URI="ftp://milvus:19530",
    )
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("yearbook-qa:")]
    assert errors == [
        "yearbook-qa: milvus_uri 'ftp://milvus:19530' is neither http(s)://host:port nor a local .db file (Milvus 地址无效)"
    ]
    assert "Traceback" not in done.stderr


def _cli(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "yearbook_qa.service.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_the_cli_reports_a_busy_lite_file_in_one_line(milvus_index, milvus_index_dir):
    """This session's Milvus Lite holds its file: a second process is told so, not shown a traceback."""
    done = _cli(
        ["ask", "十届二次会议开幕那天实到多少委员？"],
        YEARBOOK_QA_INDEX_DIR=str(milvus_index_dir),
        YEARBOOK_QA_INDEX_BACKEND="milvus",
    )
    errors = [line for line in done.stderr.splitlines() if line.startswith("yearbook-qa:")]
    assert done.returncode == 2 and len(errors) == 1, done.stderr
    assert "Milvus Lite serves one process" in errors[0] and "Traceback" not in done.stderr


def test_milvus_lite_builds_exact_search_where_hnsw_is_asked(tmp_path, bundled_corpus, embedder):
    uri = str(tmp_path / "hnsw.db")
    build_index(
        bundled_corpus.passages[:3],
        tmp_path / "i",
        embedder,
        ann="hnsw",
        progress=False,
        backend="milvus",
        milvus_uri=uri,
    )
    index = HybridIndex.load(tmp_path / "i", embedder)
    assert index.manifest.ann == "flat" and len(index.search("委员", k=3, mode="dense")) == 3
