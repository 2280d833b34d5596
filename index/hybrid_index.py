"""HybridIndex: a loaded index directory, searched densely, lexically, or both fused."""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from pathlib import Path

import faiss
import numpy as np

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import index_files as files
from yearbook_qa.index.dense_index import DenseIndex
from yearbook_qa.index.errors import REBUILD_HINT, IndexLoadError
from yearbook_qa.index.fusion import FUSIONS, reciprocal_rank_fusion, relative_score_fusion
from yearbook_qa.index.hit import Filters, Hit
from yearbook_qa.index.lexical_index import LexicalIndex
from yearbook_qa.index.manifest import Manifest
from yearbook_qa.index.year_preference import YearPreference, merge_candidates

MODES = ("hybrid", "dense", "lexical")
MIN_DEPTH = 100  # candidates taken from each side before fusion
MASK_CACHE = 64
QUERY_CACHE = 512  # query vectors remembered: a chat repeats questions, and the answerer searches each one twice


class HybridIndex:
    """Passages with their dense and BM25 indexes; `search` fuses both rankings (relative score or weighted RRF)."""

    def __init__(
        self,
        passages: list[Passage],
        dense: DenseIndex,
        lexical: LexicalIndex,
        embedder,
        manifest: Manifest,
        dense_weight: float = 0.7,
        lexical_weight: float = 1.0,
        rrf_k: int = 60,
        fusion: str = "score",
    ) -> None:
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}; expected one of {FUSIONS}")
        self.passages = passages
        self.dense = dense
        self.lexical = lexical
        self.embedder = embedder
        self.manifest = manifest
        self.dense_weight = dense_weight
        self.lexical_weight = lexical_weight
        self.rrf_k = rrf_k
        self.fusion = fusion
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_lock = threading.Lock()  # guards both caches: query vectors and filter masks
        self._rows = {p.id: i for i, p in enumerate(passages)}
        self._document_rows = _rows_by_document(passages)
        self._masks: dict[Filters, np.ndarray] = {}
        self.years = YearPreference(passages)
        self.year_aware = True  # a question naming a year prefers passages that speak of it (bench turns it off)

    @classmethod
    def load(
        cls,
        index_dir: Path,
        embedder,
        dense_weight: float = 0.7,
        lexical_weight: float = 1.0,
        rrf_k: int = 60,
        threads: int | None = None,
        fusion: str = "score",
    ) -> HybridIndex:
        """Load and check an index directory; IndexLoadError says what is wrong and what to rebuild."""
        index_dir = Path(index_dir)
        manifest = Manifest.read(index_dir)
        manifest.check_model(index_dir, embedder.name, embedder.dim)
        manifest.check_files(index_dir)
        if manifest.backend == "milvus":  # the optional extra, imported only when an index lives in Milvus
            from yearbook_qa.index.milvus_index import MilvusIndex

            weights = {"dense_weight": dense_weight, "lexical_weight": lexical_weight, "rrf_k": rrf_k}
            return MilvusIndex.open(index_dir, manifest, embedder, **weights, fusion=fusion)
        if threads is not None:
            faiss.omp_set_num_threads(threads)
        try:
            passages = files.read_passages(index_dir / files.PASSAGES)
            dense = DenseIndex.load(index_dir / files.DENSE, manifest.ann)
            lexical = LexicalIndex.load(index_dir / files.LEXICAL)
        except (OSError, RuntimeError, ValueError, KeyError, TypeError) as e:
            raise IndexLoadError(f"index at {index_dir} cannot be read ({e}); {REBUILD_HINT}") from e
        sizes = {
            "passages": len(passages),
            "vectors": dense.size,
            "bm25 rows": lexical.size,
            "manifest": manifest.passages,
        }
        if len(set(sizes.values())) != 1 or dense.dim != manifest.dim:
            raise IndexLoadError(f"index at {index_dir} is inconsistent ({sizes}, dim {dense.dim}); {REBUILD_HINT}")
        return cls(passages, dense, lexical, embedder, manifest, dense_weight, lexical_weight, rrf_k, fusion)

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: str = "hybrid") -> list[Hit]:
        """The k best passages for `query` within `filters`.

        Hit.score is the fused score in `hybrid` mode (see index.fusion), the cosine similarity in `dense` mode and the
        BM25 score in `lexical` mode; each hit also keeps the scores and ranks it had on either side.
        """
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; expected one of {MODES}")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        if not query.strip():
            return []
        depth = max(k, MIN_DEPTH) if mode == "hybrid" else k
        rankings = self._rankings(query, depth, filters, mode)
        if rankings is None:
            return []
        lexical, dense = rankings
        speaking = self.years.speaking(query) if self.year_aware else None
        if speaking is not None:  # the passages that speak of the asked year are candidates too
            extra = self._rankings(query, depth, filters, mode, within=speaking)
            if extra is not None:
                lexical, dense = merge_candidates(lexical, extra[0]), merge_candidates(dense, extra[1])
        if mode == "hybrid":
            ranked = self._fuse(lexical, dense)
        else:
            rows, scores = dense if mode == "dense" else lexical
            ranked = list(zip(rows.tolist(), scores.tolist(), strict=False))
        if speaking is not None:
            ranked = self.years.prefer(ranked, speaking, query)
        return [self._hit(row, score, dense, lexical) for row, score in ranked[:k]]

    def _rankings(
        self, query: str, depth: int, filters: Filters | None, mode: str, within: np.ndarray | None = None
    ) -> tuple[tuple, tuple] | None:
        """(lexical, dense) rankings as (rows, scores), best first, the side `mode` skips empty, over the rows
        that pass `filters` (and `within`, a row mask); None: nothing passes."""
        mask = self._mask(filters) if filters is not None and filters != Filters() else None
        if within is not None:
            mask = within if mask is None else mask & within
        if mask is not None and not mask.any():
            return None
        lexical = self.lexical.search(query, depth, mask) if mode != "dense" else _empty()
        dense = self.dense.search(self.query_vector(query), depth, mask) if mode != "lexical" else _empty()
        return lexical, dense

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding; the last QUERY_CACHE queries' are remembered."""
        with self._query_lock:
            if query in self._query_vectors:
                self._query_vectors.move_to_end(query)
                return self._query_vectors[query]
        vector = self.embedder.encode_queries([query])[0]
        with self._query_lock:
            self._query_vectors[query] = vector
            if len(self._query_vectors) > QUERY_CACHE:
                self._query_vectors.popitem(last=False)
        return vector

    def forget_queries(self) -> None:
        """Empty the query-vector cache (benchmarks time cold queries)."""
        with self._query_lock:
            self._query_vectors.clear()

    def _fuse(self, lexical: tuple, dense: tuple) -> list[tuple[int, float]]:
        if self.fusion == "rrf":
            return reciprocal_rank_fusion(
                [(lexical[0], self.lexical_weight), (dense[0], self.dense_weight)], k=self.rrf_k
            )
        return relative_score_fusion(lexical, dense, self.lexical_weight, self.dense_weight)

    def year_share(self, passage_id: str, query: str) -> float | None:
        """How squarely the passage speaks of the years `query` names (index.year_preference), 0 if of none;
        None if the query names no year (or year-awareness is off)."""
        row = self._rows.get(passage_id)
        if row is None or not self.year_aware:
            return None
        return self.years.share_for(row, query)

    def get(self, passage_id: str) -> Passage | None:
        row = self._rows.get(passage_id)
        return None if row is None else self.passages[row]

    def neighbours(self, passage_id: str, n: int = 1) -> list[Passage]:
        """Up to n passages before and n after `passage_id` in its document, in document order (itself excluded)."""
        passage = self.get(passage_id)
        if passage is None:
            return []
        rows = self._document_rows[passage.document_id]
        at = rows.index(self._rows[passage_id])
        return [self.passages[r] for r in rows[max(0, at - n) : at] + rows[at + 1 : at + 1 + n]]

    def following(self, passage_id: str, n: int) -> list[Passage]:
        """Up to n passages after `passage_id` in its document, in document order."""
        return [p for p in self.neighbours(passage_id, n) if self._rows[p.id] > self._rows[passage_id]]

    def documents(self) -> list[dict]:
        """One entry per indexed document: id, title, year, passage count, table-row count."""
        out = []
        for rows in self._document_rows.values():
            first = self.passages[rows[0]]
            out.append(
                {
                    "id": first.document_id,
                    "title": first.document_title,
                    "year": first.year,
                    "passages": len(rows),
                    "table_rows": sum(self.passages[r].is_table_row for r in rows),
                }
            )
        return out

    def _mask(self, filters: Filters) -> np.ndarray:
        """Which rows `filters` accepts (the last MASK_CACHE filters are remembered; safe across threads)."""
        mask = self._masks.get(filters)
        if mask is None:
            mask = np.fromiter((filters.accepts(p) for p in self.passages), bool, len(self.passages))
            with self._query_lock:
                if len(self._masks) >= MASK_CACHE:
                    del self._masks[next(iter(self._masks))]
                self._masks[filters] = mask
        return mask

    def _hit(self, row: int, score: float, dense: tuple, lexical: tuple) -> Hit:
        d_rank, d_score = _rank_of(row, dense)
        l_rank, l_score = _rank_of(row, lexical)
        return Hit(
            passage=self.passages[row],
            score=float(score),
            dense_score=d_score,
            lexical_score=l_score,
            dense_rank=d_rank,
            lexical_rank=l_rank,
        )


def _empty() -> tuple[np.ndarray, np.ndarray]:
    return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)


def _rank_of(row: int, ranking: tuple[np.ndarray, np.ndarray]) -> tuple[int | None, float | None]:
    found = np.flatnonzero(ranking[0] == row)
    if not len(found):
        return None, None
    return int(found[0]) + 1, float(ranking[1][found[0]])


def _rows_by_document(passages: list[Passage]) -> dict[str, list[int]]:
    """Row numbers of each document's passages, in the order they appear in the document."""
    rows: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(passages):
        rows[p.document_id].append(i)
    return {doc: sorted(r, key=lambda i: (passages[i].span[0], i)) for doc, r in rows.items()}
