"""Faults: the LINE API hangs or fails, the database fails, Slack fails; nothing is lost or sent twice."""

import datetime
import socket
import sqlite3
import threading
import time

import pytest

from bot import create_app
from bot.line import event_log, spool
from handlers import clock
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
    assert len(spool.waiting(line.app.config["SPOOL_DIR"])) == 1 and line.fake.requests == []
    monkeypatch.undo()
    worker = line.app.extensions["line_worker"]
    worker.retry_waiting()
    worker.drain()
    assert spool.waiting(line.app.config["SPOOL_DIR"]) == []
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
    with clock.frozen(clock.now() + datetime.timedelta(seconds=6)):  # after the wait before the next attempt
        line.app.extensions["line_worker"].retry_waiting()
        line.drain()
    assert line.db()["line_events"].get(raw["webhookEventId"])["status"] == "done"
    assert len(line.fake.received(REPLY)) == 1


def test_a_long_429_storm_is_waited_out_parked_and_requeued_then_answered_once(line):
    line_worker = line.app.extensions["line_worker"]
    line_worker.events.sender.sleep = lambda seconds: None  # the SDK-level retries pass at once
    for _ in range(event_log.MAX_ATTEMPTS * 4):  # more 429s than all the attempts use
        line.fake.then(REPLY, 429, {"message": "Too many requests"}, {"Retry-After": "1"})
        line.fake.then(PUSH, 429, {"message": "Too many requests"}, {"Retry-After": "1"})
    raw = text_event("オープンデータとは")
    line.post(body_of(raw))
    due = []
    for _ in range(event_log.MAX_ATTEMPTS):
        row = line.db()["line_events"].get(raw["webhookEventId"])
        if row["status"] != "failed":
            break
        due.append(datetime.datetime.fromisoformat(row["next_attempt_at"]))
        with clock.frozen(due[-1] + datetime.timedelta(seconds=1)):
            line_worker.retry_waiting()
            line_worker.drain()
    gaps = [later - earlier for earlier, later in zip(due, due[1:])]
    assert len(due) == event_log.MAX_ATTEMPTS - 1 and all(b > a for a, b in zip(gaps, gaps[1:]))
    assert line.db()["line_events"].get(raw["webhookEventId"])["status"] == "dead"
    line.fake.script.clear()  # LINE is back
    result = line.app.test_cli_runner().invoke(args=["events", "requeue"])
    assert "1 parked events queued again" in result.output
    with clock.frozen(due[-1] + datetime.timedelta(hours=1)):
        line_worker.retry_waiting()
        line_worker.drain()
    assert line.db()["line_events"].get(raw["webhookEventId"])["status"] == "done"
    assert len([r for r in line.fake.requests if r.path in (REPLY, PUSH) and r.status == 200]) == 1


def test_healthz_says_when_the_service_cannot_work_and_why(line):
    assert line.client.get("/healthz").status_code == 200
    database = line.app.config["DATABASE_PATH"]
    holder = sqlite3.connect(database)
    holder.execute("begin exclusive")
    try:
        locked = line.client.get("/healthz")
    finally:
        holder.rollback()
        holder.close()
    assert locked.status_code == 503 and "database not writable" in locked.get_json()["problems"][0]
    spool.keep(line.app.config["SPOOL_DIR"], "{}")
    assert "spooled" in " ".join(line.client.get("/healthz").get_json()["problems"])


def test_a_worker_killed_after_replying_does_not_make_the_next_one_answer_twice(line):
    import subprocess
    import sys

    line_worker = line.app.extensions["line_worker"]
    raw = text_event("オープンデータとは")
    raw["timestamp"] = int(clock.now().timestamp() * 1000)  # just received: the reply token is fresh
    line_worker.in_process = False  # the webhook only records it, like a web process beside a worker process
    line.post(body_of(raw))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    db = line.db()
    taken, _ = event_log.take(db, raw["webhookEventId"])  # the killed worker took it …
    db.execute("update line_events set worker = ? where event_id = ?",
               [f"{socket.gethostname()}:{dead.stdout.strip()}", raw["webhookEventId"]])
    db.conn.commit()
    line_worker.events.handle(db, raw["webhookEventId"], taken)  # … replied, and died before marking it done
    line_worker.in_process = True
    assert line_worker.retry_waiting() == 1  # its process is gone: the event is taken again at once
    line_worker.drain()
    assert db["line_events"].get(raw["webhookEventId"])["status"] == "done"
    assert len([r for r in line.fake.requests if r.path in (REPLY, PUSH) and r.status == 200]) == 1


def test_an_event_answered_while_the_database_is_locked_is_marked_done_later_not_answered_again(line, monkeypatch):
    real_finish, calls = event_log.finish, []

    def locked_once(db, event_id):
        calls.append(event_id)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        real_finish(db, event_id)

    monkeypatch.setattr(event_log, "finish", locked_once)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    raw = text_event("RPAとは")
    line.post(body_of(raw))
    assert line.db()["line_events"].get(raw["webhookEventId"])["status"] == "done" and len(calls) == 2
    assert len(line.fake.received(REPLY)) == 1 and line.fake.received(PUSH) == []
