"""Numbered headings of Chinese yearbooks and official documents, and their depth in the outline.

第一篇 > 第一章 > 第一节 > 一、 > （一） > 1． > （1） > ①; an unnumbered short heading (综述, 大事记) is a top chapter.
A numbered heading is a short line of its own, or the first sentence of a paragraph that goes on
(（一）坚持稳中求进工作总基调。这些年，…): the sentence is the heading, the paragraph its first text.
"""

from __future__ import annotations

import re

_CN = "零〇一二三四五六七八九十百千两"
_NUMBERINGS = (
    re.compile(rf"第[{_CN}0-9]+(?:篇|编|部分|卷)"),
    re.compile(rf"第[{_CN}0-9]+章"),
    re.compile(rf"第[{_CN}0-9]+节"),
    re.compile(rf"[{_CN}]+[、．.]"),
    re.compile(rf"[（(][{_CN}]+[）)]"),
    re.compile(r"[0-9０-９]{1,2}(?:[、．]|\.(?![0-9]))"),
    re.compile(r"[（(][0-9０-９]{1,2}[）)]"),
    re.compile(r"[①-⑳]"),
)
TOP_LEVEL = 0  # unnumbered chapter headings
NUMBERED_MAX_CHARS = 40  # a numbered line of its own
INLINE_MAX_CHARS = 60  # a numbered paragraph's first sentence
_INLINE_DEEPEST = 5  # （一） and above may head a paragraph that goes on; 1． （1） ① there are list items
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_NOT_IN_HEADING = re.compile(r"[。！？；!?;：:【】|]")


def numbering_level(content: str) -> int | None:
    """The outline depth of the numbering a line opens with (第一篇 1 … ① 8), or None if it has none."""
    for level, pattern in enumerate(_NUMBERINGS, 1):
        m = pattern.match(content)
        if m and m.end() < len(content):
            return level
    return None


def numbered_heading(content: str, in_list: bool = False) -> tuple[str, int] | None:
    """(heading text, level) if the line is a numbered heading, alone or opening a paragraph; else None.

    In a list (inside an 【entry】, or among items ending in ；) numbered sentences are items (1、召开会议3次。 （二）…；):
    only a bare title (（一）产业升级) heads there.
    """
    body = content.rstrip("。")
    level = numbering_level(body)
    if level is None or (in_list and _SENTENCE_END.search(content)):
        return None
    if len(body) <= NUMBERED_MAX_CHARS and not _NOT_IN_HEADING.search(body):
        return body, level
    end = _SENTENCE_END.search(content)
    if level <= _INLINE_DEEPEST and end and end.start() <= INLINE_MAX_CHARS and end.end() < len(content):
        first = content[: end.start()]
        if not _NOT_IN_HEADING.search(first):
            return first, level
    return None
