"""The LINE webhook with the real MessagingApi against a fake LINE API on 127.0.0.1."""

import datetime
import json
import threading

import pytest

from bot import create_app, services_of
from handlers import clock
from tests.bot.line_helpers import (
    TOKEN, SECRET, LineHarness, body_of, event, postback_event, sign, text_event,
)
from tests.fakes.line_api import PUSH, REPLY, delivered, fake_line


@pytest.fixture
def line(tmp_path):
    """The app with LINE switched on, talking to a fresh fake."""
    with fake_line() as fake:
        app = create_app({
            "TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
            "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": fake.url,
        })
        yield LineHarness(app, fake)


def only_reply(line) -> dict:
    """The single reply the fake received."""
    replies = delivered(line.fake, REPLY)
    assert len(replies) == 1, replies
    return replies[0]


def test_verify_request_gets_200_and_sends_nothing(line):
    response = line.post(body_of())
    assert response.status_code == 200
    assert line.fake.requests == []


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl", sign(b"other body")])
def test_a_bad_or_missing_signature_gets_400_and_changes_nothing(line, signature):
    response = line.post(body_of(text_event("オープンデータとは")), signature=signature)
    assert response.status_code == 400
    assert line.fake.requests == []
    assert line.db()["line_events"].count == 0


@pytest.mark.parametrize("body", [b"{not json", b'{"events": "nope"}', b"[]", b'"events"', b"\xff\xfe"])
def test_malformed_bodies_get_400_not_500(line, body):
    response = line.post(body)
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_an_oversized_body_gets_413(line):
    response = line.post(b"x" * (1024 * 1024 + 1), signature="irrelevant")
    assert response.status_code == 413


def test_a_question_is_answered_by_reply_with_quick_replies(line):
    response = line.post(body_of(text_event("LGWANって何の略？")))
    assert response.status_code == 200
    reply = only_reply(line)
    message = reply["messages"][0]
    assert reply["replyToken"].startswith("reply-token-")
    assert message["type"] == "text" and "総合行政ネットワーク" in message["text"]
    assert line.fake.received(REPLY)[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_a_measure_is_a_flex_bubble_with_alt_text_and_follow_button(line):
    line.post(body_of(text_event("Wi-Fiエリアの拡大")))
    message = only_reply(line)["messages"][0]
    assert message["type"] == "flex"
    assert message["altText"].startswith("施策 1-4-1 Wi-Fiエリアの拡大")
    flat = json.dumps(message["contents"], ensure_ascii=False)
    assert "総務部・市民部・商工観光部・教育委員会など" in flat and "出典" in flat
    items = message["quickReply"]["items"]
    assert len(items) <= 13
    assert {"type": "postback", "label": "この施策をフォロー", "data": "gb:follow 1-4-1",
            "displayText": "この施策をフォロー"} in [item["action"] for item in items]


def test_candidates_are_quick_replies_whose_postbacks_work(line):
    line.post(body_of(text_event("データ")))
    message = only_reply(line)["messages"][0]
    assert message["text"].startswith("もしかして")
    actions = [item["action"] for item in message["quickReply"]["items"]]
    assert 2 <= len(actions) <= 5
    assert all(len(action["label"]) <= 20 for action in actions)
    line.post(body_of(postback_event(actions[0]["data"])))
    second = delivered(line.fake, REPLY)[1]["messages"][0]
    assert "もしかして" not in json.dumps(second, ensure_ascii=False)


def test_following_a_measure_is_stored_listed_and_removed(line):
    line.post(body_of(postback_event("follow 1-4-1")))
    assert "フォローしました" in only_reply(line)["messages"][0]["text"]
    line.post(body_of(text_event("1-3 をフォロー")))
    assert line.db()["subscriptions"].count == 2
    line.post(body_of(text_event("フォロー一覧")))
    listing = delivered(line.fake, REPLY)[-1]["messages"][0]["text"]
    assert "1-4-1 Wi-Fiエリアの拡大" in listing and "1-3 公共データ" in listing
    line.post(body_of(text_event("フォロー解除 1-3")))
    assert [row["measure"] for row in line.db()["subscriptions"].rows] == ["1-4-1"]


def test_following_an_unknown_measure_says_so_and_stores_nothing(line):
    line.post(body_of(text_event("9-9 をフォロー")))
    assert "ありません" in only_reply(line)["messages"][0]["text"]
    assert line.db()["subscriptions"].count == 0


def test_a_follow_event_gets_a_flex_greeting_with_example_questions_and_quick_replies(line):
    line.post(body_of(event("follow", follow={"isUnblocked": False})))
    messages = only_reply(line)["messages"]
    assert len(messages) == 1 and messages[0]["type"] == "flex"
    assert messages[0]["altText"].startswith("友だち追加ありがとうございます")
    bubble = messages[0]["contents"]
    assert "盛岡市ICT利活用推進指針" in json.dumps(bubble["body"], ensure_ascii=False)
    buttons = [c["action"] for c in bubble["footer"]["contents"] if c["type"] == "button"]
    quick = [item["action"]["label"] for item in messages[0]["quickReply"]["items"]]
    assert 3 <= len(buttons) <= 4 and {"施策の一覧", "使い方", "English"} <= set(quick)
    assert {b["label"] for b in buttons} <= set(quick)


def test_each_question_in_the_greeting_gets_an_answer(line):
    line.post(body_of(event("follow", follow={"isUnblocked": False})))
    buttons = [c["action"] for c in only_reply(line)["messages"][0]["contents"]["footer"]["contents"]]
    for button in buttons:
        line.post(body_of(postback_event(button["data"])))
    answers = [json.dumps(reply["messages"][0], ensure_ascii=False) for reply in delivered(line.fake, REPLY)[1:]]
    assert len(answers) == len(buttons) and not any("お答えできません" in answer for answer in answers)
    assert line.db()["inbox_questions"].count == 0


def test_help_shows_what_the_bot_can_do(line):
    line.post(body_of(text_event("ヘルプ")))
    assert "使い方を表示します" in only_reply(line)["messages"][0]["text"]


def test_an_unfollow_deletes_everything_about_the_user(line):
    user = "U00000000000000000000000000000ff"
    line.post(body_of(text_event("1-3 をフォロー", user=user)))
    line.post(body_of(text_event("オープンデータとは", user=user)))
    line.post(body_of(text_event("1-3 をフォロー", user="U00000000000000000000000000000aa")))
    line.post(body_of(event("unfollow", user=user)))
    db = line.db()
    assert db["subscriptions"].count == 1
    assert [row["line_user_id"] for row in db["line_users"].rows] == ["U00000000000000000000000000000aa"]
    assert all(user not in json.dumps(row) for row in db["line_events"].rows)


@pytest.mark.parametrize("message", [
    {"type": "sticker", "packageId": "446", "stickerId": "1988", "stickerResourceType": "STATIC", "quoteToken": "q"},
    {"type": "image", "contentProvider": {"type": "line"}, "quoteToken": "q"},
    {"type": "location", "latitude": 39.7, "longitude": 141.15, "address": "盛岡市"},
])
def test_non_text_messages_get_a_kind_redirection(line, message):
    line.post(body_of(event("message", message={"id": "42", **message})))
    assert "文字での質問" in only_reply(line)["messages"][0]["text"]


def test_a_redelivered_or_replayed_event_is_answered_once(line):
    first = text_event("オープンデータとは", event_id="01REDELIVERED0000000000001")
    line.post(body_of(first))
    line.post(body_of(dict(first, deliveryContext={"isRedelivery": True})))
    line.post(body_of(first))
    assert len(line.fake.received(REPLY)) == 1


def test_the_same_follow_postback_twice_in_one_body_stores_one_row(line):
    tap = postback_event("follow 2-1-1", event_id="01DOUBLETAP000000000000001")
    response = line.post(body_of(tap, tap))
    assert response.status_code == 200
    assert line.db()["subscriptions"].count == 1
    assert len(line.fake.received(REPLY)) == 1


def test_in_a_group_the_bot_answers_only_when_called(line):
    line.post(body_of(text_event("オープンデータとは", group="C0000000000000000000000000000001")))
    assert line.fake.requests == []
    line.post(body_of(text_event("ボット オープンデータとは", group="C0000000000000000000000000000001")))
    assert "オープンデータ" in only_reply(line)["messages"][0]["text"]


def test_in_a_group_a_mention_addresses_the_bot(line):
    message = {"id": "7", "type": "text", "text": "@指針bot RPAとは", "quoteToken": "q",
               "mention": {"mentionees": [{"index": 0, "length": 6, "type": "user", "isSelf": True}]}}
    line.post(body_of(event("message", group="C0000000000000000000000000000002", message=message)))
    assert "RPA" in only_reply(line)["messages"][0]["text"]


def test_unknown_event_types_are_accepted_and_ignored(line):
    response = line.post(body_of({"type": "somethingNew", "webhookEventId": "01NEW", "timestamp": 1}))
    assert response.status_code == 200
    assert line.fake.requests == []


def test_an_expired_reply_token_falls_back_to_a_push_with_a_retry_key(line):
    line.fake.then(REPLY, 400, {"message": "Invalid reply token"})
    line.post(body_of(text_event("RPAとは", user="U000000000000000000000000000000b")))
    pushes = line.fake.received(PUSH)
    assert len(pushes) == 1
    assert pushes[0].json()["to"] == "U000000000000000000000000000000b"
    assert "RPA" in pushes[0].json()["messages"][0]["text"]
    assert len(pushes[0].headers["X-Line-Retry-Key"]) == 36


def test_a_failing_push_is_retried_under_the_same_key_and_delivered_once(line):
    line.fake.then(REPLY, 400, {"message": "Invalid reply token"})
    line.fake.then(PUSH, 500, {"message": "error"})
    line.fake.then(PUSH, 429, {"message": "slow down"}, headers={"Retry-After": "0"})
    line.post(body_of(text_event("RPAとは")))
    pushes = line.fake.received(PUSH)
    assert [p.status for p in pushes] == [500, 429, 200]
    assert len({p.headers["X-Line-Retry-Key"] for p in pushes}) == 1
    assert len(delivered(line.fake, PUSH)) == 1


def test_handling_one_event_twice_pushes_once_thanks_to_its_retry_key(line):
    line.fake.then(REPLY, 400, {"message": "Invalid reply token"})
    line.fake.then(REPLY, 400, {"message": "Invalid reply token"})
    raw = text_event("AIとは")
    events = line.app.extensions["line_worker"].events
    db = line.db()
    events.handle(db, raw["webhookEventId"], raw)  # as if the process died before marking it done
    events.handle(db, raw["webhookEventId"], raw)
    assert [p.status for p in line.fake.received(PUSH)] == [200, 409]
    assert len(delivered(line.fake, PUSH)) == 1


def test_a_failed_event_is_kept_and_retried(line):
    for _ in range(3):
        line.fake.then(REPLY, 500, {"message": "down"})
        line.fake.then(PUSH, 500, {"message": "down"})
    for _ in range(2):
        line.fake.then(PUSH, 500, {"message": "down"})
    raw = text_event("RPAとは")
    line.post(body_of(raw))
    row = line.db()["line_events"].get(raw["webhookEventId"])
    assert row["status"] == "failed" and row["payload"]
    worker = line.app.extensions["line_worker"]
    assert worker.retry_waiting() == 0  # it waits before its next attempt
    with clock.frozen(clock.now() + datetime.timedelta(seconds=6)):
        assert worker.retry_waiting() == 1
        worker.drain()
    assert line.db()["line_events"].get(raw["webhookEventId"])["status"] == "done"
    assert len(delivered(line.fake, PUSH)) == 1


def test_the_webhook_does_not_wait_for_slow_sends(line):
    release = threading.Event()
    line.fake.then(REPLY, 200, {"sentMessages": []}, hold=release)
    response = line.client.post("/callback", data=(body := body_of(text_event("RPAとは"))),
                                headers={"X-Line-Signature": sign(body)})
    assert response.status_code == 200
    assert line.db()["line_events"].get(json.loads(body)["events"][0]["webhookEventId"])["status"] != "done"
    release.set()
    line.drain()
    assert len(line.fake.received(REPLY)) == 1


def test_line_is_switched_off_without_secrets(app):
    response = app.test_client().post("/callback", data=body_of())
    assert response.status_code == 503


def test_a_bubble_opens_with_the_answer_to_what_was_asked(line):
    line.post(body_of(text_event("Wi-Fiエリアの拡大の担当部署はどこ？")))
    message = only_reply(line)["messages"][0]
    assert message["type"] == "flex" and message["altText"].startswith("施策1-4-1「Wi-Fiエリアの拡大」を主に推進する実施部門は")
    first = message["contents"]["body"]["contents"][0]
    assert first["weight"] == "bold" and "総務部" in first["text"]


def test_an_english_question_on_line_gets_an_english_bubble_and_english_buttons(line):
    line.post(body_of(text_event("Is there free Wi-Fi in Morioka?")))
    message = only_reply(line)["messages"][0]
    assert message["type"] == "flex" and message["altText"].startswith("Measure 1-4-1")
    flat = json.dumps(message["contents"], ensure_ascii=False)
    assert "Expanding Wi-Fi areas" in flat and "Wi-Fiエリアの拡大" in flat
    labels = [item["action"]["label"] for item in message["quickReply"]["items"]]
    assert "Follow this measure" in labels and all(label.isascii() and len(label) <= 20 for label in labels)


def test_a_korean_question_on_line_is_understood(line):
    line.post(body_of(text_event("무료 와이파이 쓸 수 있는 곳 있어요?")))
    message = only_reply(line)["messages"][0]
    flat = json.dumps(message, ensure_ascii=False)
    assert "1-4-1" in flat and "영어" in flat


def test_a_chunked_body_over_the_limit_is_refused(line):
    from tests.bot.test_web import post_chunked

    assert post_chunked(line.app, "/callback", 4 * 1024 * 1024).status_code == 413
    assert line.fake.requests == []


def test_a_postback_the_bot_did_not_make_is_neither_answered_nor_sent_to_staff(line):
    raw = event("postback", postback={"data": "action=buy&itemid=111"})
    line.post(body_of(raw))
    assert line.fake.received(REPLY) == [] and line.fake.received(PUSH) == []
    assert services_of(line.app).db()["inbox_groups"].count == 0


def test_an_event_in_standby_mode_is_not_answered(line):
    raw = text_event("オープンデータとは")
    raw["mode"] = "standby"
    line.post(body_of(raw))
    assert line.fake.received(REPLY) == [] and line.fake.received(PUSH) == []


def test_after_unfollow_and_purge_no_table_holds_the_users_id_reference_or_words(line):
    from bot.line.events import user_reference

    user = "U00000000000000000000000000000ee"
    ref = user_reference(SECRET, user)
    words = ["山田花子と申します。市役所の駐車場は何台？", "はなこの家のゴミの日", "1-3 をフォロー"]
    for text in words:
        line.post(body_of(text_event(text, user=user)))
    feedback = [i["action"]["data"] for i in line.fake.received(REPLY)[-1].json()["messages"][0]
                .get("quickReply", {}).get("items", []) if "feedback no" in i["action"]["data"]]
    if feedback:
        line.post(body_of(postback_event(feedback[0], user=user)))
    line.post(body_of(event("unfollow", user=user)))
    assert line.app.test_cli_runner().invoke(args=["purge", "--days", "0"]).exit_code == 0
    db = line.db()
    tables = [name for (name,) in db.execute("select name from sqlite_master where type = 'table'")]
    found = {}
    for table in tables:
        dump = json.dumps([list(row) for row in db.execute(f"select * from [{table}]")], ensure_ascii=False)
        hits = [needle for needle in (user, ref, "山田花子", "はなこ") if needle in dump]
        if hits:
            found[table] = hits
    assert found == {}


def test_a_measure_answer_links_to_its_page_on_the_public_site(tmp_path):
    with fake_line() as fake:
        app = create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "LINE_CHANNEL_SECRET": SECRET,
                          "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": fake.url,
                          "PUBLIC_BASE_URL": "https://ict.example.jp"})
        LineHarness(app, fake).post(body_of(text_event("1-4-1")))
        [message] = only_reply(LineHarness(app, fake))["messages"]
    uris = [c["action"]["uri"] for c in message["contents"]["footer"]["contents"] if c["type"] == "button"]
    assert message["type"] == "flex" and uris == ["https://ict.example.jp/measures/1-4-1"]


def test_the_webhook_keeps_its_threads_connection_and_drops_it_after_a_failure(line, monkeypatch):
    """Opening SQLite costs more than recording an event: a thread keeps its connection, unless it failed."""
    from bot.line import event_log

    services = services_of(line.app)
    line.post(body_of(text_event("オープンデータとは")))
    kept = services.thread_db()
    line.post(body_of(text_event("電子申請")))
    assert services.thread_db() is kept
    monkeypatch.setattr(event_log, "claim", lambda *args: (_ for _ in ()).throw(OSError("disk I/O error")))
    assert line.post(body_of(text_event("Wi-Fi"))).status_code == 200  # spooled
    monkeypatch.undo()
    assert services.thread_db() is not kept
