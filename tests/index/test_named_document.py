"""本法 and the title block stand for the document: on two real laws, "…法从什么时候开始施行" finds its own
law's 本法自…起施行, and "…条例是哪一年通过的" the line under the title."""

from __future__ import annotations

from pathlib import Path

import pytest

from yearbook_qa.corpus import load_corpus
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.index.lexical_index import lexical_text

REPO = Path(__file__).resolve().parents[2]
LAWS = REPO / "eval" / "corpora" / "laws"
EDITIONS = REPO / "eval" / "corpora" / "editions"
ARBITRATION = "中华人民共和国劳动争议调解仲裁法"
ANIMALS = "北京市动物防疫条例"


@pytest.fixture(scope="module")
def two_laws():
    return [p for name in (ARBITRATION, ANIMALS) for p in load_corpus(LAWS / f"{name}.txt").passages]


def test_what_the_document_stands_for(two_laws):
    (in_force,) = [p for p in two_laws if "本法自2008年5月1日起施行" in p.text]
    assert in_force.named_document == ARBITRATION
    assert in_force.embed_text().endswith(ARBITRATION) and lexical_text(in_force).endswith(ARBITRATION)
    (adopted,) = [p for p in two_laws if p.text.startswith("2014年5月23日")]  # the title block: no chapter
    assert adopted.chapter is None and adopted.named_document == ANIMALS
    ordinary = [p for p in two_laws if p.chapter and "本法" not in p.text and "本条例" not in p.text]
    assert ordinary and all(p.named_document is None for p in ordinary)
    basic_law = [p for p in load_corpus(EDITIONS / "2015年政府工作报告.txt").passages if "基本法" in p.text]
    assert basic_law and all(p.named_document is None for p in basic_law)  # 基本法 is not 本法


@pytest.fixture(scope="module")
def laws_index(tmp_path_factory, two_laws, embedder) -> HybridIndex:
    out = tmp_path_factory.mktemp("laws") / "index"
    build_index(two_laws, out, embedder, progress=False)
    return HybridIndex.load(out, embedder)


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("劳动争议调解仲裁法从什么时候开始施行？", "本法自2008年5月1日起施行"),
        ("北京市动物防疫条例自哪天起施行？", "本条例自2014年10月1日起施行"),
        ("北京市动物防疫条例是哪一年通过的？", "2014年5月23日北京市第十四届"),
    ],
)
def test_a_question_naming_the_law_finds_where_it_speaks_of_itself(laws_index, question, evidence):
    hits = laws_index.search(question, k=5)
    assert evidence in hits[0].passage.text.replace(" ", "")
