"""A live app on 127.0.0.1 and headless Chromium (Debian's chromium + chromedriver) driven by Selenium."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from bot import create_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def browser_or_skip():
    """Skip where Chromium is not installed, except in CI, where .ci/run installs it and its absence is a failure."""
    if CHROMIUM and CHROMEDRIVER:
        return
    if os.environ.get("CI"):
        pytest.fail("chromium and chromedriver must be installed in CI (.ci/run installs them)")
    pytest.skip("chromium/chromedriver not installed (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The real app served on a free port of 127.0.0.1."""
    database = tmp_path_factory.mktemp("browser") / "bot.sqlite3"
    app = create_app({"TESTING": True, "DATABASE_PATH": str(database)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.base_url = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium with the background-network features off (the machine has no internet)."""
    browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1600", "--lang=ja"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def screenshot(browser):
    """Save a screenshot of the whole current page, at the window's width, under test-artifacts/screenshots/."""
    def save(name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        width = browser.execute_script("return window.innerWidth")
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(width, min(max(height + 150, 800), 12000))  # the whole page, at the same width
        browser.save_screenshot(str(path))
        return path
    return save
