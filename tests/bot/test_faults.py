"""Faults: the LINE API hangs or fails, the database fails, Slack fails; nothing is lost or sent twice."""

import threading
import time

import pytest

from bot import create_app
from bot.line import event_log, spool
from tests.bot.line_helpers import SECRET, TOKEN, LineHarness, body_of, sign, text_event
from tests.fakes.line_api import PUSH, REPLY, fake_line


@pytest.fixture
def line(tmp_path):
    """The app with LINE on."""
    with fake_line() as fake:
        app = create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
                          "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
                          "LINE_API_BASE_URL": fake.url})
        yield LineHarness(app, fake)


def test_a_hanging_line_api_neither_blocks_the_webhook_nor_causes_a_duplicate(line):
    never = threading.Event()
    line.fake.then(REPLY, 200, {}, hold=never)
    body = body_of(text_event("RPAとは"))
    started = time.monotonic()
    response = line.client.post("/callback", data=body, headers={"X-Line-Signature": sign(body)})
    assert response.status_code == 200 and time.monotonic() - started < 2
    assert line.client.get("/healthz").status_code == 200
    line.app.extensions["line_worker"].drain(timeout=20)  # the reply times out and is neither retried nor pushed
    never.set()
    assert len(line.fake.received(REPLY)) == 1 and line.fake.received(PUSH) == []


def test_when_the_database_fails_the_event_is_spooled_answered_200_and_handled_later(line, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk I/O error")
    monkeypatch.setattr(event_log, "claim", broken)
    body = body_of(text_event("オープンデータとは"))
    response = line.post(body)
    assert response.status_code == 200
    assert len(spool.waiting(line.app.config["DATABASE_PATH"])) == 1 and line.fake.requests == []
    monkeypatch.undo()
    worker = line.app.extensions["line_worker"]
    worker.retry_waiting()
    worker.drain()
    assert spool.waiting(line.app.config["DATABASE_PATH"]) == []
    assert len(line.fake.received(REPLY)) == 1
    worker.retry_waiting()
    worker.drain()
    assert len(line.fake.received(REPLY)) == 1


def test_a_handler_that_raises_keeps_the_event_for_retry(line, monkeypatch):
    events = line.app.extensions["line_worker"].events
    calls = []

    def explode(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("bug")
    monkeypatch.setattr(events, "messages_for", explode)
    raw = text_event("AIとは")
    assert line.post(body_of(raw)).status_code == 200
    assert line.db()["line_events"].get(raw["webhookEventId"])["status"] == "failed"
    monkeypatch.undo()
    line.app.extensions["line_worker"].retry_waiting()
    line.drain()
    assert line.db()["line_events"].get(raw["webhookEventId"])["status"] == "done"
    assert len(line.fake.received(REPLY)) == 1
