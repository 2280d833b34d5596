"""The ONNX Runtime encoder: faithful to the sentence-transformers pipeline, thread-safe, torch-free, and
recorded in the index so that switching encoders re-embeds instead of mixing vectors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from tests.conftest import REPO
from tests.index.test_embedding_model import SENTENCES
from yearbook_qa.index.embedding_model import DEFAULT_MODEL, ModelUnavailableError, load_embedder
from yearbook_qa.index.onnx_export import EXPORTER, GRAPHS, onnx_dir, provision_onnx

# Least cosine to the PyTorch vectors: fp32 is the same arithmetic in another order; int8 rounds weights
# and activations (measured 0.9946 at worst on yearbook text).
MIN_COSINE = {"onnx-fp32": 0.9999, "onnx-int8": 0.99}


@pytest.fixture(scope="module", params=list(GRAPHS))
def onnx_embedder(request, settings, model_path):
    return load_embedder(DEFAULT_MODEL, settings.models_dir, threads=1, encoder=request.param)


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_onnx_matches_sentence_transformers(onnx_embedder, torch_embedder, kind):
    def encode(e):
        return e.encode_queries(SENTENCES) if kind == "query" else e.encode_passages(SENTENCES, batch_size=8)

    ours, theirs = encode(onnx_embedder), encode(torch_embedder)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape == (len(SENTENCES), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    encoder = onnx_embedder.name.rsplit("/", 1)[1]
    assert cosines.min() >= MIN_COSINE[encoder], f"{encoder} {kind}: {cosines.min():.6f}"


def test_prompts_and_batching_do_not_change_a_vector(onnx_embedder):
    """A text gets the same vector alone or among others (int8 scales activations per call); query != passage."""
    alone = np.stack([onnx_embedder.encode_passages([s])[0] for s in SENTENCES[:4]])
    batched = onnx_embedder.encode_passages(SENTENCES, batch_size=32)[:4]
    np.testing.assert_array_equal(alone, batched)
    queries = onnx_embedder.encode_queries(SENTENCES[:4])
    assert ((queries * batched).sum(axis=1) < 0.9999).all()


def test_threads_share_one_session(onnx_embedder):
    """Eight threads encoding at once get exactly what one thread gets."""
    expected = [onnx_embedder.encode_queries([s])[0] for s in SENTENCES]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda s: onnx_embedder.encode_queries([s])[0], SENTENCES * 3))
    for i, vector in enumerate(got):
        np.testing.assert_array_equal(vector, expected[i % len(SENTENCES)])


EDGE_CASES = [
    "",
    " ",
    "trailing  ",
    "x\n",
    "x\u3000",
    "x\u200b",
    "x\ufeff",
    "x\x00",
    "  two  spaces",
    "ＡＢＣ１２３",
    "😀 x",
    "表" * 2000,
]


def test_sentencepiece_ids_equal_the_tokenizer_json_ids(model_path, settings, bundled_corpus):
    """Every text of the project (passages of every corpus, questions, the CMRC 2018 sample) and odd whitespace."""
    from tokenizers import Tokenizer

    from tests.conftest import CMRC_SAMPLE
    from yearbook_qa.corpus import load_corpus
    from yearbook_qa.eval.question_set import load_questions
    from yearbook_qa.index.onnx_export import TOKENIZER, max_tokens
    from yearbook_qa.index.spm_tokenizer import SpmTokenizer

    reference = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    reference.enable_truncation(512)
    ours = SpmTokenizer(onnx_dir(settings.models_dir) / TOKENIZER, max_tokens(onnx_dir(settings.models_dir)))
    corpora = [bundled_corpus.passages, *(load_corpus(c).passages for c in (REPO / "eval" / "corpora").iterdir())]
    texts = SENTENCES + EDGE_CASES + [p.embed_text() for passages in corpora for p in passages]
    texts += [q.question for path in (REPO / "eval" / "questions").glob("*.jsonl") for q in load_questions(path)]
    for name, key in (("questions.eval.jsonl", "question"), ("passages.jsonl", "text")):
        texts += [json.loads(line)[key] for line in (CMRC_SAMPLE / name).read_text(encoding="utf-8").splitlines()]
    assert len(texts) > 3000
    for text in texts:
        for prompt in ("query: ", "passage: "):
            assert ours.ids(prompt + text) == reference.encode(prompt + text).ids, repr(prompt + text[:80])


def test_each_encoder_has_its_own_name(onnx_embedder, torch_embedder):
    assert onnx_embedder.name != torch_embedder.name
    assert onnx_embedder.name.startswith(f"{DEFAULT_MODEL}@{EXPORTER}/")


def test_switching_encoders_re_embeds(tmp_path, bundled_corpus, settings, model_path):
    """An index built by one encoder is refused by another, and rebuilding re-embeds every passage."""
    from yearbook_qa.index import HybridIndex, IndexLoadError, build_index

    passages = bundled_corpus.passages[:12]
    fp32 = load_embedder(DEFAULT_MODEL, settings.models_dir, encoder="onnx-fp32")
    int8 = load_embedder(DEFAULT_MODEL, settings.models_dir, encoder="onnx-int8")
    build_index(passages, tmp_path / "ix", fp32, progress=False)
    assert json.loads((tmp_path / "ix" / "manifest.json").read_text())["model"] == fp32.name
    with pytest.raises(IndexLoadError, match="onnx-fp32"):
        HybridIndex.load(tmp_path / "ix", int8)
    report = build_index(passages, tmp_path / "ix", int8, progress=False)
    assert (report.embedded, report.reused) == (len(passages), 0)
    assert HybridIndex.load(tmp_path / "ix", int8).manifest.model == int8.name


def test_provisioning_is_done_once(settings, model_path, capsys):
    directory = provision_onnx(settings.models_dir)
    assert directory == onnx_dir(settings.models_dir)
    stamps = {g: (directory / g).stat().st_mtime_ns for g in GRAPHS.values()}
    capsys.readouterr()
    assert provision_onnx(settings.models_dir) == directory
    assert capsys.readouterr().err == ""
    assert stamps == {g: (directory / g).stat().st_mtime_ns for g in GRAPHS.values()}
    assert (directory / GRAPHS["onnx-int8"]).stat().st_size < (directory / GRAPHS["onnx-fp32"]).stat().st_size / 3


def test_unknown_encoder_is_a_clear_error(settings):
    with pytest.raises(ModelUnavailableError, match="onnx-int8"):
        load_embedder(DEFAULT_MODEL, settings.models_dir, encoder="tensorrt")


def test_serving_process_never_imports_torch(bundled_index_dir, settings):
    """Loading the answerer and the app with the default encoder, and answering, leaves torch unimported."""
    code = (
        "import sys\n"
        "from yearbook_qa.service.settings import Settings\n"
        "from yearbook_qa.service.runtime import load_answerer\n"
        "from yearbook_qa.service.api.app import create_app\n"
        "s = Settings()\n"
        "a = load_answerer(s)\n"
        "create_app(s, a)\n"
        "assert a.ask('十届二次会议开幕那天实到多少委员？').answerable\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers', 'sentence_transformers')))\n"
    )
    env = os.environ | {"YEARBOOK_QA_INDEX_DIR": str(bundled_index_dir), "YEARBOOK_QA_HOME": str(settings.home)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "[]"
