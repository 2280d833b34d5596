"""Fine-tune the reader (`make train-reader`): seeded, resumable, on the CPU or a GPU unchanged.

  python -m yearbook_qa.service.answering.reader.training [--epochs 2] [--out reader.npz]

Reads the training sets in data/ (see DATA.md), cuts every example into windows (`windows.py`), and trains the
first `network.LAYERS` layers of the provisioned e5 with a span head: cross-entropy of the answer's first and
last token, or of position 0 when the window does not hold the answer (SQuAD 2.0's null span). A checkpoint
is written every `CHECKPOINT_EVERY` steps under HOME/reader-training/; a run started again resumes there.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from yearbook_qa.index.embedding_model import provision_default_model
from yearbook_qa.index.onnx_export import TOKENIZER, provision_onnx
from yearbook_qa.service.answering.reader import network
from yearbook_qa.service.answering.reader.windows import Window, WindowMaker
from yearbook_qa.service.settings import Settings

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SETS = ("cmrc2018_tune.jsonl", "genre.jsonl")  # data/, one example a line (DATA.md)
WEIGHTS = HERE / "reader.npz"
SEED = 20261208
BATCH = 16
LR = 1e-4
WARMUP = 0.06  # share of the steps the learning rate rises over
NEGATIVES = 1  # windows without the answer kept per answerable example (all of an unanswerable one's)
CHECKPOINT_EVERY = 50


@dataclass(frozen=True)
class Example:
    """A question over a context: the answer's [start, end) characters, or None when it does not answer."""

    id: str
    question: str
    context: str
    answer: tuple[int, int] | None


@dataclass(frozen=True)
class Feature:
    """One training window and its label: (start, end) token, (0, 0) for no answer."""

    window: Window
    label: tuple[int, int]


def load_examples(paths: list[Path]) -> list[Example]:
    """The examples of the JSONL files; an answer must be a verbatim span at its start."""
    out = []
    for path in paths:
        for n, line in enumerate(path.open(encoding="utf-8"), start=1):
            r = json.loads(line)
            answer = None
            if r["answer"] is not None:
                start = int(r["start"])
                if r["context"][start : start + len(r["answer"])] != r["answer"]:
                    raise ValueError(f"{path.name}:{n}: 答案不在给出的位置 (the answer is not at its start)")
                answer = (start, start + len(r["answer"]))
            out.append(Example(r["id"], r["question"], r["context"], answer))
    return out


def label(window: Window, answer: tuple[int, int] | None) -> tuple[int, int]:
    """The answer's first and last token in `window`, (0, 0) when it is not wholly inside."""
    if answer is None:
        return 0, 0
    inside = np.nonzero(window.starts >= 0)[0]
    first = [t for t in inside if window.starts[t] <= answer[0] < window.ends[t]]
    last = [t for t in inside if window.starts[t] < answer[1] <= window.ends[t]]
    if not first or not last or last[0] < first[0]:
        return 0, 0
    return int(first[0]), int(last[0])


def features(examples: list[Example], maker: WindowMaker, rng: random.Random) -> list[Feature]:
    """Every window holding an answer, `NEGATIVES` of each answerable example's others, all of the rest."""
    out = []
    for ex in tqdm(examples, desc="切分窗口", unit="题", file=sys.stderr):
        labelled = [Feature(w, label(w, ex.answer)) for w in maker.windows(ex.question, ex.context)]
        positive = [f for f in labelled if f.label != (0, 0)]
        negative = [f for f in labelled if f.label == (0, 0)]
        if ex.answer is not None:
            negative = rng.sample(negative, min(NEGATIVES, len(negative)))
        out += positive + negative
    return out


def batches(feats: list[Feature], epoch: int) -> list[list[int]]:
    """The epoch's batches: shuffled, then grouped by length (less padding), then the batches shuffled."""
    rng = random.Random(SEED + epoch)
    order = list(range(len(feats)))
    rng.shuffle(order)
    chunk = BATCH * 32
    out = []
    for n in range(0, len(order), chunk):
        part = sorted(order[n : n + chunk], key=lambda i: len(feats[i].window.ids))
        out += [part[k : k + BATCH] for k in range(0, len(part), BATCH)]
    rng.shuffle(out)
    return out


def collate(feats: list[Feature], device: torch.device) -> tuple[torch.Tensor, ...]:
    """Padded ids, attention mask, the mask of positions a span may take (passage tokens and <s>), labels."""
    width = max(len(f.window.ids) for f in feats)
    ids = np.ones((len(feats), width), dtype=np.int64)  # <pad> is 1
    mask = np.zeros((len(feats), width), dtype=np.int64)
    allowed = np.zeros((len(feats), width), dtype=bool)
    for i, f in enumerate(feats):
        n = len(f.window.ids)
        ids[i, :n], mask[i, :n] = f.window.ids, 1
        allowed[i, :n] = f.window.starts >= 0
        allowed[i, 0] = True
    labels = np.array([f.label for f in feats], dtype=np.int64)
    return tuple(torch.from_numpy(a).to(device) for a in (ids, mask, allowed, labels[:, 0], labels[:, 1]))


def span_loss(model: network.SpanReader, batch: tuple[torch.Tensor, ...]) -> torch.Tensor:
    ids, mask, allowed, first, last = batch
    start, end = model(ids, mask)
    start = start.masked_fill(~allowed, -1e4)
    end = end.masked_fill(~allowed, -1e4)
    ce = torch.nn.functional.cross_entropy
    return (ce(start, first) + ce(end, last)) / 2


def train(
    models_dir: Path, run_dir: Path, epochs: int, out: Path, limit: int | None = None, layers: int = network.LAYERS
) -> dict:
    """Train from the provisioned e5 (or the run's checkpoint in `run_dir`) and write the weights to `out`."""
    torch.manual_seed(SEED)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    e5 = provision_default_model(models_dir)
    maker = WindowMaker(provision_onnx(models_dir) / TOKENIZER)
    examples = load_examples([DATA / name for name in SETS])
    random.Random(SEED).shuffle(examples)
    examples = examples[:limit]
    feats = features(examples, maker, random.Random(SEED))
    model = network.build(e5, layers).to(device).train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    per_epoch = len(batches(feats, 0))
    total = per_epoch * epochs
    warmup = max(1, int(WARMUP * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    run_dir.mkdir(parents=True, exist_ok=True)
    run_key = hashlib.sha1(json.dumps([[e.id for e in examples], epochs, SEED, layers]).encode()).hexdigest()
    checkpoint = run_dir / f"checkpoint-{run_key[:12]}.pt"  # another run (data, epochs) starts afresh
    step = 0
    if checkpoint.exists():
        state = torch.load(checkpoint, map_location=device)
        model.load_state_dict(state["model"], strict=False)
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        step = int(state["step"])
        print(f"从第{step}步继续 (resuming at step {step} of {total})", file=sys.stderr)
    started, losses = time.perf_counter(), []
    bar = tqdm(total=total, initial=step, desc="训练阅读器", unit="批", file=sys.stderr)
    for epoch in range(step // per_epoch, epochs):
        for k, batch_ids in enumerate(batches(feats, epoch)):
            if epoch * per_epoch + k < step:
                continue
            loss = span_loss(model, collate([feats[i] for i in batch_ids], device))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            losses.append(float(loss))
            bar.update(1)
            bar.set_postfix(loss=f"{np.mean(losses[-50:]):.3f}", epoch=epoch + 1)
            if step % CHECKPOINT_EVERY == 0 or step == total:
                _checkpoint(checkpoint, model, optimizer, schedule, step)
    bar.close()
    meta = {
        "seed": SEED,
        "epochs": epochs,
        "batch": BATCH,
        "lr": LR,
        "max_tokens": maker.max_tokens,
        "stride": maker.stride,
        "examples": len(examples),
        "windows": len(feats),
        "sets": list(SETS),
        "final_loss": round(float(np.mean(losses[-50:])), 4) if losses else None,
        "train_seconds_this_run": round(time.perf_counter() - started),
        "device": str(device),
    }
    network.save(model.cpu(), out, meta)
    return meta


def _checkpoint(path: Path, model: network.SpanReader, optimizer, schedule, step: int) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": network.trained_state(model),
            "optimizer": optimizer.state_dict(),
            "schedule": schedule.state_dict(),
            "step": step,
        },
        tmp,
    )
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="训练抽取式阅读器 (train the extractive reader)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N examples only (a smoke run)")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--layers", type=int, default=network.LAYERS, help="e5 layers kept (12: all)")
    args = parser.parse_args(argv)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    settings = Settings()
    meta = train(settings.models_dir, settings.home / "reader-training", args.epochs, args.out, args.limit, args.layers)
    print(json.dumps(meta, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
