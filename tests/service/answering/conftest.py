"""Fixtures of the answering tests: an answerer over three consecutive work reports (2010-2012 editions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from yearbook_qa.corpus import load_corpus
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.service.answering.answerer import Answerer

EDITIONS = Path(__file__).resolve().parents[3] / "eval" / "corpora" / "editions"


@pytest.fixture(scope="session")
def three_editions(tmp_path_factory, embedder) -> Answerer:
    passages = [p for y in (2010, 2011, 2012) for p in load_corpus(EDITIONS / f"{y}年政府工作报告.txt").passages]
    out = tmp_path_factory.mktemp("three-editions") / "index"
    build_index(passages, out, embedder, progress=False)
    return Answerer(HybridIndex.load(out, embedder))


LAWS = Path(__file__).resolve().parents[3] / "eval" / "corpora" / "fresh_laws"


@pytest.fixture(scope="session")
def injury_law(tmp_path_factory, embedder) -> Answerer:
    """An answerer over one regulation (工伤保险条例): articles whose items stand on lines of their own."""
    out = tmp_path_factory.mktemp("injury-law") / "index"
    build_index(load_corpus(LAWS / "工伤保险条例.txt").passages, out, embedder, progress=False)
    return Answerer(HybridIndex.load(out, embedder))
