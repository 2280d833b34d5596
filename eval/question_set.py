"""Question sets: JSONL, one question a line, validated with the line number in every error."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from yearbook_qa.corpus.errors import UserError


class QuestionSetError(UserError):
    """A question file that cannot be read or has a malformed line."""


@dataclass(frozen=True)
class Question:
    """One question with what counts as a right answer and a right citation."""

    id: str
    question: str
    answers: tuple[str, ...]  # expected answers (empty for unanswerable questions)
    match: Literal["any", "all"] = "any"  # right if the answer contains any / all of them
    evidence: str | None = None  # a string a right citation contains
    gold_ids: tuple[str, ...] = ()  # passage or document ids of right citations
    answerable: bool = True
    type: str | None = None  # number / date / person … (for per-type breakdowns)
    document: str | None = None  # the document it asks about (for per-document breakdowns)

    @property
    def has_gold(self) -> bool:
        """Whether retrieval can be scored: some evidence string or gold id is known."""
        return bool(self.evidence) or bool(self.gold_ids)


def load_questions(path: str | Path) -> list[Question]:
    """Read and validate a question set; raises QuestionSetError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionSetError(f"{path}: 问题集文件不存在 (question file not found)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise QuestionSetError(f"{path}: 无法读取问题集 (cannot read question file): {e}") from None
    questions = list(parse_lines(text.splitlines(), source=str(path)))
    if not questions:
        raise QuestionSetError(f"{path}: 问题集为空 (no questions in file)")
    return questions


def parse_lines(lines: Iterable[str], source: str = "<questions>") -> Iterable[Question]:
    """Parse JSONL lines (blank lines skipped); ids must be unique."""
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise QuestionSetError(f"{where}: 不是合法的 JSON (not valid JSON): {e.msg}") from None
        q = parse_question(obj, where)
        if q.id in seen:
            raise QuestionSetError(f"{where}: id {q.id!r} 重复 (duplicate id, first on line {seen[q.id]})")
        seen[q.id] = number
        yield q


def parse_question(obj: Any, where: str) -> Question:
    """Validate one decoded line into a Question (other keys, e.g. notes or tags, are ignored)."""
    if not isinstance(obj, dict):
        raise QuestionSetError(f"{where}: 每行应是一个 JSON 对象 (each line must be a JSON object)")
    qid = _required_str(obj, "id", where)
    question = _required_str(obj, "question", where)
    if "answers" not in obj:
        raise QuestionSetError(f"{where}: 缺少字段 (missing field) 'answers'")
    answers = _str_list(obj["answers"], "answers", where)
    answerable = obj.get("answerable", True)
    if not isinstance(answerable, bool):
        raise QuestionSetError(f"{where}: 'answerable' 应为 true/false (must be a boolean)")
    if answerable and not any(a.strip() for a in answers):
        raise QuestionSetError(
            f"{where}: 可回答的问题需要至少一个答案 (an answerable question needs a non-empty 'answers')"
        )
    match = obj.get("match", "any")
    if match not in ("any", "all"):
        raise QuestionSetError(f'{where}: \'match\' 应为 "any" 或 "all" (got {match!r})')
    evidence = obj.get("evidence")
    if evidence is not None and (not isinstance(evidence, str) or not evidence.strip()):
        raise QuestionSetError(f"{where}: 'evidence' 应为非空字符串或 null (must be a non-empty string or null)")
    qtype = obj.get("type")
    if qtype is not None and (not isinstance(qtype, str) or not qtype.strip()):
        raise QuestionSetError(f"{where}: 'type' 应为非空字符串 (must be a non-empty string)")
    gold_ids = _str_list(obj.get("gold_ids") or [], "gold_ids", where)
    document = obj.get("document")
    if document is not None and (not isinstance(document, str) or not document.strip()):
        raise QuestionSetError(f"{where}: 'document' 应为非空字符串 (must be a non-empty string)")
    return Question(
        id=qid,
        question=question,
        answers=tuple(a for a in answers if a.strip()),
        match=match,
        evidence=evidence,
        gold_ids=tuple(gold_ids),
        answerable=answerable,
        type=qtype,
        document=document,
    )


def _required_str(obj: dict, key: str, where: str) -> str:
    if key not in obj:
        raise QuestionSetError(f"{where}: 缺少字段 (missing field) {key!r}")
    value = obj[key]
    if not isinstance(value, str) or not value.strip():
        raise QuestionSetError(f"{where}: {key!r} 应为非空字符串 (must be a non-empty string)")
    return value


def _str_list(value: Any, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuestionSetError(f"{where}: {key!r} 应为字符串列表 (must be a list of strings)")
    return value
