"""Outlines of real documents: the ten work reports (2010-2019 editions), a law, and the title block and trailing
matter of documents written the ways Chinese official documents and yearbooks are."""

from __future__ import annotations

from pathlib import Path

import pytest

from yearbook_qa.corpus.layout import Byline, Heading
from yearbook_qa.corpus.outline import build_outline
from yearbook_qa.corpus.passage import HEADING_SEPARATOR
from yearbook_qa.corpus.passages import outline_passages
from yearbook_qa.corpus.plain_text import layout_plain_text
from yearbook_qa.corpus.reading import read_outline

REPO = Path(__file__).resolve().parents[2]
EDITIONS = REPO / "eval" / "corpora" / "editions"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# edition: (top headings, number of （一）-style headings under them)
REPORTS = {
    2010: (["一、2009年工作回顾", "二、2010年主要任务"], 12),
    2011: (["一、“十一五”时期国民经济和社会发展的回顾", "二、“十二五”时期的主要目标和任务", "三、2011年的工作"], 15),
    2012: (["一、2011年工作回顾", "二、2012年工作总体部署", "三、2012年主要任务"], 14),
    2013: (
        [
            "一、过去五年工作回顾",
            "二、今年经济社会发展的总体要求、主要预期目标和宏观经济政策",
            "三、对今年政府工作的建议",
        ],
        4,
    ),
    2014: (["一、2013年工作回顾", "二、2014年工作总体部署", "三、2014年重点工作"], 9),
    2015: (
        [
            "一、2014年工作回顾",
            "二、2015年工作总体部署",
            "三、把改革开放扎实推向纵深",
            "四、协调推动经济稳定增长和结构优化",
            "五、持续推进民生改善和社会建设",
            "六、切实加强政府自身建设",
        ],
        0,
    ),
    2016: (["一、2015年工作回顾", "二、“十三五”时期主要目标任务和重大举措", "三、2016年重点工作"], 8),
    2017: (["一、2016年工作回顾", "二、2017年工作总体部署", "三、2017年重点工作任务"], 9),
    2018: (["一、过去五年工作回顾", "二、2018年经济社会发展总体要求和政策取向", "三、对2018年政府工作的建议"], 18),
    2019: (["一、2018年工作回顾", "二、2019年经济社会发展总体要求和政策取向", "三、2019年政府工作任务"], 10),
}


@pytest.mark.parametrize("edition", sorted(REPORTS))
def test_work_report_outline(edition: int):
    outline = read_outline(EDITIONS / f"{edition}年政府工作报告.txt")
    top, sub_count = REPORTS[edition]
    assert outline.document.title == f"{edition}年中华人民共和国国务院政府工作报告"
    assert outline.document.year == edition
    assert [c for c in outline.chapters if HEADING_SEPARATOR not in c] == top
    subs = [c for c in outline.chapters if HEADING_SEPARATOR in c]
    assert len(subs) == sub_count
    assert all(s.split(HEADING_SEPARATOR)[0] in top and s.split(HEADING_SEPARATOR)[1].startswith("（") for s in subs)
    passages = outline_passages(outline, 300)
    # the licence at the end is text outside every chapter, never a chapter
    licence = [p for p in passages if "本作品是中华人民共和国的" in p.text]
    assert len(licence) == 1 and licence[0].chapter is None
    assert not any("Public domain" in c or c == "法律" for c in outline.chapters)
    # most passages sit under a real heading: only the salutation, opening and trailing matter do not
    assert sum(p.chapter is None for p in passages) <= 7


def test_review_speaks_of_the_year_before_and_the_plan_of_its_own_year():
    passages = outline_passages(read_outline(EDITIONS / "2015年政府工作报告.txt"), 300)
    gdp = next(p for p in passages if "国内生产总值达到63.6万亿元" in p.text)
    assert gdp.chapter == "一、2014年工作回顾" and gdp.year == 2015
    assert 2014 in gdp.years and 2015 not in gdp.years  # 过去一年, 上年 and the heading: 2014
    plan = next(p for p in passages if p.chapter == "二、2015年工作总体部署" and "今年" in p.text)
    assert 2015 in plan.years


def test_five_year_review_speaks_of_the_five_years_before():
    outline = read_outline(EDITIONS / "2018年政府工作报告.txt")
    passages = outline_passages(outline, 300)
    review = [p for p in passages if p.chapter and p.chapter.startswith("一、过去五年工作回顾")]
    assert review and all({2013, 2014, 2015, 2016, 2017} <= set(p.years) for p in review)
    inline = "一、过去五年工作回顾 › （一）坚持稳中求进工作总基调，着力创新和完善宏观调控，经济运行保持在合理区间、实现稳中向好"
    assert inline in outline.chapters  # a heading that opens its paragraph: the paragraph keeps its text
    assert any(p.chapter == inline and p.text.startswith("（一）坚持稳中求进") for p in passages)


def test_title_block_broken_over_lines_with_subtitle_and_speaker():
    outline = read_outline(EDITIONS / "2017年政府工作报告.txt")
    doc = outline.document
    assert doc.subtitle == "——2017年3月5日在第十二届全国人民代表大会第五次会议上"
    assert doc.byline == "国务院总理李克强" and doc.published == "2017年3月5日"
    assert outline.chapters[0] == "一、2016年工作回顾"
    # the paragraphs a web page broke at every link are whole again
    passages = outline_passages(outline, 300)
    assert any("党的十八届六中全会正式明确习近平总书记的核心地位" in p.text for p in passages)


SPEECH = """\
某市人民政府工作报告

——2031年1月9日在某市第二届人民代表大会第三次会议上

市长　王　五

各位代表：

现在，我代表市人民政府，向大会报告工作，请予审议。

一、2030年工作回顾

过去一年，全市地区生产总值达到512亿元，比上年增长6.1%。

（一）产业升级取得新进展。新增规模以上工业企业38家，工业增加值增长7%。

1．新建产业园区2个

二、2031年主要任务

今年全市发展的主要预期目标是：地区生产总值增长6%左右。明年继续推进。

附件：名词解释

本报告所称规模以上工业企业，是指年主营业务收入2000万元及以上的工业企业。
"""


def test_speech_title_block_outline_and_years():
    layout = layout_plain_text(SPEECH)
    bylines = [(b.kind, b.text) for b in layout.blocks if isinstance(b, Byline)]
    assert bylines == [("subtitle", "——2031年1月9日在某市第二届人民代表大会第三次会议上"), ("byline", "市长　王　五")]
    headings = [(b.text, b.level) for b in layout.blocks if isinstance(b, Heading)]
    assert headings == [
        ("一、2030年工作回顾", 4),
        ("（一）产业升级取得新进展", 5),
        ("1．新建产业园区2个", 6),
        ("二、2031年主要任务", 4),
    ]
    outline = build_outline(layout, "speech", "speech.txt", "speech")
    assert outline.document.title == "某市人民政府工作报告" and outline.document.year == 2031
    passages = {p.text[:5]: p for p in outline_passages(outline, 300)}
    assert passages["过去一年，"].years == (2030,)
    assert passages["（一）产业"].chapter == "一、2030年工作回顾 › （一）产业升级取得新进展"
    assert passages["（一）产业"].years == (2030,)
    assert passages["今年全市发"].years == (2031, 2032)  # 今年, 明年
    assert passages["附件：名词"].chapter is None and passages["本报告所称"].chapter is None


def test_yearbook_parts_chapters_and_entries():
    text = (
        "某县年鉴-2031\n发表时间:2031-10-1\n编者：某县地方志办公室\n"
        "第一篇 综合\n第一章 自然地理\n【位置】某县位于省境东部。\n第二章 大事记\n【1月】召开县委全会。\n"
        "第二篇 经济\n概况\n【工业】全年工业产值120亿元。\n"
    )
    outline = build_outline(layout_plain_text(text), "y", "y.txt", "y")
    assert outline.document.byline == "编者：某县地方志办公室" and outline.document.year == 2031
    assert outline.chapters == [
        "第一篇 综合",
        "第一篇 综合 › 第一章 自然地理",
        "第一篇 综合 › 第二章 大事记",
        "第二篇 经济",
        "概况",
    ]
    passages = {p.entry: p for p in outline_passages(outline, 300)}
    assert passages["位置"].chapter == "第一篇 综合 › 第一章 自然地理"
    assert passages["1月"].years == (2030,)  # 大事记: a review of the year before the edition
    assert passages["工业"].years == (2030,)  # 概况 likewise


def test_law_chapters_in_plain_text():
    outline = read_outline(FIXTURES / "上海口岸服务条例.txt")
    assert outline.document.title == "上海口岸服务条例"
    assert outline.chapters[:2] == ["第一章 总则", "第二章 口岸开放"]
    passages = outline_passages(outline, 300)
    first = next(p for p in passages if p.text.startswith("第一条"))
    assert first.chapter == "第一章 总则"


def test_five_year_plans_are_dated_from_their_first_year():
    from yearbook_qa.corpus.years import relative_years

    assert relative_years("“十四五”规划期内统筹考核", 2022) == (2021, 2022, 2023, 2024, 2025)
    assert relative_years("“十一五”时期国民经济和社会发展的回顾", 2011) == (2006, 2007, 2008, 2009, 2010)
    assert relative_years("第二个五年计划", 1960) == () and relative_years("“二五”时期", 1960)[0] == 1958
    plan = outline_passages(read_outline(EDITIONS / "2016年政府工作报告.txt"), 300)
    assert any(p.chapter == "二、“十三五”时期主要目标任务和重大举措" and {2016, 2020} <= set(p.years) for p in plan)


def test_point_years_are_single_years_not_spans():
    from yearbook_qa.corpus.years import point_years

    assert point_years("去年国内生产总值增长9.2％，实现了“十二五”时期良好开局", 2012) == (2011,)
    assert point_years("2017年以来，五年来，今年", 2018) == (2017, 2018)
