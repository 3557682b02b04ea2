"""Handle LINE events off the request thread, so the webhook answers within LINE's deadline."""

import logging
import sqlite3
import threading
import time

from bot.background import TrackedPool
from bot.line import event_log, spool
from bot.line.intake import parse_events, record
from bot.line.events import LineEvents

log = logging.getLogger(__name__)


class LineWorker:
    """A small thread pool; each of its threads keeps one SQLite connection for all the events it handles."""

    def __init__(self, services, events: LineEvents, threads: int = 4, in_process: bool = True):
        self.services = services
        self.events = events
        self.pool = TrackedPool(threads, "line")
        self.in_process = in_process  # False: a separate `python -m bot.worker` process handles the events

    def submit(self, event_id: str) -> None:
        """Queue an event that has just been claimed (unless a worker process takes them from the database)."""
        if self.in_process:
            self.pool.submit(self.run, event_id)

    def later(self, seconds: float, event_id: str) -> None:
        """Queue an event again once its wait is over (a worker process finds it in the database instead)."""
        timer = threading.Timer(seconds, self.submit, args=(event_id,))
        timer.daemon = True
        timer.start()

    def run(self, event_id: str) -> None:
        """Handle one event; a failure is logged and kept for retry."""
        db = self.services.thread_db()  # kept per thread: opening one per event cost a third of the work
        try:
            taken = event_log.take(db, event_id)
            if taken is None:
                return
            self.events.handle(db, event_id, *taken)
        except Exception:
            if db.conn.in_transaction:
                db.conn.rollback()  # the connection stays with the thread: leave nothing half done on it
            wait = through_locks(lambda: event_log.fail(db, event_id))
            if wait is None:
                log.error("line event parked after %d attempts; `flask --app bot events requeue` retries it",
                          event_log.MAX_ATTEMPTS)
            else:
                log.warning("line event failed; retried in %.0f s", wait.total_seconds(), exc_info=True)
                self.later(wait.total_seconds(), event_id)
        else:
            through_locks(lambda: event_log.finish(db, event_id))  # answered: it must never be answered twice

    def retry_waiting(self, limit: int = -1) -> int:
        """Queue the events left pending or failed (after a restart, or a failed send), oldest first and at most
        limit of them (-1: all), and spooled bodies; return how many were queued."""
        self.unspool()
        db = self.services.db()
        try:
            waiting = event_log.waiting(db, limit)
        finally:
            db.close()
        for event_id in waiting:
            self.pool.submit(self.run, event_id)
        return len(waiting)

    def unspool(self) -> None:
        """Record the bodies the webhook spooled when the database failed; each is deleted once recorded."""
        for path in spool.waiting(self.services.settings.SPOOL_DIR):
            events = parse_events(path.read_text(encoding="utf-8")) or []
            record(self.services, self, self.events.secret, events)
            path.unlink()

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until every queued event has been handled (tests and shutdown)."""
        self.pool.drain(timeout)


def through_locks(write):
    """Do a database write, waiting out a locked or busy database for up to a minute; its result."""
    for wait in (0.5, 1, 2, 4, 8, 15, 30):
        try:
            return write()
        except sqlite3.OperationalError:
            log.warning("database busy while recording a LINE event's outcome; trying again in %.1f s", wait)
            time.sleep(wait)
    return write()
