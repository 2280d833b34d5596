"""The words standing where the question word stands."""

from __future__ import annotations

from yearbook_qa.service.answering.slots import slot_fillers


def test_slot_filler_stands_where_the_question_word_stands():
    sentence = "魏斯可金融公司是一家多元化金融企业，总部位于加尼福尼亚州帕萨迪纳。"
    assert [c.text for c in slot_fillers("魏斯可金融公司总部位于哪里？", sentence)] == ["加尼福尼亚州帕萨迪纳"]


def test_yes_no_question_is_answered_with_the_documents_own_predicate():
    # 职工带薪年休假条例, 工伤保险条例, 消费者权益保护法: the negation or the rule the law says, not 是/否
    law = "国家法定休假日、休息日不计入年休假的假期。"
    assert [c.text for c in slot_fillers("国家法定休假日、休息日算不算在年休假里？", law)] == ["不计入年休假的假期"]
    law = "职工个人不缴纳工伤保险费。"
    assert [c.text for c in slot_fillers("职工个人要不要缴纳工伤保险费？", law)] == ["不缴纳工伤保险费"]
    law = "第六十二条 农民购买、使用直接用于农业生产的生产资料，参照本法执行。"
    question = "农民购买直接用于农业生产的生产资料，是否适用消费者权益保护法？"
    assert [c.text for c in slot_fillers(question, law)] == ["参照本法执行"]
    assert [c.text for c in slot_fillers("申请劳动争议仲裁需要交费吗？", "劳动争议仲裁不收费。")] == ["不收费"]


def test_yes_no_slot_must_speak_of_what_is_asked():
    law = "职工因工致残被鉴定为一级至四级伤残的，由用人单位和职工个人以伤残津贴为基数，缴纳基本医疗保险费。"
    assert slot_fillers("职工个人要不要缴纳工伤保险费？", law) == []
