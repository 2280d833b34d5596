"""Questions about a document's outline (第二部分的标题是什么, 第三章讲的是什么): the heading of that part, read
from the heading chains the passages carry, and the first passage under it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.passage import HEADING_SEPARATOR, Passage
from yearbook_qa.corpus.years import count_value
from yearbook_qa.service.answering.answerability import asked_years

_COUNT = "一二两三四五六七八九十"
_ASKED_PART = re.compile(rf"第([{_COUNT}]{{1,3}}|\d{{1,2}})(?:部分|篇|章|编)")
_ASKS_HEADING = re.compile(r"标题|题目|名称|叫什么|讲(?:的是)?什么|关于什么|什么内容")
_HEADING_NUMBER = re.compile(rf"^第?([{_COUNT}]{{1,3}}|\d{{1,2}})(?:[、．.]|部分|篇|章|编)")


def part_heading(question: str, passages: Iterable[Passage]) -> tuple[str, Passage] | None:
    """(the heading without its number, the first passage under it) when the question asks what a numbered
    top-level part is called or about and names one document of the corpus (by its edition year, or the corpus
    holds one); None otherwise, and the question is answered from the text as usual."""
    q = normalize(question)
    asked = _ASKED_PART.search(q)
    if not asked or not _ASKS_HEADING.search(q):
        return None
    passages = list(passages)  # read only for a question about a part: no pass over the corpus otherwise
    years = asked_years(question)
    documents = {p.document_id for p in passages if not years or p.year in years}
    if len(documents) != 1:
        return None
    number = count_value(asked.group(1))
    for p in passages:
        top = (p.chapter or "").split(HEADING_SEPARATOR)[0]
        numbered = _HEADING_NUMBER.match(top)
        if p.document_id in documents and numbered and count_value(numbered.group(1)) == number:
            return top[numbered.end() :].strip(), p
    return None
