"""The form of the answer a question asks for: units and nouns."""

from __future__ import annotations

from yearbook_qa.service.answering.asked_form import asked_noun, unit_fits
from yearbook_qa.service.answering.question_type import asked_unit


def test_asked_form_units_and_nouns():
    assert unit_fits("编进协商议事会的政协委员有多少人？", "175名")
    assert not unit_fits("编进协商议事会的政协委员有多少人？", "400人次以上")
    assert unit_fits("《嘉峪关政协》改版后多久编印一期？", "每季度") and not unit_fits("培训经费是多少元？", "5天")
    assert asked_noun("6月30日的常委会传达学习了什么条例？") == "条例"
    assert asked_noun("征集十届一次会议提案的通知全称叫什么？") == "通知"
    assert asked_noun("十届七次主席会议的会议内容是什么？") is None


def test_a_count_asked_in_a_unit_the_text_never_uses_is_not_answered_by_another():
    assert asked_unit("内刊每期印刷多少份？") == "份"
    assert not unit_fits("内刊每期印刷多少份？", "每季度")


def test_measure_words_of_things_counted_one_by_one_are_units():
    assert asked_unit("北京奥运会上中国体育代表团获得了多少枚金牌？") == "枚"
    assert unit_fits("获得了多少枚金牌？", "51枚") and not unit_fits("获得了多少枚金牌？", "百年")
    assert asked_unit("发射了几颗卫星？") == "颗" and asked_unit("种了多少棵树？") == "棵"


def test_asked_noun_keeps_its_modifier_and_a_compound_the_tagger_splits():
    # 2021年政府工作报告: 主持中非团结抗疫特别峰会, 完成中欧投资协定谈判
    assert asked_noun("2020年党和国家领导人通过视频方式主持的是哪个特别峰会？") == "特别峰会"
    assert asked_noun("2020年完成谈判的是哪个投资协定？") == "投资协定"
    assert asked_noun("老旧小区改造的提案由哪个单位承办？") == "单位"  # a verb after a noun is the predicate


def test_asked_noun_after_which_ones_and_of_one_character():
    assert asked_noun("三包规定里的家用汽车产品指哪些车？") == "车"  # 乘用车和皮卡车
    assert asked_noun("哪些城市参加了会议？") is None  # a list of them, not phrases ending in 城市
    assert asked_noun("1983年9月武穴酥糖获得了什么奖？") == "奖"  # 全省商业优良名特传统产品奖
