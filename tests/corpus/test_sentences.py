"""Sentence-bounded pieces: cut after 。！？； (and closing quotes), bounded, over-long sentences cut at clauses."""

from __future__ import annotations

from yearbook_qa.corpus.sentences import chunk_spans, sentence_spans


def _texts(text, spans):
    return [text[s:e] for s, e in spans]


def test_sentences_end_after_marks_and_closing_quotes():
    text = " 他说：“开会。”随后散会！是否继续？继续；好"
    assert _texts(text, sentence_spans(text, 0, len(text))) == [
        "他说：“开会。”",
        "随后散会！",
        "是否继续？",
        "继续；",
        "好",
    ]


def test_chunks_pack_whole_sentences_up_to_the_bound():
    text = "甲" * 9 + "。" + "乙" * 9 + "。" + "丙" * 9 + "。"
    assert _texts(text, chunk_spans(text, 0, len(text), 20)) == ["甲" * 9 + "。" + "乙" * 9 + "。", "丙" * 9 + "。"]
    assert _texts(text, chunk_spans(text, 0, len(text), 19)) == ["甲" * 9 + "。", "乙" * 9 + "。", "丙" * 9 + "。"]


def test_an_over_long_sentence_is_cut_at_clause_marks_else_hard():
    text = "一二三，四五六，七八九十。"
    assert _texts(text, chunk_spans(text, 0, len(text), 9)) == ["一二三，四五六，", "七八九十。"]
    plain = "一" * 25
    assert _texts(plain, chunk_spans(plain, 0, len(plain), 10)) == ["一" * 10, "一" * 10, "一" * 5]
