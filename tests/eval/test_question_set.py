"""Loading question sets: the real sets load; every malformed line is named by its number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CMRC_SAMPLE
from yearbook_qa.corpus.errors import UserError
from yearbook_qa.eval.question_set import QuestionSetError, load_questions

REPO = Path(__file__).resolve().parents[2]
SHARED_DEV = REPO / "eval" / "questions" / "shared_dev_questions.jsonl"
CMRC_QUESTIONS = CMRC_SAMPLE / "questions.eval.jsonl"

GOOD = {"id": "q1", "question": "实到多少名委员？", "answers": ["135"], "evidence": "实到135名"}


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shared_dev_set_loads():
    questions = load_questions(SHARED_DEV)
    assert len(questions) == 30
    first = questions[0]
    assert (first.id, first.answers, first.evidence, first.type) == (
        "p001",
        ("176",),
        "大会应到市政协委员176名",
        "number",
    )
    refusals = [q for q in questions if not q.answerable]
    assert [q.id for q in refusals] == ["p029", "p030"] and all(q.answers == () for q in refusals)


def test_cmrc_questions_load_with_gold_ids():
    questions = load_questions(CMRC_QUESTIONS)
    assert len(questions) == 178  # the sample's (tests/data/README.md); the whole dev set has 3219
    assert questions[0].gold_ids == ("cmrc-dev-p00000",) and questions[0].evidence is None
    assert all(q.has_gold and q.answerable for q in questions)


def test_defaults_and_blank_lines(tmp_path):
    path = _write(tmp_path, ["", json.dumps(GOOD, ensure_ascii=False), "   "])
    [q] = load_questions(path)
    assert (q.match, q.answerable, q.gold_ids, q.type) == ("any", True, (), None)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "不是合法的 JSON"),
        ('["a", "b"]', "JSON 对象"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "question"}), "'question'"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "answers"}), "'answers'"),
        (json.dumps({**GOOD, "answers": "135"}), "字符串列表"),
        (json.dumps({**GOOD, "answers": []}), "至少一个答案"),
        (json.dumps({**GOOD, "match": "some"}), "'match'"),
        (json.dumps({**GOOD, "answerable": "yes"}), "'answerable'"),
        (json.dumps({**GOOD, "evidence": ""}), "'evidence'"),
        (json.dumps({**GOOD, "gold_ids": "p1"}), "'gold_ids'"),
        (json.dumps({"id": "q2", "question": "?", "answer": ["135"]}), "'answers'"),
        (json.dumps({**GOOD, "id": "q0"}).replace('"q0"', "7"), "'id'"),
        (json.dumps(GOOD), "重复"),
    ],
)
def test_bad_line_names_its_line_number(tmp_path, bad_line, message):
    path = _write(tmp_path, [json.dumps({**GOOD, "id": "q0"}), json.dumps(GOOD), bad_line])
    with pytest.raises(QuestionSetError) as err:
        load_questions(path)
    assert f"{path}:3:" in str(err.value) and message in str(err.value)
    assert isinstance(err.value, UserError)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(QuestionSetError, match="不存在"):
        load_questions(tmp_path / "nope.jsonl")
    with pytest.raises(QuestionSetError, match="为空"):
        load_questions(_write(tmp_path, [""]))


def test_own_set_loads_with_both_kinds_of_question():
    questions = load_questions(REPO / "eval" / "questions" / "yearbook_questions.jsonl")
    assert any(q.answerable for q in questions) and any(not q.answerable for q in questions)
    assert all(q.has_gold for q in questions if q.answerable)
