"""The trained reader on its own, the gold passage given (`python -m bench.reader`, part of `make bench`).

CMRC 2018 dev's test half (never trained on; `bench.cmrc.passage_half`), each question read against its gold
passage, for each precision of the exported graph: char-F1 and exact match of the best span (the no-answer
score is not consulted: every CMRC question has an answer), and the cost of a window (ms, by its tokens).
JSON under bench/results/bench-reader.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.cmrc import DATASET, RESULTS, passage_half
from bench.shared_data import require
from yearbook_qa.corpus.errors import UserError
from yearbook_qa.eval.matching import char_f1, normalize
from yearbook_qa.index.embedding_model import provision_default_model
from yearbook_qa.index.onnx_export import TOKENIZER, provision_onnx
from yearbook_qa.service.answering.reader.onnx_reader import Reader, load_reader
from yearbook_qa.service.answering.reader.provision import GRAPHS, WEIGHTS, export_reader, weights_hash
from yearbook_qa.service.settings import Settings


def test_half(dataset: Path) -> list[tuple[str, str, list[str]]]:
    """(question, gold passage text, reference answers) of every test-half question."""
    texts = {}
    for line in (dataset / "passages.jsonl").open(encoding="utf-8"):
        p = json.loads(line)
        texts[p["pid"]] = p["text"]
    out = []
    for line in (dataset / "questions.jsonl").open(encoding="utf-8"):
        q = json.loads(line)
        if passage_half(q["gold_pids"][0]) == "test":
            out.append((q["question"], texts[q["gold_pids"][0]], q["answers"]))
    return out


def variant(settings: Settings, weights: Path, precision: str) -> Reader:
    """The reader of a weights file (the shipped one: as `setup` exported it; another: exported under HOME/bench)."""
    if weights.resolve() == WEIGHTS.resolve():
        return load_reader(settings.models_dir, precision)
    out = settings.home / "bench" / f"reader-{weights_hash(weights)}"
    if not (out / GRAPHS[precision]).exists():
        out.mkdir(parents=True, exist_ok=True)
        export_reader(provision_default_model(settings.models_dir), weights, out, f"bench-{weights.name}")
    return Reader(out, provision_onnx(settings.models_dir) / TOKENIZER, precision)


def measure(reader: Reader, questions: list[tuple[str, str, list[str]]]) -> dict:
    """char-F1, exact match and window cost of one reader."""
    f1s, exact, costs = [], [], []
    for question, text, answers in questions:
        started = time.perf_counter()
        reading = reader.read(question, [text])[0]
        costs.append((time.perf_counter() - started) * 1000 / len(reading.windows))
        span = reading.best()
        given = span.text if span else ""
        f1s.append(char_f1(given, answers))
        exact.append(any(normalize(given) == normalize(a) for a in answers))
    return {
        "reader": reader.name,
        "questions": len(questions),
        "char_f1": round(float(np.mean(f1s)), 4),
        "exact_match": round(float(np.mean(exact)), 4),
        "ms_per_window_p50": round(float(np.percentile(costs, 50)), 2),
        "max_tokens": reader.windows.max_tokens,
        "layers": reader.layers,
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.reader", description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=None, help="only the first N test-half questions")
    p.add_argument("--precision", nargs="+", default=["int8", "fp32"], choices=["int8", "fp32"])
    p.add_argument("--dataset", type=Path, default=DATASET)
    p.add_argument("--weights", type=Path, nargs="+", default=[WEIGHTS], help="reader weight files compared")
    p.add_argument("--out", type=Path, default=RESULTS / "bench-reader.json")
    args = p.parse_args(argv)
    require("bench.reader", args.dataset / "passages.jsonl", args.dataset / "questions.jsonl")
    settings = Settings()
    try:
        questions = test_half(args.dataset)[: args.limit]
        record = {"benchmark": "cmrc2018-dev test half, gold passage", "runs": []}
        for weights in args.weights:
            for precision in args.precision:
                record["runs"].append(
                    measure(variant(settings, weights, precision), questions) | {"weights": weights.name}
                )
            print(json.dumps(record["runs"][-1], ensure_ascii=False), file=sys.stderr)
    except UserError as e:
        print(f"bench.reader: {e}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, ensure_ascii=False, indent=2)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
