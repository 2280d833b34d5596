"""An embedder for latency/size measurements at scales too large to embed on a CPU: real queries, partly synthesised passages."""

from __future__ import annotations

import hashlib

import numpy as np


class SynthesisingEmbedder:
    """Queries go to the real model; a passage gets its real vector if known, else a perturbed copy of a random real one.

    Its name says "synthesised", so an index built with it never passes for a real one.
    """

    def __init__(self, real, known: dict[str, np.ndarray], noise: float = 0.05) -> None:
        self.real = real
        self.known = known
        self.noise = noise
        self.name = f"{real.name}+synthesised"
        self.dim = real.dim
        self._pool = np.stack(list(known.values()))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.real.encode_queries(texts)

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return np.stack([self.known[t] if t in self.known else self._synthesise(t) for t in texts]).astype(np.float32)

    def _synthesise(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little"))
        v = self._pool[rng.integers(len(self._pool))] + self.noise * rng.standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)
