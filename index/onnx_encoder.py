"""The default encoder on ONNX Runtime: a SentencePiece tokenizer and an exported graph, no torch.

The graph (index/onnx_export.py, written at `setup`) takes input_ids and attention_mask and returns the
mean-pooled, L2-normalised sentence embedding, exactly what the sentence-transformers pipeline computes.
One InferenceSession and one tokenizer are shared by every thread: ONNX Runtime's `run` is thread-safe, and
SentencePiece's encoding is a read-only pass over its model.

Each text is run on its own, never padded into a batch. int8 activations are quantized with one scale per
call, so in a batch a vector would depend on its neighbours (cosine 0.99 to itself alone), and the index
re-uses vectors by text. On a CPU one text at a time is also the fastest: on the bundled yearbook's passages,
1.8× (int8) and 1.7× (fp32) the rate of batches of 32 sorted by length, which still pad.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort

from yearbook_qa.index.embedding_model import DEFAULT_MODEL, PROMPTS, encode_sorted
from yearbook_qa.index.onnx_export import EXPORTER, GRAPHS, TOKENIZER, max_tokens, provision_onnx
from yearbook_qa.index.spm_tokenizer import SpmTokenizer


def load_onnx_embedder(models_dir: Path, encoder: str, threads: int = 1) -> OnnxEmbedder:
    """The provisioned default model on ONNX Runtime, `encoder` "onnx-fp32" or "onnx-int8" (exported once)."""
    directory = provision_onnx(models_dir)
    return OnnxEmbedder(
        directory / GRAPHS[encoder],
        SpmTokenizer(directory / TOKENIZER, max_tokens(directory)),
        name=f"{DEFAULT_MODEL}@{EXPORTER}/{encoder}",
        threads=threads,
    )


class OnnxEmbedder:
    """multilingual-e5-small on ONNX Runtime: texts in, L2-normalised float32 vectors out (e5 prompts applied)."""

    def __init__(self, graph: Path, tokenizer: SpmTokenizer, name: str, threads: int = 1) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads  # one per request: parallel requests use the other cores
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self._tokenizer = tokenizer
        self.name = name
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions with e5's `query: ` prompt."""
        return encode_sorted(texts, self.dim, lambda one: self._run(PROMPTS["query"] + one[0]), batch_size=1)

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Embed passages with e5's `passage: ` prompt, one at a time whatever `batch_size` says."""
        return encode_sorted(
            texts, self.dim, lambda one: self._run(PROMPTS["passage"] + one[0]), batch_size=1, progress=progress
        )

    def _run(self, text: str) -> np.ndarray:
        ids = np.array([self._tokenizer.ids(text)], dtype=np.int64)
        (vectors,) = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        return np.asarray(vectors, dtype=np.float32)
