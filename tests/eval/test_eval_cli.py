"""`yearbook-qa eval` end to end, as a user runs it (a subprocess on the session index)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from yearbook_qa.eval.metrics import HEADLINE

REPO = Path(__file__).resolve().parents[2]
DEV = REPO / "eval" / "questions" / "shared_dev_questions.jsonl"
CLI = Path(sys.executable).parent / "yearbook-qa"


@pytest.fixture(scope="module")
def run_cli(bundled_index_dir):
    env = {
        **os.environ,
        "YEARBOOK_QA_INDEX_DIR": str(bundled_index_dir),
        "YEARBOOK_QA_THREADS": "1",
        "HF_HUB_OFFLINE": "1",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(CLI), "eval", *args], env=env, capture_output=True, text=True, timeout=600)

    return run


def test_json_report_and_compare(run_cli, dev_result, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps(dict(dev_result.metrics, answer_accuracy=0.0)), encoding="utf-8")
    proc = run_cli(str(DEV), "--json", "--report", str(tmp_path / "rep"), "--compare", str(old))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)  # exactly one JSON object on stdout
    assert set(HEADLINE) <= set(summary) and summary["n"] == 30
    for key in HEADLINE:
        if not key.startswith("latency"):  # same answers as the in-process run
            assert summary[key] == dev_result.metrics[key], key
    assert set(summary["by_type"]) == set(dev_result.by_type)
    assert summary["compare"]["delta"]["answer_accuracy"] == pytest.approx(summary["answer_accuracy"])
    assert (tmp_path / "rep" / "report.html").is_file() and (tmp_path / "rep" / "report.md").is_file()


def test_bad_question_file_names_the_line(run_cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "?", "answers": ["1"]}\n{"id": "b", "question": "?"}\n', encoding="utf-8")
    proc = run_cli(str(bad), "--json")
    assert proc.returncode == 2 and proc.stdout == ""
    assert f"{bad}:2:" in proc.stderr and "'answers'" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_index_dir_is_a_clear_error(run_cli, tmp_path):
    proc = run_cli(str(DEV), "--index", str(tmp_path / "no-index"))
    assert proc.returncode == 2 and "manifest.json" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_compare_file_and_top_k_are_clear_errors(run_cli, tmp_path):
    not_a_result = tmp_path / "old.json"
    not_a_result.write_text("[1, 2]", encoding="utf-8")
    for args, message in (
        ((str(DEV), "--compare", str(not_a_result)), "不是 eval --json 的结果"),
        ((str(DEV), "--top-k", "0"), "--top-k"),
    ):
        proc = run_cli(*args)
        assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
