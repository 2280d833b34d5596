"""The widget in a real headless Chromium, embedded by pages on other origins (other ports).

The service runs with API keys on: the widget must still work without a secret in any page.
Screenshots land in artifacts/ (git-ignored) as test artefacts.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser

QUESTION = "十届二次会议开幕那天实到多少委员？"
# A hostile page: its CSS tries to restyle every button, div and iframe.
HOST_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>某单位内网门户</title>
<style>
  body {{ font-family: serif; background: #eef2f7; margin: 24px; }}
  div, button, iframe {{ display: none !important; font-size: 40px !important; color: red !important; }}
</style></head>
<body><h1>某单位内网门户</h1><p>通知公告 · 规章制度 · 办事指南</p>
<script src="{service}/widget.js" defer></script>
</body></html>
"""


@pytest.fixture(scope="module")
def host_page(host_pages, live) -> str:
    (host_pages.directory / "portal.html").write_text(HOST_PAGE.format(service=live.url), "utf-8")
    return "/portal.html"


@pytest.fixture(scope="module")
def artifacts() -> Path:
    out = Path(__file__).resolve().parents[3] / "artifacts"
    out.mkdir(exist_ok=True)
    return out


def _widget(driver: WebDriver, url: str) -> tuple[WebElement, WebElement]:
    """Load a host page, open the widget; return (button, iframe)."""
    driver.switch_to.default_content()
    driver.get(url)
    host = WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "yearbook-qa-widget"))[0]
    root = host.shadow_root
    button = root.find_element(By.CSS_SELECTOR, ".btn")
    assert button.text == "年鉴问答" and button.is_displayed()  # the page's CSS did not hide it
    button.click()
    frame = root.find_element(By.CSS_SELECTOR, "iframe")
    WebDriverWait(driver, 30).until(lambda d: frame.get_attribute("src"))
    return button, frame


def _ask(driver: WebDriver, question: str) -> WebElement:
    box = WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "yq-input"))[0]
    before = len(driver.find_elements(By.CSS_SELECTOR, ".yq-bot:not(.yq-pending)"))
    box.send_keys(question, Keys.ENTER)  # Enter sends
    WebDriverWait(driver, 120).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yq-bot:not(.yq-pending)")) > before
    )
    return driver.find_elements(By.CSS_SELECTOR, ".yq-bot:not(.yq-pending)")[-1]


def test_widget_answers_on_a_foreign_origin_page(driver, host_pages, host_page, artifacts):
    _, frame = _widget(driver, host_pages.allowed + host_page)
    assert frame.get_attribute("src").endswith("/embed")
    driver.switch_to.frame(frame)
    answer = _ask(driver, QUESTION)
    assert "135名" in answer.find_element(By.CSS_SELECTOR, ".yq-short").text
    assert "135" in answer.find_element(By.CSS_SELECTOR, ".yq-sentence mark").text
    cites = answer.find_elements(By.CSS_SELECTOR, ".yq-cite")
    assert cites and cites[0].find_element(By.CSS_SELECTOR, ".yq-num").text == "[1]"
    answer_cite = answer.find_element(By.CSS_SELECTOR, ".yq-cite-answer")
    answer_cite.find_element(By.TAG_NAME, "summary").click()  # expands to the passage
    passage = answer_cite.find_element(By.CSS_SELECTOR, ".yq-passage")
    assert passage.is_displayed() and "135" in passage.find_element(By.TAG_NAME, "mark").text
    assert "政协嘉峪关市委员会年鉴-2023" in answer_cite.find_element(By.CSS_SELECTOR, ".yq-path").text
    answer_cite.find_element(By.CSS_SELECTOR, ".yq-more").click()  # where it stands, with its neighbours
    where = WebDriverWait(driver, 30).until(lambda d: answer_cite.find_elements(By.CSS_SELECTOR, ".yq-where"))
    assert "第" in where[0].text
    driver.switch_to.default_content()
    driver.save_screenshot(str(artifacts / "widget-foreign-origin.png"))
    driver.switch_to.frame(frame)
    follow_up = _ask(driver, "应到多少名？")  # a second turn, sent with the panel's history
    assert "yq-error" not in follow_up.get_attribute("class")
    assert len(driver.find_elements(By.CSS_SELECTOR, ".yq-user")) == 2


def test_widget_on_a_360px_phone_screen(driver, host_pages, host_page, artifacts):
    driver.set_window_size(360, 740)
    try:
        _, frame = _widget(driver, host_pages.allowed + host_page)
        width = driver.execute_script("return window.innerWidth")
        left, right = driver.execute_script(
            "var r = arguments[0].getBoundingClientRect(); return [r.left, r.right];", frame
        )
        assert left >= 0 and right <= width
        driver.switch_to.frame(frame)
        answer = _ask(driver, QUESTION)
        assert "135名" in answer.find_element(By.CSS_SELECTOR, ".yq-short").text
        no_scroll = driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        assert no_scroll  # nothing overflows sideways inside the panel
        driver.switch_to.default_content()
        driver.save_screenshot(str(artifacts / "widget-360px.png"))
    finally:
        driver.set_window_size(1280, 860)


def test_disallowed_origin_cannot_frame_or_call(driver, host_pages, host_page, live):
    _, frame = _widget(driver, host_pages.foreign + host_page)
    driver.switch_to.frame(frame)  # frame-ancestors blocks /embed here: no chat inside
    assert driver.find_elements(By.ID, "yq-input") == []
    driver.switch_to.default_content()
    fetch = """const done = arguments[arguments.length - 1];
      fetch(arguments[0] + '/api/ask', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({question: arguments[1]})})
        .then(r => done('status ' + r.status), e => done('blocked ' + e.name));"""
    driver.set_script_timeout(120)
    assert driver.execute_async_script(fetch, live.url, QUESTION) == "blocked TypeError"  # CORS refused
    driver.get(host_pages.allowed + host_page)
    # an allowed origin may read the response (CORS), but the Origin header is no credential: 401 without a key
    assert driver.execute_async_script(fetch, live.url, QUESTION) == "status 401"


def test_full_chat_page(driver, live, artifacts):
    driver.switch_to.default_content()
    driver.get(live.url + "/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "年鉴问答"
    example = driver.find_element(By.CSS_SELECTOR, ".yq-example")
    assert example.text == QUESTION
    example.click()
    WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".yq-short"))
    assert "135名" in driver.find_element(By.CSS_SELECTOR, ".yq-short").text
    driver.save_screenshot(str(artifacts / "chat-page.png"))
    driver.find_element(By.ID, "yq-clear").click()
    assert driver.find_elements(By.CSS_SELECTOR, ".yq-short") == []


def test_api_docs_render_offline(driver, live):
    driver.switch_to.default_content()
    driver.get(live.url + "/docs")  # the test machine has no internet: every asset must come from us
    ops = WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
    paths = {op.text.strip().replace("\u200b", "") for op in ops}
    assert {"/api/ask", "/v1/chat/completions"} <= paths, paths


def test_the_chat_renews_an_expired_token(driver, live_settings, answerer, serve_asgi):
    """Widget tokens are short-lived: a chat left open past its token's life still answers."""
    from yearbook_qa.service.api.app import create_app

    app = create_app(live_settings, answerer)
    app.state.tokens.ttl_s = 1  # the same token book the security middleware checks
    with serve_asgi(app, live_settings) as server:
        driver.switch_to.default_content()
        driver.get(server.url + "/embed")
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "yq-input"))
        time.sleep(2.5)  # the page's token has expired
        assert "135名" in _ask(driver, QUESTION).text
