"""Reliability soak (`make soak`, 6-8 minutes on a busy 2-core box, not in the test run): the service under the attacks of issue 15.

Against real `yearbook-qa serve` processes on 127.0.0.1:
1. 10,000 idle sockets plus 200 that send half a header or half a body, while /healthz is probed;
2. a flood rotating X-Forwarded-For (the server trusts no proxy);
3. 31 normal clients alone (quiet), then beside one greedy client sending unique 500-character questions
   (that server stands behind a "proxy" on 127.0.0.1, so each client has its own forwarded address);
4. kill -9 mid-load, restart, same answers;
5. a build killed mid-way: the previous index still answers the same.
Prints one JSON of figures: requests, errors, p50/p95 of the normal clients, /healthz latency, fds, RSS, log size.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bench.load_test import questions_from
from yearbook_qa.eval.metrics import percentile
from yearbook_qa.service.api.rate_limiter import RateLimiter
from yearbook_qa.service.settings import Settings

CLI = [sys.executable, "-m", "yearbook_qa.service.cli"]
PROBE = "十届二次会议开幕那天实到多少委员？"
CHARS = "政协委员会议提案年度工作报告开幕实到多少常委会召开组织调研视察民主监督"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ms(values: list[float]) -> dict[str, float]:
    v = sorted(values)
    return {"n": len(v), "p50": round(percentile(v, 50) or 0, 1), "p95": round(percentile(v, 95) or 0, 1)}


class Server:
    """`yearbook-qa serve` in a child process, its log in a file, its fds and RSS sampled."""

    def __init__(self, log: Path, **env: str) -> None:
        self.port, self.log, self.env = _free_port(), log, env
        self.url = f"http://127.0.0.1:{self.port}"
        self.peak_fds = self.peak_rss_mb = 0
        self.proc: subprocess.Popen | None = None
        threading.Thread(target=self._sample, daemon=True).start()

    def start(self) -> float:
        """Start and wait until /readyz; the seconds it took."""
        env = os.environ | {"YEARBOOK_QA_HOST": "127.0.0.1", "YEARBOOK_QA_PORT": str(self.port)} | self.env
        started = time.monotonic()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([*CLI, "serve"], env=env, stdout=out, stderr=subprocess.STDOUT)
        while True:
            assert self.proc.poll() is None, self.log.read_text("utf-8", "replace")[-2000:]
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                time.sleep(0.3)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def _sample(self) -> None:
        while True:
            proc = self.proc
            if proc and proc.poll() is None:
                try:
                    self.peak_fds = max(self.peak_fds, len(os.listdir(f"/proc/{proc.pid}/fd")))
                    status = Path(f"/proc/{proc.pid}/status").read_text()
                    rss_kb = int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])
                    self.peak_rss_mb = max(self.peak_rss_mb, rss_kb // 1024)
                except (OSError, StopIteration, ValueError):
                    pass
            time.sleep(0.2)

    def figures(self) -> dict:
        return {"peak_fds": self.peak_fds, "peak_rss_mb": self.peak_rss_mb, "log_bytes": self.log.stat().st_size}


def _probe_health(url: str, stop: threading.Event, out: list[float], failures: list[str]) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        try:
            r = httpx.get(f"{url}/healthz", timeout=5)
            out.append((time.perf_counter() - start) * 1000)
            if r.status_code != 200:
                failures.append(str(r.status_code))
        except httpx.HTTPError as e:
            failures.append(type(e).__name__)
        time.sleep(0.1)


def _while_probing(url: str, work: Callable[[], dict]) -> dict:
    stop, lat, failures = threading.Event(), [], []
    prober = threading.Thread(target=_probe_health, args=(url, stop, lat, failures))
    prober.start()
    try:
        figures = work()
    finally:
        stop.set()
        prober.join()
    return figures | {"healthz_ms": _ms(lat) | {"max": round(max(lat, default=0), 1)}, "healthz_failures": failures}


def idle_flood(server: Server, idle: int = 10_000, slow: int = 200, timeout_s: float = 10.0) -> dict:
    def work() -> dict:
        socks, refused = [], 0
        for i in range(idle + slow):
            try:
                s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            except OSError:
                refused += 1
                continue
            if i >= idle:
                half = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                s.sendall(
                    half if i % 2 else b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999\r\n\r\n{"
                )
            socks.append(s)
        time.sleep(timeout_s + 3)
        still_open = 0
        for s in socks:
            s.setblocking(False)
            try:
                still_open += s.recv(1) != b""  # b"": the server closed it
            except BlockingIOError:
                still_open += 1  # nothing to read and not closed
            except OSError:
                pass  # reset by the server
            s.close()
        return {"sockets": idle + slow, "connect_failures": refused, "still_open_after_timeout": still_open}

    return _while_probing(server.url, work)


def header_flood(server: Server, requests: int = 2000, workers: int = 8) -> dict:
    codes: dict[int, int] = {}
    lock = threading.Lock()

    def worker(offset: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            for i in range(offset, requests, workers):
                xff = f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"
                code = c.get("/api/documents", headers={"X-Forwarded-For": xff}).status_code
                with lock:
                    codes[code] = codes.get(code, 0) + 1

    def work() -> dict:
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return {"requests": requests, "status_counts": {str(k): v for k, v in sorted(codes.items())}}

    return _while_probing(server.url, work)


class Clients:
    """31 normal clients (a question, then a pause) and optionally one greedy client, each its own address."""

    def __init__(self, url: str, questions: list[str]) -> None:
        self.url, self.questions = url, questions
        self.normal_ms: list[float] = []
        self.normal_codes: dict[str, int] = {}
        self.greedy_codes: dict[str, int] = {}
        self.lock = threading.Lock()

    def _count(self, codes: dict[str, int], key: str) -> None:
        with self.lock:
            codes[key] = codes.get(key, 0) + 1

    def normal(self, n: int, stop: threading.Event) -> None:
        rng = random.Random(n)
        stop.wait(rng.uniform(0, 6))  # staggered starts
        with httpx.Client(base_url=self.url, timeout=120, headers={"X-Forwarded-For": f"10.1.0.{n}"}) as c:
            while not stop.is_set():
                start = time.perf_counter()
                try:
                    r = c.post("/api/ask", json={"question": rng.choice(self.questions)})
                    key = str(r.status_code)
                    if r.status_code == 200:
                        with self.lock:
                            self.normal_ms.append((time.perf_counter() - start) * 1000)
                except httpx.HTTPError as e:
                    key = type(e).__name__
                self._count(self.normal_codes, key)
                stop.wait(rng.uniform(6, 12))  # about 3.5 questions a second from all 31

    def greedy(self, n: int, stop: threading.Event) -> None:
        rng = random.Random(1000 + n)
        with httpx.Client(base_url=self.url, timeout=120, headers={"X-Forwarded-For": "10.2.0.1"}) as c:
            while not stop.is_set():
                question = "".join(rng.choice(CHARS) for _ in range(500))
                try:
                    r = c.post("/api/ask", json={"question": question})
                    key = str(r.status_code)
                    if r.status_code == 429:
                        stop.wait(float(r.headers.get("retry-after", "1")) / 4)  # greedy: retries early
                except httpx.HTTPError as e:
                    key = type(e).__name__
                self._count(self.greedy_codes, key)

    def run(self, seconds: float, greedy: int = 0, during: Callable[[], None] | None = None) -> dict:
        stop = threading.Event()
        threads = [threading.Thread(target=self.normal, args=(n, stop)) for n in range(31)]
        threads += [threading.Thread(target=self.greedy, args=(n, stop)) for n in range(greedy)]
        for t in threads:
            t.start()
        if during:
            during()
        stop.wait(seconds)
        stop.set()
        for t in threads:
            t.join()
        figures = {"normal_ms": _ms(self.normal_ms), "normal_status": self.normal_codes}
        return figures | ({"greedy_status": self.greedy_codes} if greedy else {})


def _answers(url: str, questions: list[str]) -> list[str]:
    with httpx.Client(base_url=url, timeout=120, headers={"X-Forwarded-For": "10.3.0.1"}) as c:
        out = []
        for q in questions:
            a = c.post("/api/ask", json={"question": q}).json()
            a.pop("timing_ms", None)
            out.append(json.dumps(a, ensure_ascii=False, sort_keys=True))
        return out


def kill_and_restart(server: Server, questions: list[str]) -> dict:
    before = _answers(server.url, questions[:5])
    clients = Clients(server.url, questions)
    restart_s: list[float] = []

    def crash() -> None:
        time.sleep(8)
        server.kill()
        restart_s.append(server.start())

    figures = clients.run(seconds=10, during=crash)
    after = _answers(server.url, questions[:5])
    return figures | {"restart_s": round(restart_s[0], 1), "answers_identical_after_restart": before == after}


def killed_build(settings: Settings, work: Path, questions: list[str]) -> dict:
    index = work / "index"
    shutil.copytree(settings.resolved_index_dir, index)
    corpus = work / "corpus"
    corpus.mkdir()
    for f in Path(settings.corpus).glob("*") if Path(settings.corpus).is_dir() else [Path(settings.corpus)]:
        (corpus / f.name).write_text(f.read_text("utf-8").replace("。", "；"), "utf-8")  # every passage changes
    env = os.environ | {"YEARBOOK_QA_INDEX_DIR": str(index), "YEARBOOK_QA_THREADS": "1"}

    def ask(q: str) -> str:
        out = subprocess.run([*CLI, "ask", "--json", q], env=env, capture_output=True, text=True, check=True).stdout
        return json.dumps({k: v for k, v in json.loads(out).items() if k != "timing_ms"}, sort_keys=True)

    before = ask(questions[0])  # each `ask` loads the model: one question keeps the soak short
    build = subprocess.Popen(
        [*CLI, "build"], env=env | {"YEARBOOK_QA_CORPUS": str(corpus)}, stderr=subprocess.PIPE, text=True
    )
    seen = ""
    while "embedding:" not in seen and build.poll() is None:
        seen += build.stderr.read(1) if build.stderr else ""
    time.sleep(2)
    killed_mid_way = build.poll() is None
    build.send_signal(signal.SIGKILL)
    build.wait()
    return {
        "killed_mid_way": killed_mid_way,
        "previous_index_answers_identical": before == ask(questions[0]),
    }


def limiter_cost() -> dict:
    """Microseconds a rate-limit check costs with 10k and 50k clients tracked (the finding: 6 and 41 ms)."""
    out = {}
    for clients in (10_000, 50_000):
        limiter = RateLimiter(per_minute=120)
        for i in range(clients):
            limiter.hit(f"c{i}", now=0.0)
        start = time.perf_counter()
        for i in range(20_000):
            limiter.hit(f"c{i % clients}", now=1.0)
        out[f"us_per_check_{clients}_clients"] = round((time.perf_counter() - start) / 20_000 * 1e6, 2)
    return out


def main() -> int:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 10,000 client sockets
    settings = Settings()
    questions = questions_from(limit=50)
    started = time.monotonic()
    result: dict = {"rate_limiter": limiter_cost()}
    with tempfile.TemporaryDirectory(prefix="yq-soak-") as tmp:
        work = Path(tmp)
        direct = Server(work / "direct.log")
        direct.start()
        try:
            result["idle_and_slow_flood"] = idle_flood(direct, timeout_s=settings.request_timeout_s)
            result["rotating_forwarded_for_flood"] = header_flood(direct)
            result["direct_server"] = direct.figures()
        finally:
            direct.stop()
        proxied = Server(work / "proxied.log", YEARBOOK_QA_TRUSTED_PROXIES='["127.0.0.1"]')
        proxied.start()
        try:
            quiet = Clients(proxied.url, questions).run(seconds=25)
            loaded = Clients(proxied.url, questions).run(seconds=40, greedy=4)
            result["quiet"], result["greedy_beside_31"] = quiet, loaded
            result["normal_p95_ratio_loaded_to_quiet"] = round(
                loaded["normal_ms"]["p95"] / max(quiet["normal_ms"]["p95"], 1e-9), 2
            )
            result["kill_9_mid_load"] = kill_and_restart(proxied, questions)
            result["proxied_server"] = proxied.figures()
        finally:
            proxied.stop()
        result["build_killed_mid_way"] = killed_build(settings, work, questions)
    normal_5xx = sum(
        v for part in ("quiet", "greedy_beside_31") for k, v in result[part]["normal_status"].items() if k[0] == "5"
    )
    result["normal_clients_5xx"] = normal_5xx
    result["duration_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
