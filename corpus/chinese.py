"""One jieba for the whole process (words for BM25, words with parts of speech for answering) and the
one normal form every comparison is made in."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache

import jieba
import jieba.posseg

_lock = threading.Lock()
_words: jieba.Tokenizer | None = None
_tagger: jieba.posseg.POSTokenizer | None = None
_SPACE = re.compile(r"\s+")
NORMAL_FORMS = 8192  # texts whose normal form is remembered: answering compares the same passage sentences again


def jieba_words() -> jieba.Tokenizer:
    """jieba's tokenizer, its dictionary loaded once per process and quietly (no log lines)."""
    global _words
    with _lock:
        if _words is None:
            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            _words = tok
        return _words


def jieba_tagger() -> jieba.posseg.POSTokenizer:
    """jieba's part-of-speech tagger over the same tokenizer and dictionary."""
    global _tagger
    words = jieba_words()
    with _lock:
        if _tagger is None:
            _tagger = jieba.posseg.POSTokenizer(words)
        return _tagger


@lru_cache(maxsize=NORMAL_FORMS)
def normalize(text: str) -> str:
    """NFKC with whitespace removed: the form every comparison is made in (the last NORMAL_FORMS remembered)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def is_person_name(text: str) -> bool:
    """Whether the tagger reads `text` as one person's name (李克强, 王五), not a word (会议, 综述)."""
    words = list(jieba_tagger().cut(text))
    return len(words) == 1 and words[0].flag.startswith("nr")  # nr, and nrfg / nrt for well-known names
