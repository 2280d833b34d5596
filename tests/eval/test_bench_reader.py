"""The experimental span reader: windows map tokens back to the passage, the numpy head equals its torch twin,
the best span respects its limits, and missing weights are a clear error."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from bench import reader as rd
from bench.train_reader import _head_module, _numpy_head, labelled


@pytest.fixture(scope="module")
def tokenizer_only(model_path):
    """A StateEncoder's windowing without the ONNX graph (the tokenizer of the local model copy)."""
    from transformers import AutoTokenizer

    encoder = rd.StateEncoder.__new__(rd.StateEncoder)
    encoder._tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)
    return encoder


def test_windows_cover_a_long_passage_and_label_its_answer(tokenizer_only):
    passage = "2023年，嘉峪关市政协共召开常委会议6次。" * 40 + "全年提交提案共计185件，立案172件。"
    start = passage.index("185件")
    windows = tokenizer_only.windows("全年提交提案多少件？", passage)
    assert len(windows) > 1 and all(len(w.ids) <= rd.MAX_TOKENS for w in windows)
    assert windows[0].spans[1, 0] == -1  # question tokens are never part of an answer
    labels = [labelled(w, start, start + len("185件")) for w in windows]
    found = [(w, lab) for w, lab in zip(windows, labels, strict=True) if lab != (0, 0)]
    assert found, "the answer lies inside the last window"
    w, (i, j) = found[0]
    assert passage[w.spans[i, 0] : w.spans[j, 1]] == "185件"


def test_best_span_keeps_order_length_and_allowed_tokens():
    start = np.array([0.0, 5.0, 1.0, 0.0, 9.0])
    end = np.array([0.0, 0.0, 4.0, 3.0, 0.0])
    allowed = np.array([False, True, True, True, False])
    assert rd.best_span(start, end, allowed)[:2] == (1, 2)
    assert rd.best_span(start, end, allowed, max_span=1)[:2] == (1, 1)


def test_numpy_head_equals_the_trained_torch_module():
    torch.manual_seed(0)
    head = _head_module(48, 16, 2).eval()
    x = torch.randn(2, 30, 48)
    pad = torch.zeros(2, 30, dtype=torch.bool)
    pad[1, 20:] = True
    with torch.no_grad():
        logits = head(x, pad)
    twin = _numpy_head(head, {"blocks": 2})
    start, end = twin.logits(x[1, :20].numpy())
    np.testing.assert_allclose(start, logits[1, :20, 0].numpy(), atol=1e-5)
    np.testing.assert_allclose(end, logits[1, :20, 1].numpy(), atol=1e-5)


def test_missing_weights_are_a_clear_error(tmp_path):
    with pytest.raises(rd.ReaderUnavailable, match="阅读器权重缺失"):
        rd.SpanHead.load(tmp_path / "absent.npz")


def test_committed_head_loads_and_scores_every_token():
    head = rd.SpanHead.load()
    dim_in = head.w["in_norm.weight"].shape[0]
    assert dim_in == 384 * len(rd.LAYERS) and head.config["layers"] == list(rd.LAYERS)
    start, end = head.logits(np.random.default_rng(0).normal(size=(17, dim_in)).astype(np.float32))
    assert start.shape == end.shape == (17,) and np.isfinite(start).all() and np.isfinite(end).all()
