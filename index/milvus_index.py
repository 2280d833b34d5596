"""MilvusIndex: the HybridIndex interface over a Milvus collection (Milvus Lite embedded, or a server or cluster).

Passages (and so answering) are the same as with FAISS; only the two rankings come from Milvus. Both lists are
fetched and fused here by index.fusion, because Milvus's rankers (RRF, or weights over arctan-squashed scores)
cannot express the project's relative-score fusion.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import index_files as files
from yearbook_qa.index.errors import REBUILD_HINT, IndexLoadError
from yearbook_qa.index.hit import Filters
from yearbook_qa.index.hybrid_index import HybridIndex
from yearbook_qa.index.manifest import Manifest
from yearbook_qa.index.milvus_store import TRANSLATED, MilvusStore, filter_expression, string_literal
from yearbook_qa.index.tokenizer import ChineseTokenizer


class MilvusIndex(HybridIndex):
    """Passages in memory, their vectors and BM25 rows in a Milvus collection; `search` as HybridIndex's."""

    def __init__(self, passages: list[Passage], store: MilvusStore, embedder, manifest: Manifest, **fusion) -> None:
        # No FAISS or bm25s side: the collection holds both. `fusion`: HybridIndex's weights and kind.
        super().__init__(passages, None, None, embedder, manifest, **fusion)  # type: ignore[arg-type]
        self.store = store
        self.tokenizer = ChineseTokenizer()

    @classmethod
    def open(cls, index_dir: Path, manifest: Manifest, embedder, **fusion) -> MilvusIndex:
        """The index at `index_dir` whose manifest (already checked) names its Milvus collection."""
        try:
            passages = files.read_passages(index_dir / files.PASSAGES)
            uri, collection = manifest.store["uri"], manifest.store["collection"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise IndexLoadError(f"index at {index_dir} cannot be read ({e}); {REBUILD_HINT}") from e
        store = MilvusStore.connect(uri, collection, IndexLoadError)
        store.check(manifest.dim, manifest.passages, IndexLoadError, f"index at {index_dir}: {REBUILD_HINT}")
        if len(passages) != manifest.passages:
            raise IndexLoadError(
                f"index at {index_dir} lists {len(passages)} passages, its manifest {manifest.passages}"
            )
        return cls(passages, store, embedder, manifest, **fusion)

    def _rankings(
        self, query: str, depth: int, filters: Filters | None, mode: str, within: np.ndarray | None = None
    ) -> tuple[tuple, tuple] | None:
        expression = self._expression(filters or Filters(), within)
        if expression is None:
            return None
        lexical = self.store.search_lexical(self.tokenizer(query), depth, expression) if mode != "dense" else []
        dense = self.store.search_dense(self.query_vector(query), depth, expression) if mode != "lexical" else []
        return self._ranked(lexical), self._ranked(dense)

    def _expression(self, filters: Filters, within: np.ndarray | None = None) -> str | None:
        """The Milvus filter for `filters` (and `within`, a row mask); fields it cannot express become the list
        of ids they accept.

        None when no passage passes.
        """
        expression = filter_expression(filters)
        rest = replace(filters, **dict.fromkeys(TRANSLATED))
        if rest == Filters() and within is None:
            return expression
        mask = self._mask(rest) if rest != Filters() else np.ones(len(self.passages), bool)
        accepted = np.flatnonzero(mask if within is None else mask & within)
        if not len(accepted):
            return None
        ids = f"id in [{', '.join(string_literal(self.passages[r].id) for r in accepted)}]"
        return f"{expression} and {ids}" if expression else ids

    def _ranked(self, found: list[tuple[str, float]]) -> tuple[np.ndarray, np.ndarray]:
        """Milvus hits as (rows, scores), best first, ties by row as the FAISS backend orders them."""
        pairs = sorted(((self._rows[i], s) for i, s in found if i in self._rows), key=lambda rs: (-rs[1], rs[0]))
        rows = np.fromiter((r for r, _ in pairs), np.int64, len(pairs))
        scores = np.fromiter((s for _, s in pairs), np.float32, len(pairs))
        return rows, scores
