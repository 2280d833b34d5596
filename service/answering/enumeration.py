"""Lists laid out as numbered items: a sentence announces them (…有下列情形之一的：, 可以通过下列途径解决：) and
each item follows on its own line, (一)…, (二)…, so in its own passage."""

from __future__ import annotations

import re
from collections.abc import Sequence

from yearbook_qa.corpus.passage import Passage
from yearbook_qa.corpus.years import count_value

MAX_ITEMS = 20  # an announced list longer than this is read no further
_ANNOUNCED = re.compile(r"(?:下列|以下|如下)(?P<what>[^。；;：:]{0,2})[^。；;：:]*[：:]\s*")
_ASKED_AFTER = re.compile(r"哪(?:些|几[类种项个条])(.)")
_ITEM = re.compile(r"[（(](十[一二三四五六七八九]?|[一二三四五六七八九](?:十[一二三四五六七八九]?)?|\d{1,2})[）)]\s*")
_ITEM_STOP = re.compile(r"[；;。]")
_ITEM_END = re.compile(r"(?<=.{2})的?\s*[；;。，,]?\s*$")  # 故意犯罪的； -> 故意犯罪


def announced_at(question: str, text: str, start: int, end: int) -> int | None:
    """Where the first item begins when text[start:end] (a sentence) announces a numbered list of what the
    question asks for (下列情形 for 哪些情形, 下列人员 for 哪些人), else None."""
    lead = _ANNOUNCED.search(text, start, end)
    if lead is None or not _asked(question, lead.group("what")):
        return None
    item = _ITEM.match(text, lead.end())
    return item.start() if item and count_value(item.group(1)) == 1 else None


def enumerated_items(first: Passage, at: int, following: Sequence[Passage]) -> list[tuple[Passage, int, int]]:
    """The items of the list whose item (一) begins at `at` in `first`: (passage, start, end) of each item's
    words (number and closing 的； left out), the later items taken from the passages that follow while they
    go on counting (二), (三), …"""
    items: list[tuple[Passage, int, int]] = []
    for passage, start in [(first, at)] + [(p, 0) for p in following]:
        marker = _ITEM.match(passage.text, start)
        if marker is None or count_value(marker.group(1)) != len(items) + 1 or len(items) >= MAX_ITEMS:
            break
        end = _item_end(passage.text, marker.end())
        items.append((passage, marker.end(), end))
    return items


def _asked(question: str, what: str) -> bool:
    """Whether the list announced as 下列<what> is of the things the question asks for."""
    asked = _ASKED_AFTER.search(question)
    return bool(what) and (what in question or (asked is not None and asked.group(1) == what[0]))


def _item_end(text: str, start: int) -> int:
    """The end of the item's words: at its closing punctuation, without a final 的."""
    stop = _ITEM_STOP.search(text, start)
    piece = text[start : stop.end() if stop else len(text)]
    return start + len(_ITEM_END.sub("", piece))
