"""The items a sentence introduces as a list (下列途径：（一）…（二）…), read on into the passages that follow it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping

from yearbook_qa.corpus.passage import Passage

_LEAD_IN = re.compile(r"下列|以下|如下")
_MARKER = re.compile(r"[（(][一二三四五六七八九十]+[)）]")
_ITEM_END = re.compile(r"[；;。]")
MAX_ITEMS = 12


def successors(passages: Iterable[Passage]) -> dict[str, Passage]:
    """Each prose passage's next passage in its document (by position in the source)."""
    by_document: dict[str, list[Passage]] = {}
    for p in passages:
        if not p.is_table_row:
            by_document.setdefault(p.document_id, []).append(p)
    following = {}
    for ordered in by_document.values():
        ordered.sort(key=lambda p: p.span)
        following.update({a.id: b for a, b in itertools.pairwise(ordered)})
    return following


def listed_items(passage: Passage, sentence: tuple[int, int], following: Mapping[str, Passage]) -> list[str]:
    """The enumerated items ((一)消费者定作的 -> 消费者定作) after a sentence that introduces them (下列/以下/如下),
    in its own passage and in the passages right after it that open with an item marker; [] when there are none."""
    lead = _LEAD_IN.search(passage.text, *sentence)
    if lead is None:
        return []
    texts = [passage.text[lead.end() :]]
    after = following.get(passage.id)
    while after is not None and _MARKER.match(after.text.lstrip()) and len(texts) <= MAX_ITEMS:
        texts.append(after.text)
        after = following.get(after.id)
    items = []
    for text in texts:
        for marker in _MARKER.finditer(text):
            end = _ITEM_END.search(text, marker.end())
            item = text[marker.end() : end.start() if end else len(text)].strip().removesuffix("的")
            if item:
                items.append(item)
    return items[:MAX_ITEMS]
