"""`make bench`: index scale (build rate, size, peak RSS, load time, query latency, ANN recall) and retrieval quality.

Each scale and the quality run go in their own subprocess, so peak RSS is per measurement. Scales above
--max-real embed only their first --max-real passages with the real model (about 10 passages/s on 2 busy
cores); the other passages get perturbed copies of those vectors (marked "vectors": "synthesised" in the
JSON), for latency and size only. Queries are always embedded by the real model, and the query-vector cache
is emptied before each timed pass, so every timed query pays its embedding unless the pass says "repeated".
Then the encoders side by side (PyTorch, ONNX fp32, ONNX int8; bench/encoders.py), each in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench.editions import measure_editions
from bench.encoders import SHARED, measure_encoder
from bench.encoders import table as encoder_table
from bench.scale_corpus import SCALE_DIR, SCALE_FILES, scale_passages
from bench.shared_data import require
from bench.synthetic_embedder import SynthesisingEmbedder
from yearbook_qa.corpus import load_corpus
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.eval.matching import normalize
from yearbook_qa.eval.metrics import recall_at_k, reciprocal_rank
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.index.dense_index import DenseIndex
from yearbook_qa.index.embedding_model import load_embedder
from yearbook_qa.service.settings import BUNDLED_CORPUS, Settings

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
DEV_QUESTIONS = REPO / "eval" / "questions" / "shared_dev_questions.jsonl"  # the copy of ../shared/eval's dev set
OWN_QUESTIONS = REPO / "eval" / "questions" / "yearbook_questions.jsonl"
CMRC = REPO.parent / "shared" / "datasets" / "cmrc2018-dev"
MODES = ("lexical", "dense", "hybrid")
SCALE_PASSAGE_CHARS = 240  # the scale corpora hold ~20M characters: 240-char passages reach 100k


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2)}


def _queries(limit: int) -> list[str]:
    """Benchmark queries: the yearbook dev questions, then CMRC questions."""
    questions = [q["question"] for q in _jsonl(DEV_QUESTIONS)] + [
        q["question"] for q in _jsonl(CMRC / "questions.jsonl")
    ]
    return questions[:limit]


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _scale_corpus(n: int) -> list[Passage]:
    yearbook = load_corpus(BUNDLED_CORPUS).passages
    return (yearbook + list(scale_passages(n - len(yearbook), SCALE_PASSAGE_CHARS)))[:n]


def measure_scale(n: int, max_real: int, n_queries: int, work: Path, settings: Settings) -> dict:
    """Build an index of n passages, load it, and time queries in every mode."""
    embedder = load_embedder(
        settings.embedding_model, settings.models_dir, threads=settings.threads, encoder=settings.encoder
    )
    passages = _scale_corpus(n)
    real = min(len(passages), max_real)
    index_dir = work / f"scale-{len(passages)}"
    shutil.rmtree(index_dir, ignore_errors=True)
    record: dict = {"passages": len(passages), "really_embedded": real, "threads": settings.threads}
    if real == len(passages):
        report = build_index(passages, index_dir, embedder, threads=settings.threads)
        record |= {
            "vectors": "real",
            "build_s": round(report.seconds, 1),
            "build_rate_passages_per_s": round(report.passages / report.seconds, 1),
        }
    else:
        pool = build_index(passages[:real], work / f"scale-{real}", embedder, threads=settings.threads)
        pool_index = HybridIndex.load(pool.index_dir, embedder)
        known = {p.embed_text(): v for p, v in zip(pool_index.passages, pool_index.dense.vectors(), strict=False)}
        embedder = SynthesisingEmbedder(embedder, known)
        report = build_index(passages, index_dir, embedder, threads=settings.threads)
        record |= {
            "vectors": f"synthesised: {real} real e5 vectors, the rest perturbed copies (latency/size only)",
            "build_s_without_embedding": round(report.seconds, 1),
        }
    started = time.perf_counter()
    index = HybridIndex.load(index_dir, embedder, threads=settings.threads)
    record |= {"load_s": round(time.perf_counter() - started, 3), "index_mb": round(_dir_bytes(index_dir) / 1e6, 1)}

    queries = _queries(n_queries)
    for q in queries[:5]:
        index.search(q, k=10)  # warm-up
    latency = {mode: _time_queries(index, queries, mode) for mode in MODES}
    latency["hybrid_repeated"] = _time_queries(index, queries, "hybrid", cold=False)  # every vector cached
    record["latency"] = latency
    record["ann_vs_flat"], hnsw = _ann_recall(index, embedder.encode_queries(queries))
    record["hnsw_end_to_end"] = _hnsw_end_to_end(index, hnsw, queries, work)
    record["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return record


def _time_queries(index: HybridIndex, queries: list[str], mode: str, cold: bool = True) -> dict[str, float]:
    """p50/p95 of index.search over `queries`; cold: the query-vector cache is emptied first."""
    if cold:
        index.forget_queries()
    times = []
    for q in queries:
        started = time.perf_counter()
        index.search(q, k=10, mode=mode)
        times.append(time.perf_counter() - started)
    return _percentiles(times)


def _hnsw_end_to_end(index: HybridIndex, hnsw: DenseIndex, queries: list[str], work: Path) -> dict:
    """The same index with `hnsw` as its dense side (saved and loaded): load time and dense/hybrid latency."""
    path = work / "hnsw.faiss"
    hnsw.save(path)
    started = time.perf_counter()
    hnsw = DenseIndex.load(path, "hnsw")
    record = {"dense_load_s": round(time.perf_counter() - started, 3)}
    path.unlink()
    flat, index.dense = index.dense, hnsw
    try:
        return record | {mode: _time_queries(index, queries, mode) for mode in ("dense", "hybrid")}
    finally:
        index.dense = flat


def _ann_recall(index: HybridIndex, query_vectors: np.ndarray, k: int = 10) -> tuple[dict, DenseIndex]:
    """Recall@k of HNSW and IVF against the exact flat index, and their search latency (query embedding excluded).

    Also returns the HNSW index it built.
    """
    vectors = index.dense.vectors()
    flat = [set(index.dense.search(q, k)[0].tolist()) for q in query_vectors]
    out, built = {}, {}
    for kind in ("flat", "hnsw", "ivf"):
        started = time.perf_counter()
        ann = built[kind] = DenseIndex.build(vectors, kind)
        build_s = time.perf_counter() - started
        found, times = [], []
        for q, exact in zip(query_vectors, flat, strict=False):
            started = time.perf_counter()
            rows = ann.search(q, k)[0]
            times.append(time.perf_counter() - started)
            found.append(len(exact & set(rows.tolist())) / len(exact))
        out[kind] = {
            f"recall_at_{k}": round(float(np.mean(found)), 4),
            "build_s": round(build_s, 1),
            **_percentiles(times),
        }
    return out, built["hnsw"]


def _score(index: HybridIndex, questions: list[tuple[str, object]], is_right) -> dict:
    """Recall@1/5 and MRR@10 of every mode, and of hybrid fused by weighted RRF; is_right(passage, gold) decides a hit."""
    rrf = HybridIndex(
        index.passages,
        index.dense,
        index.lexical,
        index.embedder,
        index.manifest,
        dense_weight=0.5,
        lexical_weight=1.0,
        rrf_k=60,
        fusion="rrf",
    )
    out = {}
    for mode in (*MODES, "hybrid_rrf"):
        searcher, search_mode = (rrf, "hybrid") if mode == "hybrid_rrf" else (index, mode)
        r1 = r5 = mrr = 0.0
        for question, gold in questions:
            relevance = [is_right(h.passage, gold) for h in searcher.search(question, k=10, mode=search_mode)]
            r1 += recall_at_k(relevance, 1)
            r5 += recall_at_k(relevance, 5)
            mrr += reciprocal_rank(relevance, 10)
        n = len(questions)
        out[mode] = {"recall_at_1": round(r1 / n, 4), "recall_at_5": round(r5 / n, 4), "mrr_at_10": round(mrr / n, 4)}
    return out | {"questions": len(questions)}


def measure_quality(work: Path, cmrc_limit: int | None, settings: Settings) -> dict:
    """Retrieval quality on the yearbook dev questions, CMRC 2018 dev and the ten editions (indexes cached in `work`)."""
    embedder = load_embedder(
        settings.embedding_model, settings.models_dir, threads=settings.threads, encoder=settings.encoder
    )
    fusion = {
        "fusion": settings.fusion,
        "dense_weight": settings.dense_weight,
        "lexical_weight": settings.lexical_weight,
        "rrf_k": settings.rrf_k,
    }
    out: dict = {
        "fusion": {
            "hybrid": fusion,
            "hybrid_rrf": {"fusion": "rrf", "dense_weight": 0.5, "lexical_weight": 1.0, "rrf_k": 60},
        },
        "cmrc_questions_limit": cmrc_limit,
    }
    yearbook = build_index(load_corpus(BUNDLED_CORPUS).passages, work / "quality-yearbook", embedder, progress=False)
    index = HybridIndex.load(yearbook.index_dir, embedder, **fusion)
    for name, path in (("yearbook_dev", DEV_QUESTIONS), ("yearbook_own", OWN_QUESTIONS)):
        questions = [
            (q["question"], q["evidence"]) for q in _jsonl(path) if q.get("evidence") and q.get("answerable", True)
        ]
        out[name] = _score(index, questions, lambda p, evidence: normalize(evidence) in normalize(p.text)) | {
            "passages": yearbook.passages
        }

    # the same cached index as `python -m bench.cmrc`
    cmrc = build_index(load_corpus(CMRC / "passages.jsonl").passages, work / "cmrc2018-dev-index", embedder)
    index = HybridIndex.load(cmrc.index_dir, embedder, **fusion)
    questions = [(q["question"], set(q["gold_pids"])) for q in _jsonl(CMRC / "questions.jsonl")][:cmrc_limit]
    out["cmrc2018_dev"] = _score(index, questions, lambda p, gold: p.document_id in gold) | {
        "passages": cmrc.passages,
        "documents": len({p.document_id for p in index.passages}),
    }
    out["editions"] = measure_editions(work, embedder, fusion)
    out["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return out


def _child(args: list[str]) -> dict:
    """Run one measurement in a fresh interpreter (own peak RSS); it prints its JSON record last."""
    run = subprocess.run([sys.executable, "-m", "bench.run", *args], stdout=subprocess.PIPE, text=True, cwd=REPO)
    if run.returncode != 0:
        raise SystemExit(f"bench.run: measurement {args} failed (exit {run.returncode})")
    return json.loads(run.stdout.strip().splitlines()[-1])


def _table(result: dict) -> str:
    lines = [
        "passages  vectors  build p/s  index MB  RSS MB  load s  lexical p50/p95  dense p50/p95  hybrid p50/p95"
        "  repeated p50/p95  hnsw hybrid p50/p95  hnsw R@10"
    ]
    for s in result["scales"]:
        lat = [s["latency"][m] for m in (*MODES, "hybrid_repeated")] + [s["hnsw_end_to_end"]["hybrid"]]
        lat_text = "  ".join(f"{t['p50_ms']:>7}/{t['p95_ms']:<7}" for t in lat)
        lines.append(
            f"{s['passages']:>8}  {'real' if s['vectors'] == 'real' else 'synth':>7}  "
            f"{s.get('build_rate_passages_per_s', '-'):>9}  {s['index_mb']:>8}  {s['peak_rss_mb']:>6}  "
            f"{s['load_s']:>6}  {lat_text}  {s['ann_vs_flat']['hnsw']['recall_at_10']}"
        )
    for name, q in result.get("quality", {}).items():
        if isinstance(q, dict) and "questions" in q and "hybrid" in q:
            lines.append(
                f"{name} ({q['questions']} questions): "
                + "  ".join(
                    f"{m} R@1 {q[m]['recall_at_1']:.3f} R@5 {q[m]['recall_at_5']:.3f} MRR@10 {q[m]['mrr_at_10']:.3f}"
                    for m in (*MODES, "hybrid_rrf")
                )
            )
    editions = result.get("quality", {}).get("editions")
    if editions:
        for side in ("year_aware", "year_blind"):
            lines.append(
                f"editions 2010-2019 ({editions['questions']} questions), {side}: "
                + "  ".join(
                    f"{m} R@1 {editions[side][m]['recall_at_1']:.3f} R@5 {editions[side][m]['recall_at_5']:.3f}"
                    for m in (*MODES, "answerer")
                    if m in editions[side]
                )
            )
    return "\n".join(lines)


def data_needed(scales: bool, quality: bool) -> list[Path]:
    """The ../shared files the scale runs (scale corpora, timed queries) and the quality run read."""
    needed = [CMRC / "questions.jsonl"] if scales or quality else []  # timed queries and CMRC's retrieval
    needed += [SCALE_DIR / name for name in SCALE_FILES] if scales else []
    return needed + ([CMRC / "passages.jsonl"] if quality else [])


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,100000", help="comma-separated passage counts")
    p.add_argument(
        "--max-real",
        type=int,
        default=1000,
        help="embed at most this many passages per scale for real (the rest are synthesised)",
    )
    p.add_argument("--queries", type=int, default=300, help="queries timed per mode")
    p.add_argument("--cmrc-limit", type=int, default=1000, help="score only the first N CMRC questions (0: all 3219)")
    p.add_argument("--no-quality", action="store_true", help="skip the retrieval-quality run")
    p.add_argument(
        "--encoders",
        default="onnx-int8:off,onnx-int8:combined,onnx-fp32:combined,torch:combined",
        help="ENCODER:READER pairs compared side by side (empty: none), see bench.encoders",
    )
    p.add_argument("--http-seconds", type=float, default=20.0, help="seconds of each HTTP load run per encoder")
    p.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (CMRC 2018 questions for HTTP runs)")
    p.add_argument("--work", type=Path, default=None, help="where benchmark indexes go (default: HOME/bench)")
    p.add_argument("--out", type=Path, default=None, help="result JSON (default: bench/results/bench-TIMESTAMP.json)")
    p.add_argument("--one-scale", type=int, help=argparse.SUPPRESS)
    p.add_argument("--one-quality", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--one-encoder", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if not (args.one_scale or args.one_quality or args.one_encoder):  # the children's data is checked here
        require("bench.run", *data_needed(any(s.strip() for s in args.sizes.split(",")), not args.no_quality))
    settings = Settings()
    work = args.work or settings.home / "bench"
    work.mkdir(parents=True, exist_ok=True)
    if args.one_scale:
        print(json.dumps(measure_scale(args.one_scale, args.max_real, args.queries, work, settings)))
        return 0
    if args.one_encoder:
        encoder, _, reader = args.one_encoder.partition(":")
        print(
            json.dumps(
                measure_encoder(encoder, reader or settings.reader, work, settings, args.http_seconds, args.shared)
            )
        )
        return 0
    if args.one_quality:
        print(json.dumps(measure_quality(work, args.cmrc_limit or None, settings)))
        return 0

    started = time.perf_counter()
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    common = ["--max-real", str(args.max_real), "--queries", str(args.queries), "--work", str(work)]
    result = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "threads": settings.threads, "load_average": os.getloadavg()},
        "model": settings.embedding_model,
        "encoder": settings.encoder,
        "scale_passages": f"bundled yearbook + ../shared/datasets/scale cut at <= {SCALE_PASSAGE_CHARS} chars",
        "synthesised": f"at each scale only the first {args.max_real} passages are embedded by the model; the rest get "
        "perturbed copies of those vectors (size and latency only, not quality)",
        "scales": [_child(["--one-scale", str(n), *common]) for n in sizes],
    }
    if not args.no_quality:
        result["quality"] = _child(["--one-quality", "--cmrc-limit", str(args.cmrc_limit), "--work", str(work)])
    encoders = [e for e in args.encoders.split(",") if e.strip()]
    http = ["--http-seconds", str(args.http_seconds), "--work", str(work), "--shared", str(args.shared)]
    result["encoders"] = [_child(["--one-encoder", e, *http]) for e in encoders]
    result["elapsed_s"] = round(time.perf_counter() - started, 1)
    out = args.out or RESULTS / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(_table(result))
    if result["encoders"]:
        print(encoder_table(result["encoders"]))
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
