"""The lean serialiser sends exactly the JSON the SDK's own would, for every kind of message the bot builds."""

import datetime

from linebot.v3.messaging import (
    ApiClient, Configuration, MulticastRequest, PushMessageRequest, ReplyMessageRequest, TextMessage,
)

from bot.line import greeting, render
from bot.line.lean_client import LeanApiClient, plain
from handlers import Incoming, dispatch
from handlers.messages import Choice
from tests.conftest import reported

QUESTIONS = ["オープンデータとは", "わいふぁい使えるとこある？", "1-1-1の進捗", "What is RPA?", "こんにちは", "ヘルプ",
             "住民票を取りたい", "上下水道局も入ってる？ウェブアクセシビリティ", "電子申請", "指針の期間", "フォロー中",
             "施策一覧", "進捗一覧", "よくある質問", "재해가 나면?", "データ", "🙂" * 20]


def sdk_json(body):
    """What the SDK's own ApiClient would send for a body."""
    return ApiClient(Configuration(access_token="token")).sanitize_for_serialization(body)


def test_every_answer_serialises_as_the_sdk_would(context):
    """Answers with cards, buttons, quick replies, declines and progress: the same JSON, key for key."""
    reported(context.db, "1-1-1", "実施中", 40, "電子申請の対象を拡大（第1段階）", "2021-05-31")
    for question in QUESTIONS:
        messages = render.messages_for(dispatch(Incoming("line", "U1", question), context), "https://example.jp")
        body = ReplyMessageRequest(reply_token="token", messages=messages)
        assert plain(body) == sdk_json(body), question


def test_every_message_the_bot_builds_passes_the_sdks_validation(context, kb):
    """render builds models without validating them: every kind it builds must pass the SDK's own validation
    unchanged (a card with and without a page link, text, long text, buttons, the greeting)."""
    reported(context.db, "1-1-1", "実施中", 40, "電子申請の対象を拡大（第1段階）", "2021-05-31")
    built = [*greeting.welcome(kb.guideline), *render.plain("あ" * 6000, [Choice("長い" * 30, "x" * 400)] * 20)]
    for question in QUESTIONS:
        reply = dispatch(Incoming("line", "U1", question), context)
        built += render.messages_for(reply, "https://example.jp") + render.messages_for(reply)
    for message in built:
        sent = plain(message)
        assert plain(type(message).from_dict(sent)) == sent
    request = ReplyMessageRequest(reply_token="token", messages=built[:5])
    assert plain(request) == sdk_json(request)


def test_greetings_pushes_and_multicasts_serialise_as_the_sdk_would(kb):
    """The Flex greeting, a push with quick replies, a multicast, and plain values as the SDK passes them."""
    bodies = [ReplyMessageRequest(reply_token="token", messages=greeting.welcome(kb.guideline)),
              PushMessageRequest(to="U1", messages=render.plain("お知らせ", [Choice("はい", "yes")])),
              MulticastRequest(to=["U1", "U2"], messages=[TextMessage(text="施策 1-3 の進捗が更新されました")]),
              {"Accept": "application/json"}, [("limit", 10)], datetime.date(2021, 6, 1), None, "text"]
    for body in bodies:
        assert plain(body) == sdk_json(body)


def test_the_client_is_the_sdks_own_with_the_lean_serialiser():
    """Everything else (auth headers, retries, the HTTP pool) is the SDK's."""
    client = LeanApiClient(Configuration(access_token="token"))
    assert isinstance(client, ApiClient)
    assert client.default_headers["Authorization"] == "Bearer token"
