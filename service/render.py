"""The answer as plain text for the terminal: answer, supporting sentence, numbered citations."""

from __future__ import annotations

from yearbook_qa.service.answering.answer import Answer, Citation

HIGHLIGHT = ("〖", "〗")  # marks the answer inside a citation's text


def render_answer_text(answer: Answer) -> str:
    """答案, 依据, then [n] 出处 lines with the answer marked in each citation's text."""
    lines = []
    if answer.resolved_question and answer.resolved_question != answer.question:
        lines.append(f"理解为: {answer.resolved_question}")
    if answer.answerable:
        guess = "" if answer.sure else "可能是 "
        check = "" if answer.sure else ", 请核对出处"
        lines.append(f"答案: {guess}{answer.answer}  (置信度 {answer.confidence:.2f}{check})")
        if answer.answer_sentence:
            lines.append(f"依据: {answer.answer_sentence}")
        heading = "出处:"
    else:
        lines.append(f"未在年鉴中找到答案。(置信度 {answer.confidence:.2f})")
        heading = "相关段落:"
    if answer.citations:
        lines.append(heading)
        lines.extend(_citation(c) for c in answer.citations)
    lines.append(f"用时 {answer.timing_ms:.0f} 毫秒")
    return "\n".join(lines)


def _citation(c: Citation) -> str:
    mark = " ← 答案出处" if c.is_answer else ""
    return f"[{c.number}] {_path(c)}{mark}\n    {_marked(c.text, c.highlights)}"


def _path(c: Citation) -> str:
    """文档 › 篇目 › 条目 › 表格 第n行 (第3页 / 主要指标!A5:F5)."""
    parts = [c.document_title, c.chapter or "", f"【{c.entry}】" if c.entry else ""]
    if c.table:
        parts.append(f"{c.table} 第{c.row}行" if c.row else c.table)
    path = " › ".join(p for p in parts if p)
    return f"{path} ({c.location})" if c.location else path


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [text[pos:start], HIGHLIGHT[0], text[start:end], HIGHLIGHT[1]]
        pos = end
    out.append(text[pos:])
    return "".join(out)
