"""Chinese tokens for BM25: jieba words plus character bigrams; numbers and latin words kept whole.

Function words and question words (的, 是, 多少, 哪天, 几次 …) say how something is asked, not what it is
about: they are dropped, and bigrams never span them, so "有多少件" yields no "有多"/"少件" noise tokens.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata

import jieba

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK unified ideographs, extension A, compatibility ideographs
_HAN_RUN = re.compile(f"[{_HAN}]+")
# Spaces between Han characters are typesetting (two-character names padded to three: "王 林"), not word breaks.
_HAN_PADDING = re.compile(f"(?<=[{_HAN}])[ \t\u3000]+(?=[{_HAN}])")
# Numbers (with decimals/percent) and latin words, kept whole.
_WORD = re.compile(r"[0-9]+(?:\.[0-9]+)?%?|[a-z][a-z0-9_\-]*")
STOPWORDS = frozenset(
    "的 地 得 了 着 过 是 在 和 与 及 或 吗 呢 吧 啊 呀 么 有 "
    "什么 多少 哪 几 谁 怎么 怎样 如何 为什么 是否 有没有 何时 请问 多久 多长 多长时间 多大 多高".split()
)
# A word starting with one of these asks a question (哪天, 哪件, 几次, 几月, 多少名, 什么样).
QUESTION_PREFIXES = ("几", "哪", "多少", "什么")


def is_stopword(word: str) -> bool:
    return word in STOPWORDS or word.startswith(QUESTION_PREFIXES)


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
        text = _HAN_PADDING.sub("", unicodedata.normalize("NFKC", text).lower())
        tokens: list[str] = []
        for run in _HAN_RUN.findall(text):
            span = ""  # consecutive content words: bigrams are taken within it, never across a stop word
            for word in [*self._words().lcut(run, HMM=True), ""]:
                if word and not is_stopword(word):
                    tokens.append(word)
                    span += word
                    continue
                tokens.extend(span[i : i + 2] for i in range(len(span) - 1))
                span = ""
        tokens.extend(_WORD.findall(text))
        return tokens

    def tokenize_many(self, texts: list[str]) -> list[list[str]]:
        return [self(t) for t in texts]
