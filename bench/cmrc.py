"""CMRC 2018 dev as an external benchmark (`make bench-cmrc`).

Indexes all 848 dev passages through the corpus loader (passage JSONL, pid kept as the passage and
document id) into a cached index under YEARBOOK_QA_HOME, asks the 3219 questions through the same
answerer the API uses, and writes Recall@1/5, answer accuracy and char-F1 as JSON under bench/results/.
It is a benchmark nobody here wrote: report it, don't tune to it question by question.
`--half tune` / `--half test` split it by passage (all 848 passages stay indexed; a question belongs to the
half of its gold passage): change the answerer while looking at the tune half only, and report the test half.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.shared_data import SHARED, require
from yearbook_qa.corpus.errors import UserError
from yearbook_qa.eval.harness import evaluate
from yearbook_qa.eval.question_set import Question, load_questions
from yearbook_qa.service.runtime import build, configured_embedder, load_answerer
from yearbook_qa.service.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DATASET = SHARED / "datasets" / "cmrc2018-dev"
RESULTS = REPO / "bench" / "results"
KEYS = (
    "n",
    "recall_at_1",
    "recall_at_5",
    "recall_at_10",
    "mrr_at_10",
    "answer_accuracy",
    "answer_f1",
    "false_refusal_rate",
    "latency_ms_p50",
    "latency_ms_p95",
)  # and bm25_recall_at_1 beside recall_at_1


HALVES = ("all", "tune", "test")


def passage_half(pid: str) -> str:
    """The fixed half ("tune" or "test") a passage belongs to: the parity of its id's SHA-1."""
    return ("tune", "test")[int(hashlib.sha1(pid.encode("utf-8")).hexdigest(), 16) % 2]


def run(dataset: Path, index_dir: Path, limit: int | None, top_k: int, settings: Settings, half: str = "all") -> dict:
    """Build (or reuse) the index of the dataset's passages, score its questions, return the result record."""
    questions = [
        q
        for q in load_questions(dataset / "questions.eval.jsonl")
        if half == "all" or passage_half(q.gold_ids[0]) == half
    ][:limit]
    settings = settings.model_copy(update={"corpus": dataset / "passages.jsonl", "index_dir": index_dir})
    embedder = configured_embedder(settings)
    started = time.perf_counter()
    report = build(settings, embedder)  # incremental: a cached index re-embeds nothing
    build_s = time.perf_counter() - started
    answerer = load_answerer(settings, embedder)
    result = evaluate(questions, answerer, top_k=top_k, progress="cmrc")
    metrics = result.metrics
    lexical = lexical_recall_at_1(answerer.index, questions)
    return {
        "benchmark": dataset.name,
        "half": half,
        "questions": len(questions),
        "limit": limit,
        "top_k": top_k,
        "passages_indexed": report.passages,
        "index_build_s": round(build_s, 1),
        "embedding_model": settings.embedding_model,
        **{k: metrics[k] for k in KEYS},
        "bm25_recall_at_1": lexical,
        "recall_at_1_vs_bm25": None if lexical is None else round(metrics["recall_at_1"] - lexical, 4),
    }


def lexical_recall_at_1(index, questions: Sequence[Question]) -> float | None:
    """Recall@1 of BM25 alone (the lexical mode of the same index) over the same questions, to set beside the
    answerer's: the answer's citation [1] should rank the gold passage first at least as often."""
    ranked = [q for q in questions if q.gold_ids]
    if not ranked:
        return None
    found = 0
    for q in ranked:
        hits = index.search(q.question, k=1, mode="lexical")
        found += bool(hits) and (hits[0].passage.id in q.gold_ids or hits[0].passage.document_id in q.gold_ids)
    return found / len(ranked)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.cmrc", description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=None, help="score only the first N questions (quick run)")
    p.add_argument("--top-k", type=int, default=5, help="citations per answer (at least 10 are always retrieved)")
    p.add_argument("--dataset", type=Path, default=DATASET, help="folder with passages.jsonl and questions.eval.jsonl")
    p.add_argument("--index", type=Path, default=None, help="cached index (default: HOME/bench/DATASET-index)")
    p.add_argument(
        "--out", type=Path, default=None, help="result file (default: bench/results/cmrc2018-dev[-limitN].json)"
    )
    p.add_argument("--half", choices=HALVES, default="all", help="questions of one half of the passages")
    args = p.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        p.error("--limit must be at least 1")
    require("bench.cmrc", args.dataset / "passages.jsonl", args.dataset / "questions.eval.jsonl")
    settings = Settings()
    index_dir = args.index or settings.home / "bench" / f"{args.dataset.name}-index"
    try:
        record = run(args.dataset, index_dir, args.limit, args.top_k, settings, args.half)
    except UserError as e:
        print(f"bench.cmrc: {e}", file=sys.stderr)
        return 2
    suffix = (f"-{args.half}" if args.half != "all" else "") + (f"-limit{args.limit}" if args.limit else "")
    out = args.out or RESULTS / f"{args.dataset.name}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, ensure_ascii=False, indent=2)
    out.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"写入 (written): {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
