"""A per-user rate limit counted in SQLite: a flood gets one polite message, then silence."""

import datetime

import sqlite_utils

from handlers import clock

OK, WARN, SILENT = "ok", "warn", "silent"
MESSAGE = "短い時間にたくさんのメッセージをいただいたため、しばらくお答えを控えます。1分ほどしてからもう一度お送りください。"


def check(db: sqlite_utils.Database, user_ref: str, per_minute: int, now: datetime.datetime | None = None) -> str:
    """Count one message for a user in the current minute: ok, warn (the first one over), or silent."""
    minute = (now or clock.now()).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M")
    with db.conn:
        count = db.execute(
            "insert into rate_limits (user_ref, minute, count) values (?, ?, 1)"
            " on conflict (user_ref, minute) do update set count = count + 1 returning count",
            [user_ref, minute]).fetchone()[0]
    if count <= per_minute:
        return OK
    return WARN if count == per_minute + 1 else SILENT


def purge(db: sqlite_utils.Database, before: datetime.datetime) -> int:
    """Forget counts older than a time."""
    with db.conn:
        cutoff = before.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M")
        return db.execute("delete from rate_limits where minute < ?", [cutoff]).rowcount
