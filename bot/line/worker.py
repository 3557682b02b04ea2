"""Handle LINE events off the request thread, so the webhook answers within LINE's deadline."""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from bot.line import inbox
from bot.line.events import LineEvents

log = logging.getLogger(__name__)


class LineWorker:
    """A small thread pool; each task opens its own SQLite connection."""

    def __init__(self, services, events: LineEvents, threads: int = 4):
        self.services = services
        self.events = events
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="line")
        self.futures: set[Future] = set()
        self.lock = threading.Lock()

    def submit(self, event_id: str) -> None:
        """Queue an event that has just been claimed."""
        future = self.pool.submit(self.run, event_id)
        with self.lock:
            self.futures.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future) -> None:
        """Drop a finished task from the set being waited on."""
        with self.lock:
            self.futures.discard(future)

    def run(self, event_id: str) -> None:
        """Handle one event; a failure is logged and kept for retry."""
        db = self.services.db()
        try:
            raw = inbox.payload(db, event_id)
            if raw is None:
                return
            self.events.handle(db, event_id, raw)
            inbox.finish(db, event_id)
        except Exception:
            log.exception("line event failed; kept for retry")
            inbox.fail(db, event_id)
        finally:
            db.close()

    def retry_waiting(self) -> int:
        """Queue every event left pending or failed (after a restart, or a failed send)."""
        db = self.services.db()
        try:
            waiting = inbox.waiting(db)
        finally:
            db.close()
        for event_id in waiting:
            self.submit(event_id)
        return len(waiting)

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until every queued event has been handled (tests and shutdown)."""
        with self.lock:
            pending = set(self.futures)
        wait(pending, timeout=timeout)
