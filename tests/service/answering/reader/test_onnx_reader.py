"""The shipped reader on ONNX Runtime: finds the answer span in real yearbook passages, says when a passage
holds none, and weighs any span it is given."""

from __future__ import annotations

import pytest

from yearbook_qa.service.answering.reader.onnx_reader import Reader, trimmed


def _passage(corpus, needle: str) -> str:
    return next(p.text for p in corpus.passages if needle in p.text)


@pytest.mark.parametrize(
    ("question", "needle", "answer"),
    [
        ("十届二次会议开幕那天实到多少委员？", "实到135名", "135"),
        ("市政协十届二次会议在哪里开幕？", "实到135名", None),
    ],
)
def test_reads_the_answer_span_of_a_yearbook_passage(reader: Reader, bundled_corpus, question, needle, answer):
    text = _passage(bundled_corpus, needle)
    reading = reader.read(question, [text])[0]
    span = reading.best()
    assert span is not None and text[span.start : span.end] == span.text
    if answer is not None:
        assert answer in span.text and len(span.text) < 12
        assert span.score > reading.null  # sure there is an answer here


def test_a_passage_about_something_else_holds_no_answer(reader: Reader, bundled_corpus):
    text = _passage(bundled_corpus, "实到135名")
    on_topic = reader.read("十届二次会议开幕那天实到多少委员？", [text])[0]
    off_topic = reader.read("2023年全国粮食总产量是多少万吨？", [text])[0]
    margin = lambda r: r.best().score - r.null  # noqa: E731
    assert margin(off_topic) < 0 < margin(on_topic)


def test_score_of_a_given_span_matches_the_best(reader: Reader, bundled_corpus):
    text = _passage(bundled_corpus, "实到135名")
    reading = reader.read("十届二次会议开幕那天实到多少委员？", [text])[0]
    span = reading.best()
    assert reading.score(span.start, span.end) == pytest.approx(span.score, abs=1e-4)
    assert reading.score(len(text) + 5, len(text) + 9) is None  # not in any window


@pytest.mark.parametrize(
    ("text", "kept"),
    [("，《公路法》。", "《公路法》"), ("《公路法", "公路法"), ("8.1%。", "8.1%"), ("（一）", "（一）"), ("、", None)],
)
def test_span_edges_drop_punctuation_and_unmatched_brackets(text, kept):
    got = trimmed(text, 0, len(text))
    assert (text[got[0] : got[1]] if got else None) == kept
