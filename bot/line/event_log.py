"""LINE webhook events kept in SQLite: each is handled once, and kept for retry until it is."""

import datetime
import hashlib
import json
import os
import socket

import sqlite_utils

from handlers import clock
from handlers.clock import utc_stamp

MAX_ATTEMPTS = 10  # with the waits below, an event is tried for about 40 minutes before it is parked
FIRST_RETRY = datetime.timedelta(seconds=5)  # then 10, 20, 40 … seconds: a LINE outage or 429 storm is waited out
LEASE = datetime.timedelta(minutes=5)  # a 'working' event older than this was left by a worker that died
# Waiting to be handled: new, failed and its wait over, or taken by a worker that stopped (params :now, :stale).
READY = ("(status = 'pending' or (status = 'failed' and coalesce(next_attempt_at, '') <= :now)"
         " or (status = 'working' and updated_at < :stale))")


def event_id_of(raw: dict) -> str:
    """LINE's webhookEventId, or a digest of the event when it has none (so a replay is still caught)."""
    given = raw.get("webhookEventId")
    if isinstance(given, str) and given:
        return given
    return "sha256:" + hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def claim(db: sqlite_utils.Database, event_id: str, user_ref: str, raw: dict) -> bool:
    """Record a new event; False when it was seen before (a redelivery or a replay)."""
    cursor = db.execute(
        "insert or ignore into line_events (event_id, user_ref, payload, status, attempts, received_at, updated_at)"
        " values (?, ?, ?, 'pending', 0, ?, ?)",
        [event_id, user_ref, json.dumps(raw, ensure_ascii=False), utc_stamp(), utc_stamp()],
    )
    db.conn.commit()
    return cursor.rowcount == 1


def take(db: sqlite_utils.Database, event_id: str) -> tuple[dict, bool] | None:
    """Take a waiting event for this process (only one can): its payload, and whether an abandoned attempt (a
    worker killed mid-send) may already have answered it; None when it is handled or being handled."""
    with db.conn:
        taken = db.execute(
            "update line_events set in_flight = (status = 'working'), status = 'working', worker = :worker,"
            f" updated_at = :now where event_id = :event_id and {READY}",
            {"worker": worker_id(), "event_id": event_id, **ready_times()}).rowcount
    if not taken:
        return None
    row = db.execute("select payload, in_flight from line_events where event_id = ?", [event_id]).fetchone()
    return (json.loads(row[0]), bool(row[1])) if row and row[0] else None


def worker_id() -> str:
    """This process, as it marks the events it takes: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def abandon_dead_workers(db: sqlite_utils.Database) -> None:
    """Free at once the events held by worker processes of this machine that no longer run (killed, crashed)."""
    rows = db.execute("select event_id, worker from line_events where status = 'working' and worker like ?",
                      [f"{socket.gethostname()}:%"]).fetchall()
    dead = [event_id for event_id, worker in rows if not process_alive(int(worker.rsplit(":", 1)[1]))]
    with db.conn:
        for event_id in dead:
            db.execute("update line_events set updated_at = '' where event_id = ? and status = 'working'", [event_id])


def process_alive(pid: int) -> bool:
    """Tell whether a process of this machine still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish(db: sqlite_utils.Database, event_id: str) -> None:
    """Mark an event handled and drop its payload (it holds message text and the raw user ID)."""
    db.execute("update line_events set status = 'done', payload = null, updated_at = ? where event_id = ?",
               [utc_stamp(), event_id])
    db.conn.commit()


def fail(db: sqlite_utils.Database, event_id: str) -> datetime.timedelta | None:
    """Count a failed attempt and return the wait before the next one, or None once the event is parked."""
    row = db.execute("select attempts from line_events where event_id = ?", [event_id]).fetchone()
    attempts = (row[0] if row else 0) + 1
    wait = FIRST_RETRY * 2 ** (attempts - 1)
    parked = attempts >= MAX_ATTEMPTS
    db.execute("update line_events set status = ?, attempts = ?, updated_at = ?, next_attempt_at = ? where event_id = ?",
               ["dead" if parked else "failed", attempts, utc_stamp(), utc_stamp(clock.now() + wait), event_id])
    db.conn.commit()
    return None if parked else wait


def requeue(db: sqlite_utils.Database) -> int:
    """Give every parked event a fresh set of attempts, now; return how many."""
    with db.conn:
        return db.execute("update line_events set status = 'failed', attempts = 0, next_attempt_at = ?"
                          " where status = 'dead'", [utc_stamp()]).rowcount


def waiting(db: sqlite_utils.Database, limit: int = -1) -> list[str]:
    """Events still to handle, oldest first, at most limit of them (-1: all): pending ones from before a restart,
    failed ones whose wait is over, abandoned ones."""
    abandon_dead_workers(db)
    rows = db.execute(f"select event_id from line_events where {READY} order by received_at limit :limit",
                      {**ready_times(), "limit": limit})
    return [row[0] for row in rows]


def ready_times() -> dict[str, str]:
    """The times READY compares with: now, and the start of the lease."""
    now = clock.now()
    return {"now": utc_stamp(now), "stale": utc_stamp(now - LEASE)}
