"""Which table column a question asks for, and which row it points through."""

from __future__ import annotations

from yearbook_qa.service.answering.question_type import AnswerType
from yearbook_qa.service.answering.table_lookup import HEADER_SYNONYMS, row_match, target_header

T = AnswerType
ROW8 = {
    "序号": "5",
    "案由": "关于解决老旧小区改造遗留问题并完善功能的提案",
    "提案者": "马妍",
    "承办单位": "市房产服务中心",
    "领衔督办领导": "崔明瑞",
}


def test_table_column_from_a_synonym_and_the_row_it_points_through():
    # "承办" names 承办单位; the 案由 the question repeats is the anchor, not the answer
    assert target_header("老旧小区改造的提案由哪个单位承办？", ROW8, T.ORG, {"案由"}) == ("承办单位", True)
    # the other way round: 督办 names the column the question points through, 哪件 asks for 案由
    assert target_header("崔明瑞督办的是哪件提案？", ROW8, T.TITLE, {"领衔督办领导"}) == ("案由", True)
    assert target_header("关于解决老旧小区改造遗留问题并完善功能的提案是谁提出的？", ROW8, T.PERSON, {"案由"}) == (
        "提案者",
        True,
    )
    assert "承办" in HEADER_SYNONYMS and "督办" in HEADER_SYNONYMS


def test_a_date_in_the_question_matches_a_row_only_whole():
    row = {"会议名称": "市政协十届五次常委会会议", "会议时间": "12月28日"}
    assert row_match("2月28日召开的是哪个常委会会议？", row, "会议名称", lambda _b: 1.0) == 0.0


def test_a_session_in_the_question_matches_a_row_only_whole():
    weight = lambda _b: 1.0  # noqa: E731
    asked = "十届一次主席会议是哪天召开的？"
    first = {"会议名称": "十届一次主席会议", "会议时间": "2月14日"}
    eleventh = {"会议名称": "市政协十届十一次主席会议", "会议时间": "12月27日"}
    assert row_match(asked, first, "会议时间", weight) > row_match(asked, eleventh, "会议时间", weight)
    standing = {"会议名称": "市政协十届五次常委会会议"}
    assert row_match("十届五次常委会开会的日子是几月几号？", standing, "会议时间", weight) > 0
