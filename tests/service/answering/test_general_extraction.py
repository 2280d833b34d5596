"""General extraction on documents the answerer was not written for: sentences are read from the unseen
corpora (work reports, CMRC 2018 passages in tests/data), never pasted, so a test fails if a mechanism stops holding there."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from tests.conftest import CMRC_SAMPLE
from yearbook_qa.service.answering.extract import find_candidates, noun_lists, noun_phrases
from yearbook_qa.service.answering.question_type import AnswerType, asked_count, question_type
from yearbook_qa.service.answering.slots import slot_fillers
from yearbook_qa.service.answering.support import _change_fit
from yearbook_qa.service.answering.weights import WEIGHTS

REPO = Path(__file__).resolve().parents[3]
CORPORA = REPO / "eval" / "corpora"
CMRC = CMRC_SAMPLE / "passages.jsonl"


@cache
def _cmrc_text() -> str:
    return "\n".join(json.loads(line)["text"] for line in CMRC.read_text(encoding="utf-8").splitlines())


def sentence(marker: str, document: str | None = None) -> str:
    """The sentence (up to 。；) of a real document that contains `marker`."""
    text = (CORPORA / document).read_text(encoding="utf-8") if document else _cmrc_text()
    m = re.search(f"[^。；\n]*{re.escape(marker)}[^。；\n]*[。；]?", text)
    assert m, f"{marker} not in {document or 'CMRC'}"
    return m.group()


def texts(candidates) -> list[str]:
    return [c.text for c in candidates]


def test_persons_of_every_name_tag_and_names_joined_by_a_middle_dot():
    reports = sentence("总书记亲自指挥", "reports/2021年政府工作报告.txt")
    assert "习近平" in texts(find_candidates(reports, AnswerType.PERSON))  # tagged nrfg, not nr
    cmrc = sentence("即将离任的布兰科")
    assert "布兰科·茨尔文科夫斯基" in texts(find_candidates(cmrc, AnswerType.PERSON))


def test_the_head_noun_ends_a_phrase_when_the_whole_asked_noun_is_not_said():
    s = sentence("在线政务服务平台", "reports/2019年政府工作报告.txt")
    assert "全国一体化在线政务服务平台" in texts(noun_phrases(s, "全国性政务服务平台"))
    s = sentence("陆海新通道", "reports/2022年政府工作报告.txt")
    assert "西部陆海新通道" in texts(noun_phrases(s, "物流通道"))


def test_a_quoted_name_stays_inside_its_phrase_and_a_count_names_nothing():
    s = sentence("“沪港通”试点", "editions/2015年政府工作报告.txt")
    assert "“沪港通”试点" in texts(noun_phrases(s, "互联互通试点"))
    s = sentence("首次把这一指标", "editions/2018年政府工作报告.txt")
    assert "一指标" not in texts(noun_phrases(s, "失业率指标"))


def test_a_list_of_named_things_joined_by_and_and_its_asked_length():
    s = sentence("北京证券交易所", "reports/2022年政府工作报告.txt")
    assert "北京证券交易所和广州期货交易所" in texts(noun_lists(s, "交易所"))
    assert asked_count("2021年新设立了哪两家交易所？") == 2
    assert asked_count("戏曲锣鼓主要有哪十二种？") == 12
    assert asked_count("有哪些交易所？") is None


def test_a_run_of_items_keeps_its_last_item_after_和_and_items_that_end_alike():
    s = sentence("中国建设银行和交通银行", "fresh_reports2/2008年政府工作报告.txt")
    assert "中国工商银行、中国银行、中国建设银行和交通银行" in texts(find_candidates(s, AnswerType.LIST))
    s = sentence("确定的中心城", "fresh_regs/上海市养犬管理条例.txt")
    assert "中心城、新城和新市镇" in texts(find_candidates(s, AnswerType.LIST))  # not 的中心城
    s = sentence("配备逃生锤", "fresh_regs/校车安全管理条例.txt")
    assert "逃生锤、干粉灭火器、急救箱" in texts(find_candidates(s, AnswerType.LIST))  # 逃生 is no list verb
    s = sentence("国家脱贫攻坚普查", "reports/2021年政府工作报告.txt")
    assert "第七次全国人口普查、国家脱贫攻坚普查" in texts(find_candidates(s, AnswerType.LIST))


def test_full_width_percent_and_per_mille_are_units():
    s = sentence("毛入学率提高到", "fresh_reports/2007年政府工作报告.txt")
    assert "22％" in texts(find_candidates(s, AnswerType.NUMBER))
    s = sentence("人口自然增长率降到", "fresh_reports/2003年政府工作报告.txt")
    assert "6.45‰" in texts(find_candidates(s, AnswerType.NUMBER))


def test_a_full_width_decimal_point_stays_inside_its_number():
    s = sentence("农村居民人均纯收入实际增长", "fresh_reports2/2000年政府工作报告.txt")
    assert "3．8％" in texts(find_candidates(s, AnswerType.NUMBER))  # not 8％


def test_a_middle_dot_as_decimal_point():
    s = sentence("支配收入实际增长5·8％", "fresh_reports3/1999年政府工作报告.txt")
    assert "5·8％" in texts(find_candidates(s, AnswerType.NUMBER))  # not 8％


def test_more_than_before_the_multiplier_is_one_amount_in_full_width_digits_too():
    s = sentence("城镇新增就业", "fresh_reports3/1997年政府工作报告.txt")
    assert texts(find_candidates(s, AnswerType.NUMBER)) == ["７００多万人"]
    s = sentence("外贸进出口总额达到", "fresh_reports3/1997年政府工作报告.txt")
    assert "２８９０多亿美元" in texts(find_candidates(s, AnswerType.NUMBER))
    s = sentence("受益", "fresh_reports2/2000年政府工作报告.txt")
    assert "8400多万人" in texts(find_candidates(s, AnswerType.NUMBER))


def test_digits_grouped_by_thousands_are_one_number():
    s = sentence("包修期不得低于", "fresh_regs/家用汽车产品修理更换退货责任规定.txt")
    assert "60,000公里" in texts(find_candidates(s, AnswerType.NUMBER))


def test_the_value_a_change_reached_not_where_it_started():
    s = sentence("关税总水平由", "reports/2019年政府工作报告.txt")
    start, reached = (find_candidates(s, AnswerType.NUMBER)[i] for i in (0, 1))
    assert (start.text, reached.text) == ("9.8%", "7.5%")
    asked = "关税总水平降到了多少？"
    assert _change_fit(s, start, asked) == WEIGHTS.planned_fit
    assert _change_fit(s, reached, asked) == 1.0
    assert _change_fit(s, start, "关税总水平是从多少降下来的？") == 1.0
    s = sentence("由年初的", "fresh_reports3/2002年政府工作报告.txt")  # …扩大到年末的1120多万人: 的 before the value
    start, reached = (find_candidates(s, AnswerType.NUMBER)[i] for i in (0, 1))
    assert (start.text, reached.text) == ("４００多万人", "１１２０多万人")
    assert _change_fit(s, start, "2001年末城市低保覆盖了多少人？") == WEIGHTS.planned_fit


def test_a_slot_is_closed_by_the_words_after_the_question_word_and_opened_by_those_before():
    s = sentence("北京城市副中心", "reports/2022年政府工作报告.txt")
    assert "北京" in texts(slot_fillers("2022年提出支持哪座城市的城市副中心建设？", s))
    s = sentence("位于河南省固始县")
    assert "河南省固始县段集镇" in texts(slot_fillers("固始站位于哪里？", s))


def test_reason_questions_get_the_cause_the_sentence_gives():
    assert question_type("戴龙·罗伯斯为什么被取消成绩？") is AnswerType.REASON
    s = sentence("原因是比赛过程中")
    assert texts(find_candidates(s, AnswerType.REASON)) == ["比赛过程中罗伯斯故意干扰相邻赛道的刘翔"]
    s = sentence("由于司马繇专权")
    assert texts(find_candidates(s, AnswerType.REASON))[0] == "司马繇专权，一天之内恣意赏罚达三百余人"


def test_a_slot_skips_the_aside_after_its_anchor_and_keeps_a_naming_verb():
    s = sentence("是大陆传统器乐及戏曲")
    assert "大陆传统器乐及戏曲里面常用的打击乐记谱方法" in texts(slot_fillers("锣鼓经是什么？", s))
    s = sentence("又称五羊邨")
    assert "五羊邨、五羊新村" in texts(slot_fillers("五羊新城又称什么？", s))
    s = sentence("赵鹏（），中国足球运动员")
    assert "中国足球运动员" in texts(slot_fillers("赵鹏是什么人？", s))
