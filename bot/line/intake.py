"""Record the events of a LINE webhook body once each, and queue the new ones."""

import json

from bot.line import event_log
from bot.line.events import user_reference


def parse_events(text: str) -> list[dict] | None:
    """The events of a webhook body, or None when it is not what LINE sends."""
    try:
        payload = json.loads(text)
    except ValueError:
        return None
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        return None
    return [event for event in events if isinstance(event, dict)]


def record(services, worker, secret: str, events: list[dict]) -> int:
    """Claim each event once in SQLite (on this thread's kept connection) and queue the new ones; how many were new."""
    db = services.thread_db()
    try:
        queued = 0
        for raw in events:
            event_id = event_log.event_id_of(raw)
            source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
            chat = source.get("groupId") or source.get("roomId") or source.get("userId") or ""
            if event_log.claim(db, event_id, user_reference(secret, str(chat)), raw):
                worker.submit(event_id)
                queued += 1
        return queued
    except Exception:
        services.drop_thread_db()  # a full disk or a broken file: start afresh next time
        raise
