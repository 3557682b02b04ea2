"""The web chat in headless Chromium on a phone and a desktop: starters, links, feedback, layout, English."""

import dataclasses

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from bot import services_of
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_pages import axe_run

PHONE, DESKTOP = (390, 844), (1280, 900)
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def wait(browser, condition, seconds: float = 10):
    """Wait for a condition in the page."""
    return WebDriverWait(browser, seconds).until(condition)


def open_chat(live, browser, size, path="/chat"):
    """Open the chat at a window size."""
    browser.set_window_size(*size)
    browser.get(live.base_url + path)
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")


def press(browser, button):
    """Press a button and return the bot's reply it brings."""
    before = len(browser.find_elements(By.CSS_SELECTOR, ".msg.bot"))
    button.click()
    wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, ".msg.bot")) > before)
    return browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]


def in_sight(browser, element) -> bool:
    """Tell whether an element lies inside the viewport and is what a tap on its middle reaches."""
    return browser.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "var top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        "return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth"
        "  && (top === arguments[0] || arguments[0].contains(top));", element)


def no_sideways_scroll(browser) -> bool:
    """Tell whether the document is no wider than the window."""
    return browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def serious_violations(browser) -> list:
    """The serious and critical WCAG 2.1 AA violations axe-core finds in the page as it is now."""
    return [(v["id"], len(v["nodes"])) for v in axe_run(browser)["violations"] if v["impact"] in ("serious", "critical")]


def save(browser, name: str) -> None:
    """Save what the window shows under test-artifacts/screenshots/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


@pytest.fixture(scope="module")
def line_account(live):
    """The live app with the city's LINE official account set."""
    services = services_of(live)
    services.settings = dataclasses.replace(services.settings, LINE_ACCOUNT_ID="@123abcde")
    return "https://line.me/R/ti/p/%40123abcde"


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_starter_answers_and_links_to_the_measure_page(live, browser, size):
    open_chat(live, browser, SIZES[size])
    greeting = browser.find_element(By.CSS_SELECTOR, ".msg.greeting")
    assert greeting.is_displayed() and "こんにちは" in greeting.text
    starters = greeting.find_elements(By.CSS_SELECTOR, "button.choice")
    assert 4 <= len(starters) <= 6 and all(s.is_displayed() for s in starters)
    assert no_sideways_scroll(browser)
    wifi = next(s for s in starters if "Wi-Fi" in s.text)
    answer = press(browser, wifi)
    assert "【施策 1-4-1】" in answer.text and no_sideways_scroll(browser)
    bubble = browser.execute_script("var s = getComputedStyle(arguments[0]);"
                                    "return [s.backgroundColor, getComputedStyle(arguments[0].querySelector('.text'))"
                                    ".fontWeight];", answer)
    assert bubble == ["rgb(241, 243, 244)", "400"]  # the bot's panel, in plain type like the greeting
    link = answer.find_element(By.CSS_SELECTOR, ".source-link a")
    assert link.text == "施策 1-4-1 のページを開く"
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'})", link)  # a long answer: read down to it
    link.click()
    wait(browser, lambda b: b.current_url.endswith("/measures/1-4-1"))
    assert "Wi-Fiエリアの拡大" in browser.find_element(By.TAG_NAME, "h1").text


@pytest.mark.parametrize("size", sorted(SIZES))
def test_after_a_candidate_the_feedback_buttons_are_there_and_in_reach(live, browser, size):
    open_chat(live, browser, SIZES[size])
    browser.find_element(By.ID, "q").send_keys("データ", Keys.ENTER)
    wait(browser, lambda b: "もしかして" in b.find_element(By.ID, "log").text)
    offered = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].find_elements(By.CSS_SELECTOR, "button")
    assert offered and all(in_sight(browser, button) for button in offered)  # the chat scrolled them into view
    answer = press(browser, offered[0])
    buttons = answer.find_elements(By.CSS_SELECTOR, ".choices button")
    assert [b.text for b in buttons[-2:]] == ["役に立った", "役に立たなかった"]
    log = browser.find_element(By.ID, "log")
    assert (log.value_of_css_property("overflow-y") == "visible"
            or browser.execute_script("return arguments[0].scrollHeight === arguments[0].clientHeight", log))
    for button in buttons:
        browser.execute_script("arguments[0].scrollIntoView({block: 'end'})", button)
        assert in_sight(browser, button), button.text  # not under the sticky question field
    assert no_sideways_scroll(browser)
    save(browser, f"chat-{size}")
    feedback = press(browser, buttons[-2])
    assert "ありがとうございます" in feedback.text


def test_following_shows_the_add_friend_link_and_on_a_computer_its_qr_code(live, browser, line_account):
    open_chat(live, browser, DESKTOP)
    browser.find_element(By.ID, "q").send_keys("1-3 をフォロー", Keys.ENTER)
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".msg.bot .follow"))
    block = browser.find_element(By.CSS_SELECTOR, ".msg.bot .follow")
    assert block.find_element(By.CSS_SELECTOR, "a").get_attribute("href") == line_account
    qr = block.find_element(By.CSS_SELECTOR, ".qr svg")
    assert qr.is_displayed() and qr.size["width"] >= 100
    assert serious_violations(browser) == []
    browser.set_window_size(*PHONE)
    assert block.find_element(By.CSS_SELECTOR, "a").is_displayed() and no_sideways_scroll(browser)


def test_the_english_page_asks_and_answers_in_english(live, browser):
    open_chat(live, browser, PHONE)
    browser.find_element(By.LINK_TEXT, "English").click()
    wait(browser, lambda b: b.current_url.endswith("/chat?lang=en"))
    chat = browser.find_element(By.CSS_SELECTOR, ".chat")
    assert chat.get_attribute("lang") == "en" and "Hello!" in chat.text and "こんにちは" not in chat.text
    assert browser.find_element(By.ID, "q").get_attribute("placeholder") == "Type your question"
    assert browser.find_element(By.LINK_TEXT, "English").get_attribute("aria-current") == "true"
    assert no_sideways_scroll(browser)
    save(browser, "chat-english-phone")
    starter = next(s for s in chat.find_elements(By.CSS_SELECTOR, ".starters button") if "Wi-Fi" in s.text)
    answer = press(browser, starter)
    assert "[Measure 1-4-1]" in answer.text
    assert "measure 1-4-1" in answer.find_element(By.CSS_SELECTOR, ".source-link a").text
    assert answer.find_element(By.CSS_SELECTOR, ".choices").text.endswith("Not helpful")
    assert serious_violations(browser) == []


def test_without_javascript_a_starter_opens_the_page_at_its_answer(live, browser):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_chat(live, browser, PHONE)
        starter = next(s for s in browser.find_elements(By.CSS_SELECTOR, ".starters button") if "Wi-Fi" in s.text)
        starter.click()
        wait(browser, lambda b: b.current_url.endswith("/chat#reply"))
        reply = browser.find_element(By.ID, "reply")
        assert "【施策 1-4-1】" in reply.text and in_sight(browser, reply.find_element(By.CSS_SELECTOR, ".who"))
        assert reply.find_element(By.CSS_SELECTOR, ".source-link a").get_attribute("href").endswith("/measures/1-4-1")
        assert no_sideways_scroll(browser)
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
