"""XLM-RoBERTa's tokenizer on SentencePiece: the ids the `tokenizers` library gives, in a fifth of the memory.

The model's tokenizer.json (a Unigram model of 250 002 pieces) costs about 250 MB resident in the `tokenizers`
library, as much as the int8 encoder and the index together; the same pieces, scores and normalisation map in
a SentencePiece model cost about 50 MB. `write_model` turns one into the other at `setup`, in the same order,
so ids are equal; tests/index/test_onnx_encoder.py holds the two equal on every text of the project.

One difference is made up here: tokenizer.json collapses runs of spaces but keeps a trailing one (a final
"▁" piece), where SentencePiece strips it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import sentencepiece as spm

SPACE = "▁"


def write_model(tokenizer_json: Path, out: Path) -> None:
    """Write the SentencePiece model equal to an XLM-R style Unigram tokenizer.json."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    spec = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    if spec["model"]["type"] != "Unigram":
        raise ValueError(f"{tokenizer_json}: a {spec['model']['type']} model, not Unigram")
    specials = {t["content"] for t in spec["added_tokens"] if t["special"]}
    unk = spec["model"]["unk_id"]
    kinds = pb.ModelProto.SentencePiece
    model = pb.ModelProto()
    for i, (piece, score) in enumerate(spec["model"]["vocab"]):
        p = model.pieces.add(piece=piece, score=score)
        p.type = kinds.UNKNOWN if i == unk else kinds.CONTROL if piece in specials else kinds.NORMAL
    ids = {p.piece: i for i, p in enumerate(model.pieces)}
    trainer = model.trainer_spec
    trainer.model_type = pb.TrainerSpec.UNIGRAM
    trainer.vocab_size = len(model.pieces)
    trainer.unk_id, trainer.bos_id, trainer.eos_id, trainer.pad_id = unk, ids["<s>"], ids["</s>"], ids["<pad>"]
    charsmap = [n for n in spec["normalizer"]["normalizers"] if n["type"] == "Precompiled"]
    if len(charsmap) != 1:
        raise ValueError(f"{tokenizer_json}: expected one Precompiled normaliser")
    norm = model.normalizer_spec
    norm.name = "precompiled"
    norm.precompiled_charsmap = base64.b64decode(charsmap[0]["precompiled_charsmap"])
    norm.add_dummy_prefix = norm.remove_extra_whitespaces = norm.escape_whitespaces = True
    out.write_bytes(model.SerializeToString())


class SpmTokenizer:
    """Text in, XLM-R input ids out (<s> … </s>, at most `max_tokens`); safe to share between threads."""

    def __init__(self, model_file: Path, max_tokens: int) -> None:
        self._sp = spm.SentencePieceProcessor(model_file=str(model_file))
        self._normalizer = spm.SentencePieceNormalizer(
            model_file=str(model_file), add_dummy_prefix=False, escape_whitespaces=False, remove_extra_whitespaces=False
        )
        self._bos, self._eos, self._space = self._sp.bos_id(), self._sp.eos_id(), self._sp.piece_to_id(SPACE)
        self._max_pieces = max_tokens - 2

    def ids(self, text: str) -> list[int]:
        pieces = self._sp.encode(text)
        if self._normalizer.normalize(text).endswith(" "):
            pieces.append(self._space)
        return [self._bos, *pieces[: self._max_pieces], self._eos]
