"""Property-based tests: random bodies, headers and texts never make a 500 or a crash."""

import itertools
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import create_app
from handlers import Incoming, dispatch, progress
from knowledge.normalize import Question
from tests.bot.line_helpers import SECRET, TOKEN, sign
from tests.bot.slack_helpers import SIGNING_SECRET, signature
from tests.bot.slack_helpers import TOKEN as SLACK_TOKEN
from tests.fakes.line_api import fake_line
from tests.fakes.slack_api import fake_slack
from tests.bot.web_helpers import ChatVisitor

HEADER = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ADDRESSES = itertools.count()
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                    max_leaves=12)
EVENTISH = st.fixed_dictionaries({"events": st.lists(st.dictionaries(
    st.sampled_from(["type", "source", "message", "replyToken", "webhookEventId", "postback", "mode"]),
    JSON | st.sampled_from(["message", "postback", "follow", "unfollow", "join"]), max_size=6), max_size=3)})


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app with LINE and Slack on, against fakes."""
    with fake_line() as line, fake_slack() as slack:
        yield create_app({
            "TESTING": True, "DATABASE_PATH": str(tmp_path_factory.mktemp("props") / "bot.sqlite3"),
            "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": line.url,
            "SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{slack.url}/api/",
        })


@QUICK
@given(body=st.binary(max_size=300), signature_value=HEADER)
def test_line_junk_is_never_a_500(app, body, signature_value):
    response = app.test_client().post("/callback", data=body, headers={"X-Line-Signature": signature_value})
    assert response.status_code in (400, 413)


@QUICK
@given(payload=EVENTISH)
def test_line_signed_random_events_are_never_a_500(app, payload):
    body = json.dumps(payload).encode()
    response = app.test_client().post("/callback", data=body, headers={"X-Line-Signature": sign(body)})
    assert response.status_code == 200
    app.extensions["line_worker"].drain()


@QUICK
@given(body=st.binary(max_size=300), timestamp=HEADER, content_type=st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "text/plain", ""]))
def test_slack_junk_is_never_a_500(app, body, timestamp, content_type):
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64}
    response = app.test_client().post("/slack/events", data=body, headers=headers, content_type=content_type)
    assert 400 <= response.status_code < 500


@QUICK
@given(payload=JSON)
def test_slack_signed_random_json_is_never_a_500(app, payload):
    body = json.dumps(payload).encode()
    timestamp = str(int(time.time()))
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature(body, timestamp)}
    response = app.test_client().post("/slack/events", data=body, headers=headers, content_type="application/json")
    assert response.status_code < 500
    app.extensions["slack_pool"].drain()


@QUICK
@given(text=st.text(max_size=200))
def test_any_message_gets_a_reply(context, text):
    reply = dispatch(Incoming("cli", "u", text), context)
    assert isinstance(reply.text, str) and reply.text


@QUICK
@given(text=st.text(max_size=120))
def test_report_parsing_either_reads_or_says_why(text):
    try:
        draft = progress.parse(text)
    except progress.ReportError as error:
        assert str(error)
    else:
        assert draft.status in progress.STATUSES and (draft.percent is None or 0 <= draft.percent <= 100)


@QUICK
@given(text=st.text(max_size=200))
def test_normalisation_never_fails(text):
    question = Question.of(text)
    assert isinstance(question.core, str)


@QUICK
@given(text=st.text(max_size=100))
def test_chat_api_is_never_a_500(app, text):
    address = f"198.51.{next(ADDRESSES) % 250}.1"  # each example from its own network, below the rate limits
    response = ChatVisitor(app, address).ask({"q": text})
    assert response.status_code in (200, 400)
