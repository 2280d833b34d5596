"""Errors of the index stage a user can act on."""

from yearbook_qa.corpus.errors import UserError

REBUILD_HINT = "rebuild it with `yearbook-qa build` (重新构建索引)"


class IndexLoadError(UserError):
    """An index directory cannot be used: missing or corrupt files, or built for another model/format."""


class IndexBuildError(UserError):
    """An index cannot be built from what was given (no passages, duplicate ids, unsafe target)."""
