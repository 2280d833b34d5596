"""The records the corpus stage emits: documents and the passages cut from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yearbook_qa.corpus.vocabulary import SELF_REFERENCE_KINDS, alternation

HEADING_SEPARATOR = " › "  # between the headings of a passage's chapter path: 一、2023年工作回顾 › （二）…
# 本法, 本条例 … (not 基本法, 根本法, 成本法 …): a law or regulation naming itself
SELF_REFERENCE = re.compile(rf"(?<![基根成资日])本(?:{alternation(SELF_REFERENCE_KINDS)})")


@dataclass(frozen=True)
class Document:
    """One yearbook file (or one record of a passage JSONL file), as read."""

    id: str  # stable: derived from the file name (or the record id)
    title: str  # e.g. 政协嘉峪关市委员会年鉴-2023
    path: str  # where it was read from
    text: str  # the decoded source text; passage spans index into it
    year: int | None = None  # edition year: record metadata, else title, subtitle date, 发表时间 or file name
    published: str | None = None  # 发表时间 as written (2023-12-1), else the subtitle's date (2024年3月5日)
    subtitle: str | None = None  # ——2024年3月5日在第十四届全国人民代表大会第二次会议上
    byline: str | None = None  # who speaks or compiled it: 国务院总理李强, 编者：…
    locations: tuple[tuple[int, str], ...] = ()  # (offset, place in the source file: 第3页, GDP!A5:F5), ascending


@dataclass(frozen=True)
class Passage:
    """A retrievable unit: a bounded run of an entry's sentences, or one table row."""

    id: str  # stable: same input -> same id; editing one entry changes only its ids
    document_id: str
    document_title: str
    text: str  # prose: exactly source[span[0]:span[1]];
    # table row: "表8 … | 案由: … | 承办单位: 市教育局 | …"
    span: tuple[int, int]  # [start, end) character offsets in Document.text
    year: int | None = None  # edition year of the document
    # the years the passage speaks of: written in its text, caption or column headers, relative to the edition
    # (过去一年 -> year - 1), or those of its headings and entry (…2023年工作回顾; a review chapter: year - 1)
    years: tuple[int, ...] = ()
    chapter: str | None = None  # the heading chain: 综述, or 一、2023年工作回顾 › （二）… (HEADING_SEPARATOR)
    entry: str | None = None  # the 【标题】 the passage belongs to
    table: str | None = None  # table caption (表8 …一览表) for table rows
    row: int | None = None  # 1-based data row number within the table
    cells: dict[str, str] = field(default_factory=dict)  # {header: value} for table rows
    location: str | None = None  # page (PDF) or sheet and cells (Excel) where the passage starts

    @property
    def is_table_row(self) -> bool:
        return self.table is not None

    @property
    def named_document(self) -> str | None:
        """The document's title when the passage speaks of the document as a whole without writing its title:
        it names its own law or regulation (本法自2008年5月1日起施行: what 本法 stands for), or it stands outside
        every chapter (the title block: ——2024年3月5日在…会议上, …会议通过); else None."""
        if self.document_title in self.text or self.is_table_row:
            return None
        outside = self.chapter is None and self.entry is None
        return self.document_title if outside or SELF_REFERENCE.search(self.text) else None

    def embed_text(self) -> str:
        """The text that is embedded and indexed: its place in the yearbook, then the text (and, after it, the
        title its 本法 stands for)."""
        entry = f"【{self.entry}】" if self.entry and not self.is_table_row else ""
        prefix = " ".join(h for h in (self.chapter or "", entry) if h)
        text = f"{prefix} {self.text}" if prefix else self.text
        return f"{text} {self.named_document}" if self.named_document else text

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "document_id": self.document_id,
            "document_title": self.document_title,
            "text": self.text,
            "span": list(self.span),
            "year": self.year,
            "years": list(self.years),
            "chapter": self.chapter,
            "entry": self.entry,
            "table": self.table,
            "row": self.row,
            "cells": dict(self.cells),
            "location": self.location,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Passage:
        return cls(
            id=d["id"],
            document_id=d["document_id"],
            document_title=d["document_title"],
            text=d["text"],
            span=(int(d["span"][0]), int(d["span"][1])),
            year=d.get("year"),
            years=tuple(d.get("years") or ()),
            chapter=d.get("chapter"),
            entry=d.get("entry"),
            table=d.get("table"),
            row=d.get("row"),
            cells=dict(d.get("cells") or {}),
            location=d.get("location"),
        )
