"""Questions about a document's outline (第三部分的标题是什么), on three consecutive work reports (2010-2012)."""

from __future__ import annotations

from pathlib import Path

from yearbook_qa.corpus import load_corpus
from yearbook_qa.service.answering.outline_questions import part_heading

EDITIONS = Path(__file__).resolve().parents[3] / "eval" / "corpora" / "editions"
PASSAGES = [p for y in (2010, 2011, 2012) for p in load_corpus(EDITIONS / f"{y}年政府工作报告.txt").passages]


def test_a_numbered_part_of_the_named_edition_gives_its_heading_and_first_passage():
    heading, passage = part_heading("2012年政府工作报告第三部分的标题是什么？", PASSAGES)
    assert heading == "2012年主要任务"  # the report's line 三、2012年主要任务
    assert passage.year == 2012 and passage.chapter.startswith("三、2012年主要任务")
    heading, passage = part_heading("2011年的报告第二部分讲的是什么", PASSAGES)
    assert heading == "“十二五”时期的主要目标和任务" and passage.year == 2011


def test_content_questions_unknown_parts_and_unnamed_editions_are_left_to_the_text():
    assert part_heading("2012年政府工作报告第三部分提出了哪些任务？", PASSAGES) is None  # asks what the part says
    assert part_heading("2010年政府工作报告第五部分的标题是什么？", PASSAGES) is None  # it has two parts
    assert part_heading("政府工作报告第二部分的标题是什么？", PASSAGES) is None  # three editions: which one?
    one = [p for p in PASSAGES if p.year == 2010]
    assert part_heading("第二部分的标题是什么？", one)[0] == "2010年主要任务"  # one document: no year needed


def test_the_answerer_answers_it_and_cites_the_part(three_editions):
    answer = three_editions.ask("2012年政府工作报告第二部分的标题是什么？")
    assert answer.answerable and answer.answer == "2012年工作总体部署"
    first = answer.citations[0]
    assert first.is_answer and first.year == 2012 and first.chapter.startswith("二、2012年工作总体部署")
