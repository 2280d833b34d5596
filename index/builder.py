"""build_index: passages in, an index directory out (written beside the target, then renamed into place)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np
import psutil
from tqdm import tqdm

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index import index_files as files
from yearbook_qa.index.dense_index import ANN_KINDS, AUTO, DenseIndex, resolve_ann
from yearbook_qa.index.errors import IndexBuildError
from yearbook_qa.index.lexical_index import LexicalIndex, lexical_text
from yearbook_qa.index.manifest import FORMAT_VERSION, MANIFEST, Manifest, describe_files

log = logging.getLogger(__name__)
EMBED_CHUNK = 64  # passages per progress-bar step


@dataclass(frozen=True)
class BuildReport:
    """What a build did: how many passages it indexed, embedded afresh and re-used."""

    index_dir: Path
    passages: int
    embedded: int  # vectors computed by this build
    reused: int  # vectors taken from the previous index at the same path (or duplicate texts)
    seconds: float
    bytes: int  # size of the index directory

    def summary(self) -> str:
        return (
            f"索引已构建: {self.passages} passages ({self.embedded} embedded, {self.reused} re-used) "
            f"in {self.seconds:.1f} s, {self.bytes / 1e6:.1f} MB at {self.index_dir}"
        )


def build_index(
    passages: list[Passage],
    index_dir: Path,
    embedder,
    ann: str = "flat",
    progress: bool = True,
    threads: int | None = None,
    batch_size: int = 32,
    backend: str = "faiss",
    milvus_uri: str | None = None,
) -> BuildReport:
    """Index `passages` into `index_dir`, re-using the vectors of the previous index there.

    The new index is written into a temporary sibling directory and renamed into place only when
    complete, so an interrupted or killed build leaves the previous index intact. backend "milvus" keeps
    vectors and BM25 in a Milvus collection at `milvus_uri` instead (index.milvus_builder).
    """
    if backend == "milvus":  # the optional extra, imported only when chosen
        from yearbook_qa.index.milvus_builder import build_milvus_index

        if milvus_uri is None:
            raise IndexBuildError("index_backend = milvus needs milvus_uri (a local .db file or http://host:19530)")
        return build_milvus_index(passages, index_dir, embedder, milvus_uri, ann, progress, batch_size)
    if backend != "faiss":
        raise IndexBuildError(f"unknown index backend {backend!r}; choose faiss or milvus")
    started = time.perf_counter()
    index_dir = Path(index_dir)
    _check_inputs(passages, index_dir, ann)
    ann = resolve_ann(ann, len(passages))
    if threads is not None:
        faiss.omp_set_num_threads(threads)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(index_dir)

    keys = [files.embedding_key(embedder.name, p.embed_text()) for p in passages]
    known = _previous_vectors(index_dir, embedder)
    texts_to_embed = {k: p.embed_text() for k, p in zip(keys, passages, strict=False) if k not in known}
    tmp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.tmp-{os.getpid()}-", dir=index_dir.parent))
    tmp.chmod(0o755)  # mkdtemp's 0700 would otherwise become the index's mode
    try:
        known.update(_embed(texts_to_embed, embedder, progress, batch_size))
        vectors = np.stack([known[k] for k in keys]).astype(np.float32)
        DenseIndex.build(vectors, ann).save(tmp / files.DENSE)
        LexicalIndex.build([lexical_text(p) for p in passages]).save(tmp / files.LEXICAL)
        files.write_passages(tmp / files.PASSAGES, passages)
        files.write_keys(tmp / files.EMBEDDING_KEYS, keys)
        new_manifest(tmp, embedder.name, int(vectors.shape[1]), keys, ann, started).write(tmp)
        _replace(index_dir, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report(index_dir, len(passages), len(texts_to_embed), started)


def new_manifest(directory: Path, model: str, dim: int, keys: list[str], ann: str, started: float, **where) -> Manifest:
    """The manifest of the index files in `directory` (`where`: the backend and store, if not FAISS files)."""
    return Manifest(
        format_version=FORMAT_VERSION,
        model=model,
        dim=dim,
        passages=len(keys),
        corpus_hash=files.corpus_hash(keys),
        ann=ann,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        build_seconds=round(time.perf_counter() - started, 3),
        files=describe_files(directory),
        **where,
    )


def report(index_dir: Path, passages: int, embedded: int, started: float) -> BuildReport:
    size = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    return BuildReport(index_dir, passages, embedded, passages - embedded, time.perf_counter() - started, size)


def _check_inputs(passages: list[Passage], index_dir: Path, ann: str) -> None:
    if ann not in (*ANN_KINDS, AUTO):
        raise IndexBuildError(f"unknown ann kind {ann!r}; choose one of {', '.join((*ANN_KINDS, AUTO))}")
    if not passages:
        raise IndexBuildError("no passages to index: the corpus is empty (语料为空)")
    seen: set[str] = set()
    for p in passages:
        if p.id in seen:
            raise IndexBuildError(f"duplicate passage id {p.id!r}: passage ids must be unique")
        seen.add(p.id)
    if index_dir.exists() and not _is_replaceable(index_dir):
        raise IndexBuildError(f"refusing to replace {index_dir}: it exists and is not an index directory")


def _is_replaceable(path: Path) -> bool:
    """Only an empty directory or an earlier index may be replaced, never arbitrary user files."""
    return path.is_dir() and ((path / MANIFEST).is_file() or not any(path.iterdir()))


def _previous_vectors(index_dir: Path, embedder) -> dict[str, np.ndarray]:
    """{embedding key: vector} of the index already at `index_dir`, if it is usable with this model."""
    if not (index_dir / MANIFEST).is_file():
        return {}
    try:
        manifest = Manifest.read(index_dir, any_version=True)  # vectors depend on model and text only
        manifest.check_model(index_dir, embedder.name, embedder.dim)
        manifest.check_files(index_dir)
        keys = files.read_keys(index_dir / files.EMBEDDING_KEYS)
        vectors = DenseIndex.load(index_dir / files.DENSE, manifest.ann).vectors()
    except (UserError, OSError, RuntimeError, ValueError) as e:
        log.info("not re-using the index at %s: %s", index_dir, e)
        return {}
    return dict(zip(keys, vectors, strict=False)) if len(keys) == len(vectors) else {}


def _embed(texts: dict[str, str], embedder, progress: bool, batch_size: int) -> dict[str, np.ndarray]:
    """Embed {key: text}, showing passages embedded, rate and ETA."""
    keys, values = list(texts), list(texts.values())
    out: dict[str, np.ndarray] = {}
    with tqdm(total=len(values), unit="passage", desc="embedding", disable=not progress or not values) as bar:
        for start in range(0, len(values), EMBED_CHUNK):
            chunk = values[start : start + EMBED_CHUNK]
            vectors = embedder.encode_passages(chunk, batch_size=batch_size, progress=False)
            out.update(zip(keys[start : start + EMBED_CHUNK], np.asarray(vectors, dtype=np.float32), strict=False))
            bar.update(len(chunk))
    return out


def _replace(target: Path, tmp: Path) -> None:
    """Move the complete new index into place; the previous one is removed only after that."""
    if not target.exists():
        os.rename(tmp, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
    os.rename(target, old / "index")
    os.rename(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def _clean_leftovers(target: Path) -> None:
    """Remove what killed builds left beside `target`; restore the previous index if a swap was cut short."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(tmp|old)-(\d+)-")
    for path in target.parent.iterdir():
        m = pattern.match(path.name)
        if not m or psutil.pid_exists(int(m.group(2))):
            continue
        if m.group(1) == "old" and not target.exists() and (path / "index" / MANIFEST).is_file():
            os.rename(path / "index", target)
        shutil.rmtree(path, ignore_errors=True)
