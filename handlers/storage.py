"""The bot's SQLite database: connections and schema migrations."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

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


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_meta", create_meta),
    ("0002_subscriptions", create_subscriptions),
    ("0003_line", create_line_tables),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied, in order; return their names."""
    create_meta(db)
    done = {row["name"] for row in db["migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            step(db)
            db["migrations"].insert({"name": name, "applied_at": db.execute("select datetime('now')").fetchone()[0]})
        applied.append(name)
    return applied
