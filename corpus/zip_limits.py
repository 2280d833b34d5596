"""Word and Excel files are zip packages: check one before a library expands it (corrupt, or a zip bomb)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from yearbook_qa.corpus.errors import CorpusError

MAX_EXPANDED_BYTES = 512 * 1024 * 1024  # what all parts of one .docx/.xlsx may expand to


def check_package(data: bytes, path: Path, kind: str) -> None:
    """CorpusError naming the file if it is not a readable zip package or would expand past the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            expanded = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise CorpusError(f"{path}: 文件已损坏, 不是有效的 {kind} 文件 (corrupt {kind} file)") from None
    if expanded > MAX_EXPANDED_BYTES:
        raise CorpusError(
            f"{path}: 文件解压后过大 ({expanded / 2**20:.0f} MiB, 上限 {MAX_EXPANDED_BYTES / 2**20:.0f} MiB), 已拒绝 "
            f"(the {kind} package expands past the size limit)"
        )
