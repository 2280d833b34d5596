"""The reader's network in PyTorch (training and `setup` only): the first layers of e5, a span head.

The embeddings (and their layer norm) stay those of the provisioned multilingual-e5-small and are never
trained, so the shipped file holds only the fine-tuned transformer layers and the head, in fp16.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from transformers import XLMRobertaModel
from transformers.utils import logging as transformers_logging

LAYERS = 6  # e5-small has 12; the reader keeps the first LAYERS
META = "__meta__"


class SpanReader(torch.nn.Module):
    """Token states of a truncated e5 -> start and end logits; position 0 (<s>) is the no-answer span."""

    def __init__(self, encoder: XLMRobertaModel) -> None:
        super().__init__()
        self.encoder = encoder
        self.head = torch.nn.Linear(encoder.config.hidden_size, 2)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        start, end = self.head(states).unbind(-1)
        return start, end


def build(e5_dir: Path, layers: int = LAYERS) -> SpanReader:
    """The untrained reader over the first `layers` layers of the converted e5 model in `e5_dir`."""
    transformers_logging.set_verbosity_error()  # its load report lists the pooler e5 has and the reader drops
    encoder = XLMRobertaModel.from_pretrained(
        str(e5_dir), local_files_only=True, add_pooling_layer=False, attn_implementation="eager"
    )
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    encoder.config.num_hidden_layers = layers
    for p in encoder.embeddings.parameters():
        p.requires_grad = False
    return SpanReader(encoder)


def trained_state(model: SpanReader) -> dict[str, torch.Tensor]:
    """The parameters training changes: everything but the frozen embeddings."""
    return {k: v for k, v in model.state_dict().items() if not k.startswith("encoder.embeddings.")}


def save(model: SpanReader, path: Path, meta: dict) -> None:
    """Write the trained parameters (fp16) and `meta` to one .npz file, atomically."""
    arrays: dict[str, np.ndarray] = {k: v.detach().to(torch.float16).numpy() for k, v in trained_state(model).items()}
    meta = {**meta, "layers": len(model.encoder.encoder.layer)}
    arrays[META] = np.array(json.dumps(meta, ensure_ascii=False))
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, allow_pickle=False, **arrays)
    tmp.replace(path)


def load(e5_dir: Path, path: Path) -> tuple[SpanReader, dict]:
    """The reader of a saved file over the provisioned e5 embeddings, and the file's meta."""
    with np.load(path) as data:
        meta = json.loads(str(data[META]))
        model = build(e5_dir, int(meta["layers"]))
        state = {k: torch.from_numpy(data[k].astype(np.float32)) for k in data.files if k != META}
    missing = set(trained_state(model)) - set(state)
    if missing:
        raise ValueError(f"{path}: 缺少参数 {sorted(missing)[:3]}")
    model.load_state_dict(state, strict=False)
    return model.eval(), meta
