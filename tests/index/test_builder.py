"""build_index: incremental rebuilds, crash safety (a real build killed mid-embedding), refusals."""

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from yearbook_qa.corpus import load_corpus
from yearbook_qa.index import HybridIndex, IndexBuildError, IndexLoadError, build_index
from yearbook_qa.index.dense_index import AUTO_HNSW_FROM, resolve_ann
from yearbook_qa.index.index_files import write_passages
from yearbook_qa.index.manifest import FORMAT_VERSION

REPO = Path(__file__).resolve().parents[2]
YEARBOOK = REPO / "corpus" / "data" / "jiayuguan-cppcc-yearbook-2023.txt"


@pytest.fixture
def previous(bundled_index_dir, tmp_path) -> Path:
    """A writable copy of the session's bundled index, standing in for yesterday's build."""
    target = tmp_path / "index"
    shutil.copytree(bundled_index_dir, target)
    return target


def test_rebuilding_unchanged_passages_reuses_every_vector(previous, bundled_corpus, embedder):
    report = build_index(bundled_corpus.passages, previous, embedder, progress=False)
    assert (report.embedded, report.reused) == (0, len(bundled_corpus.passages))


def test_editing_one_entry_re_embeds_only_its_passages(previous, bundled_corpus, bundled_index, embedder, tmp_path):
    edited_file = tmp_path / "edited" / YEARBOOK.name
    edited_file.parent.mkdir()
    text = YEARBOOK.read_text(encoding="utf-8")
    assert text.count("实到135名") == 1
    edited_file.write_text(text.replace("实到135名", "实到136名"), encoding="utf-8")
    edited = load_corpus(edited_file).passages
    old_texts = {p.embed_text() for p in bundled_corpus.passages}
    changed = [p for p in edited if p.embed_text() not in old_texts]
    assert 1 <= len(changed) < len(edited) // 4

    report = build_index(edited, previous, embedder, progress=False)
    assert (report.embedded, report.reused) == (len(changed), len(edited) - len(changed))

    new = HybridIndex.load(previous, embedder)
    assert any("实到136名" in h.passage.text for h in new.search("十届二次会议实到多少名委员", k=3))
    assert not any("实到135名" in p.text for p in new.passages)
    vectors, old_vectors = new.dense.vectors(), bundled_index.dense.vectors()
    old_rows = {p.embed_text(): i for i, p in enumerate(bundled_index.passages)}
    for row, p in enumerate(edited):
        if p in changed:
            fresh = embedder.encode_passages([p.embed_text()])[0]
            np.testing.assert_allclose(vectors[row], fresh, atol=1e-5)
        else:
            np.testing.assert_array_equal(vectors[row], old_vectors[old_rows[p.embed_text()]])


CHILD = textwrap.dedent("""
    import signal
    import sys

    # Ctrl-C must reach the build whatever the parent ignored (a shell running `cmd &`, some CI runners)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from pathlib import Path
    from yearbook_qa.index import build_index
    from yearbook_qa.index.embedding_model import load_embedder
    from yearbook_qa.index.index_files import read_passages
    from yearbook_qa.service.settings import Settings

    settings = Settings()
    embedder = load_embedder(settings.embedding_model, settings.models_dir, threads=1)
    build_index(read_passages(Path(sys.argv[1])), Path(sys.argv[2]), embedder, progress=True)
""")

# Start the child as a non-interactive shell starts `cmd &`: with SIGINT ignored, which exec passes on.
SIGINT_IGNORED = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); os.execv(sys.argv[1], sys.argv[1:])",
    sys.executable,
]


def _start_build_and_wait_for_embedding(passages, index_dir: Path, tmp_path: Path) -> subprocess.Popen:
    """Start a real build in a subprocess; return once it is embedding into its temporary directory."""
    source = tmp_path / "passages.jsonl"
    write_passages(source, passages)
    env = {**os.environ, "YEARBOOK_QA_THREADS": "1"}
    child = subprocess.Popen(
        [*SIGINT_IGNORED, "-c", CHILD, str(source), str(index_dir)], stderr=subprocess.PIPE, text=True, env=env
    )
    stderr: list[str] = []
    threading.Thread(target=lambda: stderr.extend(iter(lambda: child.stderr.read(1), "")), daemon=True).start()
    deadline = time.monotonic() + 240
    while "embedding:" not in "".join(stderr):
        assert child.poll() is None, "".join(stderr)
        assert time.monotonic() < deadline, "the build never started embedding"
        time.sleep(0.1)
    assert _leftovers(index_dir), "the build should be writing into a temporary sibling directory"
    time.sleep(1.0)
    assert child.poll() is None, "the build finished before it could be interrupted"
    return child


def _leftovers(index_dir: Path) -> list[Path]:
    return [p for p in index_dir.parent.iterdir() if p.name.startswith(f".{index_dir.name}.")]


def _renamed(passages):
    """Every passage with new text, so a build has to embed all of them (several seconds on a CPU)."""
    return [dataclasses.replace(p, id=f"new-{p.id}", text=p.text + "（修订）") for p in passages]


def test_a_killed_build_leaves_the_previous_index_intact(previous, bundled_corpus, embedder, tmp_path):
    child = _start_build_and_wait_for_embedding(_renamed(bundled_corpus.passages), previous, tmp_path)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)

    survivor = HybridIndex.load(previous, embedder)
    assert [p.id for p in survivor.passages] == [p.id for p in bundled_corpus.passages]
    assert survivor.search("实到多少名委员", k=1)
    assert _leftovers(previous), "a SIGKILLed build cannot clean up after itself"

    report = build_index(bundled_corpus.passages, previous, embedder, progress=False)
    assert report.embedded == 0 and not _leftovers(previous), "the next build removes what the killed one left"


def test_an_interrupted_build_cleans_up_and_keeps_the_previous_index(previous, bundled_corpus, embedder, tmp_path):
    child = _start_build_and_wait_for_embedding(_renamed(bundled_corpus.passages), previous, tmp_path)
    child.send_signal(signal.SIGINT)  # Ctrl-C
    assert child.wait(timeout=120) != 0
    assert not _leftovers(previous)
    assert [p.id for p in HybridIndex.load(previous, embedder).passages] == [p.id for p in bundled_corpus.passages]


def test_refuses_to_replace_a_directory_that_is_not_an_index(bundled_corpus, embedder, tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(IndexBuildError, match="not an index directory"):
        build_index(bundled_corpus.passages[:3], tmp_path / "notes", embedder, progress=False)
    assert (tmp_path / "notes" / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_bad_inputs_are_refused(bundled_corpus, embedder, tmp_path):
    with pytest.raises(IndexBuildError, match="no passages"):
        build_index([], tmp_path / "a", embedder, progress=False)
    first = bundled_corpus.passages[0]
    with pytest.raises(IndexBuildError, match="duplicate passage id"):
        build_index([first, first], tmp_path / "b", embedder, progress=False)
    with pytest.raises(IndexBuildError, match="unknown ann kind"):
        build_index([first], tmp_path / "c", embedder, ann="lsh", progress=False)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("ann", ["hnsw", "ivf"])
def test_approximate_indexes_reuse_flat_vectors_load_and_search(previous, bundled_corpus, embedder, ann):
    report = build_index(bundled_corpus.passages, previous, embedder, ann=ann, progress=False)
    assert report.embedded == 0
    index = HybridIndex.load(previous, embedder)
    assert index.manifest.ann == ann and report.passages == len(index.passages)
    assert any("实到135名" in h.passage.text for h in index.search("十届二次会议实到多少名委员", k=5, mode="dense"))


def test_an_index_of_an_older_format_is_rebuilt_reusing_its_vectors(previous, bundled_corpus, embedder):
    manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    (previous / "manifest.json").write_text(
        json.dumps(manifest | {"format_version": FORMAT_VERSION - 1}), encoding="utf-8"
    )
    with pytest.raises(IndexLoadError, match="format version"):
        HybridIndex.load(previous, embedder)
    report = build_index(bundled_corpus.passages, previous, embedder, progress=False)
    assert (report.embedded, report.reused) == (0, len(bundled_corpus.passages))
    assert HybridIndex.load(previous, embedder).manifest.format_version == FORMAT_VERSION


def test_auto_picks_flat_for_a_small_corpus_and_hnsw_for_a_large_one(previous, bundled_corpus, embedder):
    report = build_index(bundled_corpus.passages, previous, embedder, ann="auto", progress=False)
    assert HybridIndex.load(previous, embedder).manifest.ann == "flat" and report.embedded == 0
    assert resolve_ann("auto", AUTO_HNSW_FROM - 1) == "flat" and resolve_ann("auto", AUTO_HNSW_FROM) == "hnsw"
    assert resolve_ann("ivf", 10) == "ivf"
