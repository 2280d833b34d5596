"""Both index backends over the bundled yearbook (FAISS files, and Milvus Lite started by the tests), and the
default model on PyTorch (sentence-transformers), the reference the ONNX encoder is held to.

Milvus Lite runs embedded on a local .db file (pymilvus starts its server process on a Unix socket); the
`milvus_server` fixture starts the same core listening on 127.0.0.1 and reaches it through an http:// URI,
as a remote cluster would be reached.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BACKENDS = ("faiss", "milvus")
SERVER_START_S = 60


@pytest.fixture(scope="session")
def milvus_lite_uri(tmp_path_factory) -> str:
    """A Milvus Lite data file for the session (embedded: no address, no port)."""
    return str(tmp_path_factory.mktemp("milvus-lite") / "lite.db")


@pytest.fixture(scope="session")
def milvus_index_dir(tmp_path_factory, bundled_corpus, embedder, milvus_lite_uri) -> Path:
    """The bundled yearbook indexed into Milvus Lite, built once per session."""
    from yearbook_qa.index import build_index

    out = tmp_path_factory.mktemp("index") / "bundled-milvus"
    build_index(bundled_corpus.passages, out, embedder, progress=False, backend="milvus", milvus_uri=milvus_lite_uri)
    return out


@pytest.fixture(scope="session")
def milvus_index(milvus_index_dir, embedder):
    from yearbook_qa.index import HybridIndex

    return HybridIndex.load(milvus_index_dir, embedder)


@pytest.fixture(scope="session", params=BACKENDS)
def backend_index(request):
    """The bundled yearbook's index on each backend, loaded through the same HybridIndex.load."""
    return request.getfixturevalue("bundled_index" if request.param == "faiss" else "milvus_index")


@dataclass(frozen=True)
class MilvusServer:
    uri: str
    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def milvus_server(tmp_path_factory) -> Iterator[MilvusServer]:
    """The Milvus Lite core as a server on 127.0.0.1 (a free port), reached by http://; stopped after the session."""
    from milvus_lite.server import Server

    from yearbook_qa.index.errors import IndexLoadError
    from yearbook_qa.index.milvus_store import MilvusStore

    port = free_port()
    server = Server(str(tmp_path_factory.mktemp("milvus-server") / "server.db"), f"127.0.0.1:{port}")
    assert server.start(), "milvus-lite server did not start"
    try:
        uri = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                MilvusStore.connect(uri, "probe", IndexLoadError)
                break
            except IndexLoadError:
                if time.monotonic() > deadline:
                    raise
        assert server._p is not None
        yield MilvusServer(uri, server._p.pid)
    finally:
        with contextlib.suppress(Exception):
            server.stop()


@pytest.fixture(scope="session")
def torch_embedder(settings, model_path):
    from yearbook_qa.index.embedding_model import DEFAULT_MODEL, load_embedder

    return load_embedder(DEFAULT_MODEL, settings.models_dir, threads=1, encoder="torch")
