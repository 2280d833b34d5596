"""The trained reader at serve time: ONNX Runtime over the graph `provision` exported, no torch.

`Reader.read(question, texts)` reads each text in its windows (one ONNX call a window: int8 activations are
scaled per call, so a window is read alone and its scores never depend on its neighbours) and returns one
`Reading` a text. A reading gives the best span (the highest start + end logit, at most `MAX_SPAN` tokens),
the no-answer score (the lowest <s> start + end logit over the text's windows, as SQuAD 2.0 readers take
it), and the score of any given span, so a candidate found otherwise can be weighed by the reader too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from yearbook_qa.index.embedding_model import MARKER
from yearbook_qa.index.onnx_export import TOKENIZER, provision_onnx
from yearbook_qa.service.answering.reader.provision import GRAPHS, provision_reader
from yearbook_qa.service.answering.reader.windows import Window, WindowMaker

MAX_SPAN = 40  # tokens of the longest span read (a list of several items)
TOP = 20  # starts and ends tried, each
EDGES = "，。；：、,.;:！？!? \u3000\n\t"  # never the first or last character of an answer
PAIRS = tuple((pair[0], pair[1]) for pair in ("《》", "“”", "（）", "()", "「」", "‘’"))  # (opening, closing)


@dataclass(frozen=True)
class Span:
    """[start, end) characters of the text, the span itself and its score (start + end logit)."""

    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class Reading:
    """What the reader made of one text: its windows and their start and end logits."""

    text: str
    windows: list[Window]
    logits: list[tuple[np.ndarray, np.ndarray]]

    @property
    def null(self) -> float:
        """The no-answer score: the lowest over the windows (the window most sure the answer is elsewhere)."""
        return min(float(s[0] + e[0]) for s, e in self.logits)

    def best(self) -> Span | None:
        """The best-scoring span of the text, its edges trimmed of punctuation; None when there is none."""
        found: Span | None = None
        for w, (s, e) in zip(self.windows, self.logits, strict=True):
            inside = np.nonzero(w.starts >= 0)[0]
            if not len(inside):
                continue
            starts = inside[np.argsort(-s[inside])[:TOP]]
            ends = inside[np.argsort(-e[inside])[:TOP]]
            for i in starts:
                for j in ends:
                    if not 0 <= j - i < MAX_SPAN:
                        continue
                    score = float(s[i] + e[j])
                    if found is None or score > found.score:
                        span = trimmed(self.text, int(w.starts[i]), int(w.ends[j]))
                        if span is not None:
                            found = Span(*span, self.text[span[0] : span[1]], score)
        return found

    def score(self, start: int, end: int) -> float | None:
        """The reader's score of the span [start, end) (the best over the windows holding it); None if none does."""
        best = None
        for w, (s, e) in zip(self.windows, self.logits, strict=True):
            first = np.nonzero((w.starts >= 0) & (w.starts <= start) & (start < w.ends))[0]
            last = np.nonzero((w.starts >= 0) & (w.starts < end) & (end <= w.ends))[0]
            if len(first) and len(last) and last[0] >= first[0]:
                value = float(s[first[0]] + e[last[0]])
                best = value if best is None else max(best, value)
        return best


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without edge punctuation or an unmatched bracket or quote; None when nothing is left."""

    def loose(ch: str) -> bool:  # punctuation, or a bracket whose partner is not in the span
        span = text[start:end]
        return ch in EDGES or any((ch == o and c not in span) or (ch == c and o not in span) for o, c in PAIRS)

    while start < end:
        if loose(text[start]):
            start += 1
        elif loose(text[end - 1]):
            end -= 1
        else:
            return start, end
    return None


class Reader:
    """The exported reader on ONNX Runtime; one session shared by every thread."""

    def __init__(self, directory: Path, tokenizer: Path, variant: str = "int8", threads: int = 1) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(
            str(directory / GRAPHS[variant]), options, providers=["CPUExecutionProvider"]
        )
        meta = json.loads((directory / MARKER).read_text(encoding="utf-8"))
        self.windows = WindowMaker(tokenizer, int(meta["max_tokens"]), int(meta["stride"]))
        self.name = f"{meta['converter']}/{variant}"
        self.layers = int(meta["layers"])

    def read(self, question: str, texts: Sequence[str]) -> list[Reading]:
        """One reading of each text against the question."""
        out = []
        for text in texts:
            windows = self.windows.windows(question, text)
            out.append(Reading(text, windows, [self._run(w) for w in windows]))
        return out

    def _run(self, w: Window) -> tuple[np.ndarray, np.ndarray]:
        ids = w.ids[None, :]
        start, end = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        return start[0], end[0]


def load_reader(models_dir: Path, variant: str = "int8", threads: int = 1) -> Reader:
    """The shipped reader, exported at `setup` (or now, once)."""
    return Reader(provision_reader(models_dir), provision_onnx(models_dir) / TOKENIZER, variant, threads)
