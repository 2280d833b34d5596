"""Yearbook-like documents for the tests: a structure, written out as plain text, Markdown or HTML.

`yearbooks()` is a hypothesis strategy for such structures; `SAMPLE` is a small fixed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from hypothesis import strategies as st

WORDS = "市政协委员会议工作开展调研报告关于的和在人民建设发展全体常务主席第一二三四五六七八九十城乡文化经济"
SENTENCE_ENDS = "。！？；"


@dataclass(frozen=True)
class Entry:
    title: str
    paragraphs: tuple[str, ...]  # the first follows 【title】 on its line (may be empty); the rest are untitled


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    split_first_cell: bool = False  # write the first cell of each row over two lines (`9月6日` then `|`)


@dataclass(frozen=True)
class Yearbook:
    title: str
    published: str
    chapters: tuple[tuple[str, tuple[Entry | Table, ...]], ...]

    @property
    def year(self) -> int:
        return int(self.title.rsplit("-", 1)[1])

    def expected(self) -> list[tuple]:
        """(chapter, entry, what) in order: what is the prose paragraph, or (caption, row cells) per row."""
        out: list[tuple] = []
        for chapter, items in self.chapters:
            entry = None
            for item in items:
                if isinstance(item, Entry):
                    entry = item.title
                    out.append((chapter, entry, f"【{entry}】{item.paragraphs[0]}"))
                    out += [(chapter, entry, p) for p in item.paragraphs[1:]]
                else:
                    out += [
                        (chapter, entry, (item.caption, dict(zip(item.headers, row, strict=False))))
                        for row in item.rows
                    ]
        return out


def to_text(book: Yearbook) -> str:
    lines = [book.title, f"发表时间:{book.published}"]
    for chapter, items in book.chapters:
        lines.append(chapter)
        for item in items:
            if isinstance(item, Entry):
                lines.append(f"【{item.title}】{item.paragraphs[0]}")
                lines += item.paragraphs[1:]
            else:
                lines.append(item.caption)
                lines += [f"{h} |" for h in item.headers]
                for row in item.rows:
                    first, *rest = row
                    lines += [first, "|"] if item.split_first_cell else [f"{first} |"]
                    lines += [f"{v} |" for v in rest]
    return "\n".join([*lines, "上篇:", "下篇:"]) + "\n"


def to_markdown(book: Yearbook, bold_entries: bool = False) -> str:
    parts = [f"# {book.title}", f"发表时间:{book.published}"]
    for chapter, items in book.chapters:
        parts.append(f"# {chapter}")
        for item in items:
            if isinstance(item, Entry) and bold_entries:
                parts.append(f"**【{item.title}】**{item.paragraphs[0]}")
                parts += item.paragraphs[1:]
            elif isinstance(item, Entry):
                parts.append(f"### {item.title}")
                parts += [p for p in item.paragraphs if p]
            else:
                parts.append(item.caption)
                table = [f"| {' | '.join(item.headers)} |", "|" + "---|" * len(item.headers)]
                table += [f"| {' | '.join(row)} |" for row in item.rows]
                parts.append("\n".join(table))
    return "\n\n".join([*parts, "上篇:"]) + "\n"


def to_html(book: Yearbook) -> str:
    body = [f"<h1>{escape(book.title)}</h1>", f"<p>发表时间:{escape(book.published)}</p>"]
    for chapter, items in book.chapters:
        body.append(f"<h2>{escape(chapter)}</h2>")
        for item in items:
            if isinstance(item, Entry):
                body.append(f"<h3>{escape(item.title)}</h3>")
                body += [f"<p>\n  {escape(p)}\n</p>" for p in item.paragraphs if p]
            else:
                head = "".join(f"<th>{escape(h)}</th>" for h in item.headers)
                rows = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>\n" for row in item.rows)
                body.append(f"<table><caption>{escape(item.caption)}</caption>\n<tr>{head}</tr>\n{rows}</table>")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(book.title)}</title>"
        f"<style>p {{ margin: 0 }}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _words(min_size: int, max_size: int, alphabet: str = WORDS) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


@st.composite
def _sentence(draw) -> str:
    body = re.sub(" +", " ", draw(_words(1, 90, WORDS + "0123456789,，、 "))).strip()
    return (body or "好") + draw(st.sampled_from(SENTENCE_ENDS))


@st.composite
def _paragraph(draw) -> str:
    return "".join(draw(st.lists(_sentence(), min_size=1, max_size=8)))


@st.composite
def _entry(draw) -> Entry:
    first = draw(st.one_of(st.just(""), _paragraph()))
    rest = draw(st.lists(_paragraph(), max_size=2)) if first else []
    return Entry(draw(_words(2, 12)), (first, *rest))


@st.composite
def _cell(draw, long: bool) -> str:
    value = draw(_words(13, 70) if long else _words(1, 12))
    if len(value) > 2 and draw(st.booleans()):
        value = value[:1] + " " + value[2:]  # an internal space, as in 王 林
    return value


@st.composite
def _table(draw) -> Table:
    headers = tuple(draw(st.lists(_words(2, 4), min_size=2, max_size=4, unique=True)))
    longs = [draw(st.booleans()) for _ in headers[1:]]
    n_rows = draw(st.integers(1, 4))
    rows = tuple(
        (f"{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日", *(draw(_cell(lg)) for lg in longs))
        for _ in range(n_rows)
    )
    caption = f"表{draw(st.integers(1, 99))} {draw(st.integers(1990, 2030))}年{draw(_words(2, 10))}一览表"
    return Table(caption, headers, rows, split_first_cell=draw(st.booleans()))


@st.composite
def yearbooks(draw) -> Yearbook:
    year = draw(st.integers(1990, 2030))
    names = draw(st.lists(_words(2, 8), min_size=1, max_size=3, unique=True))
    chapters = []
    for name in names:
        items = draw(st.lists(st.one_of(_entry(), _table()), min_size=1, max_size=4))
        chapters.append((name, tuple(items)))
    return Yearbook(f"某市政协年鉴-{year}", f"{year}-12-1", tuple(chapters))


SAMPLE = Yearbook(
    title="某市政协年鉴-2024",
    published="2024-12-1",
    chapters=(
        ("综述", (Entry("协商民主", ("2023年，市政协全年召开专题协商会议17次。开展监督性视察2次。",)),)),
        (
            "政协重要会议",
            (
                Entry(
                    "十一届一次会议",
                    (
                        "2024年1月8日至10日，会议在市级机关会议中心召开。",
                        "第一次全体会议1月8日上午开幕。大会应到委员180名，实到150名。",
                    ),
                ),
                Entry("常务委员会会议", ("2023年，全年召开常务委员会会议2次。",)),
                Table(
                    "表1 2023年某市政协常委会会议一览表",
                    ("会议名称", "会议时间", "会议内容"),
                    (
                        ("十一届一次常委会会议", "3月1日", "学习会议精神，协商通过工作要点"),
                        ("十一届二次常委会会议", "9月6日", "听取情况通报；协商通过人事事项"),
                    ),
                    split_first_cell=False,
                ),
            ),
        ),
        (
            "提案建议",
            (
                Entry("提案建议办理", ("2023年，审查立案提案80件。",)),
                Table(
                    "表2 某市政协重点提案督办一览表",
                    ("序号", "案由", "承办单位", "领衔督办领导"),
                    (
                        ("1", "关于加强中小学生心理健康教育的提案", "市教育局", "王 林"),
                        ("2", "关于推动乡村振兴的提案", "市农业农村局", "阮 强"),
                    ),
                ),
            ),
        ),
    ),
)
