"""`python -m bench.cmrc` end to end on a slice of the real CMRC 2018 dev set (three passages of tests/data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CMRC_SAMPLE
from yearbook_qa.corpus import load_corpus

REPO = Path(__file__).resolve().parents[2]
CMRC = CMRC_SAMPLE


def _bench(*args: str, module: str = "bench.cmrc") -> subprocess.CompletedProcess:
    env = {**os.environ, "YEARBOOK_QA_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )


def test_bench_scores_a_slice_of_cmrc(tmp_path, model_path):
    mini = tmp_path / "cmrc-mini"
    mini.mkdir()
    passages = (CMRC / "passages.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    (mini / "passages.jsonl").write_text("\n".join(passages) + "\n", encoding="utf-8")
    pids = {json.loads(line)["pid"] for line in passages}
    questions = [
        line
        for line in (CMRC / "questions.eval.jsonl").read_text(encoding="utf-8").splitlines()
        if set(json.loads(line)["gold_ids"]) <= pids
    ]
    (mini / "questions.eval.jsonl").write_text("\n".join(questions) + "\n", encoding="utf-8")

    out = tmp_path / "result.json"
    proc = _bench("--dataset", str(mini), "--index", str(tmp_path / "index"), "--out", str(out), "--limit", "8")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record == json.loads(proc.stdout)
    assert record["passages_indexed"] == len(load_corpus(mini / "passages.jsonl").passages)
    assert record["n"] == record["questions"] == min(8, len(questions))
    for key in ("recall_at_1", "recall_at_5", "answer_accuracy", "answer_f1"):
        assert 0.0 <= record[key] <= 1.0
    assert record["recall_at_1"] <= record["recall_at_5"] <= record["recall_at_10"]
    # BM25 alone over three passages ranks most gold passages first; the difference is the answerer's
    assert 0.5 <= record["bm25_recall_at_1"] <= 1.0
    assert record["recall_at_1_vs_bm25"] == round(record["recall_at_1"] - record["bm25_recall_at_1"], 4)


def test_bench_reports_a_missing_dataset(tmp_path):
    proc = _bench("--dataset", str(tmp_path / "nowhere"), "--index", str(tmp_path / "index"))
    assert proc.returncode == 2 and "不存在" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and str(tmp_path / "nowhere") in proc.stderr
    proc = _bench("--dataset", str(tmp_path / "nowhere"), module="bench.reader")
    assert proc.returncode == 2 and "不存在" in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_the_data_a_benchmark_run_needs_is_checked_before_it_starts(tmp_path, capsys):
    from bench.run import CMRC, data_needed
    from bench.shared_data import require

    assert data_needed(scales=False, quality=False) == []
    assert {CMRC / "questions.jsonl", CMRC / "passages.jsonl"} <= set(data_needed(False, True))
    assert any(p.name.endswith(".jsonl.gz") for p in data_needed(True, False))
    require("bench.x", tmp_path)  # there: nothing said
    with pytest.raises(SystemExit) as exit_:
        require("bench.x", tmp_path, tmp_path / "scale.jsonl.gz")
    assert exit_.value.code == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"bench.x: 基准数据不存在: {tmp_path / 'scale.jsonl.gz'} (benchmark data missing")


def test_the_halves_split_cmrc_by_passage():
    from bench.cmrc import passage_half

    pids = [f"cmrc-dev-p{k:05d}" for k in range(848)]  # the whole dev set's passage ids; the sample has some
    sample = [json.loads(line)["pid"] for line in (CMRC / "passages.jsonl").read_text(encoding="utf-8").splitlines()]
    assert set(sample) <= set(pids)
    halves = [passage_half(pid) for pid in pids]
    assert set(halves) == {"tune", "test"}
    assert 0.4 < halves.count("test") / len(pids) < 0.6
    assert halves == [passage_half(pid) for pid in pids]  # fixed, not random
