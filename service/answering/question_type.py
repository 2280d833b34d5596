"""What kind of answer a question asks for, read from its question words."""

from __future__ import annotations

import re
from enum import StrEnum

from yearbook_qa.corpus.vocabulary import SPAN_UNITS, UNITS, alternation


class AnswerType(StrEnum):
    """The shape of a short answer."""

    NUMBER = "number"  # 135名, 98%, 26万余字
    DATE = "date"  # 2023年1月9日至11日, 3月22日
    PERSON = "person"  # 崔明瑞
    ORG = "org"  # 市教育局
    PLACE = "place"  # 市级机关会议中心
    LIST = "list"  # 徐兆宝、王欣、赵小明
    TITLE = "title"  # 《…》, a proposal, a meeting's name
    REASON = "reason"  # 为什么 -> the cause a sentence gives (由于…, …因此)
    PREDICATE = "predicate"  # 怎么处理, 需要交费吗 -> what the document rules (视为撤回申请, 不收费)


# Checked in this order: the first rule whose pattern occurs in the question decides.
_RULES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (AnswerType.REASON, re.compile(r"为什么|为何|因何|什么原因|原因是什么|原因为何|何故")),
    (
        AnswerType.DATE,
        re.compile(
            r"哪几天|哪一?天|何时|何日|什么时候|什么时间|几月几[日号]|(?<!第)几号|哪几个月|哪个?月份?|几月份|哪一?年|日期是|时间是|哪段时间"
        ),
    ),
    (
        AnswerType.TITLE,
        re.compile(r"第几|哪一?[条章款节]"),
    ),  # an ordinal is a name (十届二次主席会议, 第四卷), not a count
    (AnswerType.LIST, re.compile(r"哪些|哪几[位名个项件人家类种]|哪[两二三四五六七八九十]+[个位名项件类种条家有]?")),
    (
        AnswerType.NUMBER,
        re.compile(
            r"多少|多长|多久|多高|多大|多远|几[次名件个期篇天日位项条批人场幅字回届成年张家所倍分起周岁]|比例|比率|百分之|[参满][会意]率|什么(?:区间|水平|幅度|范围)"
        ),
    ),
    (AnswerType.PERSON, re.compile(r"谁|哪位|何人|什么人|哪个人|哪名")),
    (
        AnswerType.ORG,
        re.compile(r"哪个?(?:单位|部门|机构|组织|党派|委员会|团体|公司)|哪家|什么(?:单位|部门|机构|组织|党派|公司)"),
    ),
    (
        AnswerType.PLACE,
        re.compile(
            r"哪里|哪儿|什么地方|何地|何处|在哪(?![次个件项位些几一年月天家])"
            r"|哪[一个座]?(?:城市|省份?|国家|地区|座城|个市|个县)"
        ),
    ),
)


_HOW = re.compile(r"怎么|怎样|如何|(?<![叫称])(?:做|干)什么")


def question_type(question: str) -> AnswerType:
    """The answer type a question asks for; what is done or ruled (怎么处理, 需要…吗, 是A还是B) when it asks that
    and no other question word does; else a name or title (什么/哪件/哪次)."""
    if _HOW.search(question) and not _RULES[0][1].search(question):
        return AnswerType.PREDICATE
    for kind, pattern in _RULES:
        if pattern.search(question):
            return kind
    if yes_no_predicate(question) is not None or asked_choice(question) is not None:
        return AnswerType.PREDICATE
    return AnswerType.TITLE


_CHOICE = re.compile(r"还是([\u4e00-\u9fff]{1,4}?)(?:呢)?[?？。]*$")


def asked_choice(question: str) -> tuple[str, str] | None:
    """The two courses a choice question names, the first as long as the second (是提高还是降低 -> (提高, 降低)),
    None for another question."""
    m = _CHOICE.search(question)
    if m is None or m.start() < len(m.group(1)):
        return None
    return question[m.start() - len(m.group(1)) : m.start()], m.group(1)


# The unit a count is asked in (多少名, 几期); 几年 asks for a number of years.
_ASKED_UNIT = f"{alternation((*UNITS, *SPAN_UNITS))}"
_UNIT_ASKED = re.compile(f"(?:多少|几)({_ASKED_UNIT})")
_SHARE_ASKED = re.compile(r"比例|比率|百分|率")
_DURATION_ASKED = re.compile(r"多长|多久|为期")
_DAY_ASKED = re.compile(r"哪一?天|几月几[日号]|何日|几号")


def asked_unit(question: str) -> str | None:
    """The unit a number question asks in (多少人次 -> 人次, 比例 -> %, 多长时间 -> 天), if it says."""
    m = _UNIT_ASKED.search(question)
    if m:
        return m.group(1)
    if _SHARE_ASKED.search(question):
        return "%"
    if _DURATION_ASKED.search(question):
        return "天"
    return None


def asks_for_day(question: str) -> bool:
    """Whether a date question wants a day (哪天, 几月几日), not just a month or a year."""
    return bool(_DAY_ASKED.search(question))


_QUESTION_WORD = re.compile(
    rf"(?:多少|几)(?:{_ASKED_UNIT})?"
    r"|第几[次届批卷期个代号日天条章款节年]?"
    r"|哪[一几]?(?:天|位|个|件|次|项|些|里|儿|家|年|月|名)?|什么(?:时候|时间|地方)?|谁|何时|何日|何地|何人|多长时间|多久|多高"
)


# A yes/no question (算不算, 要不要, 是否, 需要…吗) is answered with the document's own predicate (不计入, 不缴纳,
# 参照本法执行): its question word runs from the A-not-A or the modal to the end, so that the words before it (its
# subject) open the slot and the predicate, negation and modal included, fills it.
_YES_NO = re.compile(
    r"是否|有没有|(?P<a>[\u4e00-\u9fff])不(?P=a)|(?:需要|要|可以|能够?|应当|应该|必须|会)[^,，。;；]*吗[?？]*$"
)


def question_word_span(question: str) -> tuple[int, int] | None:
    """Where the question word sits ([start, end)), with the unit it asks in (多少名, 几期); for a yes/no question
    with no other question word, from its A-not-A (算不算), 是否 or modal (需要…吗) to the end of the question."""
    m = _QUESTION_WORD.search(question)
    if m:
        return (m.start(), m.end())
    yes_no = _YES_NO.search(question)
    return (yes_no.start(), len(question.rstrip("?？。!！"))) if yes_no else None


_YES_NO_MARKS = re.compile(
    r"是否|有没有|(?P<a>[\u4e00-\u9fff])不(?P=a)|^(?:需要|要|可以|能够?|应当|应该|必须|会)|吗|[?？]"
)


def yes_no_predicate(question: str) -> str | None:
    """What a yes/no question asks about, without its asking words (要不要缴纳工伤保险费 -> 缴纳工伤保险费); None
    for a question with a question word."""
    if _QUESTION_WORD.search(question) or not (m := _YES_NO.search(question)):
        return None
    return _YES_NO_MARKS.sub("", question[m.start() :])


_PEOPLE_ASKED = re.compile(r"哪几位|哪些人|哪几个人|哪几名|哪些同志|哪几名同志|哪些委员")


def asks_for_people(question: str) -> bool:
    """Whether a list question asks for people (哪几位, 哪些人)."""
    return bool(_PEOPLE_ASKED.search(question))


_DIGITS = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_COUNT_ASKED = re.compile(f"哪([{''.join(_DIGITS)}]|十[{''.join(_DIGITS)}一]?)")


def asked_count(question: str) -> int | None:
    """How many items a list question asks for (哪两家 -> 2, 哪三项 -> 3, 哪十二个 -> 12), None when it does not say."""
    m = _COUNT_ASKED.search(question)
    if m is None:
        return None
    said = m.group(1)
    if not said.startswith("十"):
        return _DIGITS[said]
    return 10 + ({**_DIGITS, "一": 1}[said[1]] if len(said) > 1 else 0)
