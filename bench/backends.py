"""`make bench` (second part): FAISS against Milvus (Milvus Lite, embedded), JSON out.

- parity: every question set of eval/thresholds.json through the real answerer on both backends (accuracy,
  Recall@5, how many answers differ);
- fusion: the project's relative-score fusion of both Milvus lists against Milvus's own hybrid_search rankers
  (WeightedRanker, RRFRanker), Recall@1/5 on the evidence questions and latency;
- scale: N passages (bundled yearbook + scale corpus; the first --max-real embedded for real, the rest perturbed
  copies, as bench.run does) built on each backend (build rate without embedding; Milvus by upsert) and queried
  (p50/p95, query embedding included; "repeated": every query vector cached).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench.run import RESULTS, _dir_bytes, _percentiles, _queries, _scale_corpus, data_needed
from bench.shared_data import require
from bench.synthetic_embedder import SynthesisingEmbedder
from yearbook_qa.corpus import load_corpus
from yearbook_qa.eval.gate import gated_sets
from yearbook_qa.eval.harness import evaluate
from yearbook_qa.eval.matching import normalize
from yearbook_qa.eval.metrics import recall_at_k
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.index.embedding_model import load_embedder
from yearbook_qa.index.milvus_index import MilvusIndex
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.settings import BUNDLED_CORPUS, Settings


def _both(passages, work: Path, name: str, embedder, uri: str) -> dict[str, tuple[HybridIndex, float]]:
    """{backend: (loaded index, build seconds)} for `passages`, built fresh on each backend."""
    out = {}
    for backend in ("faiss", "milvus"):
        index_dir = work / f"{name}-{backend}"
        started = time.perf_counter()
        build_index(passages, index_dir, embedder, ann="auto", progress=False, backend=backend, milvus_uri=uri)
        out[backend] = (HybridIndex.load(index_dir, embedder), time.perf_counter() - started)
    return out


def parity(indexes: dict[str, HybridIndex]) -> dict:
    """Accuracy and Recall@5 of every gated question set on each backend."""
    out = {}
    for name, path in sorted(gated_sets().items()):
        questions = load_questions(path)
        runs = {b: evaluate(questions, Answerer(index), top_k=5) for b, index in indexes.items()}
        answers = {b: [r.answer.answer for r in run.results] for b, run in runs.items()}
        out[name] = {
            "n": len(questions),
            **{
                b: {k: run.metrics[k] for k in ("answer_accuracy", "recall_at_5", "latency_ms_p50")}
                for b, run in runs.items()
            },
            "answers_differing": sum(a != b for a, b in zip(answers["faiss"], answers["milvus"], strict=True)),
        }
    return out


def fusion(index: MilvusIndex) -> dict:
    """Recall@1/5 and latency of the project's fusion of both Milvus lists vs Milvus's hybrid_search rankers."""
    from pymilvus import AnnSearchRequest, RRFRanker, WeightedRanker

    questions = [
        (q.question, q.evidence)
        for path in sorted(gated_sets().values())
        for q in load_questions(path)
        if q.evidence and q.answerable
    ]
    store = index.store

    def native(ranker):
        def search(question: str) -> list[str]:
            requests = [
                AnnSearchRequest(data=[" ".join(index.tokenizer(question))], anns_field="sparse", param={}, limit=100),
                AnnSearchRequest(data=[index.query_vector(question).tolist()], anns_field="dense", param={}, limit=100),
            ]
            found = store.client.hybrid_search(store.collection, requests, ranker=ranker, limit=10)
            return [h["id"] for h in found[0]]

        return search

    searches = {
        "project relative-score fusion (two searches)": lambda q: [h.passage.id for h in index.search(q, k=10)],
        "milvus WeightedRanker(1.0, 0.7)": native(WeightedRanker(1.0, 0.7)),
        "milvus RRFRanker(60)": native(RRFRanker(60)),
    }
    by_id = {p.id: p for p in index.passages}
    out: dict = {"questions": len(questions)}
    for name, search in searches.items():
        r1 = r5 = 0.0
        times = []
        for question, evidence in questions:
            index.query_vector(question)  # embedding excluded: the rankers are compared
            started = time.perf_counter()
            ids = search(question)
            times.append(time.perf_counter() - started)
            relevance = [normalize(evidence) in normalize(by_id[i].text) for i in ids]
            r1 += recall_at_k(relevance, 1)
            r5 += recall_at_k(relevance, 5)
        n = len(questions)
        out[name] = {"recall_at_1": round(r1 / n, 4), "recall_at_5": round(r5 / n, 4), **_percentiles(times)}
    return out


def _time(index: HybridIndex, queries: list[str], cold: bool) -> dict[str, float]:
    if cold:
        index.forget_queries()
    times = []
    for q in queries:
        started = time.perf_counter()
        index.search(q, k=10)
        times.append(time.perf_counter() - started)
    return _percentiles(times)


def scale(n: int, max_real: int, n_queries: int, work: Path, settings: Settings) -> dict:
    """Build n passages on both backends (vectors known: build cost without embedding) and time hybrid queries.

    The real vectors come from the first `max_real` passages' index, shared with bench.run (work/scale-N).
    """
    real = load_embedder(settings.embedding_model, settings.models_dir, threads=settings.threads)
    passages = _scale_corpus(n)
    pool = build_index(passages[:max_real], work / f"scale-{max_real}", real, threads=settings.threads, progress=False)
    pool_index = HybridIndex.load(pool.index_dir, real)
    known = {p.embed_text(): v for p, v in zip(pool_index.passages, pool_index.dense.vectors(), strict=False)}
    embedder = SynthesisingEmbedder(real, known)
    here = work / "backends" / f"scale-{n}"
    shutil.rmtree(here, ignore_errors=True)  # every row is written afresh
    here.mkdir(parents=True)
    queries = _queries(n_queries)
    out: dict = {"passages": len(passages), "really_embedded": max_real, "queries": len(queries)}
    for backend, (index, seconds) in _both(passages, here, "index", embedder, str(here / "milvus.db")).items():
        for q in queries[:5]:
            index.search(q, k=10)
        out[backend] = {
            "ann": index.manifest.ann,
            "build_s_without_embedding": round(seconds, 1),
            "build_rate_passages_per_s": round(len(passages) / seconds, 1),
            "hybrid": _time(index, queries, cold=True),
            "hybrid_repeated": _time(index, queries, cold=False),
        }
    out["faiss"]["index_mb"] = round(_dir_bytes(here / "index-faiss") / 1e6, 1)
    out["milvus"]["index_dir_mb"] = round(_dir_bytes(here / "index-milvus") / 1e6, 1)
    out["milvus"]["milvus_lite_data_mb"] = round(
        sum(p.stat().st_size for p in here.rglob("*") if p.is_file() and "index-" not in p.as_posix()) / 1e6, 1
    )
    out["milvus"]["milvus_lite_server_rss_mb"] = round(
        sum(c.memory_info().rss for c in psutil.Process().children(recursive=True)) / 1e6, 1
    )
    out["milvus_p50_over_faiss"] = round(out["milvus"]["hybrid"]["p50_ms"] / out["faiss"]["hybrid"]["p50_ms"], 2)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.backends", description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=100_000, help="passages in the scale comparison (0: skip it)")
    p.add_argument("--max-real", type=int, default=1000, help="passages embedded for real at that scale")
    p.add_argument("--queries", type=int, default=200, help="queries timed per backend")
    p.add_argument("--scale-only", action="store_true", help="skip parity and fusion")
    p.add_argument("--work", type=Path, default=None, help="where benchmark indexes go (default: HOME/bench)")
    p.add_argument("--out", type=Path, default=None, help="result JSON (default: bench/results/backends-TIME.json)")
    args = p.parse_args(argv)
    require("bench.backends", *data_needed(scales=bool(args.size), quality=False))
    settings = Settings()
    work = args.work or settings.home / "bench"
    (work / "backends").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result: dict = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "milvus": "Milvus Lite 2.5.1 embedded (a local .db file; dense index FLAT: Lite has no HNSW)",
    }
    if not args.scale_only:
        quality = work / "backends" / "yearbook"
        shutil.rmtree(quality, ignore_errors=True)
        quality.mkdir()
        embedder = load_embedder(settings.embedding_model, settings.models_dir, threads=settings.threads)
        yearbook = _both(load_corpus(BUNDLED_CORPUS).passages, quality, "index", embedder, str(quality / "milvus.db"))
        milvus = yearbook["milvus"][0]
        assert isinstance(milvus, MilvusIndex)
        result["parity"] = parity({b: index for b, (index, _) in yearbook.items()})
        result["fusion"] = fusion(milvus)
    out = args.out or RESULTS / f"backends-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")  # kept if scale fails
    if args.size:
        result["scale"] = scale(args.size, args.max_real, args.queries, work, settings)
    result["elapsed_s"] = round(time.perf_counter() - started, 1)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
