"""Which number column of a statistical table row a question asks for."""

from __future__ import annotations

from yearbook_qa.service.answering.statistic_columns import statistic_header

ROW = {
    "指标": "地区生产总值",
    "单位": "亿元",
    "年份 › 2021年": "310.2亿元",
    "年份 › 2022年": "335.6亿元",
    "2022年比上年增长(%)": "7.1%",
}


def test_the_year_or_growth_column_a_question_asks_for():
    anchors = {"指标"}
    assert statistic_header("2022年全市地区生产总值是多少", ROW, anchors) == "年份 › 2022年"
    assert statistic_header("2021年地区生产总值多少亿元", ROW, anchors) == "年份 › 2021年"
    assert statistic_header("2022年地区生产总值比上年增长多少", ROW, anchors) == "2022年比上年增长(%)"
    assert statistic_header("地区生产总值比上年增长多少", ROW, anchors) == "2022年比上年增长(%)"
    assert statistic_header("地区生产总值是多少", ROW, anchors) == "年份 › 2022年"  # no year: the latest
    assert statistic_header("2019年地区生产总值是多少", ROW, anchors) is None  # a year the table lacks
    assert (
        statistic_header("老旧小区改造的提案由哪个单位承办？", {"序号": "5", "承办单位": "市房产服务中心"}, set())
        is None
    )
