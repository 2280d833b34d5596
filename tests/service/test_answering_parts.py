"""The pure parts of answering, on sentences and rows of the bundled yearbook (no index needed)."""
from __future__ import annotations

import pytest

from yearbook_qa.service.answerability import missing_role, other_session
from yearbook_qa.service.asked_form import asked_noun, unit_fits
from yearbook_qa.service.extract import Candidate, find_candidates, noun_phrases
from yearbook_qa.service.history import resolve_follow_up
from yearbook_qa.service.question_type import AnswerType, asked_unit, question_type
from yearbook_qa.service.render import render_answer_text
from yearbook_qa.service.answer import Answer, Citation
from yearbook_qa.service.slots import slot_fillers
from yearbook_qa.service.support import PLANNED_FIT, _echoed, _planned_fit, alignment
from yearbook_qa.service.table_lookup import HEADER_SYNONYMS, row_match, target_header

T = AnswerType
ROW8 = {"序号": "5", "案由": "关于解决老旧小区改造遗留问题并完善功能的提案", "提案者": "马妍",
        "承办单位": "市房产服务中心", "领衔督办领导": "崔明瑞"}


@pytest.mark.parametrize("question, kind", [
    ("十届二次会议开幕那天实到多少委员？", T.NUMBER),
    ("十届二次会议是什么时候召开的？", T.DATE),
    ("“探索新型农村社区居住模式”专题调研在哪几天开展？", T.DATE),
    ("关于大力扶持科技型小微企业发展的提案由谁领衔督办？", T.PERSON),
    ("老旧小区改造的提案由哪个单位承办？", T.ORG),
    ("哪些人辞去了政协嘉峪关市第十届委员会委员？", T.LIST),
    ("十届二次会议在哪里召开？", T.PLACE),
    ("崔明瑞督办的是哪件提案？", T.TITLE),
    ("赴南梁的那次培训持续了多长时间？", T.NUMBER),
])
def test_question_type(question, kind):
    assert question_type(question) is kind


def test_asked_unit():
    assert asked_unit("履职能力提升培训班一共培训委员多少人次？") == "人次"
    assert asked_unit("委员满意和基本满意率是多少？") == "%"
    assert asked_unit("政协嘉峪关市第十届委员会有委员多少名？") == "名"


@pytest.mark.parametrize("text, kind, expected", [
    ("大会应到市政协委员176名,实到135名。", T.NUMBER, ["176名", "135名"]),
    ("《嘉峪关政协》共编印4期,共选登稿件103篇,26万余字,图片163幅", T.NUMBER, ["4期", "103篇", "26万余字", "163幅"]),
    ("2023年1月9日至11日,政协嘉峪关市第十届委员会第二次会议在市级机关会议中心召开。", T.DATE, ["2023年1月9日至11日"]),
    ("6月8日、14日", T.DATE, ["6月8日、14日"]),
    ("徐兆宝、王欣、赵小明因病、因故辞去政协嘉峪关市第十届委员会委员。", T.LIST, ["徐兆宝、王欣、赵小明"]),
    ("2023年1月9日至11日,政协嘉峪关市第十届委员会第二次会议在市级机关会议中心召开。", T.PLACE, ["市级机关会议中心"]),
    ("(政协嘉峪关市委员会办公室 杨永民供稿)", T.PERSON, ["杨永民"]),
])
def test_candidates_carry_their_offsets(text, kind, expected):
    found = find_candidates(text, kind)
    assert [c.text for c in found] == expected
    assert all(text[c.start : c.end] == c.text for c in found)


def test_table_column_from_a_synonym_and_the_row_it_points_through():
    # "承办" names 承办单位; the 案由 the question repeats is the anchor, not the answer
    assert target_header("老旧小区改造的提案由哪个单位承办？", ROW8, T.ORG, {"案由"}) == ("承办单位", True)
    # the other way round: 督办 names the column the question points through, 哪件 asks for 案由
    assert target_header("崔明瑞督办的是哪件提案？", ROW8, T.TITLE, {"领衔督办领导"}) == ("案由", True)
    assert target_header("关于解决老旧小区改造遗留问题并完善功能的提案是谁提出的？", ROW8, T.PERSON, {"案由"}) == ("提案者", True)
    assert "承办" in HEADER_SYNONYMS and "督办" in HEADER_SYNONYMS


def test_follow_up_carries_the_previous_question():
    history = [{"role": "user", "content": "十届二次会议开幕实到多少委员？"}, {"role": "assistant", "content": "135名"}]
    assert resolve_follow_up("那闭幕会呢？", history) == "十届二次会议闭幕会实到多少委员？"
    assert resolve_follow_up("那马妍呢？", [{"role": "user", "content": "杨录祥督办的是哪件提案？"}]) == "马妍督办的是哪件提案？"
    # a whole question is left alone
    assert resolve_follow_up("市科技局承办的是哪件提案？", history) == "市科技局承办的是哪件提案？"


def test_render_marks_the_answer_in_its_citation():
    text = "大会应到市政协委员176名,实到135名。"
    start = text.index("135名")
    citation = Citation(1, "p1", text, "d", "政协嘉峪关市委员会年鉴-2023", 2023, "政协重要会议", "十届二次会议",
                        None, None, {}, 0.1, [(start, start + 4)], (0, len(text)), True)
    out = render_answer_text(Answer("问", "135名", True, 0.9, text, [citation], "问", 12.0))
    assert "答案: 135名" in out
    assert "实到〖135名〗" in out
    assert "政协嘉峪关市委员会年鉴-2023 › 政协重要会议 › 【十届二次会议】" in out
    refused = render_answer_text(Answer("问", None, False, 0.1, None, [citation], "问", 12.0))
    assert "未在年鉴中找到答案" in refused and "相关段落" in refused


@pytest.mark.parametrize("question, kind", [
    ("十届十次主席会议是几号开的？", T.DATE),
    ("双城经济圈专题议政协商是在哪几个月开展的？", T.DATE),
    ("2月25日召开的是第几次主席会议？", T.TITLE),
    ("“三有在基层”里的三有指的是哪三有？", T.LIST),
    ("“书香政协”读书活动实施方案是在哪次主席会议上通过的？", T.TITLE),
    ("常务委员会第五次会议的会期多长？", T.NUMBER),
])
def test_question_type_of_other_phrasings(question, kind):
    assert question_type(question) is kind


def test_asked_form_units_and_nouns():
    assert unit_fits("编进协商议事会的政协委员有多少人？", "175名")
    assert not unit_fits("编进协商议事会的政协委员有多少人？", "400人次以上")
    assert unit_fits("《嘉峪关政协》改版后多久编印一期？", "每季度") and not unit_fits("培训经费是多少元？", "5天")
    assert asked_noun("6月30日的常委会传达学习了什么条例？") == "条例"
    assert asked_noun("征集十届一次会议提案的通知全称叫什么？") == "通知"
    assert asked_noun("十届七次主席会议的会议内容是什么？") is None


def test_lists_of_titles_side_by_side_and_phrases_ending_in_the_asked_noun():
    text = "听取并讨论《市中级人民法院工作报告》《市人民检察院工作报告》。"
    assert [c.text for c in find_candidates(text, T.LIST)] == ["《市中级人民法院工作报告》《市人民检察院工作报告》"]
    text = "在促进两市商贸物流、文化旅游、教育医疗等领域融合发展方面取得积极进展。"
    assert [c.text for c in find_candidates(text, T.LIST)] == ["两市商贸物流、文化旅游、教育医疗"]
    text = "5月30日,举办市政协十届委员履职能力提升培训班,邀请全国政协委员"
    assert [c.text for c in noun_phrases(text, "培训班")] == ["市政协十届委员履职能力提升培训班"]


def test_slot_filler_stands_where_the_question_word_stands():
    sentence = "魏斯可金融公司是一家多元化金融企业，总部位于加尼福尼亚州帕萨迪纳。"
    assert [c.text for c in slot_fillers("魏斯可金融公司总部位于哪里？", sentence)] == ["加尼福尼亚州帕萨迪纳"]


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


def test_alignment_counts_whole_words_and_may_skip_the_counted_noun():
    sentence = "大会应到委员176名,实到134名。"
    question = "闭幕会实到委员多少名？"
    expected = sentence.index("176名"), sentence.index("134名")
    c176 = Candidate("176名", expected[0], expected[0] + 4)
    c134 = Candidate("134名", expected[1], expected[1] + 4)
    assert alignment(question, sentence, c134) >= alignment(question, sentence, c176)


def test_a_sentence_about_another_session_does_not_answer():
    sentence = "十届一次会议收到委员提交提案189件"
    assert other_session("十届二次会议共收到委员提案多少件？", sentence, "")
    assert not other_session("十届一次会议收到委员提案多少件？", sentence, "")
    assert not other_session("十届二次会议第二次全体会议实到多少名？", "大会应到委员176名,实到134名。", "【十届二次会议】")
    assert not other_session("十届五次常委会会议哪天召开？", "市政协十届五次常委会议决定增补", "")


def test_a_candidate_the_question_repeats_is_kept_when_the_sentence_says_it_twice():
    sentence = "创办《社情民意》,畅通委员反映社情民意信息渠道"
    title = Candidate("《社情民意》", 2, 8)
    assert not _echoed(title, sentence, "为畅通委员反映社情民意信息渠道,市政协创办了什么?")
    assert _echoed(title, "创办《社情民意》", "《社情民意》是谁创办的?")


def test_a_count_asked_in_a_unit_the_text_never_uses_is_not_answered_by_another():
    assert asked_unit("内刊每期印刷多少份？") == "份"
    assert not unit_fits("内刊每期印刷多少份？", "每季度")


def test_a_place_is_not_a_person_and_a_role_must_be_named_beside_the_person():
    assert all(c.text != "高新区" for c in find_candidates("聚焦嘉峪关市国家高新区创建", T.PERSON))
    assert missing_role("嘉峪关市政协主席是谁？", "决定增补王建新、李建华、齐世军3名同志为委员")
    assert not missing_role("老旧小区改造的提案提案者是谁？", "案由: 关于解决老旧小区改造遗留问题 | 提案者: 马妍")


def test_the_planned_figure_of_a_planned_actual_pair_only_when_the_question_says_so():
    sentence = "大会应到市政协委员176名,实到135名。"
    planned = Candidate("176名", sentence.index("176"), sentence.index("176") + 4)
    actual = Candidate("135名", sentence.index("135"), sentence.index("135") + 4)
    assert _planned_fit(sentence, planned, "开幕时有几位委员到场？") == PLANNED_FIT
    assert _planned_fit(sentence, actual, "开幕时有几位委员到场？") == 1.0
    assert _planned_fit(sentence, planned, "开幕会应该到会的委员有几名？") == 1.0
