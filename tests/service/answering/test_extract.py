"""Candidate answers found in a sentence, with their offsets."""

from __future__ import annotations

import pytest

from yearbook_qa.service.answering.extract import find_candidates, noun_lists, noun_phrases
from yearbook_qa.service.answering.question_type import AnswerType

T = AnswerType


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("大会应到市政协委员176名,实到135名。", T.NUMBER, ["176名", "135名"]),
        ("《嘉峪关政协》共编印4期,共选登稿件103篇,26万余字,图片163幅", T.NUMBER, ["4期", "103篇", "26万余字", "163幅"]),
        (
            "2023年1月9日至11日,政协嘉峪关市第十届委员会第二次会议在市级机关会议中心召开。",
            T.DATE,
            ["2023年1月9日至11日"],
        ),
        ("6月8日、14日", T.DATE, ["6月8日、14日"]),
        ("徐兆宝、王欣、赵小明因病、因故辞去政协嘉峪关市第十届委员会委员。", T.LIST, ["徐兆宝、王欣、赵小明"]),
        (
            "2023年1月9日至11日,政协嘉峪关市第十届委员会第二次会议在市级机关会议中心召开。",
            T.PLACE,
            ["嘉峪关市", "市级机关会议中心"],
        ),
        ("2018年上合组织青岛峰会成功举办。", T.PLACE, ["青岛"]),
        ("实际使用外资1383亿美元、稳居发展中国家首位", T.NUMBER, ["1383亿美元"]),
        ("农村贫困人口减少1386万，易地扶贫搬迁280万人", T.NUMBER, ["1386万", "280万人"]),
        ("全年为企业和个人减税降费约1.3万亿元，新纳入低保近600万人", T.NUMBER, ["约1.3万亿元", "近600万人"]),
        ("国内生产总值增长6%－6.5%；城镇调查失业率控制在5.5%以内", T.NUMBER, ["6%－6.5%", "5.5%以内"]),
        ("应当在十五日内作出决定，延长期限不得超过二十四个月", T.NUMBER, ["十五日内", "超过二十四个月"]),
        (
            "处5000元以上5万元以下罚款，或者货值金额二倍以上五倍以下的罚款",
            T.NUMBER,
            ["5000元以上5万元以下", "二倍以上五倍以下"],
        ),
        ("按日加收万分之五的滞纳金，文件数量压减三分之一以上", T.NUMBER, ["万分之五", "三分之一以上"]),
        ("市政协十届二次会议开幕，设立5年过渡期", T.NUMBER, ["5年"]),
        ("(政协嘉峪关市委员会办公室 杨永民供稿)", T.PERSON, ["杨永民"]),
    ],
)
def test_candidates_carry_their_offsets(text, kind, expected):
    found = find_candidates(text, kind)
    assert [c.text for c in found] == expected
    assert all(text[c.start : c.end] == c.text for c in found)


def test_lists_of_titles_side_by_side_and_phrases_ending_in_the_asked_noun():
    text = "听取并讨论《市中级人民法院工作报告》《市人民检察院工作报告》。"
    assert [c.text for c in find_candidates(text, T.LIST)] == ["《市中级人民法院工作报告》《市人民检察院工作报告》"]
    text = "在促进两市商贸物流、文化旅游、教育医疗等领域融合发展方面取得积极进展。"
    assert [c.text for c in find_candidates(text, T.LIST)] == ["两市商贸物流、文化旅游、教育医疗"]
    text = "5月30日,举办市政协十届委员履职能力提升培训班,邀请全国政协委员"
    assert [c.text for c in noun_phrases(text, "培训班")] == ["市政协十届委员履职能力提升培训班"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 工伤保险条例, 社会保险法, 2004年政府工作报告
        ("劳动能力鉴定委员会应当从其建立的医疗卫生专家库中随机抽取3名或者5名相关专家组成专家组", ["3名或者5名"]),
        ("(三)一次性工亡补助金标准为上一年度全国城镇居民人均可支配收入的20倍。", ["20倍"]),  # not 一年 of 上一年度
        ("处骗取金额二倍以上五倍以下的罚款", ["二倍以上五倍以下"]),
        ("一次性伤残补助金", []),  # 一次性 is no count
        ("逐步降低农业税税率，五年内取消农业税", ["五年内"]),
    ],
)
def test_numbers_keep_their_alternatives_and_multipliers(text, expected):
    assert [c.text for c in find_candidates(text, AnswerType.NUMBER)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("《空想科学读本》（）是日本作家柳田理科雄写的科幻科学考据书", ["柳田理科雄"]),
        ("根据贝多姆（Beddome）的研究表示，红腹锉尾蛇身体约有十五排鳞片", ["贝多姆"]),
        ("高德菲·哈罗德·哈代首先在1915年考虑这类问题", ["高德菲·哈罗德·哈代"]),
        ("(政协嘉峪关市委员会办公室 杨永民供稿)", ["杨永民"]),
    ],
)
def test_a_name_the_tagger_splits_is_read_whole(text, expected):
    assert [c.text for c in find_candidates(text, T.PERSON)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "瞬态发光现象包含红电光闪灵、精灵光晕（Sprite halos）、蓝色喷流（Blue jets）和精灵（Elves）",
            "红电光闪灵、精灵光晕（Sprite halos）、蓝色喷流（Blue jets）和精灵（Elves）",
        ),
        (
            "除了后续的空想科学读本，日本还出了「空想法律读本」、「空想历史读本」等",
            "「空想法律读本」、「空想历史读本」",
        ),
    ],
)
def test_list_items_keep_their_asides_and_quotations_whole(text, expected):
    assert [c.text for c in find_candidates(text, T.LIST)] == [expected]


def test_a_one_character_noun_asks_for_words_ending_in_it():
    text = "家用汽车产品，指消费者为生活消费需要而购买和使用的乘用车和皮卡车。"
    assert "乘用车和皮卡车" in [c.text for c in noun_lists(text, "车")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("出生于美国奥克拉荷马州的奥克拉荷马市", ["美国奥克拉荷马州", "奥克拉荷马市"]),
        ("本鱼目前仅之分布于马达加斯加东岸", ["马达加斯加东岸"]),
        ("嘉庆三年（1798年）居嘉善东门江家桥", ["嘉庆", "嘉善东门江家桥"]),
        ("二户车站（）是一个位于日本岩手县二户市石切所", ["日本岩手县"]),
        ("2018年上合组织青岛峰会成功举办。", ["青岛"]),
        ("新加坡鹦嘴鱼分布于印度西太平洋区", ["新加坡", "印度西太平洋区"]),
    ],
)
def test_a_place_run_takes_in_the_transliterated_names_and_the_side_it_ends_with(text, expected):
    assert [c.text for c in find_candidates(text, T.PLACE)] == expected


def test_a_phrase_of_the_asked_noun_keeps_a_prefix():
    text = "王金璐是国家级非物质文化遗产京剧项目的代表性传承人"
    assert [c.text for c in noun_phrases(text, "项目")] == ["国家级非物质文化遗产京剧项目"]
