"""`yearbook-qa corpus inspect`: print the outline recovered from a yearbook file or directory."""

from __future__ import annotations

import json
import sys

from yearbook_qa.corpus.errors import CorpusError
from yearbook_qa.corpus.loading import Corpus, load_corpus
from yearbook_qa.corpus.passage import HEADING_SEPARATOR, Document, Passage


def inspect_path(path: str, max_chars: int = 300, as_json: bool = False) -> int:
    """Print the outline; return 0, or 2 (with one line on stderr) if nothing could be read."""
    try:
        corpus = load_corpus(path, max_chars=max_chars)
    except CorpusError as e:
        print(f"yearbook-qa: {e}", file=sys.stderr)
        return 2
    summary = corpus_outline(corpus)
    print(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else _render(summary))
    return 0


def corpus_outline(corpus: Corpus) -> dict:
    """Documents with their edition, title block, heading chains (with the years their passages speak of),
    entries and tables (as the passages carry them), counts and problems."""
    by_doc: dict[str, list[Passage]] = {}
    for p in corpus.passages:
        by_doc.setdefault(p.document_id, []).append(p)
    return {
        "documents": [_document_outline(d, by_doc.get(d.id, [])) for d in corpus.documents],
        "passages": len(corpus.passages),
        "table_rows": sum(p.is_table_row for p in corpus.passages),
        "problems": list(corpus.problems),
    }


def _document_outline(doc: Document, passages: list[Passage]) -> dict:
    chapters: dict[str | None, dict[str | None, dict]] = {}
    years: dict[str | None, set[int]] = {}
    for p in passages:
        years.setdefault(p.chapter, set()).update(p.years)
        entry = chapters.setdefault(p.chapter, {}).setdefault(p.entry, {"passages": 0, "tables": {}})
        entry["passages"] += 1
        if p.table is not None:
            table = entry["tables"].setdefault(p.table, {"caption": p.table, "headers": list(p.cells), "rows": 0})
            table["rows"] += 1
    return {
        "id": doc.id,
        "title": doc.title,
        "path": doc.path,
        "year": doc.year,
        "published": doc.published,
        "subtitle": doc.subtitle,
        "byline": doc.byline,
        "passages": len(passages),
        "chapters": [
            {
                "chapter": chapter,
                "years": sorted(years[chapter]),
                "entries": [
                    {"entry": entry, "passages": e["passages"], "tables": list(e["tables"].values())}
                    for entry, e in entries.items()
                ],
            }
            for chapter, entries in chapters.items()
        ],
    }


def _render(summary: dict) -> str:
    lines: list[str] = []
    for doc in summary["documents"]:
        lines.append(
            f"{doc['title']}  [{doc['id']}]  版次 {doc['year'] or '-'}  发表时间 {doc['published'] or '-'}"
            f"  段落 {doc['passages']}"
        )
        lines += [f"  {label} {doc[key]}" for key, label in (("subtitle", "副标题"), ("byline", "署名")) if doc[key]]
        shown: set[tuple[str, ...]] = set()
        for chapter in doc["chapters"]:
            path = (chapter["chapter"] or "(无章节)").split(HEADING_SEPARATOR)
            for depth in range(1, len(path)):  # headings with no passage of their own (第三章 above its 第一节)
                if tuple(path[:depth]) not in shown:
                    shown.add(tuple(path[:depth]))
                    lines.append("  " * depth + path[depth - 1])
            shown.add(tuple(path))
            indent = "  " * len(path)
            lines.append(f"{indent}{path[-1]}" + (f"  年份 {_years(chapter['years'])}" if chapter["years"] else ""))
            for entry in chapter["entries"]:
                if entry["entry"] is None and not entry["tables"]:
                    lines.append(f"{indent}  {entry['passages']} 段")
                    continue
                lines.append(f"{indent}  【{entry['entry'] or '(无条目)'}】 {entry['passages']} 段")
                for t in entry["tables"]:
                    lines.append(
                        f"{indent}    {t['caption']}: {len(t['headers'])} 列 ({' | '.join(t['headers'])}), {t['rows']} 行"
                    )
    lines.append(
        f"共 {len(summary['documents'])} 篇文档, {summary['passages']} 段 (其中表格行 {summary['table_rows']})"
    )
    lines.append(f"问题 {len(summary['problems'])} 个" + "".join(f"\n  - {p}" for p in summary["problems"]))
    return "\n".join(lines)


def _years(years: list[int]) -> str:
    """2008-2012, 2014 (runs of consecutive years shortened)."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
