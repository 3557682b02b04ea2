"""The bot's SQLite database: connections and schema migrations."""

import contextlib
import fcntl
import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from handlers import clock

BUSY_TIMEOUT_MS = 1500  # fits inside LINE's 2-second webhook deadline

Migration = Callable[[sqlite_utils.Database], None]


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open the database with WAL and a busy timeout; one connection per thread."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)


def records(db: sqlite_utils.Database, sql: str, params=()) -> list[dict]:
    """A query's rows as dicts, read with plain SQL (for hot paths: sqlite-utils' readers also read the schema)."""
    cursor = db.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def create_meta(db: sqlite_utils.Database) -> None:
    """Record which migrations have run."""
    db["migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)


def create_subscriptions(db: sqlite_utils.Database) -> None:
    """Who follows which measure, per channel and hashed user reference."""
    db["subscriptions"].create(
        {"channel": str, "user_ref": str, "measure": str, "created_at": str},
        pk=("channel", "user_ref", "measure"),
    )


def create_line_tables(db: sqlite_utils.Database) -> None:
    """LINE users (hash to raw ID, needed to push) and the inbox of webhook events."""
    db["line_users"].create({"user_ref": str, "line_user_id": str, "followed_at": str}, pk="user_ref")
    db["line_events"].create(
        {"event_id": str, "user_ref": str, "payload": str, "status": str, "attempts": int,
         "received_at": str, "updated_at": str},
        pk="event_id",
    )
    db["line_events"].create_index(["status"])


APPEND_ONLY = ("progress_reports", "leader_log")


def create_progress_tables(db: sqlite_utils.Database) -> None:
    """Leaders, progress reports and their audit trail; reports and the log are append-only."""
    db["leaders"].create(
        {"slack_user": str, "department": str, "role": str, "added_by": str, "added_at": str}, pk="slack_user")
    db["leader_log"].create(
        {"id": int, "at": str, "actor": str, "action": str, "slack_user": str, "department": str, "role": str},
        pk="id")
    db["progress_reports"].create(
        {"id": int, "measure": str, "kind": str, "status": str, "percent": int, "note": str, "step": str,
         "reporter": str, "department": str, "via": str, "replaces": int, "previous_status": str,
         "reported_at": str, "reported_on": str, "source_key": str},
        pk="id", not_null={"measure", "kind", "reporter", "via", "reported_at", "reported_on"})
    db["progress_reports"].create_index(["measure", "id"])
    db.execute("create unique index progress_reports_source_key on progress_reports (source_key)"
               " where source_key is not null")
    for table in APPEND_ONLY:
        for action in ("update", "delete"):
            db.execute(f"create trigger {table}_no_{action} before {action} on {table}"
                       f" begin select raise(abort, '{table} is append-only'); end")
    db["slack_events"].create({"event_id": str, "received_at": str}, pk="event_id")


def create_deliveries(db: sqlite_utils.Database) -> None:
    """The delivery log: one row per notification key, claimed before sending, marked when sent."""
    db["deliveries"].create(
        {"key": str, "kind": str, "measure": str, "step": str, "milestone": str, "channel": str, "recipient": str,
         "send_on": str, "status": str, "attempts": int, "claimed_at": str, "sent_at": str},
        pk="key")
    db["deliveries"].create_index(["status"])


def create_inbox(db: sqlite_utils.Database) -> None:
    """Questions the bot could not answer, grouped; the FAQ that staff answers become; feedback."""
    db["question_log"].create({"id": int, "asked_at": str, "channel": str, "tier": str}, pk="id")
    db["question_log"].create_index(["asked_at"])
    db["inbox_groups"].create(
        {"id": int, "core": str, "text": str, "count": int, "status": str, "candidates": str, "measures": str,
         "created_at": str, "updated_at": str, "notified_at": str, "reason": str, "faq_id": int, "answered_by": str},
        pk="id")
    db["inbox_groups"].create_index(["status"])
    db["inbox_questions"].create(
        {"id": int, "group_id": int, "text": str, "asked_at": str, "channel": str, "user_ref": str,
         "candidates": str, "why": str},
        pk="id", foreign_keys=[("group_id", "inbox_groups", "id")])
    db["inbox_questions"].create_index(["group_id"])
    db["faq"].create(
        {"id": int, "question": str, "answer": str, "measure": str, "term": str, "author": str, "created_at": str,
         "updated_at": str, "retired_at": str, "group_id": int},
        pk="id")
    db["feedback"].create({"id": int, "at": str, "channel": str, "kind": str, "entry": str, "helpful": int}, pk="id")


def queue_deliveries(db: sqlite_utils.Database) -> None:
    """The delivery log becomes the outbox: each row keeps its message and when to try it next."""
    db["deliveries"].add_column("payload", str)
    db["deliveries"].add_column("next_attempt_at", str)
    db.execute("update deliveries set next_attempt_at = ''")


def pace_event_retries(db: sqlite_utils.Database) -> None:
    """A failed LINE event keeps the time of its next attempt, so retries wait longer each time."""
    db["line_events"].add_column("next_attempt_at", str)


def track_event_attempts(db: sqlite_utils.Database) -> None:
    """Which worker process has an event, and whether an earlier attempt may already have sent its answer."""
    db["line_events"].add_column("worker", str)
    db["line_events"].add_column("in_flight", int)


def create_secrets(db: sqlite_utils.Database) -> None:
    """Random values made once per installation and shared by every process (e.g. the salt for client IPs)."""
    db["secrets"].create({"name": str, "value": str}, pk="name")


def secret(db: sqlite_utils.Database, name: str) -> str:
    """The installation's secret of that name, made on first use (a read otherwise: it is asked on every chat post)."""
    known = db.execute("select value from secrets where name = ?", [name]).fetchone()
    if known:
        return known[0]
    with db.conn:
        db.execute("insert or ignore into secrets (name, value) values (?, ?)", [name, secrets.token_hex(32)])
    return db.execute("select value from secrets where name = ?", [name]).fetchone()[0]


def create_rate_limits(db: sqlite_utils.Database) -> None:
    """Messages per user per minute."""
    db["rate_limits"].create({"user_ref": str, "minute": str, "count": int}, pk=("user_ref", "minute"))


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_meta", create_meta),
    ("0002_subscriptions", create_subscriptions),
    ("0003_line", create_line_tables),
    ("0004_progress", create_progress_tables),
    ("0005_deliveries", create_deliveries),
    ("0006_inbox", create_inbox),
    ("0007_rate_limits", create_rate_limits),
    ("0008_outbox", queue_deliveries),
    ("0009_secrets", create_secrets),
    ("0010_event_retries", pace_event_retries),
    ("0011_event_attempts", track_event_attempts),
]


@contextlib.contextmanager
def migration_lock(db: sqlite_utils.Database):
    """Hold a file lock beside the database so two processes starting at once migrate one after the other."""
    path = db.execute("pragma database_list").fetchone()[2]
    if not path:
        yield
        return
    with open(f"{path}.migrate-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def hold_in_use(database_path: str, exclusive: bool = False):
    """Hold the lock that says a process uses this database: shared by every running process, exclusive for a
    restore. An open file is returned (closing it lets go); BlockingIOError when the exclusive hold is refused."""
    handle = open(f"{database_path}.in-use", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB if exclusive else fcntl.LOCK_SH)
    except BlockingIOError:
        handle.close()
        raise
    return handle


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied, in order; return their names."""
    with migration_lock(db):
        return apply_migrations(db)


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply what is missing (the caller holds the migration lock)."""
    create_meta(db)
    done = {row["name"] for row in db["migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            step(db)
            db["migrations"].insert({"name": name, "applied_at": clock.utc_stamp()})
        applied.append(name)
    return applied


def integrity(path: str | Path) -> str:
    """SQLite's integrity check of a database file: "ok" when sound."""
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def copy_database(source: str | Path, target: str | Path) -> None:
    """A consistent copy with SQLite's online backup API, safe while others keep writing."""
    src, dst = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000), sqlite3.connect(str(target))
    try:
        src.backup(dst, pages=256)
    finally:
        dst.close()
        src.close()


def backup(live: str | Path, target: str | Path) -> str:
    """Copy the live database to target and verify the copy."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    copy_database(live, target)
    return integrity(target)


def restore(copy: str | Path, live: str | Path) -> str:
    """Put a verified copy back in place of the live database, keeping what has happened since it was taken:
    events answered and notices sent stay so, and the seen Slack requests stay seen (nothing goes out twice)."""
    verdict = integrity(copy)
    if verdict != "ok":
        return verdict
    with contextlib.closing(connect(live)) as db:
        happened = {table: db.execute(query).fetchall() for table, query in HAPPENED.items()}
    copy_database(copy, live)
    with contextlib.closing(connect(live)) as db, db.conn:
        db.conn.executemany("update line_events set status = 'done', payload = null where event_id = ?",
                       happened["line_events"])
        db.conn.executemany("update deliveries set status = 'sent' where key = ?", happened["deliveries"])
        db.conn.executemany("insert or ignore into slack_events (event_id, received_at) values (?, ?)",
                       happened["slack_events"])
    return verdict


HAPPENED = {  # what the live database knows to have been done, carried over a restore
    "line_events": "select event_id from line_events where status = 'done'",
    "deliveries": "select key from deliveries where status in ('sent', 'dead')",
    "slack_events": "select event_id, received_at from slack_events",
}


RETAINED = (("inbox_questions", "asked_at"), ("question_log", "asked_at"))


def purge(db: sqlite_utils.Database, before: str) -> dict[str, int]:
    """Delete question logs older than `before` (ISO time), closed inbox groups, and handled or given-up events."""
    removed = {}
    with db.conn:
        for table, column in RETAINED:
            removed[table] = db.execute(f"delete from {table} where {column} < ?", [before]).rowcount
        removed["inbox_groups"] = db.execute(
            "delete from inbox_groups where status != 'open' and updated_at < ?"
            " and id not in (select group_id from inbox_questions)", [before]).rowcount
        removed["line_events"] = db.execute(
            "delete from line_events where status in ('done', 'dead') and updated_at < ?", [before]).rowcount
        removed["slack_events"] = db.execute("delete from slack_events where received_at < ?", [before]).rowcount
    return removed
