"""Index stage: passages in, ranked hits out (dense + lexical + fusion)."""
import os

# Nothing in this project may ever reach for a model hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from yearbook_qa.index.builder import BuildReport, build_index  # noqa: E402
from yearbook_qa.index.errors import IndexBuildError, IndexLoadError  # noqa: E402
from yearbook_qa.index.hit import Filters, Hit  # noqa: E402
from yearbook_qa.index.hybrid_index import HybridIndex  # noqa: E402

__all__ = ["BuildReport", "Filters", "Hit", "HybridIndex", "IndexBuildError", "IndexLoadError", "build_index"]
