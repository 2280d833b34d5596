"""Whether a support can answer the question at all: the year it speaks of and how (a review, a plan, a period),
the edition, the place, the unit, the confidence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from itertools import takewhile

from yearbook_qa.corpus.chinese import normalize
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.corpus.vocabulary import MEETING_BODIES, PLAN_NOUNS, SAME_UNITS, SPAN_UNITS, UNITS, alternation
from yearbook_qa.corpus.years import point_years, spoken_years
from yearbook_qa.service.answering.asked_form import candidate_unit
from yearbook_qa.service.answering.patterns import SESSION, TITLE, session_name
from yearbook_qa.service.answering.question_type import question_word_span
from yearbook_qa.service.answering.term_weights import TermWeights
from yearbook_qa.service.answering.words import NOT_KEY_WORDS, place_names, tagged_words

_YEAR = re.compile(r"(?<!\d)(\d{4})年")
_PLAN = re.compile(alternation(PLAN_NOUNS))
_PLAN_VERBS = frozenset({"要", "拟", "将", "力争", "争取", "打算", "预计"})  # what a question asking ahead says
_ACTUAL = re.compile(r"实际")
_BY_YEAR = re.compile(r"(?<!\d年)(?:到|至|截至|截止)(\d{4})年")
_AVERAGE = re.compile(r"年均|平均每年|每年平均")
_FULL_STOP = re.compile(r"[。！？\n]")
_MEETING_PREFIX = re.compile(f"^(?:{alternation(MEETING_BODIES)})")
# A yearbook titled N records mostly year N-1 (DESIGN.md): the year of a passage that names none.
EDITION_LAG = 1
# A passage that speaks of this many years or more only through its headings (过去五年工作回顾, “十三五”时期)
# gives the period's figures: a question about one of its years is not answered by them.
PERIOD = 3


def asked_years(question: str) -> set[int]:
    """The years a question names (2021年 -> 2021)."""
    return {int(y) for y in _YEAR.findall(normalize(question))}


def entry_years(passages: Iterable[Passage]) -> dict[tuple[str, str | None, str | None], set[int]]:
    """The years each entry (document, chapter, entry title) speaks of, over all its passages."""
    years: dict[tuple[str, str | None, str | None], set[int]] = {}
    for p in passages:
        years.setdefault(_entry_key(p), set()).update(p.years)
    return years


def passage_years(p: Passage, by_entry: Mapping[tuple[str, str | None, str | None], set[int]]) -> set[int]:
    """The years a passage speaks of: its own (its text's and its headings'); when it names none, its entry's
    and the year its edition records (a report or yearbook of year N looks back on N-1 wherever it does not
    say so: 过去一年)."""
    if p.years:
        return set(p.years)
    years = set(by_entry.get(_entry_key(p), set()))
    if p.year:
        years.add(p.year - EDITION_LAG)
    return years


def reached_years(question: str) -> set[int]:
    """The years the question asks a state by (到2012年, 截至2021年; not 2002年到2007年, a span)."""
    return {int(y) for y in _BY_YEAR.findall(normalize(question))}


def years_agree(
    asked: set[int],
    p: Passage,
    by_entry: Mapping[tuple[str, str | None, str | None], set[int]],
    sentence: str = "",
    reached: AbstractSet[int] = frozenset(),
) -> bool:
    """True when the question names no year or one the answer's sentence speaks of (when it names a year),
    else one its passage speaks of; a review of several years answers what was `reached` by its last one."""
    if not asked:
        return True
    own = asked_years(sentence) if not p.is_table_row else set()
    if own:  # 从2007年底的8.4%提升到去年底的13.3% (the 2013 report): 2012 as well
        own |= set(point_years(sentence, p.year))
    if own or p.is_table_row:
        return bool(asked & (own or passage_years(p, by_entry)))
    if asked & set(point_years(f"{p.chapter or ''} {p.entry or ''} {p.text}", p.year)):  # 2021年工作回顾, 去年
        return True
    period = passage_years(p, by_entry)
    if period and max(period) in reached:  # 到2012年…提高到了多少: 五年…城镇化率由45.9%提高到52.6%
        return True
    return bool(asked & period) and not (len(asked) == 1 and len(period) >= PERIOD)


def full_sentence(text: str, at: int) -> str:
    """The sentence of `text` around offset `at`, up to its full stops (clauses after ； included)."""
    start = max((m.end() for m in _FULL_STOP.finditer(text, 0, at)), default=0)
    end = next((m.end() for m in _FULL_STOP.finditer(text, at)), len(text))
    return text[start:end]


def target_for_past(question: str, asked: set[int], p: Passage, sentence: str) -> bool:
    """Whether the sentence looks ahead on an asked year (its document was written in or before it) while the
    question asks what happened that year: it names no plan, and either says 实际 (the actual figure) or the
    sentence sets a target (目标, 预期 …). A plan for a year does not say what happened in it."""
    if not asked or p.is_table_row or p.year is None or asks_ahead(question):
        return False
    said = set(spoken_years(sentence, p.year)) or passage_years(p, {})
    ahead = bool(asked & said) and all(y >= p.year for y in asked & said)
    return ahead and bool(_PLAN.search(sentence) or _ACTUAL.search(normalize(question)))


def echoes_question(question: str, answer: str, around: tuple[str, str] | None = None) -> bool:
    """Whether the answer only repeats words of the question (中国 of 中国国际进口博览会 for 哪座城市): a question
    does not hold its own answer. A quoted or 《titled》 answer names a thing of its own (创办了什么刊物 -> 《社情民意》).
    `around`, the characters just before and after the answer where it stands, tells a repeat from a second
    mention: 由[用人单位]承担 answers 用人单位不认为…由谁承担 (neither 由用人单位 nor 用人单位承 is the question's),
    第三届[中国]国际 does not (届中国 is)."""
    text = normalize(answer).strip()
    if not text or text.startswith(("《", "“", '"')) or text not in (asked := normalize(question)):
        return False
    if around is None:
        return True
    before, after = (normalize(c) for c in around)
    return before + text in asked or text + after in asked


def asks_ahead(question: str) -> bool:
    """Whether the question asks for a plan (目标, 计划 …, or 要/拟/将 …) rather than what happened."""
    q = normalize(question)
    return bool(_PLAN.search(q)) or any(w in _PLAN_VERBS for w, _f, _s in tagged_words(q))


def averaged_for_one_year(question: str, asked: set[int], sentence: str) -> bool:
    """Whether the sentence gives a yearly average over several years (年均增长) for a question about one year
    that asks for no average: the average is not that year's figure."""
    return len(asked) == 1 and bool(_AVERAGE.search(sentence)) and not _AVERAGE.search(normalize(question))


_MEASURES = (frozenset(UNITS) | frozenset(SPAN_UNITS)) - {"个"}  # 几个 counts anything: 几个委员 -> 175名
_TIME_UNITS = frozenset({"天", "日", "年", "个月", "月", "周", "小时", "季度"})
_SAME_SPANS = (frozenset({"天", "日", "工作日", "个工作日"}), frozenset({"月", "个月"}))


def unit_contradicts(question: str, answer: str) -> bool:
    """Whether the question counts in a unit of its own (几年, 多少吨) and the answer in another one (十日, 一批):
    the sentence does not give the number asked for. Spans of time must match here (几年 is not 十日)."""
    asked = _asked_measure(question)
    unit = candidate_unit(answer)
    if not asked or not unit or asked == unit:
        return False
    groups = [g for g in SAME_UNITS if not g & _TIME_UNITS] + list(_SAME_SPANS)
    return not any(asked in group and unit in group for group in groups)


def _asked_measure(question: str) -> str | None:
    """The unit written right after 多少/几 (多少吨 -> 吨, 几年 -> 年, 几个月 -> 个月), if it is one."""
    words = [w for w, _f, _s in tagged_words(normalize(question))]
    for i, word in enumerate(words):
        rest = word[2:] if word.startswith("多少") else word[1:] if word.startswith("几") else None
        if rest is None:
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        options = [rest] if rest not in ("", "个") else [rest + following, following]  # 几个|月, 几|个月, 几个|人
        return next((o for o in options if o in _MEASURES), None)
    return None


_PERCENT = re.compile(r"%|百分点|百分之")
# What a question asking for a percentage says: a rate, a share, a change, a degree, a coefficient or a limit.
_ASKS_RATE = re.compile(
    r"率|比例|比重|百分|成数|几成|多少成|的多少|占|幅|增|减|涨|跌|升|降|提高|扩大|缩小|指数|程度|多高|多大"
    r"|系数|最高|最低|上限|下限|超过"
)


def percent_for_amount(question: str, answer: str) -> bool:
    """Whether the answer is a percentage (0.2个百分点, 10.1%) while the question asks for an amount, not a rate,
    share or change (一般公共预算收入是多少, 电话号码是多少): the sentence gives another figure."""
    return bool(_PERCENT.search(normalize(answer))) and not _ASKS_RATE.search(normalize(question))


# The dates and numbers of an answer (2022年, 第69号, 1月9日): what is left besides them may be a name.
_DATE_OR_NUMBER = re.compile(r"\d{4}\s*年|第?\s*\d+\s*[条章款节届次期卷项批个号月日]?")
_HEADING_BRACKET = re.compile(r"[【】]")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def not_a_name(answer: str) -> bool:
    """Whether an answer to 谁/哪里/哪个单位 is no name: a heading's fragment (会议】2022年 for 市政协主席是谁) or a date
    or numbered item with at most one character besides (第69号令 for 哪位部长)."""
    text = normalize(answer).strip()
    return bool(_HEADING_BRACKET.search(text)) or len(_NAME_CHARS.findall(_DATE_OR_NUMBER.sub("", text))) < 2


_ORDINAL_ASKED = re.compile(r"(?:第几|哪一?)([条章款节届次期卷项批个号])")
_ORDINAL_SAID = re.compile(r"第[一二三四五六七八九十百零〇两\d]+([条章款节届次期卷项批个号])")


def other_ordinal(question: str, answer: str) -> bool:
    """Whether the answer is an ordinal of another kind of thing than the question asks the number of (第二条, an
    article, for 哪一次会议; 第二次 for 哪条街道) and numbers none of the asked kind (第十三届…第三十次会议 answers
    哪次会议): an ordinal answers only for its own measure."""
    asked = _ORDINAL_ASKED.search(normalize(question))
    text = normalize(answer).strip()
    if asked is None or not _ORDINAL_SAID.match(text):
        return False
    return all(m.group(1) != asked.group(1) for m in _ORDINAL_SAID.finditer(text))


# A quantity that names no number: 一批 (a batch), 一些, 若干, 一系列, 大量.
_INDEFINITE = re.compile(r"^(?:一?(?:批|些|系列)|若干|大量|大批|部分|许多|多个)[\u4e00-\u9fff]{0,2}$")


def indefinite_for_count(question: str, answer: str) -> bool:
    """Whether the question counts (多少个, 几项; not 第几) and the answer names no number (再开工改造一批城镇老旧小区
    -> 一批 for 多少个城镇老旧小区): the sentence does not give the count."""
    q = normalize(question)
    span = question_word_span(q)
    counts = span is not None and q.startswith(("多少", "几"), span[0]) and not q[: span[0]].endswith("第")
    return counts and bool(_INDEFINITE.match(normalize(answer).strip()))


_NAMED_EDITION = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(?:的)?([\u4e00-\u9fff]{2,})")
_TITLE_YEAR = re.compile(r"[\s\-—–_·(（]*(?:19|20)\d{2}\s*年?[\s\-—–_·)）]*")


def document_kinds(titles: Iterable[tuple[str, int | None]]) -> dict[str, set[int]]:
    """{a document title without its year: the editions it has} over the (title, edition) of the documents
    (2021年中华人民共和国国务院政府工作报告 -> 中华人民共和国国务院政府工作报告: {2021})."""
    kinds: dict[str, set[int]] = {}
    for title, edition in titles:
        years = asked_years(title) or ({edition} if edition else set())
        kind = _TITLE_YEAR.sub("", normalize(title))
        if years and len(kind) >= 2:
            kinds.setdefault(kind, set()).update(years)
    return kinds


def unknown_edition(question: str, kinds: Mapping[str, set[int]]) -> bool:
    """Whether the question names an edition of a document the corpus has in other years only
    (2020年政府工作报告 over the reports of 2010-2019): what that edition says is not there."""
    return any(year not in editions for year, editions in _named_editions(question, kinds))


def edition_years(question: str, kinds: Mapping[str, set[int]]) -> set[int]:
    """The years the question names as the edition of a document (2001年政府工作报告, 据2008年报告, 2003年作报告的
    这届政府), not as the year something happened: the document of that year answers whatever year it speaks of."""
    return {year for year, _editions in _named_editions(question, kinds)}


def _named_editions(question: str, kinds: Mapping[str, set[int]]) -> Iterator[tuple[int, set[int]]]:
    """(year, the editions the corpus has of that kind) for each year the question writes before the end of a
    document kind's title (2019年政府工作报告, 2008年报告 -> 政府工作报告)."""
    for m in _NAMED_EDITION.finditer(normalize(question)):
        year, after = int(m.group(1)), m.group(2)
        for kind, editions in kinds.items():
            if any(kind.endswith(after[:n]) for n in range(2, len(after) + 1)):
                yield year, editions


def unknown_names(question: str, occurs: Callable[[str], bool]) -> list[str]:
    """Titles (《…》) and meeting names (十届三次常委会会议) the question names that the corpus never mentions:
    the question asks about something the yearbook does not record."""
    q = normalize(question)
    names = [
        m.group().strip("《》") for m in TITLE.finditer(q) if not m.group().startswith(("“", "关于"))
    ]  # quoted words and 关于… are often paraphrased
    names += [m.group(1) for m in _LAW_TITLE.finditer(q) if not _NOT_IN_TITLE.search(m.group(1))]
    return [n for n in names if not occurs(_MEETING_PREFIX.sub("", n))]


# A law's title the question opens with, unquoted (上海市生活垃圾管理条例规定…, 根据劳动合同法，…).
_LAW_TITLE = re.compile(
    rf"(?:^(?:根据|按照|依据|依照)?|(?<=[，,])(?:根据|按照|依据|依照))([\u4e00-\u9fa5]{{2,24}}?(?:{alternation(('条例', '办法', '细则', '法'))}))"
    r"(?=规定|第|中|里|对|是|[，,？?]|$)"
)
_NOT_IN_TITLE = re.compile(r"哪|是否|什么|了|的")  # a question's own words, not a title's


# Words that say whether a figure is planned or actual (实际, 预期目标), not what it is the figure of.
_STATUS_WORDS = frozenset({"实际", "预期", "目标", "计划"})
HEAD_SAID = 0.5  # share of the asked item's head word (its pieces) an answer's sentence must say
_WHICH_PERSON = re.compile(r"哪(?:一)?位([\u4e00-\u9fff]{2,4}?)(?=[的是在于，,？?]|$)")
_ROLE_ASKED = re.compile(r"^(.+?)是谁[?？]?$")
_NOUN_FLAGS = frozenset({"n", "nz", "vn", "j", "l", "ng", "nt", "nr", "ns", "an", "b"})
_CLAUSE_BREAKS = frozenset({",", "，", "、", "；", ";", "："})


def missing_item(question: str, evidence: str, context: str, terms: TermWeights, telling: float) -> bool:
    """Whether the thing the question asks about is absent from the answer's evidence: the role of "…<role>是谁"
    (市政协主席是谁) nowhere in the sentence and its context, or the item a count, an amount or a person is asked of
    (粮食总产量是多少, 国防费预算安排了多少, 仲裁委员会主任由谁担任) in no word of the sentence while one of its words that the corpus uses and that
    is telling there (idf at least `telling`) is not in its context either: a figure of another thing (总产量 asked,
    淘汰3000万吨 said) does not answer it. A word counts as found when one of its two-character pieces is."""
    m = _ROLE_ASKED.match(normalize(question))
    words = tagged_words(m.group(1)) if m else ()
    if words and len(words[-1][0]) >= 2:
        return not _said(words[-1][0], normalize(evidence + context))  # 主持人是谁 ~ 由王贤志主持
    which = _WHICH_PERSON.search(normalize(question))  # 哪位科学家: a 科学家 named where the answer stands
    if which and not _said(which.group(1), normalize(evidence + context)):
        return True
    item = [w for w in _asked_item(question) if len(w) >= 2]
    telling_words = [w for w in item if terms.occurs(w) and terms.weight(w) >= telling]
    if not telling_words:
        return False
    own, around = normalize(evidence), normalize(evidence + context)
    # 粮食总产量 -> 总产量: the figure's own noun, half of whose pieces its sentence must say; a count's kind
    # (高校毕业生人数: 人数, said by the answer's 万人) leaves it to the noun before
    named = [w for w in item if w not in _STATUS_WORDS] or item  # 失业率 of 城镇登记失业率实际是多少
    head = named[-2] if named[-1].endswith("数") and len(named) > 1 else named[-1]
    if head in telling_words and _share_said(head, around) < HEAD_SAID:
        return True  # 全国粮食总产量 asked, 全国财政收入… said; 城镇化率 asked, 城镇调查失业率 said
    return not any(_said(w, own) for w in item) and any(not _said(w, around) for w in telling_words)


def _asked_item(question: str) -> list[str]:
    """The nouns right after the 多少/几 and its measure (新增了多少公里高速公路 -> 高速公路), else those just before the
    多少/几/谁 a count, an amount or a person is asked with, verbs, particles and the words that frame a question
    (一共, 那次) skipped (2006年末国家外汇储备达到多少亿美元 -> 国家 外汇储备); none when a clause break comes first."""
    q = normalize(question)
    span = question_word_span(q)
    if span is None or not q.startswith(("多少", "几", "谁"), span[0]):
        return []
    words = tagged_words(q)
    after = list(takewhile(lambda t: t[1] in _NOUN_FLAGS, (t for t in words if t[2] >= span[1])))
    if any(len(w) >= 2 for w, _f, _s in after):  # 新增了多少公里高速公路: what is counted follows its measure
        return [w for w, _f, _s in after]
    before = [(w, f if w not in NOT_KEY_WORDS else "") for w, f, s in words if s + len(w) <= span[0]]
    while before and before[-1][1] not in _NOUN_FLAGS:
        if before.pop()[0] in _CLAUSE_BREAKS:
            return []
    item: list[str] = []
    while before and before[-1][1] in _NOUN_FLAGS:
        item.insert(0, before.pop()[0])
    return item


def _share_said(word: str, text: str) -> float:
    """The share of the word's two-character pieces that are in the text."""
    pieces = [word[i : i + 2] for i in range(len(word) - 1)]
    return sum(p in text for p in pieces) / max(1, len(pieces))


def _said(word: str, text: str) -> bool:
    """Whether one of the word's two-character pieces is in the text (汽车销量 ~ 汽车销售)."""
    return any(word[i : i + 2] in text for i in range(len(word) - 1))


def foreign_places(question: str, p: Passage, evidence: str) -> list[str]:
    """Places the question names that neither the passage's document title nor the evidence mentions."""
    known = normalize(p.document_title + evidence)
    return [name for name in place_names(question) if name not in known and name.rstrip("市县省区") not in known]


def _entry_key(p: Passage) -> tuple[str, str | None, str | None]:
    return (p.document_id, p.chapter, p.entry)


def other_session(question: str, sentence: str, context: str) -> bool:
    """Whether the answer's sentence speaks of another session of the kind the question names
    (十届二次会议 asked, 十届一次会议 said) and neither it nor its context names the asked one."""
    asked = _sessions(question)
    said = _sessions(sentence)
    if not asked or not said or asked & (said | _sessions(context)):
        return False
    return any(_kind(a) == _kind(s) for a in asked for s in said)


def _sessions(text: str) -> set[str]:
    return {session_name(m.group()) for m in SESSION.finditer(normalize(text))}


def _kind(session: str) -> str:
    return session[session.index("次") + 1 :]
