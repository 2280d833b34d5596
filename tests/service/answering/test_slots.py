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


def test_a_thing_described_by_what_it_did_is_found_beside_that_description():
    # 政府工作报告 2014–2022: the subject before the description, the words inside it, or the object after it
    cases = [
        ("2013年成功登月的探测器叫什么？", "嫦娥三号成功登月，“玉兔”号月球车开展科学探测。", "嫦娥三号"),
        ("2021年第一批正式设立的是什么？", "第一批国家公园正式设立。", "国家公园"),
        ("2015年获得诺贝尔生理学或医学奖的中国科学家是谁？", "屠呦呦获得诺贝尔生理学或医学奖。", "屠呦呦"),
        ("2014年开始筹建的多边开发银行是哪一家？", "开始筹建亚洲基础设施投资银行。", "亚洲基础设施投资银行"),
        ("2015年总装下线的国产大型客机是什么型号？", "国产C919大型客机总装下线。", "国产C919大型客机"),
    ]
    for question, sentence, answer in cases:
        assert answer in [c.text for c in slot_fillers(question, sentence)], question


def test_the_words_inside_a_description_stay_within_one_clause():
    sentence = "9月22日,政协嘉峪关市第十届委员会专题议政性常委会第二次会议召开。"
    assert all(not c.text.startswith(",") for c in slot_fillers("9月22日召开的是哪次常委会？", sentence))


def test_a_near_synonym_verb_of_the_question_opens_the_slot():
    sentence = "第六十八条 社会保险基金存入财政专户，具体管理办法由国务院规定。"
    assert [c.text for c in slot_fillers("社会保险基金存放在哪里？", sentence)] == ["财政专户"]
