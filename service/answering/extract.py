"""Answer candidates of one type found in a piece of yearbook text, with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yearbook_qa.corpus.vocabulary import ORG_SUFFIXES, PLACE_OR_BODY_ENDS, alternation
from yearbook_qa.service.answering.patterns import DATE, NUMBER, TITLE
from yearbook_qa.service.answering.question_type import AnswerType
from yearbook_qa.service.answering.words import tagged_words


@dataclass(frozen=True)
class Candidate:
    """A possible short answer: text[start:end] of the text it was found in."""

    text: str
    start: int
    end: int


_ORG_SUFFIX = re.compile(f"(?:{alternation(ORG_SUFFIXES)})$")
_PLACE_AFTER = re.compile(r"在([^,。;()]{2,30}?)(?:召开|举办|举行|开幕|开展)")
_NAME_TAG = "nr"  # and its kinds: nrfg (习近平), nrt (transliterated names)
_NOUN_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "j", "b", "an", "vn", "l", "i"})


def find_candidates(text: str, kind: AnswerType) -> list[Candidate]:
    """Every candidate of `kind` in `text`, in order of position."""
    if kind is AnswerType.NUMBER:
        found = _regex(NUMBER, text)
    elif kind is AnswerType.DATE:
        found = _regex(DATE, text)
    elif kind is AnswerType.PERSON:
        found = _persons(text)
    elif kind is AnswerType.ORG:
        found = _organisations(text)
    elif kind is AnswerType.PLACE:
        found = _places(text)
    elif kind is AnswerType.LIST:
        found = _lists(text)
    elif kind is AnswerType.REASON:
        found = _reasons(text)
    else:
        found = _regex(TITLE, text)
    return sorted(found, key=lambda c: (c.start, -c.end))


def _regex(pattern: re.Pattern[str], text: str) -> list[Candidate]:
    return [Candidate(m.group(), m.start(), m.end()) for m in pattern.finditer(text) if m.group()]


_NOT_A_NAME_END = re.compile(f"[{PLACE_OR_BODY_ENDS}]$")  # a place or a body the tagger took for a name


_NAME_DOTS = frozenset("·•・")


def _joined_names(text: str) -> list[Candidate]:
    """Names in parts joined by a middle dot (布兰科·茨尔文科夫斯基): the word before each dot and the
    name words after it."""
    words = tagged_words(text)
    found: list[Candidate] = []
    for i, (word, _flag, _start) in enumerate(words):
        if word not in _NAME_DOTS or i == 0 or i + 1 >= len(words) or words[i - 1][1] == "x":
            continue
        j = i + 1
        while j + 1 < len(words) and words[j + 1][1].startswith(_NAME_TAG):
            j += 1
        begin = words[_name_start(words, i - 1)][2]
        if found and found[-1].end == begin + len(words[i - 1][0]):  # a third part: 约翰·F·肯尼迪
            begin = found.pop().start
        end = words[j][2] + len(words[j][0])
        found.append(Candidate(text[begin:end], begin, end))
    return found


def _persons(text: str) -> list[Candidate]:
    """The names the tagger finds, read over the pieces it split them into (see _name_runs), and names in parts
    joined by a middle dot (transliterated names)."""
    joined = _joined_names(text)
    return joined + [c for c in _name_runs(text) if not any(j.start <= c.start < j.end for j in joined)]


_NAME_PIECE_TAGS = frozenset({"a", "n", "ng", "nr", "nrt", "nrfg", "zg"})  # 高|德菲, 柳田|理科|雄: a name split up
_AFTER_NAME = frozenset({"x", "uj", "ul", "p", "c", "d", "y", "v"})  # where a name ends: punctuation, glue, a verb
MAX_NAME_CHARS = 6


def _name_start(words: tuple[tuple[str, str, int], ...], i: int) -> int:
    """The first word of the name that ends with words[i]: a name word before it (贝|多姆), or a single character
    the tagger split off it that follows glue or punctuation (由[高]德菲)."""
    first = i
    while first > 0 and words[first - 1][1].startswith(_NAME_TAG) and words[first][1].startswith(_NAME_TAG):
        first -= 1
    before = words[first - 2][1] if first > 1 else "x"
    if (
        first > 0
        and len(words[first - 1][0]) == 1
        and words[first - 1][1] in _NAME_PIECE_TAGS
        and before in _AFTER_NAME
    ):
        first -= 1
    return first


def _name_runs(text: str) -> list[Candidate]:
    """Each name the tagger finds, with the pieces it split off it: the name words beside it (贝多姆), a single
    character before it (高德菲), and the short words after it up to one that ends the name, when the last of them is
    a single character (柳田理科雄; not 柳田教授)."""
    words = tagged_words(text)
    found = []
    for i, (word, flag, start) in enumerate(words):
        if not flag.startswith(_NAME_TAG) or (i + 1 < len(words) and words[i + 1][1].startswith(_NAME_TAG)):
            continue
        first = _name_start(words, i)
        begin, end = words[first][2], start + len(word)
        last = i
        while last + 1 < len(words) and words[last + 1][1] in _NAME_PIECE_TAGS and len(words[last + 1][0]) <= 2:
            last += 1
        closes = last + 1 == len(words) or words[last + 1][1] in _AFTER_NAME
        if last > i and closes and len(words[last][0]) == 1 and words[last][2] + 1 - begin <= MAX_NAME_CHARS:
            end = words[last][2] + 1
        name = text[begin:end]
        if len(name) >= 2 and not _NOT_A_NAME_END.search(name):
            found.append(Candidate(name, begin, end))
    return found


def _organisations(text: str) -> list[Candidate]:
    """Noun phrases ending in an organisation word (局, 委员会, 中心 …), e.g. 市政协办公室."""
    words = tagged_words(text)
    found = []
    for i, (word, _flag, start) in enumerate(words):
        if not _ORG_SUFFIX.search(word):
            continue
        first = i
        while first > 0 and words[first - 1][1] in _NOUN_TAGS:
            first -= 1
        begin = words[first][2]
        end = start + len(word)
        if end - begin >= 3:
            found.append(Candidate(text[begin:end], begin, end))
    # keep the longest phrase ending at each position
    longest: dict[int, Candidate] = {}
    for c in found:
        if c.end not in longest or c.start < longest[c.end].start:
            longest[c.end] = c
    return list(longest.values())


_PLACE_TAG = "ns"


def _places(text: str) -> list[Candidate]:
    """Where something was held (在…召开), and the place names the tagger finds (青岛, 海南), those side by side
    read as one place (澳洲维多利亚州墨尔本, 西太平洋区, 香港新界西北部)."""
    found = [Candidate(m.group(1), m.start(1), m.end(1)) for m in _PLACE_AFTER.finditer(text)]
    return found + [c for c in _place_runs(text) if len(c.text) >= 2]


_DIRECTION_TAG = "s"  # 西[太平洋区], 马达加斯加[东岸]
_PLACE_PART_TAGS = frozenset({_PLACE_TAG, "n"})  # 香港[新界]: a noun inside a run of place names
_PLACE_END_TAGS = frozenset({"f", _DIRECTION_TAG})  # 香港新界[西北部], 中国[沿海], 马达加斯加[东岸]
_PLACE_NAME_END = re.compile("[州郡省市县区]$")


def _is_place(words: tuple[tuple[str, str, int], ...], k: int) -> bool:
    """Whether words[k] names a place: a place name, or a transliterated name the tagger took for a person's that
    ends like a place (牛津郡) or stands before a place name (奥克拉荷|马州, 嘉善|东门)."""
    word, flag, _start = words[k]
    if flag == _PLACE_TAG:
        return True
    before_place = k + 1 < len(words) and words[k + 1][1] == _PLACE_TAG
    return flag.startswith(_NAME_TAG) and (bool(_PLACE_NAME_END.search(word)) or before_place)


_TRANSLITERATED = "nrt"  # 加拿大[多伦多]


def _in_place_run(words: tuple[tuple[str, str, int], ...], k: int) -> bool:
    """Whether words[k] goes on a run of place names: a place, a noun, a transliterated name, or a direction
    between places (印度[西]太平洋区)."""
    flag = words[k][1]
    between = flag in _PLACE_END_TAGS and k + 1 < len(words) and words[k + 1][1] == _PLACE_TAG
    return flag in _PLACE_PART_TAGS or flag == _TRANSLITERATED or between or _is_place(words, k)


def _place_runs(text: str) -> list[Candidate]:
    """Each place name with the place names, nouns and direction words that stand right beside it."""
    words = tagged_words(text)
    found = []
    i = 0
    while i < len(words):
        if not _is_place(words, i):
            i += 1
            continue
        first = i - 1 if i > 0 and words[i - 1][1] == _DIRECTION_TAG else i
        last = i
        while last + 1 < len(words) and _in_place_run(words, last + 1):
            last += 1
        if last + 1 < len(words) and words[last + 1][1] in _PLACE_END_TAGS:  # a run ends in a direction …
            last += 1
        else:
            while last > i and not _is_place(words, last) and not _PLACE_NAME_END.search(words[last][0]):
                # … or in a place name, or a noun that ends like one (日本[岩手县])
                last -= 1
        begin, end = words[first][2], words[last][2] + len(words[last][0])
        found.append(Candidate(text[begin:end], begin, end))
        i = last + 1
    return found


_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")
_TITLE_RUN = re.compile(r"(?:《[^《》]{2,80}》){2,}|(?:“[^“”]{2,60}”){2,}")


def _lists(text: str) -> list[Candidate]:
    """Runs of at least two items joined by 、 (names, places, titles), cut where the sentence goes on,
    and runs of titles or quoted names that stand side by side (《…》《…》)."""
    found = _regex(_TITLE_RUN, text)
    # 候车（机、船）室 is one item, and so is 精灵光晕（Sprite halos）
    asides_kept = _ASIDE.sub(lambda a: re.sub(r"[、\s]", "/", a.group()), text)
    for m in re.finditer(r"[^,。;:、()\s]{2,40}(?:、[^,。;:、()\s]{1,40})+", asides_kept):
        items = m.group().split("、")
        first = _first_item(items[0])
        kept = [first]
        for n, item in enumerate(items[1:], start=2):
            head = _before_first_verb(item, last=n == len(items))
            closing = item.find(_OPENING.get(item[:1], "\0"))
            if closing >= len(head):  # a quoted item is whole: 《关于…的意见》
                head = item[: closing + 1]
            clause = re.split(r"[,，;；]", item)[0]
            alike = clause.find(first[-2:], len(head)) if head != item and len(first) > 2 else -1
            if alike >= 0:  # items end alike: 人口普查、国家脱贫攻坚普查 (脱贫 is no end)
                head = item[: alike + 2]
            kept.append(head)
            if head != item:
                break
        if len(kept) < 2 or not all(kept):
            continue
        start = m.start() + len(items[0]) - len(first)
        end = start + len("、".join(kept))
        found.append(Candidate(text[start:end], start, end))
    return found


def _first_item(item: str) -> str:
    """The first list item (see _after_last_verb), never cut inside a title or a quotation; one that ends in a
    quotation or a title starts where it opens (出了[「空想法律读本」])."""
    first = _after_last_verb(item)
    opening = _CLOSING.get(item[-1:])
    at = item.rfind(opening) if opening else -1
    return item[at:] if at >= 0 else first


_CLOSING = {"”": "“", "》": "《", "」": "「"}
_OPENING = {opening: closing for closing, opening in _CLOSING.items()}


_GLUE_TAGS = frozenset({"p", "c", "m", "q", "uj", "ul", "u"})
_VERB_TAGS = frozenset({"v", "vn"})


def _is_break(word: str, flag: str, last: bool) -> bool:
    """A word that cannot be inside a list item: a preposition or a count; in the last item (where the
    sentence goes on) a two-character verb as well (文化旅游 stays whole inside a list)."""
    return flag in _GLUE_TAGS or (last and flag in _VERB_TAGS and len(word) >= 2)


def _after_last_verb(item: str) -> str:
    """The first list item without the words that introduce the list (培育…, 决定增补…)."""
    cut = 0
    words = tagged_words(item)
    for i, (word, flag, start) in enumerate(words[:-1]):
        end = start + len(word)
        named = any(f.startswith(_NAMING_TAGS) for _w, f, _s in words[i + 1 :])  # 基本生活[保障]: no thing named
        if (flag in ("p", "uj") or (flag in _VERB_TAGS and len(word) >= 2 and named)) and len(item) - end >= 2:
            cut = end  # never down to one character: 配备逃生锤 -> 逃生锤
    return item[cut:]


_NAMING_TAGS = ("n", "l", "j", "i", "eng")  # words that name a thing: nouns, set phrases, abbreviations


def _before_first_verb(item: str, last: bool = True) -> str:
    """A list item without what the sentence goes on with (…因病, …等特色, …3名同志)."""
    if "等" in item[1:]:
        return item[: item.index("等", 1)]
    for word, flag, start in tagged_words(item)[1:]:
        if last and _JOINED.fullmatch(word):  # the last item after 和: …、中国建设银行和交通银行
            joined = _before_first_verb(item[start + len(word) :])
            return item[: start + len(word)] + joined if joined else item[:start]
        if _is_break(word, flag, last):
            return item[:start]
    return item


_PHRASE_TAGS = frozenset(
    {"n", "nr", "ns", "nt", "nz", "j", "b", "an", "vn", "l", "i", "m", "a", "ng", "nrfg", "eng", "h"}
)  # h: a prefix (国家级[非]物质文化遗产)
MAX_PHRASE_CHARS = 30


def noun_phrases(text: str, noun: str, morphemes: bool = False) -> list[Candidate]:
    """Phrases that end in the noun a question names (什么培训班 -> 市政协十届委员履职能力提升培训班):
    the words before it while they are nouns, numbers, or verbs with a noun on each side. Where the text
    never says the whole noun, its head (its last word: 全国性政务服务平台 -> 平台) ends the phrase, and where it
    never says that either, with `morphemes`, a word ending in the head's last or first character (疾病 -> 狂犬病,
    车辆 -> 警车)."""
    found = _phrases_ending(text, noun, whole_word=len(noun) == 1)  # 车 -> 乘用车: a word of that kind
    head = head_noun(noun)
    if not found and head != noun:
        found = _phrases_ending(text, head)
    for morpheme in head[-1], head[0]:  # 哪种疾病 -> 狂犬病, 什么车辆 -> 制式警车: a word of that kind
        if found or len(head) != 2 or not morphemes:
            break
        found = [c for c in _phrases_ending(text, morpheme, whole_word=True) if len(c.text) > 2 and c.text not in noun]
    return found


def head_noun(noun: str) -> str:
    """The last word of a noun phrase (全国性政务服务平台 -> 平台), or the phrase when that word is short."""
    words = tagged_words(noun)
    last = words[-1][0] if words else noun
    return last if len(last) >= 2 else noun


_COUNT_TAGS = frozenset({"m", "q", "r"})


def _opening(words: tuple[tuple[str, str, int], ...], closing: int, mark: str) -> int | None:
    """The index of the word that opens the quotation closed at words[closing], if it opens close by."""
    for j in range(closing - 1, max(closing - 20, -1), -1):
        if words[j][0] == mark:
            return j
    return None


def _phrases_ending(text: str, noun: str, whole_word: bool = False) -> list[Candidate]:
    """Phrases ending in `noun` that name something more than the noun (not just 这一[指标]); with `whole_word`, a
    single word that ends in it (狂犬病 for 病) names it as well."""
    words = tagged_words(text)
    found = []
    for i, (word, word_flag, start) in enumerate(words):
        if not word.endswith(noun[-2:]) or not text[: start + len(word)].endswith(noun):
            continue
        first = i
        while first > 0 and start + len(word) - words[first - 1][2] <= MAX_PHRASE_CHARS:
            w, flag, _s = words[first - 1]
            if w in _CLOSING and (opening := _opening(words, first - 1, _CLOSING[w])) is not None:
                first = opening  # a quoted name inside the phrase: “沪港通”试点, 《…》实施办法
                continue
            inner_verb = flag == "v" and len(w) >= 2 and first > 1 and words[first - 2][1] in _PHRASE_TAGS
            place_word = flag == "f" and len(w) >= 2  # 西部陆海新通道, not 以…
            if flag not in _PHRASE_TAGS and not inner_verb and not place_word:
                break
            first -= 1
        begin, end = words[first][2], start + len(word)
        named = any(flag not in _COUNT_TAGS for _w, flag, _s in words[first:i])  # not just 这一[指标], 两个[指标]
        named = named or (whole_word and len(word) > len(noun) and word_flag in _PHRASE_TAGS)
        if end - begin > len(noun) and named:
            found.append(Candidate(text[begin:end], begin, end))
    return found


_JOINED = re.compile(r"、|和|及|与|以及|或者?")


def noun_lists(text: str, noun: str) -> list[Candidate]:
    """Two or more phrases ending in the asked noun, side by side (哪两家交易所 ->
    北京证券交易所和广州期货交易所): joined by 、, 和, 及, 与 or 或."""
    phrases = sorted(noun_phrases(text, noun), key=lambda c: (c.start, -c.end))
    found = []
    run: list[Candidate] = []
    for c in phrases:
        if run and c.start < run[-1].end:
            continue
        if run and not _JOINED.fullmatch(text[run[-1].end : c.start]):
            found += _as_list(text, run)
            run = []
        run.append(c)
    return found + _as_list(text, run)


def _as_list(text: str, run: list[Candidate]) -> list[Candidate]:
    return [Candidate(text[run[0].start : run[-1].end], run[0].start, run[-1].end)] if len(run) >= 2 else []


_CAUSE = re.compile(r"(?:因为|由于|原因是|原因在于|源于|(?<![原起基])因(?![此而为素]))")
_EFFECT = re.compile(r"[,，](?:所以|因此|因而|故而|故|从而|致使|导致|使得|以致)")  # …，故而招致
_STOP = re.compile(r"[。;；!！?？]")
MAX_REASON_CHARS = 80


def _reasons(text: str) -> list[Candidate]:
    """The causes a sentence gives: what follows 因为/由于/原因是 up to the effect (…，故而/因此…) or the
    sentence end, and what stands before an effect word that opens a clause (…，致使/因此…)."""
    found = []
    for m in _CAUSE.finditer(text):
        stop = _STOP.search(text, m.end())
        end = stop.start() if stop else len(text)
        effect = _EFFECT.search(text, m.end() + 2, end)
        end = effect.start() if effect else end
        if 2 <= end - m.end() <= MAX_REASON_CHARS:
            found.append(Candidate(text[m.end() : end], m.end(), end))
    for m in _EFFECT.finditer(text):
        starts = [s.end() for s in _STOP.finditer(text, 0, m.start())]
        begin = starts[-1] if starts else 0
        if 2 <= m.start() - begin <= MAX_REASON_CHARS and not any(c.start < m.start() and begin < c.end for c in found):
            found.append(Candidate(text[begin : m.start()], begin, m.start()))
    return found
