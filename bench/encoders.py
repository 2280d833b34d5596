"""The encoders side by side: PyTorch (sentence-transformers), ONNX Runtime fp32 and int8, one per process,
each with the reader off or on (`reader` setting: the rules alone, or combined with the trained reader).

For each: load time and RSS, query encode p50/p95 (one question at a time, none repeated), build rate
(passages/s, 256 passages of the work reports, batch 32), answer quality and in-process answer p50/p95 on every gated question set over the
bundled yearbook, then `yearbook-qa serve` with that encoder: HTTP p50/p95 and throughput with 1 and 32
clients asking questions never asked before (no cache helps), and the server's RSS.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import numpy as np
import psutil

from bench.load_test import run_load, started_server
from yearbook_qa.corpus import load_corpus
from yearbook_qa.eval.gate import gated_corpus, gated_sets
from yearbook_qa.eval.harness import evaluate
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.index.embedding_model import DEFAULT_MODEL, ENCODERS, load_embedder
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.runtime import configured_reader
from yearbook_qa.service.settings import BUNDLED_CORPUS, Settings

REPO = Path(__file__).resolve().parent.parent
ALL_QUESTION_SETS = sorted((REPO / "eval" / "questions").glob("*.jsonl"))
SHARED = REPO.parent / "shared"
CMRC_QUESTIONS = Path("datasets") / "cmrc2018-dev" / "questions.jsonl"  # under SHARED
BUILD_CORPUS = REPO / "eval" / "corpora" / "reports"  # government work reports: long prose passages
READER_MODES = ("off", "combined", "alone")
ENCODE_QUERIES = 200
BUILD_PASSAGES = 256
QUALITY = (
    "n",
    "n_answerable",
    "n_retrieval",
    "recall_at_1",
    "recall_at_5",
    "answer_accuracy",
    "refusal_recall",
    "false_refusal_rate",
)


def _rss_mb() -> float:
    return round(psutil.Process().memory_info().rss / 2**20, 1)


def _ms(seconds: list[float]) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2)}


def fresh_questions(shared: Path = SHARED) -> list[str]:
    """Every question of the project's sets, then CMRC 2018's, each once (the HTTP runs never repeat one)."""
    questions = [q.question for path in ALL_QUESTION_SETS for q in load_questions(path)]
    if (shared / CMRC_QUESTIONS).is_file():
        lines = (shared / CMRC_QUESTIONS).read_text(encoding="utf-8").splitlines()
        questions += [json.loads(line)["question"] for line in lines if line.strip()]
    return list(dict.fromkeys(questions))


def measure_encoder(
    encoder: str, reader: str, work: Path, settings: Settings, http_seconds: float, shared: Path = SHARED
) -> dict:
    """Every figure of one encoder with the reader `reader` (run it in a fresh process: RSS is per variant)."""
    if encoder not in ENCODERS:
        raise SystemExit(f"unknown encoder {encoder!r}; choose from {ENCODERS}")
    if reader not in READER_MODES:
        raise SystemExit(f"unknown reader setting {reader!r}; choose from {READER_MODES}")
    record: dict = {"encoder": encoder, "reader": reader, "threads": settings.threads, "rss_before_load_mb": _rss_mb()}
    started = time.perf_counter()
    embedder = load_embedder(DEFAULT_MODEL, settings.models_dir, threads=settings.threads, encoder=encoder)
    record |= {"load_s": round(time.perf_counter() - started, 2), "rss_after_load_mb": _rss_mb()}

    questions = fresh_questions(shared)
    for q in questions[:5]:
        embedder.encode_queries([q])  # warm-up
    times = []
    for q in questions[5 : 5 + ENCODE_QUERIES]:
        started = time.perf_counter()
        embedder.encode_queries([q])
        times.append(time.perf_counter() - started)
    record["encode_query"] = _ms(times)

    texts = [p.embed_text() for p in load_corpus(BUILD_CORPUS).passages[:BUILD_PASSAGES]]
    started = time.perf_counter()
    embedder.encode_passages(texts, batch_size=32)
    record["build_passages_per_s"] = round(len(texts) / (time.perf_counter() - started), 1)

    index_dir = work / f"encoder-{encoder}"
    build_index(load_corpus(BUNDLED_CORPUS).passages, index_dir, embedder, progress=False, threads=settings.threads)
    reads = configured_reader(settings.model_copy(update={"reader": reader}))
    answerer = Answerer(
        HybridIndex.load(index_dir, embedder, threads=settings.threads), reader=reads, reader_mode=reader
    )
    record["quality"], latencies = {}, []
    cpu_started = time.process_time()
    for name, path in gated_sets().items():
        if gated_corpus(name) is not None:  # a set over its own corpus: not the bundled index measured here
            continue
        result = evaluate(load_questions(path), answerer)
        record["quality"][name] = {k: result.metrics[k] for k in QUALITY} | {
            "correct": sum(r.outcome.correct for r in result.results)
        }
        latencies += [r.outcome.latency_ms / 1000 for r in result.results]
    cpu_ms = (time.process_time() - cpu_started) * 1000 / len(latencies)  # steadier than wall time on a busy box
    record["answer_in_process"] = _ms(latencies) | {"cpu_ms_mean": round(cpu_ms, 2)}
    record["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    del answerer, embedder, reads

    env = {"YEARBOOK_QA_ENCODER": encoder, "YEARBOOK_QA_READER": reader, "YEARBOOK_QA_INDEX_DIR": str(index_dir)}
    quarter = len(questions) // 4
    with started_server(env=env) as (url, pid):
        server = psutil.Process(pid)
        record["http_1_client"] = _http(server, url, 1, http_seconds, questions[:quarter])
        record["http_32_clients"] = _http(server, url, 32, http_seconds, questions[quarter:])
        record["server_rss_mb"] = round(server.memory_info().rss / 2**20, 1)
    return record


def _http(server: psutil.Process, url: str, clients: int, seconds: float, questions: list[str]) -> dict:
    """A load run's figures, with the server's CPU time (user + system, all threads) per answered request."""
    cpu_before = sum(server.cpu_times()[:2])
    load = run_load(url, clients=clients, duration_s=seconds, questions=questions)
    cpu_ms = (sum(server.cpu_times()[:2]) - cpu_before) * 1000 / max(1, load["ok"])
    keys = ("clients", "ok", "errors", "distinct_questions", "throughput_rps")
    return {k: load[k] for k in keys} | {
        "p50_ms": load["latency_ms"]["p50"],
        "p95_ms": load["latency_ms"]["p95"],
        "server_cpu_ms_per_request": round(cpu_ms, 2),
    }


def table(records: list[dict]) -> str:
    """One row per encoder: speed, memory, and right answers / Recall@1 hits summed over the gated sets."""
    lines = [
        "| encoder · reader | encode p50 / p95 ms | answer p50 / p95 ms | HTTP 1 client p50 / p95 ms "
        "| HTTP 32 clients req/s · p50 / p95 ms | CPU ms: answer · server a request (1 · 32 clients) "
        "| server RSS MB | build passages/s | right answers · R@1 · R@5 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in records:
        sets = r["quality"].values()
        hits = {k: sum(round((s[k] or 0) * s["n_retrieval"]) for s in sets) for k in ("recall_at_1", "recall_at_5")}
        one, many = r["http_1_client"], r["http_32_clients"]
        lines.append(
            f"| {r['encoder']} · {r.get('reader', 'off')} | {r['encode_query']['p50_ms']} / {r['encode_query']['p95_ms']} "
            f"| {r['answer_in_process']['p50_ms']} / {r['answer_in_process']['p95_ms']} "
            f"| {one['p50_ms']} / {one['p95_ms']} | {many['throughput_rps']} · {many['p50_ms']} / {many['p95_ms']} "
            f"| {r['answer_in_process'].get('cpu_ms_mean', '-')} · {one.get('server_cpu_ms_per_request', '-')} "
            f"/ {many.get('server_cpu_ms_per_request', '-')} "
            f"| {r['server_rss_mb']} | {r['build_passages_per_s']} "
            f"| {sum(s['correct'] for s in sets)} · {hits['recall_at_1']} · {hits['recall_at_5']} |"
        )
    return "\n".join(lines)
