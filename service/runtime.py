"""Composition: settings in, a built index or a ready answerer out (shared by the CLI and the server)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from yearbook_qa.corpus import load_corpus
from yearbook_qa.index import BuildReport, HybridIndex, build_index
from yearbook_qa.index.embedding_model import Embedder, load_embedder
from yearbook_qa.index.manifest import Manifest
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.answering.reader.onnx_reader import Reader, load_reader
from yearbook_qa.service.library import load_paths, report_problems
from yearbook_qa.service.settings import Settings


def configured_embedder(settings: Settings) -> Embedder:
    """The configured embedding model, loaded once per caller and shared by building and answering."""
    return load_embedder(
        settings.embedding_model, settings.models_dir, threads=settings.threads, encoder=settings.encoder
    )


def build(settings: Settings, embedder: Embedder | None = None, paths: Sequence[Path] = ()) -> BuildReport:
    """Read the given yearbooks (default: the configured corpus) and (re)build the index; problems are reported."""
    if paths:
        corpus = load_paths(paths, max_chars=settings.passage_max_chars)
    else:
        corpus = load_corpus(settings.corpus, max_chars=settings.passage_max_chars)
    report_problems(corpus)
    report = build_index(
        corpus.passages,
        settings.resolved_index_dir,
        embedder or configured_embedder(settings),
        ann=settings.ann,
        backend=settings.index_backend,
        milvus_uri=settings.resolved_milvus_uri,
    )
    print(
        f"索引已建立: {settings.resolved_index_dir} ({len(corpus.documents)} 份文档, {report.passages} 个段落, "
        f"新嵌入 {report.embedded}, 复用 {report.reused}, {report.seconds:.1f} 秒)",
        file=sys.stderr,
    )
    return report


def load_answerer(settings: Settings, embedder: Embedder | None = None) -> Answerer:
    """Load the configured index (building it first if there is none yet) and wrap it in an Answerer."""
    embedder = embedder or configured_embedder(settings)
    if not (settings.resolved_index_dir / "manifest.json").exists():
        print(f"尚无索引, 正在建立: {settings.resolved_index_dir}", file=sys.stderr)
        build(settings, embedder)
    elif Manifest.read(settings.resolved_index_dir, any_version=True).backend != settings.index_backend:
        print(f"索引后端改为 {settings.index_backend}, 正在重建: {settings.resolved_index_dir}", file=sys.stderr)
        build(settings, embedder)
    index = HybridIndex.load(
        settings.resolved_index_dir,
        embedder,
        dense_weight=settings.dense_weight,
        lexical_weight=settings.lexical_weight,
        rrf_k=settings.rrf_k,
        threads=settings.threads,
        fusion=settings.fusion,
    )
    return Answerer(
        index, threshold=settings.answer_threshold, reader=configured_reader(settings), reader_mode=settings.reader
    )


def configured_reader(settings: Settings) -> Reader | None:
    """The trained reader on ONNX Runtime (exported at `setup`), or None when the settings turn it off."""
    if settings.reader == "off":
        return None
    return load_reader(settings.models_dir, settings.reader_precision, threads=settings.threads)
