"""The title block at the top of a document and the trailing matter at its end, read from its lines' contents.

Title block: the title (or pieces of it broken over lines), the subtitle (——2024年3月5日在…会议上), who speaks
or compiled it (国务院总理 李强, 编者：…), 发表时间. Trailing matter: notes, licence, 附录 after the last numbered
heading, in the last third of the document.
"""

from __future__ import annotations

import re

from yearbook_qa.corpus.chinese import is_person_name

TITLE_WORDS = ("年鉴", "年报", "年志", "报告", "公报", "纲要", "规划", "条例", "办法", "规定", "决定", "决议", "白皮书")
SUBTITLE = re.compile(r"[—－\-]{2}\s*\S.{0,80}")
_ROLES = r"(?:总理|主席|书记|省长|市长|县长|区长|主任|部长|局长|院长|委员长|秘书长|主编|编者|编纂|撰稿|供稿)"
# A speaker or compiler: a role line (国务院总理) with a person's name after it or on the next line; a role
# word with anything else (主席, 主席会议) is a heading.
_ROLE = re.compile(rf"(.{{0,20}}{_ROLES})(.{{0,6}})")
_COMPILER = re.compile(r"(?:编者|主编|编纂|编撰|撰稿|作者|供稿|编辑|编纂单位)\s*[:：].{1,40}")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_SENTENCE = re.compile(r"[。！？；，,!?;：:]")
_HEAD_LINES = 10  # the title block is among the first lines
MIN_TITLE_AGAIN = 4
TRAILER = re.compile(
    r"(?:本作品|本文(?:件)?来源|Public domain|注\s*[:：]|注释|附\s*录|附件|附表|参考文献|版权|免责声明|(?:资料)?来源\s*[:：])",
    re.IGNORECASE,
)


def is_title(contents: list[str], published: re.Pattern[str]) -> bool:
    """Whether the first line is the document title: it names its kind (年鉴, 报告 …), is marked (# …), or a
    date/subtitle follows."""
    first = contents[0]
    if first.startswith("# "):
        return True
    if len(first) > 60 or _SENTENCE.search(first) or first.endswith("|") or first.startswith("【"):
        return False
    follower = contents[1] if len(contents) > 1 else ""
    return any(w in first for w in TITLE_WORDS) or bool(published.fullmatch(follower) or SUBTITLE.fullmatch(follower))


def title_block(contents: list[str], title: str | None, published: re.Pattern[str]) -> dict[int, str]:
    """{line index: "title" | "published" | "subtitle" | "byline"} for the lines of the title block (none without
    a title); it ends at the first other line."""
    kinds: dict[int, str] = {}
    if title is None:
        return kinds
    squeezed_title = _squeeze(title)
    for i, content in enumerate(contents[:_HEAD_LINES]):
        squeezed = _squeeze(content)
        if i == 0 or _title_again(contents, i, squeezed_title):
            kinds[i] = "title"  # the title, again, or broken over lines (政府工作报 / 告)
        elif published.fullmatch(content):
            kinds[i] = "published"
        elif SUBTITLE.fullmatch(content):
            kinds[i] = "subtitle"
        elif _COMPILER.fullmatch(content) or _role_and_name(contents, i):
            kinds[i] = "byline"
        elif kinds.get(i - 1) == "byline" and _NAME.fullmatch(squeezed):
            kinds[i] = "byline"  # the name on the line after the role (国务院总理 / 李　强)
        else:
            break
    return kinds


def _title_again(contents: list[str], i: int, title: str) -> bool:
    """Whether line i is (part of) the title written again: with the lines around it that are parts of the title,
    it spells the title or its end (政府工作报 / 告 under 2017年…政府工作报告), at least MIN_TITLE_AGAIN characters;
    a short line that merely occurs in the title (市政 under 某市政协年鉴) is a heading."""

    def part(j: int) -> str:
        squeezed = _squeeze(contents[j]) if 0 < j < len(contents) else ""
        return squeezed if squeezed and squeezed in title and not _SENTENCE.search(contents[j]) else ""

    if not part(i):
        return False
    start = i
    while part(start - 1):
        start -= 1
    end = i
    while part(end + 1):
        end += 1
    run = "".join(part(j) for j in range(start, end + 1))
    return len(run) >= MIN_TITLE_AGAIN and title.endswith(run)


def _role_and_name(contents: list[str], i: int) -> bool:
    """A role followed by a person's name (国务院总理　李克强), or a role line whose next line is a name (李　强)."""
    m = _ROLE.fullmatch(_squeeze(contents[i]))
    if m is None:
        return False
    name = m.group(2) or (_squeeze(contents[i + 1]) if i + 1 < len(contents) else "")
    return bool(_NAME.fullmatch(name)) and is_person_name(name)


def trailer_start(contents: list[str], numbered: list[bool]) -> int:
    """Index of the first line of trailing matter (len(contents) if none): a note, licence or 附录 line in the
    last third of the document with no numbered heading after it."""
    n = len(contents)
    last_numbered = max((i for i, is_numbered in enumerate(numbered) if is_numbered), default=-1)
    for i in range(max(last_numbered + 1, (2 * n) // 3), n):
        if TRAILER.match(contents[i]):
            return i
    return n


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u200b-\u200d\ufeff\u3000]+", "", text)
