"""Decode a yearbook file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""

from __future__ import annotations

import codecs
from pathlib import Path

from yearbook_qa.corpus.errors import CorpusError

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}
_MIN_GB2312_SHARE = 0.9  # decoded GB text is mostly common (GB2312) characters; mis-decoded bytes are not


def decode_source(data: bytes, path: Path) -> str:
    """The text of a file, newlines normalised to \\n; CorpusError if it is empty, binary or of unknown encoding."""
    if not data.strip():
        raise CorpusError(f"{path}: 文件为空 (empty file)")
    text = _decode(data, path)
    if _control_share(text) > 0.01:
        raise CorpusError(f"{path}: 不是文本文件 (binary file, not text)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path)
    if b"\x00" in data:
        raise CorpusError(f"{path}: 不是文本文件 (binary file, not text)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: 无法识别的编码 (unknown encoding: neither UTF-8 nor GB18030/GBK)") from None
    if _gb2312_share(text) < _MIN_GB2312_SHARE:
        raise CorpusError(
            f"{path}: 无法识别的编码 (unknown encoding: not UTF-8, and not plausible GB18030/GBK Chinese)"
        )
    return text


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path}: 按 {encoding} 解码失败 (undecodable bytes at offset {e.start})") from None


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return controls / max(1, len(text))


def _gb2312_share(text: str) -> float:
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 1.0
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(wide)
