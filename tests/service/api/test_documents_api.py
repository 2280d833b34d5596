"""Adding and removing a yearbook while serving: admin keys, background build, swap under load, admin page."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.corpus.yearbook_files import write_statistical_xlsx
from tests.service.api.conftest import ThreadServer
from yearbook_qa.corpus import load_corpus
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.service.answering.answerer import Answerer

ADMIN_KEY = "admin-key-7d41"
POPULATION_CSV = "表2 常住人口（单位：万人）\n地区,2021年,2022年\n雄关区,15.2,15.4\n镜铁区,9.8,9.9\n"
NEW_QUESTION = "2022年镜铁区常住人口是多少"


@pytest.fixture(scope="module")
def served(tmp_path_factory, settings, embedder) -> Iterator[ThreadServer]:
    """The statistical workbook served with admin keys on (and API keys off, no rate limit)."""
    from yearbook_qa.service.api.app import create_app

    home = tmp_path_factory.mktemp("library-home")
    corpus = load_corpus(write_statistical_xlsx(home / "统计.xlsx"))
    build_index(corpus.passages, home / "index", embedder, progress=False)
    s = settings.model_copy(
        update={
            "home": home,
            "index_dir": home / "index",
            "admin_keys": [ADMIN_KEY],
            "api_keys": [],
            "rate_limit_per_minute": 0,
            "max_upload_bytes": 200_000,
        }
    )
    app = create_app(s, Answerer(HybridIndex.load(home / "index", embedder)))
    with ThreadServer(app, s) as server:
        yield server
    app.state.library.close()


@pytest.fixture()
def admin(served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.url, headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=120) as c:
        yield c


def _states(client: httpx.Client) -> dict[str, dict]:
    return {d["id"]: d for d in client.get("/api/documents").json()["documents"]}


def _wait(client: httpx.Client, done, timeout: float = 300) -> dict[str, dict]:
    deadline = time.monotonic() + timeout
    while not done(states := _states(client)):
        assert time.monotonic() < deadline, states
        time.sleep(0.3)
    return states


def test_documents_admin_is_off_without_admin_keys(client):
    response = client.post("/api/documents", files={"file": ("a.csv", b"x,y\n1,2\n")})
    assert response.status_code == 403 and response.json()["error"]["code"] == "admin_disabled"


def test_bad_uploads_are_clear_4xx(served, admin):
    with httpx.Client(base_url=served.url, timeout=60) as anon:
        response = anon.post("/api/documents", files={"file": ("a.csv", b"x,y\n1,2\n")})
        assert response.status_code == 401 and response.json()["error"]["code"] == "admin_key_required"
    response = admin.post("/api/documents", files={"file": ("slides.pptx", b"PK\x03\x04")})
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_file_type"
    response = admin.post("/api/documents", files={"file": ("big.pdf", b"%PDF" + b"0" * 300_000)})
    assert response.status_code == 413
    assert admin.delete("/api/documents/no-such-document").status_code == 404
    response = admin.post("/api/documents", files={"file": ("broken.docx", b"not a zip at all")})
    assert response.status_code == 202
    states = _wait(admin, lambda s: s.get("broken", {}).get("state") == "failed")
    assert "broken.docx: 文件已损坏" in states["broken"]["message"] and states["统计"]["state"] == "ready"
    assert "/documents/" not in states["broken"]["message"]  # the upload's name, not the server's path
    assert admin.delete("/api/documents/broken").json() == {"id": "broken", "state": "removed"}
    assert "broken" not in _states(admin)


def test_upload_is_answerable_after_one_swap_with_no_failed_question(served, admin):
    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:
        with httpx.Client(base_url=served.url, timeout=120) as c:
            while not stop.is_set():
                statuses.append(c.post("/api/ask", json={"question": "2022年全市地区生产总值是多少"}).status_code)

    workers = [threading.Thread(target=load) for _ in range(3)]
    for w in workers:
        w.start()
    try:
        response = admin.post("/api/documents", files={"file": ("人口.csv", POPULATION_CSV.encode("gbk"))})
        assert response.status_code == 202 and response.json() == {"id": "人口", "state": "indexing"}
        assert _states(admin)["人口"]["state"] == "indexing"
        _wait(admin, lambda s: s.get("人口", {}).get("state") == "ready")
        time.sleep(1)  # the load runs on across the swap
    finally:
        stop.set()
        for w in workers:
            w.join()
    assert statuses and set(statuses) == {200}, statuses
    answer = admin.post("/api/ask", json={"question": NEW_QUESTION}).json()
    assert answer["answer"] == "9.9万人"
    assert next(c for c in answer["citations"] if c["is_answer"])["location"] == "人口!A4:C4"
    assert admin.delete("/api/documents/人口").status_code == 202
    _wait(admin, lambda s: "人口" not in s)
    answer = admin.post("/api/ask", json={"question": NEW_QUESTION}).json()
    assert all(c["document_id"] != "人口" for c in answer["citations"])


@pytest.mark.browser
def test_admin_page_uploads_and_removes_a_yearbook(served, driver, artifacts, tmp_path):
    upload = tmp_path / "人口.csv"
    upload.write_text(POPULATION_CSV, encoding="utf-8")
    driver.get(served.url + "/admin")
    assert driver.title.startswith("年鉴管理")
    key = driver.find_element(By.ID, "admin-key")
    key.send_keys(ADMIN_KEY)
    driver.execute_script("arguments[0].dispatchEvent(new Event('change'))", key)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "tr[data-id='统计'] .state-ready"))
    driver.find_element(By.ID, "upload-file").send_keys(str(upload))
    driver.find_element(By.ID, "upload-button").click()
    row = WebDriverWait(driver, 300).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "tr[data-id='人口'] .state-ready")
    )[0]
    assert row.text == "可问答"
    driver.save_screenshot(str(artifacts / "admin-uploaded.png"))
    driver.find_element(By.CSS_SELECTOR, "tr[data-id='人口'] button.danger").click()
    driver.switch_to.alert.accept()
    WebDriverWait(driver, 300).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "tr[data-id='人口']"))
    assert "人口" not in driver.find_element(By.ID, "documents").text


@pytest.fixture(scope="module")
def artifacts() -> Path:
    out = Path(__file__).resolve().parents[3] / "artifacts"  # git-ignored
    out.mkdir(exist_ok=True)
    return out
