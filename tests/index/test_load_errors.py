"""Loading checks the manifest and every file: problems become IndexLoadError saying what to rebuild."""

import json
import shutil

import pytest

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.index import HybridIndex, IndexLoadError


@pytest.fixture
def copy(bundled_index_dir, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(bundled_index_dir, target)
    return target


def _edit_manifest(directory, **changes):
    path = directory / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


def _load_error(directory, embedder) -> str:
    with pytest.raises(IndexLoadError) as e:
        HybridIndex.load(directory, embedder)
    assert isinstance(e.value, UserError)
    return str(e.value)


def test_an_intact_copy_loads(copy, embedder):
    assert HybridIndex.load(copy, embedder).search("委员", k=1)


def test_missing_directory(tmp_path, embedder):
    assert "yearbook-qa build" in _load_error(tmp_path / "nowhere", embedder)


def test_model_mismatch_names_both_models(copy, embedder):
    _edit_manifest(copy, model="all-MiniLM-L6-v2")
    message = _load_error(copy, embedder)
    assert "all-MiniLM-L6-v2" in message and embedder.name in message and "yearbook-qa build" in message


def test_dimension_mismatch(copy, embedder):
    _edit_manifest(copy, dim=768)
    assert "768" in _load_error(copy, embedder)


def test_other_format_version(copy, embedder):
    _edit_manifest(copy, format_version=999)
    assert "format version 999" in _load_error(copy, embedder)


def test_corrupt_manifest(copy, embedder):
    (copy / "manifest.json").write_text("{not json", encoding="utf-8")
    assert "corrupt manifest.json" in _load_error(copy, embedder)


@pytest.mark.parametrize("name", ["dense.faiss", "passages.jsonl", "embedding_keys.txt"])
def test_missing_file(copy, embedder, name):
    (copy / name).unlink()
    assert f"missing {name}" in _load_error(copy, embedder)


@pytest.mark.parametrize("name", ["dense.faiss", "passages.jsonl"])
def test_corrupt_file_same_size(copy, embedder, name):
    path = copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert f"corrupt {name}" in _load_error(copy, embedder)


def test_truncated_bm25_file(copy, embedder):
    path = next((copy / "bm25").glob("data.*"))
    path.write_bytes(path.read_bytes()[:10])
    assert "corrupt bm25/" in _load_error(copy, embedder)
