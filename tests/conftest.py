"""Session-wide real components: the converted model, the bundled corpus, one small index, the answerer.

Everything heavy is built once per test session. The model is provisioned into YEARBOOK_QA_HOME
(the same cache `make test` set up), never fetched from a hub.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"

REPO = Path(__file__).resolve().parent.parent
BUNDLED_YEARBOOK = REPO / "corpus" / "data" / "jiayuguan-cppcc-yearbook-2023.txt"
CMRC_SAMPLE = REPO / "tests" / "data" / "cmrc2018-dev-sample"  # a slice of CMRC 2018 dev (tests/data/README.md)
DEV_QUESTIONS = REPO / "eval" / "questions" / "shared_dev_questions.jsonl"
OWN_QUESTIONS = REPO / "eval" / "questions" / "yearbook_questions.jsonl"


@pytest.fixture(scope="session")
def settings():
    """The project settings as a user would have them (env vars honoured)."""
    from yearbook_qa.service.settings import Settings

    return Settings()


@pytest.fixture(scope="session")
def model_path(settings) -> Path:
    """The default embedding model, converted once into the cache dir."""
    from yearbook_qa.index.embedding_model import provision_default_model

    return provision_default_model(settings.models_dir)


@pytest.fixture(scope="session")
def embedder(settings, model_path):
    """The real default embedder (multilingual-e5-small, converted)."""
    from yearbook_qa.index.embedding_model import load_embedder

    return load_embedder(settings.embedding_model, settings.models_dir, threads=settings.threads)


@pytest.fixture(scope="session")
def bundled_corpus():
    """The bundled yearbook, read into documents and passages."""
    from yearbook_qa.corpus import load_corpus

    return load_corpus(BUNDLED_YEARBOOK)


@pytest.fixture(scope="session")
def bundled_index_dir(tmp_path_factory, bundled_corpus, embedder) -> Path:
    """An index of the bundled yearbook, built once per session."""
    from yearbook_qa.index import build_index

    out = tmp_path_factory.mktemp("index") / "bundled"
    build_index(bundled_corpus.passages, out, embedder, progress=False)
    return out


@pytest.fixture(scope="session")
def bundled_index(bundled_index_dir, embedder):
    """The bundled yearbook's index, loaded."""
    from yearbook_qa.index import HybridIndex

    return HybridIndex.load(bundled_index_dir, embedder)


@pytest.fixture(scope="session")
def reader(settings, model_path):
    """The trained reader as it ships: the committed layers over the provisioned e5, int8 on ONNX Runtime."""
    from yearbook_qa.service.answering.reader.onnx_reader import load_reader

    return load_reader(settings.models_dir)


@pytest.fixture(scope="session")
def answerer(bundled_index, reader):
    """The answering function every surface (CLI, API, widget, eval) shares: the rules with the reader."""
    from yearbook_qa.service.answering.answerer import Answerer

    return Answerer(bundled_index, reader=reader)
