"""Token windows over [question; passage], with each token's characters in the passage.

The model reads `<s> query: QUESTION </s></s> PASSAGE-SLICE </s>` (XLM-R's pair form, e5's query prefix);
a passage longer than one window is read in slices that overlap by `stride` tokens. Token ids are the
SentencePiece ids the embedding model uses (index/spm_tokenizer.py), so training and serving cut alike.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sentencepiece as spm

MAX_TOKENS = 256  # a window, question and specials included
STRIDE = 96  # tokens two slices of one passage share
MAX_QUESTION = 48  # question tokens kept (its start: the question word may stand anywhere, the topic leads)
QUERY_PREFIX = "query: "


@dataclass(frozen=True)
class Window:
    """One model input: ids, and for each token its [start, end) characters in the passage (-1: not passage)."""

    ids: np.ndarray  # (T,) int64
    starts: np.ndarray  # (T,) int32
    ends: np.ndarray  # (T,) int32

    def span(self, token: int) -> tuple[int, int]:
        return int(self.starts[token]), int(self.ends[token])


class WindowMaker:
    """Cuts questions and passages into `Window`s; safe to share between threads."""

    def __init__(self, model_file: Path, max_tokens: int = MAX_TOKENS, stride: int = STRIDE) -> None:
        self._sp = spm.SentencePieceProcessor(model_file=str(model_file))
        self._bos, self._eos = self._sp.bos_id(), self._sp.eos_id()
        self.max_tokens, self.stride = max_tokens, stride

    def pieces(self, text: str) -> tuple[list[int], list[int], list[int]]:
        """The text's token ids and each token's [start, end) characters (pieces with no characters dropped)."""
        proto = self._sp.encode(text, out_type="proto")
        byte_starts = np.cumsum([0] + [len(c.encode("utf-8")) for c in text])
        ids, starts, ends = [], [], []
        for p in proto.pieces:
            if p.begin == p.end:
                continue
            ids.append(p.id)
            starts.append(bisect_right(byte_starts, p.begin) - 1)
            ends.append(bisect_right(byte_starts, p.end - 1))
        return ids, starts, ends

    def question_ids(self, question: str) -> list[int]:
        return [p for p in self._sp.encode(QUERY_PREFIX + question)][:MAX_QUESTION]

    def windows(self, question: str, text: str) -> list[Window]:
        """The windows that together read all of `text` against `question`."""
        head = [self._bos, *self.question_ids(question), self._eos, self._eos]
        ids, starts, ends = self.pieces(text)
        room = self.max_tokens - len(head) - 1
        out = []
        first = 0
        while True:
            last = min(len(ids), first + room)
            n = len(head)
            out.append(
                Window(
                    ids=np.array([*head, *ids[first:last], self._eos], dtype=np.int64),
                    starts=np.array([-1] * n + starts[first:last] + [-1], dtype=np.int32),
                    ends=np.array([-1] * n + ends[first:last] + [-1], dtype=np.int32),
                )
            )
            if last >= len(ids):
                return out
            first = last - self.stride
