"""Export the converted default model to ONNX once, at `setup` (the only place torch runs for the ONNX encoder).

The graph is the whole sentence-transformers pipeline: XLM-RoBERTa, mean pooling over the attention mask and
L2 normalisation, so the serving process needs only onnxruntime and SentencePiece (index/spm_tokenizer.py). Beside it goes an int8
copy (ONNX Runtime's dynamic quantization: int8 weights, activations quantized per call). Its weights are
quantized per channel and to 7 bits (reduce_range): without AVX-512 VNNI, ONNX Runtime's u8×s8 kernels add
pairs of products in int16, which saturates with full 8-bit weights (min cosine to fp32 0.953 on yearbook
text, against 0.9946 per channel with reduce_range; unsigned weights avoid it too, at twice the latency).
"""

from __future__ import annotations

import contextlib
import json
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

from yearbook_qa.index.embedding_model import CONVERTER, DEFAULT_MODEL, MARKER, provision, provision_default_model
from yearbook_qa.index.spm_tokenizer import write_model

EXPORTER = f"{CONVERTER}+onnx-opset17-meanpool-l2-spm-v3"  # changes whenever the exported graphs would change
GRAPHS = {"onnx-fp32": "model.onnx", "onnx-int8": "model_int8.onnx"}
TOKENIZER = "tokenizer.model"
OPSET = 17


def onnx_dir(models_dir: Path) -> Path:
    return Path(models_dir).expanduser() / f"{DEFAULT_MODEL}-onnx"


def provision_onnx(models_dir: Path) -> Path:
    """The directory holding the default model's ONNX graphs (fp32 and int8) and tokenizer, exporting once."""
    source = provision_default_model(models_dir)
    return provision(
        onnx_dir(models_dir), EXPORTER, lambda tmp: export_onnx(source, tmp), (RuntimeError, ValueError, OSError)
    )


def max_tokens(directory: Path) -> int:
    """The sequence length the model was configured with (sentence-transformers' max_seq_length)."""
    return int(json.loads((directory / MARKER).read_text(encoding="utf-8"))["max_tokens"])


def export_onnx(source: Path, out: Path) -> None:
    """Write model.onnx (fp32), model_int8.onnx, the SentencePiece tokenizer and the marker for `source`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()
    seq_len = int(json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))["max_seq_length"])
    ids = torch.tensor([[0, 6, 1294, 2], [0, 6, 2, 1]], dtype=torch.long)
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=torch.long)
    # The tracer's warnings concern shapes fixed by the example (the mask always spans the input here) and
    # negative indices (none occur): noise for whoever runs `setup`.
    with torch.no_grad(), warnings.catch_warnings(), quiet_root_logger():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _mean_pooled(model),
            (ids, mask),
            str(out / GRAPHS["onnx-fp32"]),
            input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
            opset_version=OPSET,
            dynamo=False,
        )
        quantize_dynamic(
            out / GRAPHS["onnx-fp32"],
            out / GRAPHS["onnx-int8"],
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=True,
        )
    write_model(source / "tokenizer.json", out / TOKENIZER)
    (out / MARKER).write_text(
        json.dumps({"converter": EXPORTER, "max_tokens": seq_len}, indent=2) + "\n", encoding="utf-8"
    )


@contextlib.contextmanager
def quiet_root_logger() -> Iterator[None]:
    """ONNX Runtime's quantizer logs advice (pre-processing) on the root logger at WARNING."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


def _mean_pooled(model):
    import torch

    class MeanPooled(torch.nn.Module):
        """The encoder followed by sentence-transformers' mean pooling and normalisation."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / torch.clamp(weights.sum(1), min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    return MeanPooled()
