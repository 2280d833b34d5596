"""One settings object: YEARBOOK_QA_* environment variables over an optional TOML file over defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "data"
DEFAULT_MODEL = "multilingual-e5-small"


def _config_file() -> Path:
    return Path(os.environ.get("YEARBOOK_QA_CONFIG", "yearbook-qa.toml"))


class Settings(BaseSettings):
    """Every setting, its default, and what it does (the README lists the same)."""

    model_config = SettingsConfigDict(env_prefix="YEARBOOK_QA_", extra="forbid")

    home: Path = Field(
        Path("~/.cache/yearbook-qa").expanduser(), description="cache dir: converted model, index, embedding cache"
    )
    corpus: Path = Field(BUNDLED_CORPUS, description="a yearbook file or a directory of them")
    index_dir: Path | None = Field(None, description="index directory (default: HOME/index)")
    embedding_model: str = Field(
        DEFAULT_MODEL, description="the provisioned default, or a sentence-transformers directory/name on disk"
    )
    encoder: Literal["onnx-int8", "onnx-fp32", "torch"] = Field(
        "onnx-int8", description="what runs the default model: ONNX Runtime (int8 or fp32 weights) or PyTorch"
    )
    passage_max_chars: int = Field(300, ge=50, le=5000, description="upper bound of a prose passage")
    fusion: Literal["score", "rrf"] = Field(
        "score", description="how the BM25 and dense rankings are fused: relative scores or reciprocal ranks"
    )
    dense_weight: float = Field(0.7, ge=0, description="weight of the dense ranking in fusion (0.5 suits rrf)")
    lexical_weight: float = Field(1.0, ge=0, description="weight of the BM25 ranking in fusion")
    rrf_k: int = Field(60, ge=1, description="reciprocal-rank fusion constant (fusion = rrf)")
    ann: Literal["auto", "flat", "hnsw", "ivf"] = Field(
        "auto", description="FAISS index kind (auto: flat below 30k passages, HNSW above)"
    )
    index_backend: Literal["faiss", "milvus"] = Field(
        "faiss", description="where vectors and BM25 live: FAISS files in index_dir, or a Milvus collection"
    )
    milvus_uri: str | None = Field(
        None, description="Milvus: a local .db file runs Milvus Lite embedded, http://host:19530 a server or cluster"
    )
    threads: int = Field(1, ge=1, description="torch / FAISS threads (1 keeps queries fast on a busy box)")
    top_k: int = Field(5, ge=1, le=20, description="citations returned by default")
    answer_threshold: float | None = Field(
        None, ge=0, le=1, description="confidence below which the answer is 'not found' (default: the calibrated value)"
    )
    reader: Literal["combined", "alone", "off"] = Field(
        "combined",
        description="the trained reader: combined with the rules (default), alone (its spans only), or off (rules only)",
    )
    reader_precision: Literal["int8", "fp32"] = Field("int8", description="the reader's ONNX graph: int8 or fp32")
    host: str = Field("127.0.0.1", description="address to serve on")
    port: int = Field(8000, ge=1, le=65535, description="port to serve on")
    allowed_origins: list[str] = Field(
        default_factory=list, description="origins that may call the API and embed the widget"
    )
    api_keys: list[str] = Field(
        default_factory=list,
        description="if set, API calls need Authorization: Bearer KEY (the chat pages carry a widget token)",
    )
    max_question_chars: int = Field(500, ge=1, description="longest question accepted")
    max_body_bytes: int = Field(65536, ge=1024, description="largest request body accepted")
    rate_limit_per_minute: int = Field(120, ge=0, description="requests per client per minute (0 = off)")
    token_rate_limit_per_minute: int = Field(30, ge=0, description="API requests per widget token per minute (0 = off)")
    token_secret: SecretStr | None = Field(
        None, description="secret signing widget tokens (default: one generated into HOME/widget-token.key, mode 0600)"
    )
    trusted_proxies: list[str] = Field(
        default_factory=list, description="proxy addresses whose X-Forwarded-For/-Proto is believed (default: none)"
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host header values served, '*.example.org' allowed (default: host, localhost, 127.0.0.1, ::1)",
    )
    max_connections: int = Field(1000, ge=1, description="open connections; beyond it idle ones close, else 503")
    request_timeout_s: float = Field(
        10.0, gt=0, description="a connection must deliver a whole request (headers and body) within this time"
    )
    answer_slots: int | None = Field(
        None, ge=1, description="questions answered at once, shared fairly by clients (default: one per core)"
    )
    answer_queue_timeout_s: float = Field(
        20.0, gt=0, description="a question waiting longer than this for an answer slot gets 503 + Retry-After"
    )
    admin_keys: list[str] = Field(
        default_factory=list,
        description="keys that may add and remove documents (POST/DELETE /api/documents); none: off",
    )
    max_upload_bytes: int = Field(100 * 2**20, ge=1024, description="largest yearbook file accepted by upload")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=_config_file())

    @property
    def resolved_index_dir(self) -> Path:
        return self.index_dir or self.home / "index"

    @property
    def resolved_milvus_uri(self) -> str:
        return self.milvus_uri or str(self.home / "milvus.db")

    @property
    def documents_dir(self) -> Path:
        """Where uploaded yearbook files are kept."""
        return self.home / "documents"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"
