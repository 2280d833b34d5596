"""The manifest of an index directory: what it was built from, and checksums of every file in it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from yearbook_qa.index.errors import REBUILD_HINT, IndexLoadError

FORMAT_VERSION = 4  # bump when the files, the tokenizer or the indexed texts change meaning (2: BM25 tokens;
# 3: one stop-word list; 4: passages carry heading chains and the years they speak of)
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    """manifest.json: format version, model, dimension, passage count, corpus hash, ANN kind, build time."""

    format_version: int
    model: str
    dim: int
    passages: int
    corpus_hash: str
    ann: str
    built_at: str  # ISO 8601, UTC
    build_seconds: float
    files: dict[str, dict] = field(default_factory=dict)  # relative path -> {"bytes", "sha256"}
    backend: str = "faiss"  # where vectors and BM25 live: files here (faiss) or a Milvus collection (milvus)
    store: dict[str, str] = field(default_factory=dict)  # milvus: {"uri", "collection"}

    def write(self, directory: Path) -> None:
        (directory / MANIFEST).write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")

    @classmethod
    def read(cls, directory: Path, any_version: bool = False) -> Manifest:
        """Read and check the manifest itself (not yet the files it lists); any_version: of an older format too."""
        path = directory / MANIFEST
        if not directory.is_dir():
            raise IndexLoadError(f"no index at {directory}; build one with `yearbook-qa build` (尚未构建索引)")
        if not path.is_file():
            raise IndexLoadError(f"index at {directory} has no {MANIFEST}; {REBUILD_HINT}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            version = data.get("format_version")
            if version != FORMAT_VERSION and not (any_version and isinstance(version, int)):
                raise IndexLoadError(
                    f"index at {directory} has format version {version}, this program reads {FORMAT_VERSION}; {REBUILD_HINT}"
                )
            return cls(**data)
        except (ValueError, TypeError, AttributeError) as e:
            raise IndexLoadError(f"index at {directory} has a corrupt {MANIFEST} ({e}); {REBUILD_HINT}") from e

    def check_model(self, directory: Path, model: str, dim: int) -> None:
        if self.model != model or self.dim != dim:
            raise IndexLoadError(
                f"index at {directory} was built with model {self.model!r} (dim {self.dim}), "
                f"but the configured model is {model!r} (dim {dim}); {REBUILD_HINT}"
            )

    def check_files(self, directory: Path) -> None:
        """Every listed file is there, with the size and checksum it was written with."""
        for name, expected in self.files.items():
            path = directory / name
            if not path.is_file():
                raise IndexLoadError(f"index at {directory} is missing {name}; {REBUILD_HINT}")
            if path.stat().st_size != expected["bytes"] or file_sha256(path) != expected["sha256"]:
                raise IndexLoadError(f"index at {directory} has a corrupt {name} (checksum mismatch); {REBUILD_HINT}")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def describe_files(directory: Path) -> dict[str, dict]:
    """{relative path: {bytes, sha256}} for every file under `directory` except the manifest."""
    return {
        p.relative_to(directory).as_posix(): {"bytes": p.stat().st_size, "sha256": file_sha256(p)}
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
