"""Small talk gets a short friendly reply; off-topic questions one honest decline; odd input never breaks."""

import pytest

from handlers import Incoming, dispatch
from handlers.smalltalk import kind_of


def ask(context, text):
    """Dispatch a message as a citizen would send it."""
    return dispatch(Incoming(channel="cli", user="test", text=text), context)


@pytest.mark.parametrize("text, kind", [
    ("こんにちは", "greeting"), ("こんにちは！", "greeting"), ("お疲れ様です", "greeting"), ("hello!", "greeting"),
    ("안녕하세요", "greeting"), ("ありがとうございます😊", "thanks"), ("thanks a lot", "thanks"), ("谢谢", "thanks"),
    ("あなたは誰？", "who"), ("who are you?", "who"), ("ばいばーい", "bye"), ("👍", "emoji"),
    ("こんにちは。電子申請はいつから？", None), ("Hi, is there free wifi?", None), ("", None),
])
def test_small_talk_is_told_apart_from_questions(text, kind):
    assert kind_of(text) == kind


def test_a_greeting_gets_a_friendly_reply_with_starters(context):
    reply = ask(context, "こんにちは")
    assert reply.facet == "smalltalk" and not reply.answered and not reply.matches
    assert reply.text.startswith("こんにちは！") and len(reply.choices) >= 3


def test_thanks_in_english_is_answered_in_english(context):
    reply = ask(context, "thank you!")
    assert reply.lang == "en" and reply.text.startswith("You're welcome")


@pytest.mark.parametrize("text", ["明日の天気は？", "ごみの収集日を教えて", "仙台市のDX計画について"])
def test_off_topic_gets_one_honest_decline_without_a_menu(context, text):
    reply = ask(context, text)
    assert not reply.answered and reply.facet == "decline"
    assert "総務部情報企画課" in reply.text and context.inquiry_url in reply.text
    assert [choice.command for choice in reply.choices] == ["help"]


@pytest.mark.parametrize("text", ["", "   ", "あ" * 10000, "🍎🍎🍎", "😀" * 3000, "Wi-Fi 무료 免费 ワイファイ?",
                                  "\u200b\u200b", "1-1-1" * 2000, "<script>alert(1)</script>"])
def test_odd_input_gets_a_reply_not_an_exception(context, text):
    reply = ask(context, text)
    assert reply.text and reply.lang in ("ja", "en", "zh", "ko")


def test_a_near_domain_question_offers_only_the_related_measure_and_where_to_ask(context):
    reply = ask(context, "住民票を取りたい")
    assert not reply.answered
    if reply.facet == "candidates":
        assert [choice.command for choice in reply.choices][:1] == ["show measure 1-1-2"]
        assert len(reply.choices) <= 2
    assert context.inquiry_url in reply.text
