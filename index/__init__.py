"""Index stage: passages in, ranked hits out (dense + lexical + fusion)."""

import os

# Nothing in this project may ever reach for a model hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from yearbook_qa.index.builder import BuildReport, build_index
from yearbook_qa.index.errors import IndexBuildError, IndexLoadError
from yearbook_qa.index.hit import Filters, Hit
from yearbook_qa.index.hybrid_index import HybridIndex

__all__ = ["BuildReport", "Filters", "Hit", "HybridIndex", "IndexBuildError", "IndexLoadError", "build_index"]
