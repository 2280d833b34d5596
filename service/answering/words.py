"""Chinese words with their part of speech, and the key terms of a question."""

from __future__ import annotations

import itertools
import logging
import re
import threading
import unicodedata
from functools import lru_cache

import jieba
import jieba.posseg

from yearbook_qa.service.answering.patterns import DATE, NUMBER

_lock = threading.Lock()
_tagger: jieba.posseg.POSTokenizer | None = None

# Words that say what is asked (or glue the question together), not what it is about.
QUESTION_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 么 那 那么 这 这个 那个 那件 那次 那天 那些 这篇 还有 又 有 都 共 一共 总共 共计 "
    "什么 什么样 多少 多 几 几次 几名 几件 几个 几期 几篇 几天 几位 几项 几回 哪 哪些 哪个 哪里 哪儿 哪位 哪件 哪次 哪天 哪一天 "
    "哪几天 哪几位 哪几名 哪几 哪家 何时 谁 怎么 怎样 如何 为什么 是否 由 被 把 对 将 给 于 为 到 "
    "什么时候 时候 时间 日子 几月 几号 几日 开的 是谁 请问 呀 大约 大概 左右 最后 一年 一年里 一年当中 当中 里 上 中".split()
)
_HAN_OR_DIGIT = re.compile(r"[\u3400-\u9fff\d]")


def _posseg() -> jieba.posseg.POSTokenizer:
    """jieba's part-of-speech tagger, initialised once per process and quietly."""
    global _tagger
    with _lock:
        if _tagger is None:
            jieba.setLogLevel(logging.WARNING)
            _tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())
            _tagger.tokenizer.initialize()
        return _tagger


def load_tagger() -> None:
    """Load jieba's dictionaries now (about a second), so that the first question does not wait for them."""
    tagged_words("政协嘉峪关市委员会")


def normalize(text: str) -> str:
    """NFKC with whitespace removed: the form every comparison is made in."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=4096)
def tagged_words(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, part-of-speech flag, start offset) for each jieba word of `text`."""
    out = []
    pos = 0
    for pair in _posseg().cut(text):
        start = text.find(pair.word, pos)
        if start < 0:
            continue
        out.append((pair.word, pair.flag, start))
        pos = start + len(pair.word)
    return tuple(out)


def key_terms(question: str) -> list[str]:
    """The content words of a question (question words, particles and single characters dropped), no repeats.

    Dates and numbers with their units (3月30日, 2022年, 96名) are kept whole.
    """
    return [t for t, _start in _positioned_terms(question)]


def adjacent_phrases(question: str) -> list[str]:
    """Key terms that stand side by side in the question, joined (第二次 + 全体会议 -> 第二次全体会议)."""
    terms = _positioned_terms(question)
    return [a + b for (a, sa), (b, sb) in itertools.pairwise(terms) if sa + len(a) == sb]


def _positioned_terms(question: str) -> list[tuple[str, int]]:
    q = normalize(question)
    found = [(m.group(), m.start()) for pattern in (DATE, NUMBER) for m in pattern.finditer(q)]
    for term, start in found:
        q = q[:start] + "," * len(term) + q[start + len(term) :]
    seen = {t for t, _s in found}
    for word, _flag, start in tagged_words(q):
        if word in QUESTION_WORDS or word in seen or len(word) < 2 or not _HAN_OR_DIGIT.search(word):
            continue
        seen.add(word)
        found.append((word, start))
    return sorted(found, key=lambda ts: ts[1])


def place_names(question: str) -> list[str]:
    """Place names jieba recognises in the question (嘉峪关市, 酒泉市 …)."""
    return [w for w, flag, _s in tagged_words(normalize(question)) if flag == "ns"]
