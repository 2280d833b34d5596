"""An experimental learned span reader: frozen multilingual-e5-small token states and a small trained head.

The question and one passage are encoded jointly ("query: Q" + "passage: P", XLM-R pair form, windows of at
most 384 tokens overlapping by 128) by an ONNX graph of the embedding model that returns the token states of
three of its layers (`LAYERS`), exported once from the model copy already on disk. A small head (bench/
train_reader.py, trained on the CMRC 2018 dev "tune" half only) turns them into start/end logits; the reader
returns the best span of at most `MAX_SPAN` tokens over all windows, with its logit score. Nothing here is
downloaded: a missing graph is exported from the local model, missing head weights are a clear error.
The service does not use it: it is the measured answer to issue 12's "what would reach the target" (README).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LAYERS = (6, 9, 12)  # hidden_states indices (0 = embeddings) concatenated into the token states
MAX_TOKENS = 384
STRIDE = 128  # tokens shared by consecutive windows of a long passage
MAX_SPAN = 40  # tokens
KERNEL = 5  # width of the head's convolutions
GRAPH = "reader_states.onnx"
WEIGHTS = Path(__file__).resolve().with_name("reader_head.npz")  # the source tree, past the editable links


class ReaderUnavailable(RuntimeError):
    """The reader's head weights or model files are missing."""


@dataclass(frozen=True)
class Window:
    """One encoded window: input ids, each token's [start, end) in the passage (-1 outside it)."""

    ids: np.ndarray  # (T,) int64
    spans: np.ndarray  # (T, 2) int32 character offsets into the passage, -1 for question/special tokens


@dataclass(frozen=True)
class Span:
    """The reader's answer: [start, end) characters of the passage, the text and the span's logit score."""

    start: int
    end: int
    text: str
    score: float


def export_states_graph(source: Path, out: Path) -> None:
    """Write an ONNX graph of `source` (a transformers model folder) returning the `LAYERS` token states."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()

    class States(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
            return torch.cat([hidden.hidden_states[i] for i in LAYERS], dim=-1)

    ids = torch.tensor([[0, 6, 1294, 2], [0, 6, 2, 1]], dtype=torch.long)
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.long)
    tmp = out.with_suffix(".tmp")
    with torch.no_grad():
        torch.onnx.export(
            States(),
            (ids, mask),
            str(tmp),
            input_names=["input_ids", "attention_mask"],
            output_names=["states"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
            opset_version=17,
            dynamo=False,
        )
    tmp.replace(out)


class StateEncoder:
    """Question + passage in, windows and their token states out (ONNX Runtime, one window per call)."""

    def __init__(self, model_dir: Path, graph_dir: Path, threads: int = 1) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        graph = graph_dir / GRAPH
        if not graph.exists():
            graph_dir.mkdir(parents=True, exist_ok=True)
            export_states_graph(model_dir, graph)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self._tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)

    def windows(self, question: str, passage: str) -> list[Window]:
        """The passage cut into windows of at most MAX_TOKENS tokens, each with the question in front."""
        prefix = "passage: "
        enc = self._tokenizer(
            "query: " + question,
            prefix + passage,
            truncation="only_second",
            max_length=MAX_TOKENS,
            stride=STRIDE,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
        )
        out = []
        for n, ids in enumerate(enc["input_ids"]):
            sequence = enc.sequence_ids(n)
            spans = np.full((len(ids), 2), -1, dtype=np.int32)
            for t, ((a, b), s) in enumerate(zip(enc["offset_mapping"][n], sequence, strict=True)):
                if s == 1 and b > len(prefix):
                    spans[t] = (max(a, len(prefix)) - len(prefix), b - len(prefix))
            out.append(Window(np.asarray(ids, dtype=np.int64), spans))
        return out

    def states(self, window: Window) -> np.ndarray:
        """(T, 384 * len(LAYERS)) float32 token states of one window."""
        ids = window.ids[None, :]
        (states,) = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        return np.asarray(states[0], dtype=np.float32)


def best_span(
    start: np.ndarray, end: np.ndarray, allowed: np.ndarray, max_span: int = MAX_SPAN
) -> tuple[int, int, float]:
    """The (i, j) with i <= j < i + max_span, both allowed, maximising start[i] + end[j]."""
    s = np.where(allowed, start, -np.inf)
    e = np.where(allowed, end, -np.inf)
    scores = s[:, None] + e[None, :]
    n = len(s)
    i, j = np.indices((n, n))
    scores[(j < i) | (j >= i + max_span)] = -np.inf
    flat = int(np.argmax(scores))
    return flat // n, flat % n, float(scores.flat[flat])


class SpanHead:
    """The trained head in numpy: LayerNorm'd projection, residual 1-D convolutions, start/end logits."""

    def __init__(self, weights: dict[str, np.ndarray], config: dict) -> None:
        self.w = weights
        self.config = config

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> SpanHead:
        if not path.exists():
            raise ReaderUnavailable(f"阅读器权重缺失: {path} (train it: python -m bench.train_reader train)")
        with np.load(path) as data:
            weights = {k: data[k] for k in data.files if k != "config"}
            config = json.loads(str(data["config"]))
        return cls(weights, config)

    def logits(self, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits (T,) for one window's token states (T, D)."""
        w = self.w
        x = _gelu(_layer_norm(states, w["in_norm.weight"], w["in_norm.bias"]) @ w["proj.weight"].T + w["proj.bias"])
        for b in range(int(self.config["blocks"])):
            p = f"blocks.{b}."
            h = _layer_norm(x, w[p + "norm.weight"], w[p + "norm.bias"])
            x = x + _gelu(_conv1d(h, w[p + "conv.weight"], w[p + "conv.bias"]))
        out = x @ w["out.weight"].T + w["out.bias"]
        return out[:, 0], out[:, 1]


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form (torch's GELU(approximate="tanh"), which the head is trained with)."""
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))


def _conv1d(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """torch.nn.Conv1d over time with zero padding keeping the length: x (T, C_in), weight (C_out, C_in, K)."""
    k = weight.shape[2]
    padded = np.pad(x, ((k // 2, k // 2), (0, 0)))
    n = len(x)
    return sum(padded[o : o + n] @ weight[:, :, o].T for o in range(k)) + bias


class Reader:
    """The learned reader: `read(question, passage)` is the best span of the passage, or None."""

    def __init__(self, encoder: StateEncoder, head: SpanHead) -> None:
        self.encoder = encoder
        self.head = head

    @classmethod
    def load(cls, models_dir: Path, weights: Path = WEIGHTS) -> Reader:
        """The reader on the local model copy; ReaderUnavailable when its weights or the model are missing."""
        head = SpanHead.load(weights)
        model_dir = Path(models_dir) / "multilingual-e5-small"
        if not (model_dir / "config.json").exists():
            raise ReaderUnavailable(f"阅读器所需的嵌入模型缺失: {model_dir} (run: yearbook-qa setup)")
        return cls(StateEncoder(model_dir, Path(models_dir) / "reader"), head)

    def read(self, question: str, passage: str) -> Span | None:
        """The best answer span of `passage` over all its windows, None for an empty passage."""
        best: Span | None = None
        for window in self.encoder.windows(question, passage):
            start, end = self.head.logits(self.encoder.states(window))
            allowed = window.spans[:, 0] >= 0
            if not allowed.any():
                continue
            i, j, score = best_span(start, end, allowed)
            if best is None or score > best.score:
                a, b = int(window.spans[i, 0]), int(window.spans[j, 1])
                best = Span(a, b, passage[a:b], score)
        return best
