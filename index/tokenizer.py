"""Chinese tokens for BM25: jieba words plus character bigrams; numbers and latin words kept whole."""
from __future__ import annotations

import logging
import re
import threading
import unicodedata

import jieba

# A run of Han characters (CJK unified ideographs, extension A, compatibility ideographs).
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Numbers (with decimals/percent) and latin words, kept whole.
_WORD = re.compile(r"[0-9]+(?:\.[0-9]+)?%?|[a-z][a-z0-9_\-]*")
# Question words and particles that say what is asked, not what the answer is about.
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 么 什么 多少 哪些 哪个 哪里 哪 几 谁 怎么 怎样 如何 为什么 是否 有没有".split()
)


class ChineseTokenizer:
    """Tokenises text the same way for the corpus and for queries (NFKC, lower-cased)."""

    _jieba: jieba.Tokenizer | None = None
    _lock = threading.Lock()

    @classmethod
    def _words(cls) -> jieba.Tokenizer:
        """jieba's tokenizer, initialised once per process and quietly (no log lines)."""
        with cls._lock:
            if cls._jieba is None:
                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                cls._jieba = tok
            return cls._jieba

    def __call__(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFKC", text).lower()
        tokens: list[str] = []
        for run in _HAN_RUN.findall(text):
            tokens.extend(w for w in self._words().lcut(run, HMM=True) if w not in STOPWORDS)
            bigrams = (run[i : i + 2] for i in range(len(run) - 1))
            tokens.extend(b for b in bigrams if b not in STOPWORDS)
        tokens.extend(_WORD.findall(text))
        return tokens

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        return [self(t) for t in texts]
