"""The dense side: normalised embeddings in FAISS, searched by inner product."""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

ANN_KINDS = ("flat", "hnsw", "ivf")
MAPPABLE = ("flat", "hnsw")  # kinds whose vectors FAISS can read in place from the file (IO_FLAG_MMAP_IFC)
AUTO = "auto"  # flat below AUTO_HNSW_FROM passages, HNSW from there on
AUTO_HNSW_FROM = 30_000  # exact search grows linearly (8-18 ms a query at 100k on 2 cores); HNSW stays < 1 ms
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
IVF_NPROBE = 16


def resolve_ann(ann: str, passages: int) -> str:
    """The FAISS index kind to build: `ann` itself, or for "auto" the one that suits `passages`."""
    if ann == AUTO:
        return "hnsw" if passages >= AUTO_HNSW_FROM else "flat"
    return ann


class DenseIndex:
    """A FAISS inner-product index: exact (`flat`) or approximate (`hnsw`, `ivf`)."""

    def __init__(self, index: faiss.Index, kind: str) -> None:
        self.index = index
        self.kind = kind

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str = "flat") -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        if kind == "flat":
            index = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        elif kind == "ivf":
            nlist = max(1, min(int(4 * math.sqrt(n)), n // 39))  # FAISS wants ~39 training points a list
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
            index.train(vectors)
        else:
            raise ValueError(f"unknown ANN kind {kind!r}; expected one of {ANN_KINDS}")
        index.add(vectors)
        return cls(index, kind)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str) -> DenseIndex:
        """Flat and HNSW vectors are memory-mapped, so worker processes share them through the page cache."""
        flags = faiss.IO_FLAG_MMAP_IFC if kind in MAPPABLE else 0
        return cls(faiss.read_index(str(path), flags), kind)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def dim(self) -> int:
        return int(self.index.d)

    def vectors(self) -> np.ndarray:
        """Every stored vector, in row order (used to reuse embeddings on rebuild)."""
        if self.kind == "ivf":
            faiss.extract_index_ivf(self.index).make_direct_map()
        return self.index.reconstruct_n(0, self.size)

    def search(self, query: np.ndarray, depth: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The `depth` nearest rows by inner product, restricted to `mask` if given: (rows, scores)."""
        depth = min(depth, self.size)
        selector = faiss.IDSelectorBatch(np.flatnonzero(mask).astype(np.int64)) if mask is not None else None
        params = self._params(depth, selector)
        scores, rows = self.index.search(
            np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1), depth, params=params
        )
        keep = rows[0] >= 0
        return rows[0][keep], scores[0][keep]

    def _params(self, depth: int, selector: faiss.IDSelector | None) -> faiss.SearchParameters | None:
        if self.kind == "hnsw":
            return faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, depth))
        if self.kind == "ivf":
            return faiss.SearchParametersIVF(sel=selector, nprobe=IVF_NPROBE)
        return faiss.SearchParameters(sel=selector) if selector is not None else None
