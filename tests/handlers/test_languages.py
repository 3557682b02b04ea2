"""Replies in the asker's language: English from the translated knowledge; Chinese and Korean understood."""

import pytest

from handlers import Incoming, dispatch


def ask(context, text="", postback=""):
    """Dispatch a message as a citizen would send it."""
    return dispatch(Incoming(channel="cli", user="test", text=text, postback=postback), context)


def test_an_english_question_gets_an_english_answer_with_the_japanese_title(context):
    reply = ask(context, "Is there free Wi-Fi in the city?")
    assert reply.answered and reply.lang == "en"
    assert reply.matches[0].id == "1-4-1"
    assert "[Measure 1-4-1] Expanding Wi-Fi areas (Wi-Fiエリアの拡大)" in reply.text
    assert "Unofficial English translation" in reply.text
    assert all(choice.label.isascii() for choice in reply.choices)


def test_english_who_names_the_departments_in_english(context):
    reply = ask(context, "Which departments are responsible for open data?")
    assert reply.facet == "who"
    assert "General Affairs Department" in reply.text.splitlines()[0]


def test_english_yes_no(context):
    reply = ask(context, "Is the Board of Education involved in expanding Wi-Fi areas?")
    assert reply.text.startswith("Yes. The Board of Education")


def test_an_english_term_answer_is_its_translated_definition(context, kb):
    reply = ask(context, "What is open data?")
    english = kb.translations.of("en", "term", "オープンデータ")
    assert reply.text.splitlines()[0] == f"{english['headword']}: {english['definition']}"


def test_english_candidates_decline_and_buttons_stay_english(context):
    unsure = ask(context, "plan")
    assert unsure.lang == "en" and not unsure.answered
    assert unsure.text.startswith(("If you mean", "Did you mean", "Sorry"))
    declined = ask(context, "What time does the supermarket open?")
    assert declined.lang == "en" and declined.facet == "decline"
    assert "Information Planning Division" in declined.text and context.inquiry_url in declined.text


def test_an_english_button_shows_the_entry_in_english(context):
    reply = ask(context, postback="show measure 1-3 en")
    assert reply.lang == "en" and "[Measure 1-3]" in reply.text


@pytest.mark.parametrize("text, language, number", [
    ("盛冈市内哪里有免费WiFi？", "zh", "1-4-1"),
    ("무료 와이파이 쓸 수 있는 곳 있어요?", "ko", "1-4-1"),
])
def test_chinese_and_korean_get_a_line_in_their_language_and_the_english_answer(context, text, language, number):
    reply = ask(context, text)
    assert reply.lang == language and reply.matches[0].id == number
    first, second = reply.text.splitlines()[:2]
    assert ("英文" in first) if language == "zh" else ("영어" in first)
    assert second.isascii() or "1-4-1" in second  # the English answer, or the English menu


@pytest.mark.parametrize("text, facet, kind", [
    ("“数字鸿沟”是什么意思？", "definition", "term"),  # 什么 is read as 什麼, as the search reads Chinese
    ("电子申请什么时候开始？", "when", "measure"),
    ("开放数据由哪个部门负责？", "who", "measure"),
])
def test_chinese_asking_words_are_understood_in_the_form_the_search_reads(context, text, facet, kind):
    reply = ask(context, text)
    assert reply.lang == "zh" and reply.facet == facet and reply.matches[0].kind == kind


def test_romaji_is_read_as_japanese(context):
    reply = ask(context, "maina nanba kaado tte nani")
    assert reply.lang == "ja"
    assert reply.matches[0].id in ("マイナンバーカード", "1-1-2")


def test_a_later_japanese_question_returns_to_japanese(context):
    assert ask(context, "What is cloud computing?").lang == "en"
    reply = ask(context, "クラウドとは")
    assert reply.lang == "ja" and reply.text.startswith("クラウド：")


def test_help_typed_in_english_is_english_and_generated_from_the_routes(context):
    reply = ask(context, "help")
    assert reply.lang == "en" and "schedule 2021: the steps planned for a fiscal year" in reply.text
    assert ask(context, postback="help").text.startswith("盛岡市ICT利活用推進指針")
    assert ask(context, postback="help en").lang == "en"
