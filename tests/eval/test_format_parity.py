"""The bundled yearbook as Word and PDF answers the project's own question set as the plain text does."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import BUNDLED_YEARBOOK, OWN_QUESTIONS
from tests.corpus.yearbook_files import write_docx, write_pdf
from yearbook_qa.corpus import load_corpus
from yearbook_qa.eval.harness import evaluate
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.service.answering.answerer import Answerer

MAX_DIFFERENT = 2  # questions whose answer may differ from the plain text's


@pytest.mark.parametrize(("writer", "suffix"), [(write_docx, ".docx"), (write_pdf, ".pdf")], ids=["docx", "pdf"])
def test_word_and_pdf_answer_like_the_plain_text(writer, suffix, tmp_path, scored, bundled_index_dir, embedder):
    source = writer(BUNDLED_YEARBOOK, tmp_path / f"{BUNDLED_YEARBOOK.stem}{suffix}")
    corpus = load_corpus(source)
    index_dir = tmp_path / "index"
    shutil.copytree(bundled_index_dir, index_dir)  # an incremental build: only changed passages are embedded
    report = build_index(corpus.passages, index_dir, embedder, progress=False)
    answerer = Answerer(HybridIndex.load(index_dir, embedder))
    plain = scored(OWN_QUESTIONS)
    other = evaluate(load_questions(OWN_QUESTIONS), answerer, top_k=5)
    different = [
        (a.question.question, a.answer.answer, b.answer.answer)
        for a, b in zip(plain.results, other.results, strict=True)
        if a.answer.answer != b.answer.answer
    ]
    assert len(different) <= MAX_DIFFERENT, different
    assert report.embedded <= len(corpus.passages) // 10  # the same passages: their vectors are re-used
    assert other.metrics["answer_accuracy"] >= plain.metrics["answer_accuracy"] - MAX_DIFFERENT / len(plain.results)
