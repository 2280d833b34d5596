"""Statistical tables (统计年鉴): a cell answers from its row, its year or growth column and its unit."""

from __future__ import annotations

import pytest

from tests.corpus.yearbook_files import write_statistical_xlsx
from yearbook_qa.corpus import load_corpus
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.service.answering.answerer import Answerer


@pytest.fixture(scope="module")
def statistics_answerer(tmp_path_factory, embedder):
    out = tmp_path_factory.mktemp("statistics")
    corpus = load_corpus(write_statistical_xlsx(out / "统计.xlsx"))
    build_index(corpus.passages, out / "index", embedder, progress=False)
    return Answerer(HybridIndex.load(out / "index", embedder))


@pytest.mark.parametrize(
    ("question", "answer", "location"),
    [
        ("2022年全市地区生产总值是多少", "335.6亿元", "主要指标!A4:F4"),
        ("2022年全市地区生产总值比上年增长多少", "7.1%", "主要指标!A4:F4"),
        ("2020年常住人口有多少", "31.3万人", "主要指标!A8:F8"),
        ("2021年镜铁区生产总值是多少", "98.1亿元", "分县区!A5:E5"),
        ("雄关区2022年生产总值增速是多少", "7.5%", "分县区!A4:E4"),
    ],
)
def test_statistical_cell_answers_with_unit_and_cells_cited(statistics_answerer, question, answer, location):
    result = statistics_answerer.ask(question)
    assert result.answerable and result.answer == answer
    cited = next(c for c in result.citations if c.is_answer)
    assert cited.location == location
    ((start, end),) = cited.highlights
    assert cited.text[start:end] == answer
