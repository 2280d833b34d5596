"""Training: labels fall on the answer's tokens, bad data is refused, and a short run writes a file that
exports to ONNX and reads like the PyTorch model it came from."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from yearbook_qa.index.onnx_export import TOKENIZER, provision_onnx
from yearbook_qa.service.answering.reader import network
from yearbook_qa.service.answering.reader.onnx_reader import Reader
from yearbook_qa.service.answering.reader.provision import export_reader
from yearbook_qa.service.answering.reader.training import DATA, SETS, label, load_examples, train
from yearbook_qa.service.answering.reader.windows import WindowMaker

MAX_WEIGHTS_BYTES = 30 * 2**20


@pytest.fixture(scope="module")
def maker(settings, model_path) -> WindowMaker:
    return WindowMaker(provision_onnx(settings.models_dir) / TOKENIZER, max_tokens=48, stride=8)


def test_the_label_is_the_answers_first_and_last_token(maker):
    text = "去年粮食总产量达到６８２８５万吨，比上年增产２．９％。今年要稳定粮食播种面积。"
    start = text.index("６８２８５万吨")
    windows = maker.windows("粮食总产量是多少？", text)
    first, last = label(windows[0], (start, start + len("６８２８５万吨")))
    w = windows[0]
    assert text[w.starts[first] : w.ends[last]] == "６８２８５万吨"
    assert label(windows[0], None) == (0, 0)
    assert label(windows[0], (len(text) + 1, len(text) + 3)) == (0, 0)  # not in this window


def test_the_shipped_training_data_is_verbatim(tmp_path):
    examples = load_examples([DATA / name for name in SETS])
    assert len(examples) > 4000
    assert sum(e.answer is None for e in examples) > 0.15 * sum(e.id.count("#") > 0 for e in examples)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "question": "q", "context": "甲乙丙", "answer": "丁", "start": 0}) + "\n")
    with pytest.raises(ValueError, match="答案不在"):
        load_examples([bad])


def test_a_short_run_exports_and_reads_like_its_torch_model(settings, model_path, tmp_path):
    out = tmp_path / "reader.npz"
    meta = train(settings.models_dir, tmp_path / "run", epochs=1, out=out, limit=24)
    assert out.stat().st_size < MAX_WEIGHTS_BYTES and meta["examples"] == 24
    model, saved = network.load(model_path, out)
    assert saved["layers"] == network.LAYERS and saved["seed"] == meta["seed"]
    export_reader(model_path, out, tmp_path, "test")
    reader = Reader(tmp_path, provision_onnx(settings.models_dir) / TOKENIZER, "fp32")
    text = "本条例自2024年1月1日起施行。"
    w = reader.windows.windows("本条例何时施行？", text)[0]
    onnx_start, _ = reader.read("本条例何时施行？", [text])[0].logits[0]
    with torch.no_grad():
        ids = torch.from_numpy(w.ids[None, :])
        torch_start, _ = model(ids, torch.ones_like(ids))
    np.testing.assert_allclose(onnx_start, torch_start[0].numpy(), atol=1e-3)
