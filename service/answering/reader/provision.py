"""Build the reader's ONNX graphs at `setup`: the provisioned e5's embeddings, the shipped fine-tuned layers.

The graph takes input_ids and attention_mask and returns start and end logits per token (position 0 the
no-answer span); an int8 copy is quantized like the encoder's (index/onnx_export.py: per channel, 7 bits).
The directory's marker names the weights file's hash, so shipping new weights exports again.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

from yearbook_qa.index.embedding_model import MARKER, ModelUnavailableError, provision, provision_default_model
from yearbook_qa.index.onnx_export import OPSET, quiet_root_logger

GRAPHS = {"fp32": "reader.onnx", "int8": "reader_int8.onnx"}
WEIGHTS = Path(__file__).resolve().with_name("reader.npz")


def weights_hash(weights: Path) -> str:
    return hashlib.sha256(weights.read_bytes()).hexdigest()[:16]


def provision_reader(models_dir: Path, weights: Path = WEIGHTS) -> Path:
    """The directory holding the reader's graphs for `weights`, exporting them once."""
    if not weights.is_file():
        raise ModelUnavailableError(
            f"阅读器权重不存在 (reader weights missing): {weights}; 用 `make train-reader` 训练, 或设 YEARBOOK_QA_READER=off"
        )
    converter = f"reader-{weights_hash(weights)}-opset{OPSET}"
    source = provision_default_model(models_dir)
    return provision(
        Path(models_dir).expanduser() / "reader",
        converter,
        lambda tmp: export_reader(source, weights, tmp, converter),
        (RuntimeError, ValueError, OSError),
    )


def export_reader(e5_dir: Path, weights: Path, out: Path, converter: str) -> None:
    """Write reader.onnx, reader_int8.onnx and the marker (with the weights' meta) into `out`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from yearbook_qa.service.answering.reader.network import load

    model, meta = load(e5_dir, weights)
    ids = torch.tensor([[0, 6, 1294, 2, 2, 9, 2], [0, 6, 2, 2, 9, 2, 1]], dtype=torch.long)
    mask = torch.tensor([[1] * 7, [1] * 6 + [0]], dtype=torch.long)
    with torch.no_grad(), warnings.catch_warnings(), quiet_root_logger():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (ids, mask),
            str(out / GRAPHS["fp32"]),
            input_names=["input_ids", "attention_mask"],
            output_names=["start_logits", "end_logits"],
            dynamic_axes={
                name: {0: "batch", 1: "tokens"}
                for name in ("input_ids", "attention_mask", "start_logits", "end_logits")
            },
            opset_version=OPSET,
            dynamo=False,
        )
        quantize_dynamic(
            out / GRAPHS["fp32"], out / GRAPHS["int8"], weight_type=QuantType.QInt8, per_channel=True, reduce_range=True
        )
    (out / MARKER).write_text(json.dumps({"converter": converter, **meta}, indent=2) + "\n", encoding="utf-8")
