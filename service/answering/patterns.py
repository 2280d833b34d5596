"""The shapes of numbers, dates and titles in yearbook text."""

from __future__ import annotations

import re

from yearbook_qa.corpus.vocabulary import (
    MEETING_BODIES,
    MEETING_KINDS,
    PAPER_KINDS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    SPAN_UNITS,
    UNITS,
    alternation,
)

_UNIT = alternation(UNITS)
_QUALIFIER = alternation((*QUALIFIERS_AFTER, "内"))  # 五年内
_MEETING = alternation(MEETING_KINDS)
_HAN = "[零〇一二两三四五六七八九十百千]+"
_MULTIPLIER = "(?:万亿|亿|万|千)"
_SPAN = alternation(SPAN_UNITS)
# One amount: digits with their unit (135名, 26万余字, 700多万人, 87.3%, 1383亿美元), digits with 万/亿 alone (1386万),
# a small count of years (5年, 11.3年), days counted from an event (30日内, 15日后), Chinese numerals with a
# unit (十五日, 二十四个月, 三名; not the ordinals 十届, 二次会议), a share (百分之五十, 三分之一, 万分之五).
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"  # 60,000 as well as 60000
_POINT = "[.．·]"  # 77.7% and, in some exports, 77．7％ or (older reports) 5·8％
_ABOUT = "(?:余|多)?"  # 26万余字, 700多万人, 2890多亿美元
_AMOUNT = (
    rf"(?:[百千万]分之[零〇一二两三四五六七八九十百点\d.]+|{_HAN}分之{_HAN}"
    rf"|{_DIGITS}(?:{_POINT}\d+)?{_ABOUT}{_MULTIPLIER}?{_ABOUT}(?:{_UNIT})(?![年月日时])"
    rf"|{_DIGITS}(?:{_POINT}\d+)?{_ABOUT}{_MULTIPLIER}{_ABOUT}(?![\d年月日时])"
    rf"|\d{{1,2}}(?:{_POINT}\d+)?{_ABOUT}年(?!\d)"
    rf"|(?<!月)\d{{1,3}}日(?=以?内|之内|以?后|届满)"
    rf"|(?<![第\d]){_HAN}{_MULTIPLIER}?{_ABOUT}(?:{_UNIT}|{_SPAN})(?<!届)(?![会性度]))"
)
_BEFORE = alternation(QUALIFIERS_BEFORE)
_RANGE = r"(?:至|到|－|-|—|~|～|或者|或)"  # and alternatives kept whole: 3名或者5名
_TO = r"(?:至|到|－|-|—|~|～)"
_BARE = rf"(?:{_DIGITS}(?:{_POINT}\d+)?|{_HAN}){_MULTIPLIER}?"  # the first end of a range said once: [四至]八倍
# A count with its qualifiers (约1.3万亿元, 5.5%以内, 400人次以上), a range (6%－6.5%, 二倍以上五倍以下, 3名或者5名, 四至八倍),
# a span in words (半天, 两个月), a frequency (每季度).
NUMBER = re.compile(
    rf"(?<![\d.．零〇一二两三四五六七八九十百千第届])(?:{_BEFORE})?(?:{_BARE}{_TO})?{_AMOUNT}(?:{_QUALIFIER})?"
    rf"(?:(?:{_RANGE}|(?<=以上)){_AMOUNT}(?:{_QUALIFIER})?)?"
    r"|半(?:天|年|个月|小时)|每(?:季度|个?月|年|周|天)"
)
_DAY = r"\d{1,2}月\d{1,2}日(?:\d{1,2}时)?(?:[上下]午)?"
DATE = re.compile(
    rf"(?:\d{{4}}年)?{_DAY}(?:(?:至|—|-|、)(?:\d{{1,2}}月)?\d{{1,2}}日)*"
    rf"|(?:\d{{4}}年)?\d{{1,2}}(?:[—-]\d{{1,2}})?月(?:底|初|上旬|中旬|下旬)?(?!\d)"
    rf"|\d{{4}}年(?!\d)"
)
# 《…》 titles (adjacent ones kept apart), quoted names, and meeting names such as 十届七次主席会议.
TITLE = re.compile(
    r"《[^《》]{2,80}》"
    r"|“[^“”]{2,60}”|「[^「」]{2,60}」"
    rf"|(?:{alternation(MEETING_BODIES)})?(?:党组\(扩大\)会议暨)?[一二三四五六七八九十]+届[一二三四五六七八九十]+次(?:{_MEETING})"
    rf"|关于[^,。;、《》“”]{{2,60}}?的(?:{alternation(PAPER_KINDS)})"
    r"|第[一二三四五六七八九十百\d]+[卷批次届期章条号个代日天]"
)
# A session with its ordinal and kind (十届十一次主席会议): compared whole, never by its characters.
SESSION = re.compile(rf"[一二三四五六七八九十]+届[一二三四五六七八九十]+次(?:{_MEETING})?")
_SAME_KIND = re.compile(r"常委会?会?议$")  # 十届五次常委会会议 = 十届五次常委会议 = 十届五次常委会


def session_name(text: str) -> str:
    """One spelling for a session's kinds that mean the same (常委会会议, 常委会议 -> 常委会)."""
    return _SAME_KIND.sub("常委会", text)


ORDINAL = re.compile(r"^第[一二三四五六七八九十百\d]+")
