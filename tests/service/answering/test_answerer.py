"""The answerer on the bundled yearbook's real index: answers, citations, highlights, refusals, follow-ups."""

from __future__ import annotations

import pytest

from tests.conftest import OWN_QUESTIONS
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.service.answering.answerer import EmptyQuestionError
from yearbook_qa.service.answering.weights import WEIGHTS


def _answer_citation(result):
    own = [c for c in result.citations if c.is_answer]
    assert len(own) >= 1
    return own[0]


def test_headline_question_answers_with_its_citation_and_highlight(answerer):
    result = answerer.ask("十届二次会议开幕那天实到多少委员？")
    assert result.answerable and result.answer == "135名"
    cited = _answer_citation(result)
    assert cited.number == 1 and cited.entry == "十届二次会议"
    ((start, end),) = cited.highlights
    assert cited.text[start:end] == "135名"
    assert "实到135名" in result.answer_sentence
    assert cited.source_span[1] > cited.source_span[0]
    assert 0 < result.confidence <= 1 and result.timing_ms > 0


def test_table_cell_from_the_row_the_question_names(answerer):
    result = answerer.ask("老旧小区改造的提案由哪个单位承办？")
    assert result.answer == "市房产服务中心"
    cited = _answer_citation(result)
    assert cited.table.startswith("表8") and cited.cells["承办单位"] == "市房产服务中心"
    ((start, end),) = cited.highlights
    assert cited.text[start:end] == "市房产服务中心"


def test_table_lookup_the_other_way_round(answerer):
    result = answerer.ask("杨录祥督办的是哪件提案？")
    assert result.answer == "关于进一步加强中小学生心理健康教育的提案"
    assert _answer_citation(result).cells["领衔督办领导"] == "杨录祥"


def test_table_date_and_meeting_name(answerer):
    assert answerer.ask("十届八次主席会议是哪天召开的？").answer == "7月12日"
    assert answerer.ask("11月10日召开的是哪次主席会议？").answer == "市政协党组(扩大)会议暨十届十次主席会议"


def test_dates_lists_and_persons_from_prose(answerer):
    assert answerer.ask("十届二次会议什么时候召开？").answer == "2023年1月9日至11日"
    assert answerer.ask("哪些人辞去了政协嘉峪关市第十届委员会委员？").answer == "徐兆宝、王欣、赵小明"
    assert answerer.ask("增补了哪几名同志为第十届委员会委员？").answer == "王建新、李建华、齐世军"
    assert answerer.ask("关于解决老旧小区改造遗留问题并完善功能的提案由谁领衔督办？").answer == "崔明瑞"


def test_number_in_the_unit_asked(answerer):
    assert answerer.ask("履职能力提升培训班一共培训委员多少人次？").answer == "350人次"
    assert answerer.ask("政协内部刊物《嘉峪关政协》共有多少字？").answer == "26万余字"


@pytest.mark.parametrize(
    "question",
    [
        "2021年市政协召开了几次常务委员会会议？",  # another year: the yearbook records 2022's
        "兰州市政协十届二次会议实到多少名委员？",  # another city
        "嘉峪关市的人口是多少？",  # never stated
    ],
)
def test_refuses_what_the_yearbook_does_not_say(answerer, question):
    result = answerer.ask(question)
    assert not result.answerable and result.answer is None and result.answer_sentence is None
    assert result.citations and not any(c.is_answer for c in result.citations)


def test_follow_up_is_resolved_against_the_history(answerer):
    history = [{"role": "user", "content": "十届二次会议开幕实到多少委员？"}, {"role": "assistant", "content": "135名"}]
    result = answerer.ask("那闭幕会呢？", history=history)
    assert "闭幕" in result.resolved_question and result.answer == "134名"
    assert result.question == "那闭幕会呢？"


def test_top_k_and_empty_question(answerer):
    assert len(answerer.ask("十届二次会议开幕那天实到多少委员？", top_k=3).citations) == 3
    with pytest.raises(EmptyQuestionError):
        answerer.ask("  ")


def test_own_question_set_covers_every_chapter_and_table(bundled_corpus):
    questions = load_questions(OWN_QUESTIONS)
    assert len(questions) >= 80
    assert sum(not q.answerable for q in questions) >= 8
    evidence = [q.evidence for q in questions if q.evidence]
    chapters = {p.chapter for p in bundled_corpus.passages}
    tables = {p.table for p in bundled_corpus.passages if p.table}
    cited = [p for p in bundled_corpus.passages if any(e.replace(" ", "") in p.text.replace(" ", "") for e in evidence)]
    assert chapters <= {p.chapter for p in cited}
    assert tables <= {p.table for p in cited}


@pytest.mark.parametrize(
    "question",
    [
        "政协自办刊物一年出了几期？",
        "市政协十届一次会议以来立案提案有多少件？",
        "南梁培训班是给哪些人办的？",
        "市政协主席是谁？",
    ],
)
def test_citations_keep_the_retrieval_order_unless_the_answer_is_confident(answerer, question):
    result = answerer.ask(question, top_k=5)
    first = answerer.index.search(question, k=10)[0].passage.id
    if not result.answerable or result.confidence < WEIGHTS.confident:
        assert result.citations[0].passage_id == first
    else:
        assert result.citations[0].is_answer


def test_a_term_the_corpus_lacks_stands_by_its_longest_opening_it_has(three_editions):
    assert three_editions.terms("2011年出口额是多少？") == ["2011年", "出口"]  # 出口额 is in none of the reports
    assert "进出口" in three_editions.terms("2011年进出口总额是多少？")  # a term the corpus has stays whole
