"""Train and measure the experimental span reader (service/answering/reader.py) on CMRC 2018 dev.

  python -m bench.train_reader features --half tune      # frozen e5 token states, cached under HOME/reader/
  python -m bench.train_reader train                      # the head, on the tune half only -> reader_head.npz
  python -m bench.train_reader measure --half test        # char-F1 / EM of the reader on the gold passage
  python -m bench.train_reader measure --half test --retrieved   # ... on the index's top passage

Features are computed once (the slow part: one ONNX pass per window, about 0.5 s on this CPU) and cached in
shards, so an interrupted run resumes. The test half is only ever measured, never trained or tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from bench import reader as rd
from bench.cmrc import DATASET, passage_half
from yearbook_qa.service.settings import Settings

SHARD = 50  # questions per cache file


def cache_dir(settings: Settings, name: str) -> Path:
    return settings.home / "reader" / name


def load_dataset(dataset: Path, half: str) -> tuple[dict[str, str], list[dict]]:
    """Passage texts by pid and the half's questions, in a fixed shuffled order (by SHA-1 of the qid)."""
    passages = {}
    for line in (dataset / "passages.jsonl").open(encoding="utf-8"):
        p = json.loads(line)
        passages[p["pid"]] = p["text"]
    questions = [json.loads(line) for line in (dataset / "questions.jsonl").open(encoding="utf-8")]
    questions = [q for q in questions if passage_half(q["gold_pids"][0]) == half]
    questions.sort(key=lambda q: hashlib.sha1(q["qid"].encode("utf-8")).hexdigest())
    return passages, questions


def labelled(window: rd.Window, start: int, end: int) -> tuple[int, int]:
    """Token indices of the answer [start, end) characters in this window, (0, 0) when it is not all inside."""
    inside = np.nonzero(window.spans[:, 0] >= 0)[0]
    s = [t for t in inside if window.spans[t, 0] <= start < window.spans[t, 1]]
    e = [t for t in inside if window.spans[t, 0] < end <= window.spans[t, 1]]
    if not s or not e or e[0] < s[0]:
        return 0, 0
    return int(s[0]), int(e[0])


def compute_features(settings: Settings, half: str, passage_of: str, limit: int | None) -> None:
    """Cache windows, states and labels of the half's questions (passage_of: "gold" or "retrieved")."""
    passages, questions = load_dataset(DATASET, half)
    questions = questions[:limit]
    retrieved = _retrieved(settings) if passage_of == "retrieved" else {}
    if retrieved:  # the index's top chunk, for the questions measured on the gold passage
        measured = {r["qid"] for r in load_features(settings, half)}
        questions = [q for q in questions if q["qid"] in measured]
        passages |= index_chunks(settings)
    out = cache_dir(settings, f"features-{half}-{passage_of}")
    out.mkdir(parents=True, exist_ok=True)
    model_dir = settings.models_dir / "multilingual-e5-small"
    encoder = rd.StateEncoder(model_dir, settings.models_dir / "reader")
    started = time.perf_counter()
    for n in range(0, len(questions), SHARD):
        path = out / f"shard-{n // SHARD:04d}.pkl"
        if path.exists():
            continue
        records = []
        for q in questions[n : n + SHARD]:
            pid = retrieved[q["qid"]]["top"] if passage_of == "retrieved" else q["gold_pids"][0]
            text = passages[pid]
            answer, start = q["answers"][0], q["answer_starts"][0]
            gold = pid == q["gold_pids"][0] and text[start : start + len(answer)] == answer
            windows = encoder.windows(q["question"], text)
            records.append(
                {
                    "qid": q["qid"],
                    "pid": pid,
                    "answers": q["answers"],
                    "windows": [
                        {
                            "ids": w.ids,
                            "spans": w.spans,
                            "states": encoder.states(w).astype(np.float16),
                            "label": labelled(w, start, start + len(answer)) if gold else (0, 0),
                        }
                        for w in windows
                    ],
                }
            )
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(records, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        done = min(n + SHARD, len(questions))
        rate = (time.perf_counter() - started) / done
        print(f"{half}/{passage_of}: {done}/{len(questions)} ({rate:.2f} s/question)", file=sys.stderr, flush=True)


def index_chunks(settings: Settings) -> dict[str, str]:
    """The texts of the CMRC index's passages (chunks of the dataset's passages) by passage id."""
    from yearbook_qa.index.index_files import read_passages

    return {p.id: p.text for p in read_passages(settings.home / "bench" / f"{DATASET.name}-index" / "passages.jsonl")}


def load_features(settings: Settings, half: str, passage_of: str = "gold") -> Iterator[dict]:
    for path in sorted(cache_dir(settings, f"features-{half}-{passage_of}").glob("shard-*.pkl")):
        with path.open("rb") as f:
            yield from pickle.load(f)


def _retrieved(settings: Settings) -> dict[str, dict]:
    path = cache_dir(settings, "retrieved.json")
    if not path.exists():
        raise SystemExit(f"{path} missing: run `python -m bench.train_reader retrieve` first")
    return json.loads(path.read_text(encoding="utf-8"))


def retrieve(settings: Settings, half: str) -> None:
    """For each question of the half: the index's top passage and today's answerer's answer, cached as JSON."""
    from yearbook_qa.service.runtime import build, configured_embedder, load_answerer

    _, questions = load_dataset(DATASET, half)
    settings = settings.model_copy(
        update={"corpus": DATASET / "passages.jsonl", "index_dir": settings.home / "bench" / f"{DATASET.name}-index"}
    )
    embedder = configured_embedder(settings)
    build(settings, embedder)
    answerer = load_answerer(settings, embedder)
    path = cache_dir(settings, "retrieved.json")
    out = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for n, q in enumerate(questions):
        if q["qid"] in out:
            continue
        started = time.perf_counter()
        answer = answerer.ask(q["question"])
        ms = (time.perf_counter() - started) * 1000
        marked = [c.passage_id for c in answer.citations if c.is_answer]
        out[q["qid"]] = {
            "top": answer.citations[0].passage_id if answer.citations else None,
            "answer": answer.answer,
            "answer_pid": marked[0] if marked else None,
            "ms": round(ms, 1),
        }
        if n % 50 == 49:
            path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
            print(f"retrieve {half}: {n + 1}/{len(questions)}", file=sys.stderr, flush=True)
    path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


def _head_module(dim_in: int, dim: int, blocks: int):
    import torch
    from torch import nn

    class Head(nn.Module):
        """The torch twin of reader.SpanHead (same parameter names, loaded by the numpy forward)."""

        def __init__(self) -> None:
            super().__init__()
            self.in_norm = nn.LayerNorm(dim_in)
            self.proj = nn.Linear(dim_in, dim)
            self.act = nn.GELU(approximate="tanh")
            self.blocks = nn.ModuleList(
                nn.ModuleDict(
                    {"norm": nn.LayerNorm(dim), "conv": nn.Conv1d(dim, dim, rd.KERNEL, padding=rd.KERNEL // 2)}
                )
                for _ in range(blocks)
            )
            self.out = nn.Linear(dim, 2)
            self.drop = nn.Dropout(0.1)

        def forward(self, x: torch.Tensor, pad: torch.Tensor) -> torch.Tensor:
            x = self.drop(self.act(self.proj(self.in_norm(x))))
            keep = (~pad)[..., None].to(x.dtype)
            for block in self.blocks:
                assert isinstance(block, nn.ModuleDict)
                h = block["norm"](x) * keep  # zero outside the window, as the numpy twin pads
                x = x + self.act(block["conv"](h.transpose(1, 2)).transpose(1, 2))
            return self.out(x)

    return Head()


def _windows(records: list[dict]) -> list[dict]:
    return [w for r in records for w in r["windows"]]


def _batch(windows: list[dict]):
    import torch

    n = max(len(w["ids"]) for w in windows)
    x = np.zeros((len(windows), n, windows[0]["states"].shape[1]), dtype=np.float32)
    allowed = np.zeros((len(windows), n), dtype=bool)
    pad = np.ones((len(windows), n), dtype=bool)
    for b, w in enumerate(windows):
        t = len(w["ids"])
        x[b, :t] = w["states"]
        pad[b, :t] = False
        allowed[b, :t] = w["spans"][:, 0] >= 0
        allowed[b, 0] = True  # <s>: "the answer is not in this window"
    labels = np.array([w["label"] for w in windows], dtype=np.int64)
    return torch.from_numpy(x), torch.from_numpy(pad), torch.from_numpy(allowed), torch.from_numpy(labels)


def train(settings: Settings, dim: int, blocks: int, epochs: int, validate: bool = True) -> dict:
    """Train the head on the tune half (15% of its passages held out when `validate`), write its weights."""
    import torch

    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    records = list(load_features(settings, "tune"))
    held = {r["pid"] for r in records if validate and int(hashlib.sha1(r["pid"].encode()).hexdigest(), 16) % 7 == 0}
    train_windows = _windows([r for r in records if r["pid"] not in held])
    valid = [r for r in records if r["pid"] in held]
    dim_in = train_windows[0]["states"].shape[1]
    head = _head_module(dim_in, dim, blocks)
    optimizer = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=0.01)
    steps = epochs * ((len(train_windows) + 15) // 16)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3, total_steps=steps, pct_start=0.1)
    config = {"dim": dim, "blocks": blocks, "layers": list(rd.LAYERS), "epochs": epochs}
    history = []
    for epoch in range(epochs):
        head.train()
        order = rng.permutation(len(train_windows))
        total = 0.0
        started = time.perf_counter()
        for b in range(0, len(order), 16):
            x, pad, allowed, labels = _batch([train_windows[i] for i in order[b : b + 16]])
            logits = head(x, pad).masked_fill(~allowed[..., None], -1e4)
            loss = torch.nn.functional.cross_entropy(logits[..., 0], labels[:, 0]) + torch.nn.functional.cross_entropy(
                logits[..., 1], labels[:, 1]
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss) * len(x)
        row = {"epoch": epoch + 1, "loss": round(total / len(order), 4), "s": round(time.perf_counter() - started, 1)}
        current = _numpy_head(head, config)
        if valid:
            row.update(score(current, valid))
        history.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        if not valid or row["char_f1"] >= max(r["char_f1"] for r in history):  # keep the best held-out epoch
            best = current
    config["kept_epoch"] = max(history, key=lambda r: r.get("char_f1", r["epoch"]))["epoch"]
    tmp = rd.WEIGHTS.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, config=np.array(json.dumps(config)), **best.w)  # type: ignore[arg-type]
    tmp.replace(rd.WEIGHTS)
    return {"config": config, "held_out_passages": len(held), "train_windows": len(train_windows), "history": history}


def _numpy_head(head, config: dict) -> rd.SpanHead:
    head.eval()
    return rd.SpanHead({k: v.detach().numpy().copy() for k, v in head.state_dict().items()}, config)


def read_cached(head: rd.SpanHead, record: dict) -> tuple[int, int, float] | None:
    """The reader's best span (start, end, score) from cached states: Reader.read without the encoder."""
    best: tuple[int, int, float] | None = None
    for w in record["windows"]:
        start, end = head.logits(w["states"].astype(np.float32))
        allowed = w["spans"][:, 0] >= 0
        if not allowed.any():
            continue
        i, j, s = rd.best_span(start, end, allowed)
        if best is None or s > best[2]:
            best = (int(w["spans"][i, 0]), int(w["spans"][j, 1]), s)
    return best


def score(
    head: rd.SpanHead, records: list[dict], passages: dict[str, str] | None = None, out: dict | None = None
) -> dict:
    """char-F1, exact match and the project's answer accuracy (contains, <= 100 chars) of the reader.

    `out`, when given, receives each question's answer and span score by qid."""
    from yearbook_qa.eval.matching import MAX_ANSWER_CHARS, char_f1, normalize

    passages = passages or load_dataset(DATASET, "tune")[0] | load_dataset(DATASET, "test")[0]
    f1 = em = acc = 0.0
    for r in records:
        span = read_cached(head, r)
        given = passages[r["pid"]][span[0] : span[1]] if span else ""
        if out is not None:
            out[r["qid"]] = {"answer": given, "score": span[2] if span else None}
        f1 += char_f1(given, r["answers"])
        got = normalize(given)
        em += any(got == normalize(a) for a in r["answers"])
        acc += bool(got) and len(got) <= MAX_ANSWER_CHARS and any(normalize(a) in got for a in r["answers"])
    n = max(len(records), 1)
    return {
        "n": len(records),
        "char_f1": round(f1 / n, 4),
        "exact_match": round(em / n, 4),
        "accuracy": round(acc / n, 4),
    }


def measure(settings: Settings, half: str, retrieved: bool) -> dict:
    """The reader's scores on the gold (or the index's top) passage, beside today's answerer on the same questions."""
    from yearbook_qa.eval.matching import char_f1

    records = list(load_features(settings, half))
    texts = load_dataset(DATASET, half)[0]
    passage = "gold"
    if retrieved:
        passage = "retrieved (index top-1)"
        other = {r["qid"]: r for r in load_features(settings, half, "retrieved")}
        missing = [r["qid"] for r in records if r["qid"] not in other]
        if missing:
            raise SystemExit(f"{len(missing)} questions lack retrieved-passage features: run features --retrieved")
        records = [other[r["qid"]] for r in records]
        texts |= index_chunks(settings)
    answers: dict[str, dict] = {}
    record = {"half": half, "passage": passage, "reader": score(rd.SpanHead.load(), records, texts, answers)}
    kind = "retrieved" if retrieved else "gold"
    cache_dir(settings, f"answers-{half}-{kind}.json").write_text(json.dumps(answers, ensure_ascii=False), "utf-8")
    known = _retrieved(settings) if cache_dir(settings, "retrieved.json").exists() else {}
    asked = [r for r in records if r["qid"] in known]
    if asked:
        f1 = sum(char_f1(known[r["qid"]]["answer"], r["answers"]) for r in asked) / len(asked)
        record["answerer_today"] = {"n": len(asked), "char_f1": round(f1, 4)}
        fallback = [known[r["qid"]]["answer"] or answers[r["qid"]]["answer"] for r in asked]
        f1 = sum(char_f1(a, r["answers"]) for a, r in zip(fallback, asked, strict=True)) / len(asked)
        refused = sum(known[r["qid"]]["answer"] is None for r in asked)
        record["answerer_then_reader_where_it_refuses"] = {"refused": refused, "char_f1": round(f1, 4)}
    return record


def cost(settings: Settings, n: int) -> dict:
    """Milliseconds per question of Reader.read (encoder + head), on the gold passage and on the top chunk."""
    passages, questions = load_dataset(DATASET, "test")
    chunks = index_chunks(settings)
    top = _retrieved(settings)
    reader = rd.Reader.load(settings.models_dir)
    reader.read("预热", "预热的段落。")
    record: dict = {"n": n, "threads": 1}
    for kind in ("gold", "retrieved"):
        times = []
        for q in questions[:n]:
            text = passages[q["gold_pids"][0]] if kind == "gold" else chunks[top[q["qid"]]["top"]]
            started = time.perf_counter()
            reader.read(q["question"], text)
            times.append((time.perf_counter() - started) * 1000)
        record[f"ms_p50_{kind}"] = round(float(np.median(times)), 1)
        record[f"ms_mean_{kind}"] = round(float(np.mean(times)), 1)
    return record


def question_set(settings: Settings, questions_file: Path) -> dict:
    """On a project question set (the configured corpus and index): today's answerer's accuracy on the answerable
    questions beside the reader's on the answerer's first citation, and the reader where the answerer refuses."""
    from yearbook_qa.eval.matching import answer_correct
    from yearbook_qa.eval.question_set import load_questions
    from yearbook_qa.service.runtime import load_answerer

    answerer = load_answerer(settings)
    reader = rd.Reader.load(settings.models_dir)
    asked = [q for q in load_questions(questions_file) if q.answerable]
    today = alone = fallback = 0
    for q in asked:
        answer = answerer.ask(q.question)
        span = reader.read(q.question, answer.citations[0].text) if answer.citations else None
        read = span.text if span else None
        today += answer_correct(answer.answer, q)
        alone += answer_correct(read, q)
        fallback += answer_correct(answer.answer if answer.answer is not None else read, q)
    n = max(len(asked), 1)
    return {
        "questions": str(questions_file),
        "answerable": len(asked),
        "answerer_accuracy": round(today / n, 4),
        "reader_on_first_citation_accuracy": round(alone / n, 4),
        "answerer_then_reader_where_it_refuses_accuracy": round(fallback / n, 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.train_reader", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("features", help="cache frozen token states of one half")
    f.add_argument("--half", choices=("tune", "test"), required=True)
    f.add_argument("--retrieved", action="store_true", help="the index's top passage instead of the gold one")
    f.add_argument("--limit", type=int, default=None)
    r = sub.add_parser("retrieve", help="top passage and today's answer for each question of a half")
    r.add_argument("--half", choices=("tune", "test"), required=True)
    t = sub.add_parser("train", help="train the head on the tune half, write its weights")
    t.add_argument("--dim", type=int, default=192)
    t.add_argument("--blocks", type=int, default=1)
    t.add_argument("--epochs", type=int, default=6)
    t.add_argument("--no-validate", action="store_true", help="train on all of the tune half")
    m = sub.add_parser("measure", help="score the trained reader on one half's cached features")
    m.add_argument("--half", choices=("tune", "test"), required=True)
    m.add_argument("--retrieved", action="store_true")
    c = sub.add_parser("cost", help="ms per question of the reader on test questions")
    c.add_argument("--n", type=int, default=20)
    s = sub.add_parser("set", help="answerer vs reader accuracy on a question set (configured corpus and index)")
    s.add_argument("questions", type=Path)
    args = p.parse_args(argv)
    settings = Settings()
    if args.command == "features":
        compute_features(settings, args.half, "retrieved" if args.retrieved else "gold", args.limit)
    elif args.command == "retrieve":
        retrieve(settings, args.half)
    elif args.command == "cost":
        print(json.dumps(cost(settings, args.n), indent=2))
    elif args.command == "set":
        print(json.dumps(question_set(settings, args.questions), ensure_ascii=False, indent=2))
    elif args.command == "train":
        record = train(settings, args.dim, args.blocks, args.epochs, validate=not args.no_validate)
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        print(json.dumps(measure(settings, args.half, args.retrieved), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
