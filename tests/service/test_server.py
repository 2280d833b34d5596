"""`yearbook-qa serve --workers N`: several processes on one socket, sharing the index on disk."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import psutil
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_worker_processes_answer(bundled_index_dir, settings):
    port = _free_port()
    env = os.environ | {
        "YEARBOOK_QA_HOME": str(settings.home),
        "YEARBOOK_QA_INDEX_DIR": str(bundled_index_dir),
        "YEARBOOK_QA_PORT": str(port),
        "YEARBOOK_QA_RATE_LIMIT_PER_MINUTE": "0",
        "YEARBOOK_QA_API_KEYS": "[]",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "yearbook_qa.service.cli", "serve", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        ready = 0
        while ready < 4:  # several answers in a row: both workers have loaded
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            assert time.monotonic() < deadline, "serve --workers 2 did not become ready"
            try:
                ready = ready + 1 if httpx.get(f"{url}/readyz", timeout=5).status_code == 200 else 0
            except httpx.HTTPError:
                ready = 0
            time.sleep(0.5)
        workers = [c for c in psutil.Process(proc.pid).children() if "spawn_main" in " ".join(c.cmdline())]
        assert len(workers) == 2
        for _ in range(4):
            r = httpx.post(f"{url}/api/ask", json={"question": "十届二次会议开幕那天实到多少委员？"}, timeout=60)
            assert r.status_code == 200 and "135" in r.json()["answer"]
    finally:
        proc.terminate()
        proc.wait(timeout=60)


@pytest.mark.parametrize("workers", ["0", "two"])
def test_a_bad_worker_count_is_one_line_and_exit_2(workers):
    run = subprocess.run(
        [sys.executable, "-m", "yearbook_qa.service.cli", "serve", "--workers", workers],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "--workers" in run.stderr and "Traceback" not in run.stderr
