"""`yearbook-qa eval --url`: a running server (real uvicorn on 127.0.0.1) scored through POST /api/ask."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.service.api.conftest import ThreadServer, free_port
from yearbook_qa.corpus.errors import UserError
from yearbook_qa.eval.harness import evaluate
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.eval.remote import RemoteAnswerer

REPO = Path(__file__).resolve().parents[2]
DEV = REPO / "eval" / "questions" / "shared_dev_questions.jsonl"
CLI = Path(sys.executable).parent / "yearbook-qa"


@pytest.fixture(scope="module")
def server(settings, answerer):
    from yearbook_qa.service.api.app import create_app

    s = settings.model_copy(update={"rate_limit_per_minute": 0, "api_keys": [], "allowed_origins": []})
    with ThreadServer(create_app(s, answerer), s) as live:
        yield live


def test_the_server_scores_as_the_answerer_does(server, dev_result):
    remote = evaluate(load_questions(DEV), RemoteAnswerer(server.url), top_k=5)
    for key in ("answer_accuracy", "answer_f1", "recall_at_1", "recall_at_5", "refusal_recall"):
        assert remote.metrics[key] == pytest.approx(dev_result.metrics[key]), key
    assert [r.answer.answer for r in remote.results] == [r.answer.answer for r in dev_result.results]
    assert [r.answer.refused_by for r in remote.results] == [r.answer.refused_by for r in dev_result.results]


def test_cli_scores_a_running_server(server, tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [str(CLI), "eval", str(DEV), "--url", server.url, "--json", "--report", str(tmp_path / "rep")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["n"] == len(load_questions(DEV)) and summary["answer_accuracy"] > 0.5
    assert (tmp_path / "rep" / "report.html").is_file()


def test_an_unreachable_server_is_one_clear_error():
    with pytest.raises(UserError, match="无法连接"):
        RemoteAnswerer(f"http://127.0.0.1:{free_port()}").ask("政协会议在哪里召开？")
