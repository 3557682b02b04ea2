"""The event worker process keeps going when the database is locked, and answers once the lock is gone."""

import sqlite3

from bot import worker
from bot.line import spool
from tests.bot.line_helpers import body_of, text_event
from tests.bot.test_faults import line  # noqa: F401  (the app with LINE on, against the fake LINE API)
from tests.fakes.line_api import REPLY


def test_a_held_lock_makes_the_worker_wait_then_answer_not_crash(line):  # noqa: F811
    line_worker = line.app.extensions["line_worker"]
    database, spooled = line.app.config["DATABASE_PATH"], line.app.config["SPOOL_DIR"]
    spool.keep(spooled, body_of(text_event("オープンデータとは")).decode())  # a body the webhook could not record
    holder = sqlite3.connect(database)
    holder.execute("begin exclusive")  # another process holds the write lock
    try:
        assert worker.poll_once(line_worker) == worker.LOCKED_WAIT
        assert len(spool.waiting(spooled)) == 1 and line.fake.received(REPLY) == []
    finally:
        holder.rollback()
        holder.close()
    worker.poll_once(line_worker)
    line_worker.drain()
    assert spool.waiting(spooled) == [] and len(line.fake.received(REPLY)) == 1


def test_the_worker_takes_the_backlog_a_batch_at_a_time(line, monkeypatch):  # noqa: F811
    """A SIGTERM is heeded after the batch in hand, not after the whole backlog."""
    import json

    from bot.line import event_log

    line_worker = line.app.extensions["line_worker"]
    monkeypatch.setattr(worker, "BATCH", 2)
    db = line_worker.services.thread_db()
    for n, question in enumerate(["オープンデータとは", "電子申請", "Wi-Fi", "RPAとは", "BCPとは"]):
        raw = json.loads(body_of(text_event(question)))["events"][0] | {"webhookEventId": f"backlog-{n}"}
        assert event_log.claim(db, f"backlog-{n}", "ref", raw)
    assert worker.poll_once(line_worker) == 0.0  # a full batch: look again at once
    assert len(line.fake.received(REPLY)) == 2
    worker.poll_once(line_worker)
    worker.poll_once(line_worker)
    assert len(line.fake.received(REPLY)) == 5 and worker.poll_once(line_worker) == worker.IDLE_WAIT
    handled = db.execute("select event_id from line_events where status = 'done' order by updated_at").fetchall()
    assert {row[0] for row in handled} == {f"backlog-{n}" for n in range(5)}
