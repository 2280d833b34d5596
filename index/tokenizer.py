"""Chinese tokens for BM25: jieba words plus character bigrams; numbers and latin words kept whole.

Function words and question words (的, 是, 多少, 哪天, 几次 …) say how something is asked, not what it is
about: they are dropped, and bigrams never span them, so "有多少件" yields no "有多"/"少件" noise tokens.
"""

from __future__ import annotations

import re
import unicodedata

from yearbook_qa.corpus.chinese import jieba_words
from yearbook_qa.corpus.vocabulary import FUNCTION_WORDS, QUESTION_PREFIXES, QUESTION_WORDS

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK unified ideographs, extension A, compatibility ideographs
_HAN_RUN = re.compile(f"[{_HAN}]+")
# Spaces between Han characters are typesetting (two-character names padded to three: "王 林"), not word breaks.
_HAN_PADDING = re.compile(f"(?<=[{_HAN}])[ \t\u3000]+(?=[{_HAN}])")
# Numbers (with decimals/percent) and latin words, kept whole.
_WORD = re.compile(r"[0-9]+(?:\.[0-9]+)?%?|[a-z][a-z0-9_\-]*")
STOPWORDS = QUESTION_WORDS | FUNCTION_WORDS


def is_stopword(word: str) -> bool:
    return word in STOPWORDS or word.startswith(QUESTION_PREFIXES)


class ChineseTokenizer:
    """Tokenises text the same way for the corpus and for queries (NFKC, lower-cased)."""

    def __call__(self, text: str) -> list[str]:
        text = _HAN_PADDING.sub("", unicodedata.normalize("NFKC", text).lower())
        tokens: list[str] = []
        for run in _HAN_RUN.findall(text):
            span = ""  # consecutive content words: bigrams are taken within it, never across a stop word
            for word in [*jieba_words().lcut(run, HMM=True), ""]:
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
