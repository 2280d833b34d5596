"""`yearbook-qa build PATH --index DIR`, `add PATH`, `ask --index`, `serve --host --port`, as a user runs them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.corpus.yearbook_files import write_statistical_xlsx

CLI = Path(sys.executable).parent / "yearbook-qa"


def _run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "YEARBOOK_QA_THREADS": "1"}
    return subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def built(tmp_path_factory, model_path) -> Path:
    """An index built from one workbook with `build PATH --index DIR`, then a CSV added with `add`."""
    root = tmp_path_factory.mktemp("cli")
    index = root / "index"
    proc = _run("build", str(write_statistical_xlsx(root / "统计.xlsx")), "--index", str(index))
    assert proc.returncode == 0, proc.stderr
    assert "1 份文档" in proc.stderr and "空表" in proc.stderr  # the empty sheet is one warning line
    csv = root / "人口.csv"
    csv.write_text(
        "表2 常住人口（单位：万人）\n地区,2021年,2022年\n雄关区,15.2,15.4\n镜铁区,9.8,9.9\n", encoding="utf-8"
    )
    proc = _run("add", str(csv), "--index", str(index))
    assert proc.returncode == 0, proc.stderr
    assert "新嵌入 2, 复用 7" in proc.stderr  # only the new file's two rows are embedded
    return index


def test_build_add_and_ask_with_an_index_flag(built):
    proc = _run("ask", "2022年镜铁区常住人口是多少", "--index", str(built), "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["answer"] == "9.9万人"
    cited = next(c for c in result["citations"] if c["is_answer"])
    assert cited["location"] == "人口!A4:C4" and cited["document_id"] == "人口"
    proc = _run("ask", "2022年全市地区生产总值是多少", "--index", str(built))
    assert proc.returncode == 0 and "335.6亿元" in proc.stdout and "(主要指标!A4:F4)" in proc.stdout


def test_bad_files_and_flags_get_one_line_and_exit_2(built, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    proc = _run("add", str(broken), "--index", str(built))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "broken.docx: 文件已损坏" in proc.stderr
    proc = _run("serve", "--port", "70000")
    assert proc.returncode == 2 and "端口须为 1-65535" in proc.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_on_the_given_host_and_port(built):
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "YEARBOOK_QA_THREADS": "1"}
    args = [str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port), "--index", str(built)]
    server = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents", timeout=5) as response:
                    documents = json.load(response)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        ids = {d["id"] for d in documents["documents"]}
        assert ids == {"统计", "人口"}
    finally:
        server.terminate()
        server.wait(timeout=30)
