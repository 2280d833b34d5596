"""Upload-to-answerable under load: a generated 50-page PDF yearbook is uploaded to a running
`yearbook-qa serve` while clients keep asking POST /api/ask; JSON out (seconds to ready, failed requests).

    .venv/bin/python -m bench.upload_swap [--pages 50] [--clients 4]

The server serves a fresh index of the bundled yearbook (built first, under a temporary directory).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.load_test import _free_port, run_load, wait_until_ready
from bench.pdf_read import RESULTS, _pages
from tests.corpus.yearbook_files import write_pdf
from yearbook_qa.service.settings import BUNDLED_CORPUS

ADMIN_KEY = "bench-admin-key"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--out", default=str(RESULTS / "bench-upload-swap.json"))
    args = parser.parse_args()
    source = next(BUNDLED_CORPUS.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        env = os.environ | {
            "HF_HUB_OFFLINE": "1",
            "YEARBOOK_QA_RATE_LIMIT_PER_MINUTE": "0",
            "YEARBOOK_QA_API_KEYS": "[]",
        }
        cli = [sys.executable, "-m", "yearbook_qa.service.cli"]
        subprocess.run([*cli, "build", str(source), "--index", str(index)], env=env, check=True, capture_output=True)
        pdf = Path(tmp) / "yearbook-upload.pdf"
        per_copy = _pages(write_pdf(source, pdf))
        write_pdf(source, pdf, copies=max(1, round(args.pages / per_copy)))
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(port), "--index", str(index)],
            env=env | {"YEARBOOK_QA_ADMIN_KEYS": json.dumps([ADMIN_KEY])},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            result = _measure(url, pdf, args.clients)
        finally:
            server.terminate()
            server.wait(timeout=60)
        result |= {"pages": _pages(pdf), "bytes": pdf.stat().st_size}
    result = {"bench": "upload_swap", "at": datetime.now(UTC).isoformat(timespec="seconds"), **result}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))


def _measure(url: str, pdf: Path, clients: int) -> dict:
    wait_until_ready(url, 300)
    load: dict = {}
    done = threading.Event()
    worker = threading.Thread(target=lambda: load.update(_load_until(url, clients, done)))
    worker.start()
    admin = {"Authorization": f"Bearer {ADMIN_KEY}"}
    try:
        start = time.perf_counter()
        r = httpx.post(f"{url}/api/documents", headers=admin, files={"file": (pdf.name, pdf.read_bytes())}, timeout=120)
        r.raise_for_status()
        while True:
            documents = {d["id"]: d for d in httpx.get(f"{url}/api/documents", timeout=30).json()["documents"]}
            state = documents.get(pdf.stem, {}).get("state")
            if state in ("ready", "failed"):
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - start
        time.sleep(3)  # the load runs on past the swap
    finally:
        done.set()
        worker.join()
    return {
        "state": state,
        "upload_to_answerable_s": round(seconds, 1),
        "passages": documents[pdf.stem].get("passages"),
        "load": load,
    }


def _load_until(url: str, clients: int, done: threading.Event) -> dict:
    totals = {"requests": 0, "ok": 0, "errors": 0, "error_samples": []}
    while not done.is_set():
        part = run_load(url, clients=clients, duration_s=5)
        for key in ("requests", "ok", "errors"):
            totals[key] += part[key]
        totals["error_samples"] += part["error_samples"][: 5 - len(totals["error_samples"])]
    return totals


if __name__ == "__main__":
    main()
