"""The real pages in headless Chromium: progress, chat by keyboard alone, and an axe-core check."""

import datetime
import json
from pathlib import Path
from contextlib import closing

import axe_playwright_python
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from bot import services_of
from handlers import leaders, progress
from tests.bot.web_helpers import ChatVisitor

PAGES = {"progress": "/", "measure": "/measures/1-4-1", "glossary": "/glossary", "chat": "/chat"}


def wait(browser, condition, seconds: float = 10):
    """Wait for a condition in the page."""
    return WebDriverWait(browser, seconds).until(condition)


def test_the_progress_page_shows_a_report_posted_a_moment_before(live, browser, screenshot):
    services = services_of(live)
    with closing(services.db()) as db:
        leaders.add(db, services.kb, "U0BROWSER1", "総務部", True, "test")
        progress.record(db, services.kb, progress.parse("1-3 実施中 40% 新しいデータセットを公開"), "U0BROWSER1", "command")
    browser.get(live.base_url + "/")
    row = browser.find_element(By.XPATH, "//tr[th/a[contains(., '1-3 公共データのオープンデータ化の推進')]]")
    assert "実施中" in row.text and "40%" in row.text and datetime.date.today().isoformat() in row.text
    assert browser.find_element(By.CSS_SELECTOR, "svg.timeline line.today")
    counts = browser.find_element(By.XPATH, "//table[caption[contains(., '状況別の施策数')]]")
    assert "実施中" in counts.text
    screenshot("progress")


def test_the_measure_page_has_its_history(live, browser, screenshot):
    browser.get(live.base_url + "/measures/1-3")
    assert "新しいデータセットを公開" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(live.base_url + PAGES["measure"])
    assert "公共施設へのWi-Fiの整備" in browser.page_source
    screenshot("measure")


def test_the_glossary_lists_every_term(live, browser, screenshot):
    browser.get(live.base_url + "/glossary")
    assert len(browser.find_elements(By.CSS_SELECTOR, "dl.glossary dt")) == 29
    screenshot("glossary")


def test_the_chat_answers_and_its_candidates_work_by_keyboard_alone(live, browser, screenshot):
    browser.get(live.base_url + "/chat")
    field = browser.find_element(By.ID, "q")
    field.send_keys("オープンデータって何？", Keys.ENTER)
    wait(browser, lambda b: "国や地方公共団体" in b.find_element(By.ID, "log").text)
    browser.switch_to.active_element.send_keys("データ", Keys.ENTER)
    wait(browser, lambda b: "もしかして" in b.find_element(By.ID, "log").text)
    focused = browser.switch_to.active_element
    assert focused.tag_name == "button" and "choice" in focused.get_attribute("class")
    label = focused.text
    focused.send_keys(Keys.ENTER)
    wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, ".msg.bot")) >= 3)
    last = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
    assert label[:6] in last or "【" in last
    screenshot("chat")


def test_the_chat_works_without_javascript(live):
    page = ChatVisitor(live).submit({"q": "BCPとは"}).get_data(as_text=True)
    assert "業務継続計画" in page and 'lang="ja"' in page


AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")  # axe-core 4.x as shipped on PyPI


def axe_run(browser) -> dict:
    """Inject axe-core and run its WCAG 2.0/2.1 A and AA rules on the page."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    results = browser.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        f"axe.run(document, {options}).then(done).catch(function (e) {{ done({{error: String(e)}}); }});")
    assert "error" not in results, results
    return results


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_accessibility_violations(live, browser, name):
    browser.get(live.base_url + PAGES[name])
    results = axe_run(browser)
    assert results["passes"]
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
