"""A support agent's path through the web page in headless Chromium (Debian's chromium and
chromium-driver, driven by Selenium): paste a seed ticket, press Triage, read the finding,
press Copy. The run leaves a screenshot in artifacts/triage_page.png."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bots.server import create_app

from .loopback import without_slack
from .seeds import SEEDS, question
from .slack_standin import ServerThread

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver"),
    pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the checkout"),
]
SCREENSHOT = Path(__file__).resolve().parents[1] / "artifacts" / "triage_page.png"


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,1800"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server():
    with ServerThread(create_app(without_slack())) as running:
        yield running


def test_paste_triage_read_copy(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": server.url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    browser.get(server.url + "/")
    ticket = browser.find_element(By.ID, "ticket")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=ticket]").text == "Ticket"
    browser.execute_script("arguments[0].value = arguments[1];", ticket, question("003"))  # a paste
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    cause = WebDriverWait(browser, 20).until(ready.presence_of_element_located((By.ID, "root-cause")))
    assert cause.get_attribute("data-finding") in ("api_token_as_bearer", "auth_header_without_scheme")
    assert "Bearer" in cause.text or "scheme" in cause.text

    browser.find_element(By.CSS_SELECTOR, "button[data-copy=draft]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "copy-status").text != "")
    assert browser.find_element(By.ID, "copy-status").text == "Copied."
    copied = browser.execute_async_script("navigator.clipboard.readText().then(arguments[0]);")
    assert copied.strip() == browser.find_element(By.ID, "draft").text.strip()
    assert copied.startswith("### Most likely cause:")

    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT)) and SCREENSHOT.stat().st_size > 10_000
