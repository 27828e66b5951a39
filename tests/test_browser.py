"""A support agent's path through the web page in headless Chromium (Debian's chromium and
chromium-driver, driven by Selenium): paste a ticket, press Triage, read the finding, press Copy,
with the page's Content-Security-Policy in force (its script must still run). The run leaves a
screenshot in artifacts/triage_page.png."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bots.server import create_app

from .loopback import without_slack
from .slack_standin import ServerThread

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver")
TICKET = ("Our script gets 401 on every call since we switched to an API token:\n"
          "curl -H 'Authorization: Bearer ATATT3xFfGF0Wq2Er3Ty4Ui5Op6As7Df8Gh9Jk0=1A2B3C4D' "
          "https://api.bitbucket.org/2.0/repositories/acme/app\n< HTTP/2 401")
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
    # on a loaded 2-core runner the first page can come after get() returns: wait for it, and say what came
    ticket = WebDriverWait(browser, 20).until(ready.presence_of_element_located((By.ID, "ticket")),
                                              message=browser.page_source[:500])
    assert browser.find_element(By.CSS_SELECTOR, "label[for=ticket]").text == "Ticket"
    browser.execute_script("arguments[0].value = arguments[1];", ticket, TICKET)  # a paste
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    cause = WebDriverWait(browser, 20).until(ready.presence_of_element_located((By.ID, "root-cause")))
    assert cause.get_attribute("data-finding") == "api_token_as_bearer" and "Bearer" in cause.text
    assert "Wq2Er3Ty4Ui5" not in browser.page_source

    browser.find_element(By.CSS_SELECTOR, "button[data-copy=draft]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "copy-status").text != "")
    assert browser.find_element(By.ID, "copy-status").text == "Copied."
    copied = browser.execute_async_script("navigator.clipboard.readText().then(arguments[0]);")
    assert copied.strip() == browser.find_element(By.ID, "draft").text.strip()
    assert copied.startswith("### Revoke the credential in this ticket first") and "### Most likely cause:" in copied

    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT)) and SCREENSHOT.stat().st_size > 10_000
