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
from handlers import clock, leaders, progress
from tests.bot.web_helpers import ChatVisitor

PAGES = {"progress": "/", "measure": "/measures/1-1-1", "glossary": "/glossary", "chat": "/chat"}


def wait(browser, condition, seconds: float = 10):
    """Wait for a condition in the page."""
    return WebDriverWait(browser, seconds).until(condition)


@pytest.fixture(scope="module")
def reported(live):
    """Two standing reports, one withdrawn test report and one correction, posted before the pages are read."""
    services = services_of(live)
    with closing(services.db()) as db:
        leaders.add(db, services.kb, "U0BROWSER1", "総務部", True, "test")
        progress.record(db, services.kb, progress.parse("1-3 実施中 40% 新しいデータセット（人口、施設）を公開"),
                        "U0BROWSER1", "command")
        progress.record(db, services.kb, progress.parse("1-1-1 実施中 60% 電子申請を追加"), "U0BROWSER1", "form")
        progress.correct(db, services.kb, progress.parse("1-1-1 実施中 65% 電子申請を3手続き追加、残りは来年度"),
                         "U0BROWSER1", "message")
        progress.record(db, services.kb, progress.parse("2-1-1 完了 100% 動作確認のテスト投稿"), "U0BROWSER1", "command")
        progress.withdraw(db, services.kb, "2-1-1", "U0BROWSER1", "command")
    return live


SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
NARROWEST_CELL = """
return Array.from(document.querySelectorAll('th, td'))
  .filter(c => c.offsetParent !== null && c.getBoundingClientRect().width > 1)  // a header hidden for screen readers only
  .map(c => [c.getBoundingClientRect().width / parseFloat(getComputedStyle(c).fontSize), c.textContent.trim()])
  .filter(([characters]) => characters < 3);
"""

SPILLING = """
return Array.from(document.querySelectorAll('th, td')).filter(c => c.offsetParent !== null && c.clientWidth > 1)
  .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.trim());
"""


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_fits_the_screen_and_speaks_to_citizens(reported, browser, screenshot, name, size):
    browser.set_window_size(*SIZES[size])
    browser.get(reported.base_url + PAGES[name])
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert browser.execute_script(NARROWEST_CELL) == []
    assert browser.execute_script(SPILLING) == []
    text = browser.find_element(By.TAG_NAME, "body").text
    for staff_word in ("要更新", "スラッシュコマンド", "節目以降", "テスト投稿", "取り下げ"):
        assert staff_word not in text
    assert "お問い合わせ" in text and "019-651-4111" in text
    if name in ("progress", "measure"):
        assert "計画期間は2022年度で終了しました" in text and "盛岡市デジタル化によるまちづくり推進戦略" in text
    results = axe_run(browser)
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    if name != "chat":  # test_chat_page.py saves the chat in the middle of a conversation
        screenshot(f"{name}-{size}")


def test_the_progress_page_shows_reports_as_written(reported, browser):
    browser.set_window_size(*SIZES["desktop"])
    browser.get(reported.base_url + "/")
    row = browser.find_element(By.XPATH, "//tr[th/a[contains(., '1-3 公共データのオープンデータ化の推進')]]")
    today = clock.today()  # the reports are dated in Asia/Tokyo, whatever the machine's zone
    assert "実施中" in row.text and "40%" in row.text and f"{today.year}年{today.month}月{today.day}日" in row.text
    assert "20の施策のうち、実施中2・報告なし18です" in browser.find_element(By.CLASS_NAME, "summary").text
    browser.get(reported.base_url + "/measures/1-3")
    assert "新しいデータセット（人口、施設）を公開" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(reported.base_url + "/measures/1-1-1")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "電子申請を3手続き追加、残りは来年度" in main and "60%" not in main


def test_on_a_phone_the_timeline_is_a_list_of_steps(reported, browser):
    browser.set_window_size(*SIZES["phone"])
    browser.get(reported.base_url + "/")
    assert not browser.find_element(By.CSS_SELECTOR, "svg.timeline").is_displayed()
    steps = browser.find_elements(By.CSS_SELECTOR, "ol.steps li")
    assert len(steps) > 20 and all(step.is_displayed() for step in steps[:5])
    labels = browser.find_elements(By.CSS_SELECTOR, "table.measures tbody td[data-label='状況']")
    assert all(label.size["width"] > 200 for label in labels)  # stacked rows, not one character per line
    browser.set_window_size(*SIZES["desktop"])
    assert browser.find_element(By.CSS_SELECTOR, "svg.timeline").is_displayed()
    assert browser.find_element(By.CLASS_NAME, "scroll-hint").is_displayed()


@pytest.mark.parametrize("name", ["progress", "measure", "glossary"])
def test_printed_pages_are_not_cut_off(reported, browser, name):
    browser.set_window_size(760, 1000)  # an A4 page's printable width at 96 dpi
    browser.get(reported.base_url + PAGES[name])
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        hidden = browser.execute_script("return Array.from(document.querySelectorAll('main *')).filter(e => "
                                        "['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX) "
                                        "&& e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1).length")  # not the 1-px hidden captions
        assert hidden == 0 and browser.execute_script(SPILLING) == []
        assert not browser.find_element(By.CSS_SELECTOR, "header.site nav").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.mark.parametrize("day", [datetime.date(2019, 4, 2), datetime.date(2021, 3, 31), datetime.date(2023, 3, 30)])
def test_today_on_the_timeline_never_overlaps_a_label(live, browser, day):
    browser.set_window_size(*SIZES["desktop"])
    with clock.frozen(datetime.datetime.combine(day, datetime.time(12), clock.TOKYO)):
        browser.get(live.base_url + "/")
    boxes = browser.execute_script(
        "var box = function (e) { var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };"
        "var today = document.querySelector('svg.timeline text.today-label');"
        "return [today ? box(today) : null,"
        " Array.from(document.querySelectorAll('svg.timeline text:not(.today-label)')).map(box)];")
    today, labels = boxes
    assert today is not None
    assert not [b for b in labels if b[0] < today[2] and today[0] < b[2] and b[1] < today[3] and today[1] < b[3]]
    assert browser.find_element(By.CSS_SELECTOR, "svg.timeline").is_displayed()


def test_the_glossary_lists_every_term(live, browser):
    browser.get(live.base_url + "/glossary")
    assert len(browser.find_elements(By.CSS_SELECTOR, "dl.glossary dt")) == 29


def test_the_chat_answers_and_its_candidates_work_by_keyboard_alone(live, browser):
    browser.set_window_size(*SIZES["desktop"])
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
