"""Floods, injection and personal data: the limits hold and the logs stay clean."""

import json
import logging
from contextlib import closing

import pytest

from bot import create_app, services_of
from tests.bot.line_helpers import SECRET, TOKEN, LineHarness, body_of, text_event
from tests.bot.slack_helpers import SIGNING_SECRET
from tests.bot.slack_helpers import TOKEN as SLACK_TOKEN
from tests.fakes.line_api import REPLY, delivered, fake_line
from tests.fakes.slack_api import calls, fake_slack

FLOODER, CALM = "U00000000000000000000000000f100d", "U0000000000000000000000000000ca1"


@pytest.fixture
def line(tmp_path):
    """The app with LINE and Slack on, a staff channel, and a low rate limit."""
    with fake_line() as fake, fake_slack() as slack:
        app = create_app({
            "TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"), "RATE_LIMIT_PER_MINUTE": "5",
            "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": fake.url,
            "SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": f"{slack.url}/api/", "SLACK_STAFF_CHANNEL": "C0STAFF001",
        })
        harness = LineHarness(app, fake)
        harness.slack = slack
        yield harness


def replies_to(line, user: str) -> list[str]:
    """Texts of the replies to one user's messages (tokens are per event)."""
    return [r["messages"][0].get("text", r["messages"][0].get("altText")) for r in delivered(line.fake, REPLY)
            if r["replyToken"] in line.tokens.get(user, set())]


def send(line, text: str, user: str) -> None:
    """One message from a user, remembering its reply token."""
    body = text_event(text, user=user)
    line.tokens = getattr(line, "tokens", {})
    line.tokens.setdefault(user, set()).add(body["replyToken"])
    line.post(body_of(body))


def test_a_flood_gets_one_polite_message_then_silence_and_others_are_unaffected(line):
    for _ in range(9):
        send(line, "RPAとは", FLOODER)
    send(line, "オープンデータとは", CALM)
    flood = replies_to(line, FLOODER)
    assert len(flood) == 6 and "しばらくお答えを控えます" in flood[-1]
    assert len(replies_to(line, CALM)) == 1 and "オープンデータ" in replies_to(line, CALM)[0]


def test_citizens_text_shown_to_staff_cannot_mention_everyone_or_link(line):
    send(line, "<!channel> 至急 <https://evil.example|ここ> を見て", CALM)
    line.app.extensions["outbox"].pool.drain()
    posted = calls(line.slack, "chat.postMessage")
    assert posted
    shown = json.dumps([p["blocks"] for p in posted], ensure_ascii=False) + "".join(p["text"] for p in posted)
    assert "<!channel>" not in shown and "<https://" not in shown and "&lt;!channel&gt;" in shown


def test_logs_carry_no_message_text_nor_raw_user_ids(line, caplog):
    caplog.set_level(logging.DEBUG)
    secret_question = "わたしの秘密の質問ABCXYZです"
    send(line, secret_question, CALM)
    send(line, "1-3 をフォロー", CALM)
    line.app.extensions["outbox"].pool.drain()
    assert caplog.records
    assert secret_question not in caplog.text and "ABCXYZ" not in caplog.text
    assert CALM not in caplog.text


def test_purge_removes_old_question_logs(line):
    send(line, "市役所の駐車場は何台とめられますか", CALM)
    services = services_of(line.app)
    with closing(services.db()) as db:
        db.execute("update inbox_questions set asked_at = '2000-01-01T00:00:00+00:00'")
        db.execute("update question_log set asked_at = '2000-01-01T00:00:00+00:00'")
        db.conn.commit()
    result = line.app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    with closing(services.db()) as db:
        assert db["inbox_questions"].count == 0 and db["question_log"].count == 0


def test_a_flood_of_unanswerable_questions_reaches_staff_as_a_capped_number_of_posts(line):
    per_hour = services_of(line.app).settings.INBOX_NOTICES_PER_HOUR
    places = ["駐車場", "ゴミ袋", "図書館", "プール", "除雪車", "投票所", "温泉", "動物園"]
    times = ["朝", "夜", "週末", "年末年始", "夏休み", "雨の日"]
    for n in range(per_hour * 2):
        question = f"{times[n % 6]}に{places[n % 8]}は使えますか？ 番号{n * 7919 % 100003}"
        send(line, question, f"U{n:032x}")
        line.app.extensions["outbox"].pool.drain()
    posts = [p for p in calls(line.slack, "chat.postMessage") if p["channel"] == "C0STAFF001"]
    groups = services_of(line.app).db()["inbox_groups"].count
    assert groups > per_hour and len(posts) <= per_hour + 1
    assert "個別の通知を止めています" in posts[-1]["text"]
