"""The delivery log: claim a notification's key before sending, so each is sent once."""

import datetime

import sqlite_utils

from handlers.reminders import Notice

LEASE = datetime.timedelta(minutes=10)  # a claim older than this was left by a run that died


def now() -> datetime.datetime:
    """The current UTC time."""
    return datetime.datetime.now(datetime.timezone.utc)


def claim(db: sqlite_utils.Database, notice: Notice) -> bool:
    """Take a notice for sending; False when it was sent, or another run is sending it."""
    at = now()
    with db.conn:
        inserted = db.execute(
            "insert or ignore into deliveries (key, kind, measure, step, milestone, channel, recipient, send_on,"
            " status, attempts, claimed_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'claimed', 0, ?)",
            [notice.key, notice.kind, notice.measure, notice.step, notice.milestone, notice.channel,
             notice.recipient, notice.send_on.isoformat(), at.isoformat()]).rowcount
        if inserted:
            return True
        retaken = db.execute(
            "update deliveries set status = 'claimed', claimed_at = ? where key = ?"
            " and (status = 'failed' or (status = 'claimed' and claimed_at < ?))",
            [at.isoformat(), notice.key, (at - LEASE).isoformat()]).rowcount
    return retaken == 1


def sent(db: sqlite_utils.Database, notice: Notice) -> None:
    """Mark a notice delivered."""
    with db.conn:
        db.execute("update deliveries set status = 'sent', sent_at = ?, attempts = attempts + 1 where key = ?",
                   [now().isoformat(), notice.key])


def failed(db: sqlite_utils.Database, notice: Notice) -> None:
    """Mark a notice failed: the next run tries it again."""
    with db.conn:
        db.execute("update deliveries set status = 'failed', attempts = attempts + 1 where key = ?", [notice.key])
