"""The years a text speaks of, on real work reports: each mention is one year or a run of them."""

from __future__ import annotations

from pathlib import Path

from yearbook_qa.corpus import load_corpus
from yearbook_qa.corpus.years import count_value, relative_mentions, spoken_years, written_mentions, years_in

EDITIONS = Path(__file__).resolve().parents[2] / "eval" / "corpora" / "editions"


def test_five_year_plans_run_from_1966_after_the_adjustment_years():
    # the first two plans ran 1953-1962, the third began in 1966: "十二五" is 2011-2015, not 2008-2012
    assert relative_mentions("“一五”时期", 2011) == [(1953, 1954, 1955, 1956, 1957)]
    assert relative_mentions("“十一五”时期", 2011) == [(2006, 2007, 2008, 2009, 2010)]
    assert relative_mentions("“十二五”规划", 2011) == [(2011, 2012, 2013, 2014, 2015)]
    report = load_corpus(EDITIONS / "2011年政府工作报告.txt")
    plan = [p for p in report.passages if (p.chapter or "").startswith("二、“十二五”")]
    review = [p for p in report.passages if (p.chapter or "").startswith("一、“十一五”")]
    assert plan and all({2011, 2012, 2013, 2014, 2015} <= set(p.years) and 2008 not in p.years for p in plan)
    assert review and all({2006, 2007, 2008, 2009, 2010} <= set(p.years) for p in review)


def test_each_mention_is_one_year_or_a_run_in_text_order():
    report = load_corpus(EDITIONS / "2018年政府工作报告.txt")
    (passage,) = [p for p in report.passages if p.text.startswith("刚刚过去的2017年")]
    assert written_mentions(passage.text) == [(2017,)]
    # 比上年 (the year before the edition) is one year; 五年来 the five years before the edition
    assert set(relative_mentions(passage.text, 2018)) == {(2017,), (2013, 2014, 2015, 2016, 2017)}
    assert written_mentions("2013—2017年，二〇一二年") == [(2013, 2014, 2015, 2016, 2017), (2012,)]
    assert years_in("二〇一二年和2013年") == (2012, 2013)  # in the order they are written
    assert spoken_years("去年比2016年", 2018) == (2016, 2017)  # written years first, then relative ones


def test_counts_in_chinese_numerals_and_digits():
    assert [count_value(w) for w in ("一", "两", "十", "十二", "二十", "二十三", "九十九", "7")] == [
        1,
        2,
        10,
        12,
        20,
        23,
        99,
        7,
    ]
