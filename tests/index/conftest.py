"""The default model on PyTorch (sentence-transformers), the reference the ONNX encoder is held to."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def torch_embedder(settings, model_path):
    from yearbook_qa.index.embedding_model import DEFAULT_MODEL, load_embedder

    return load_embedder(DEFAULT_MODEL, settings.models_dir, threads=1, encoder="torch")
