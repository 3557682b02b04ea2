"""Every payload the bot draws stays inside LINE's and Slack's documented limits, whatever the text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linebot.v3.messaging import ApiException, TextMessage
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.line.render import messages_for
from bot.line.sender import api_for
from bot.slack.blocks import notice_message, reminder_blocks, reply_blocks, reply_text
from handlers import Card, Choice, Reply
from tests.fakes.limits import line_violations, slack_violations
from tests.fakes.line_api import fake_line
from tests.fakes.slack_api import fake_slack

PIECES = st.sampled_from(["あ", "🍎", "👨‍👩‍👧", "🇯🇵", "<!channel>", "&", "<", ">", "*", "`", "\n", "R&D", "é", "\u3099",
                          "施策1-1-1", " ", "&lt;"])
TEXTS = st.lists(PIECES, max_size=3000).map("".join)
QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def line_body(reply: Reply) -> dict:
    """A reply as the JSON body LINE receives."""
    return {"replyToken": "t", "messages": [message.to_dict() for message in messages_for(reply)]}


@QUICK
@given(text=TEXTS, label=TEXTS, command=TEXTS)
def test_any_reply_fits_line(text, label, command):
    card = Card("measure", "1-1-1", label[:300], "施策 1-1-1", text, (("実施部門", text),), "p.3", (text[:500],))
    for reply in (Reply(text, choices=[Choice(label, command)] * 15), Reply(text, card=card)):
        assert line_violations(line_body(reply)) == []


@QUICK
@given(text=TEXTS, markup=st.booleans())
def test_any_reply_and_notice_fits_slack(text, markup):
    reply = Reply(text, choices=[Choice(text[:80] or "x", text)] * 12, markup=markup)
    assert slack_violations({"text": reply_text(reply), "blocks": reply_blocks(reply)}) == []
    drawn = [(text, reminder_blocks(text, "1-1-1"))] * 3
    fallback, blocks = notice_message(drawn)
    assert slack_violations({"text": fallback, "blocks": blocks}) == []


def test_the_strict_fake_line_refuses_what_line_refuses():
    with pytest.raises(AssertionError), fake_line() as line:
        with pytest.raises(ApiException) as refused:
            api_for(line.url, "token").push_message({"to": "U1", "messages": [TextMessage(text="🍎" * 2501)]})
        assert refused.value.status == 400


def test_the_strict_fake_slack_refuses_what_slack_refuses():
    with pytest.raises(AssertionError), fake_slack() as slack:
        client = WebClient(token="xoxb-test", base_url=f"{slack.url}/api/")
        with pytest.raises(SlackApiError) as refused:
            client.chat_postMessage(channel="C1", text="x", blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}])
        assert refused.value.response["error"] == "invalid_blocks"


def test_slack_text_is_split_and_cut_between_graphemes_and_never_inside_an_entity():
    from bot.platform_limits import SLACK_SECTION, fit_slack, slack_pieces
    from handlers.wording import escape_markup

    text = escape_markup("<" * 4000 + " R&D " + "👨‍👩‍👧" * 500)
    pieces = slack_pieces(text)
    assert "".join(pieces) == text
    assert all(len(piece) <= SLACK_SECTION and not piece.endswith(("&", "&l", "&lt")) for piece in pieces)
    cut = fit_slack(text, 101)
    assert len(cut) <= 101 and cut.endswith("…") and cut[:-1].endswith("&lt;")
