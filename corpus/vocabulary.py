"""The project's language data in one place: general Chinese first, then the yearbook genre's.

Everything that reads or answers Chinese takes its word lists from here, so a deployment sees them
all at once and extends them in one file. The general lists hold for any Chinese text; the genre
lists (CPPCC meetings, proposal tables) help on such yearbooks and are never needed elsewhere.
"""

from __future__ import annotations

import re


def alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """A regex alternation of literal words, longest first (人次 before 人)."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


# ---- General Chinese ------------------------------------------------------------------------------

# Words that ask (多少, 哪天, 谁): they say how something is asked, never what it is about.
QUESTION_WORDS = frozenset(
    "什么 什么样 什么时候 多少 多 几 几次 几名 几件 几个 几期 几篇 几天 几位 几项 几回 几月 几号 几日 "
    "哪 哪些 哪个 哪里 哪儿 哪位 哪件 哪次 哪天 哪一天 哪几天 哪几位 哪几名 哪几 哪家 何时 谁 是谁 "
    "怎么 怎样 如何 为什么 是否 有没有 请问 多久 多长 多长时间 多大 多高".split()
)
# A word starting with one of these asks a question too (哪届, 几成, 多少名, 什么样).
QUESTION_PREFIXES = ("几", "哪", "多少", "什么")
# Particles, copulas and conjunctions: glue in any sentence.
FUNCTION_WORDS = frozenset("的 地 得 了 着 过 是 在 和 与 及 或 吗 呢 吧 啊 呀 么 有".split())
# How a question is put (那次, 一共, 大约, 时间, 当中): not what it is about, though a text may use them.
FRAMING_WORDS = frozenset(
    "那 那么 这 这个 那个 那件 那次 那天 那些 这篇 还有 又 都 共 一共 总共 共计 由 被 把 对 将 给 于 为 到 "
    "时候 时间 日子 开的 大约 大概 左右 最后 一天 一年 一年里 一年当中 当中 里 上 中".split()
)

# Units a count is given in (135名, 26万余字, 3个月, 87.3%). 年 is not one: 2022年 is a date; a count of
# years is asked (几年) but written as a span (三年).
UNITS = tuple(
    "人次 场次 批次 名 件 次 个 期 篇 天 位 项 条 批 幅 字 人 场 家 元 户 所 座 套 万元 亿元 % ％ ‰ 张 册 本 卷 岁 倍 "
    "种 部 首 辆 架 艘 只 层 届 吨 亩 公里 千米 平方米 平方公里 米 小时 分钟 周 个月 工作日 个工作日 回 份 台 页 "
    "美元 欧元 港元 千瓦 千瓦时 斤 公斤 克 立方米 公顷 周岁 周年 起 分 倍 个百分点 枚 颗 棵 株 头".split()
)
# Units of a span of time that are dates when written in digits (2022年, 30日) but spans in Chinese
# numerals (三年, 十五日) and in small digit counts of years (5年, 11.3年).
SPAN_UNITS = ("日", "年")
# Kept with the number they qualify (约1.3万亿元, 近600万人, 超过85%).
QUALIFIERS_BEFORE = ("约", "近", "超过", "逾", "不到", "不少于", "不超过", "不低于", "高于", "低于")
# Units that answer the same question: 多少人 is answered by 175名, 多少张 by 163幅, 多久 by 每季度.
SAME_UNITS: tuple[frozenset[str], ...] = (
    frozenset({"人", "名", "位"}),
    frozenset({"张", "幅"}),
    frozenset({"次", "回", "场", "场次"}),
    frozenset({"件", "条", "项"}),
    frozenset({"本", "册"}),
    frozenset({"天", "日", "工作日", "个工作日", "年", "个月", "月", "周", "小时", "季度"}),
    frozenset({"元", "万元", "亿元", "美元"}),
    frozenset({"岁", "周岁"}),
)
ANY_COUNT_UNIT = "个"  # 几个 is answered in whatever unit the text counts in
QUALIFIERS_AFTER = ("以上", "以下", "左右", "以内")  # kept with the number they follow (400人次以上)

# Punctuation: a sentence ends at SENTENCE_ENDS, a clause at CLAUSE_ENDS, list items are parted by 、.
SENTENCE_ENDS = "。！？；;!?"
CLAUSE_ENDS = "，,：:"
LIST_SEPARATOR = "、"
# Where a clause ends inside a sentence or a table row (brackets and cell bars too).
CLAUSE_BOUNDARY = re.compile(f"[{re.escape(SENTENCE_ENDS + CLAUSE_ENDS)}()（）\\n|]")

# Word endings of bodies and organisations (市教育局, 市政协办公室), and of places or bodies a tagger
# may take for a person's name (高新区, 文化馆).
ORG_SUFFIXES = (
    "委员会",
    "管委会",
    "办公室",
    "中心",
    "局",
    "院",
    "党校",
    "学院",
    "公司",
    "政府",
    "工商联",
    "部门",
    "机关",
    "委",
)
PLACE_OR_BODY_ENDS = "区市县省镇乡村局委会院园馆站所"
# "The name of" a thing of the kind before them (提案的题目), and what a thing is about (not of its kind).
NAME_WORDS = ("全称", "名称", "名字", "题目", "简称")
ABOUT_WORDS = ("内容", "主题", "情况")

# What a plan is called (今年的目标, 预期, 部署): a question naming one asks ahead, not back on a year.
PLAN_NOUNS = ("目标", "预期", "计划", "规划", "任务", "部署", "安排")
# What a year is followed by when a question asks what was to be done in it (2021年要…, 2022年将…, 2022年提出要…).
PLAN_MODALS = ("要", "将", "拟", "准备", "打算")

# How a law or regulation names itself (本法自2008年5月1日起施行): 本 + one of these means the document's title.
SELF_REFERENCE_KINDS = ("法", "条例", "规定", "办法", "细则", "规则", "决定", "章程", "准则")

# Statistical tables: a column of changes on the year before (增速), one of shares in per cent (比重), and the
# header of a column holding each row's unit (单位).
GROWTH_WORDS = ("增长", "增速", "增幅", "下降", "比上年", "同比")
RATE_WORDS = ("增长", "增速", "增幅", "下降", "比重", "占比", "百分比")
UNIT_HEADERS = ("单位", "计量单位")

# ---- The genre: CPPCC and city yearbooks ----------------------------------------------------------

# Kinds of sessions a body holds (十届二次会议, 十届五次常委会议); compared whole with their ordinals.
MEETING_KINDS = ("主席会议", "常委会会议", "常委会议", "常委会", "全委会", "会议")
# The body a meeting name may start with (市政协十届二次会议).
MEETING_BODIES = ("市政协", "政协")
# What a 关于…的X title names: a proposal, a suggestion, a report.
PAPER_KINDS = ("提案", "建议案", "建议", "报告", "调研报告")
# A word in a question -> the table column(s) it asks for (承办 -> 承办单位); extend it when a new
# yearbook brings new headers.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "承办": ("承办单位",),
    "办理": ("承办单位",),
    "部门办": ("承办单位",),
    "单位办": ("承办单位",),
    "督办": ("领衔督办领导",),
    "督促": ("领衔督办领导",),
    "领衔": ("领衔督办领导",),
    "牵头": ("领衔督办领导",),
    "谁提": ("提案者",),
    "提出": ("提案者",),
    "提的": ("提案者",),
    "提交": ("提案者",),
    "提案人": ("提案者",),
    "哪件": ("案由",),
    "什么提案": ("案由",),
    "哪个提案": ("案由",),
    "哪项提案": ("案由",),
    "哪次": ("会议名称",),
    "什么会议": ("会议名称",),
    "哪个会": ("会议名称",),
    "哪天": ("会议时间", "调研日期"),
    "时间": ("会议时间", "调研日期"),
    "日期": ("会议时间", "调研日期"),
    "内容": ("会议内容", "调研内容"),
    "议题": ("会议内容",),
    "什么调研": ("调研内容",),
    "哪些调研": ("调研内容",),
    "哪些专题调研": ("调研内容",),
    "成果": ("调研成果",),
    "形成": ("调研成果",),
    "报告": ("调研成果",),
}
