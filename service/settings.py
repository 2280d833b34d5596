"""One settings object: YEARBOOK_QA_* environment variables over an optional TOML file over defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
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
    threads: int = Field(1, ge=1, description="torch / FAISS threads (1 keeps queries fast on a busy box)")
    top_k: int = Field(5, ge=1, le=20, description="citations returned by default")
    answer_threshold: float | None = Field(
        None, ge=0, le=1, description="confidence below which the answer is 'not found' (default: the calibrated value)"
    )
    host: str = Field("127.0.0.1", description="address to serve on")
    port: int = Field(8000, ge=1, le=65535, description="port to serve on")
    allowed_origins: list[str] = Field(
        default_factory=list, description="origins that may call the API and embed the widget"
    )
    api_keys: list[str] = Field(
        default_factory=list, description="if set, API calls need Authorization: Bearer KEY (allowed origins excepted)"
    )
    max_question_chars: int = Field(500, ge=1, description="longest question accepted")
    max_body_bytes: int = Field(65536, ge=1024, description="largest request body accepted")
    rate_limit_per_minute: int = Field(120, ge=0, description="requests per client per minute (0 = off)")
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
    def documents_dir(self) -> Path:
        """Where uploaded yearbook files are kept."""
        return self.home / "documents"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"
