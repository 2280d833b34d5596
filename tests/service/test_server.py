"""`yearbook-qa serve --workers N`: several processes on one socket, sharing the index on disk."""

from __future__ import annotations

import subprocess
import sys

import httpx
import psutil
import pytest

from bench.load_test import started_server


def test_two_worker_processes_answer(bundled_index_dir, settings):
    env = {"YEARBOOK_QA_HOME": str(settings.home), "YEARBOOK_QA_INDEX_DIR": str(bundled_index_dir)}
    with started_server(timeout_s=300, env=env, workers=2) as (url, pid):
        workers = [c for c in psutil.Process(pid).children() if "spawn_main" in " ".join(c.cmdline())]
        assert len(workers) == 2
        for _ in range(4):
            r = httpx.post(f"{url}/api/ask", json={"question": "十届二次会议开幕那天实到多少委员？"}, timeout=120)
            assert r.status_code == 200 and "135" in r.json()["answer"]


@pytest.mark.parametrize("workers", ["0", "two"])
def test_a_bad_worker_count_is_one_line_and_exit_2(workers):
    run = subprocess.run(
        [sys.executable, "-m", "yearbook_qa.service.cli", "serve", "--workers", workers],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "--workers" in run.stderr and "Traceback" not in run.stderr
