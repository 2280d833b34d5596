"""build_milvus_index: passages in, a Milvus collection brought up to date and an index directory that names it.

The collection is the truth about what is stored: each row carries a hash of what it was made from, so a build
upserts only passages that are new or changed and deletes those no longer in the corpus. A build cut short
leaves the previous index directory in place; the next build compares with the collection again and finishes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import index_files as files
from yearbook_qa.index.builder import (
    BuildReport,
    _check_inputs,
    _clean_leftovers,
    _embed,
    _previous_vectors,
    _replace,
    new_manifest,
    report,
)
from yearbook_qa.index.dense_index import resolve_ann
from yearbook_qa.index.errors import IndexBuildError
from yearbook_qa.index.lexical_index import lexical_text
from yearbook_qa.index.milvus_store import MilvusStore, collection_name, row, row_hash
from yearbook_qa.index.tokenizer import ChineseTokenizer


def build_milvus_index(
    passages: list[Passage],
    index_dir: Path,
    embedder,
    milvus_uri: str,
    ann: str = "flat",
    progress: bool = True,
    batch_size: int = 32,
) -> BuildReport:
    """Index `passages` into a Milvus collection at `milvus_uri`, recorded in `index_dir`'s manifest."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    _check_inputs(passages, index_dir, ann)
    ann = resolve_ann(ann, len(passages))
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(index_dir)
    store = MilvusStore.connect(milvus_uri, collection_name(index_dir), IndexBuildError)
    if store.lite and ann == "hnsw":
        ann = "flat"  # Milvus Lite has no HNSW; it searches exactly
    if store.ensure(embedder.dim, ann, IndexBuildError):
        print(f"Milvus: collection {store.collection} created at {store.uri}", file=sys.stderr)
    stored = store.row_hashes()

    keys = [files.embedding_key(embedder.name, p.embed_text()) for p in passages]
    tokens = ChineseTokenizer().tokenize_many([lexical_text(p) for p in passages])
    hashes = [row_hash(p, k, t) for p, k, t in zip(passages, keys, tokens, strict=True)]
    changed = [i for i, (p, h) in enumerate(zip(passages, hashes, strict=True)) if stored.get(p.id) != h]
    current = {p.id for p in passages}
    removed = [i for i in stored if i not in current]

    known = _previous_vectors(index_dir, embedder) if changed else {}  # a FAISS index here: switching re-embeds nothing
    to_embed = {keys[i]: passages[i].embed_text() for i in changed if keys[i] not in known}
    known.update(_embed(to_embed, embedder, progress, batch_size))
    tmp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.tmp-{os.getpid()}-", dir=index_dir.parent))
    tmp.chmod(0o755)
    try:
        store.upsert(row(passages[i], known[keys[i]], tokens[i], hashes[i]) for i in changed)
        store.delete(removed)
        store.flush()
        files.write_passages(tmp / files.PASSAGES, passages)
        files.write_keys(tmp / files.EMBEDDING_KEYS, keys)
        where = {"backend": "milvus", "store": {"uri": store.uri, "collection": store.collection}}
        new_manifest(tmp, embedder.name, int(embedder.dim), keys, ann, started, **where).write(tmp)
        _replace(index_dir, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report(index_dir, len(passages), len(to_embed), started)
