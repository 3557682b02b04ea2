"""`python -m bot.worker`: handle recorded LINE events in a process of its own, so web processes stay quick.

Run it beside web processes started with LINE_EVENT_WORKER=process (see the Procfile).
"""

import logging
import signal
import sqlite3
import threading

from bot import create_app

log = logging.getLogger("bot.worker")
IDLE_WAIT = 0.05  # seconds between looks at the queue when it is empty
BATCH = 200  # events taken per look: a SIGTERM is heeded once the batch in hand is answered, not the whole backlog
LOCKED_WAIT = 1.0  # seconds before looking again when the database refused


def main() -> None:
    """Poll the event inbox and handle what waits, until SIGTERM."""
    app = create_app({"LINE_EVENT_WORKER": "thread"})
    worker = app.extensions.get("line_worker")
    if worker is None:
        raise SystemExit("LINE is off: nothing for the worker to do")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    log.info("worker started")
    while not stop.is_set():
        stop.wait(poll_once(worker))
    worker.drain()


def poll_once(worker) -> float:
    """Handle what waits; return how long to wait before looking again (longer while the database is locked)."""
    try:
        if worker.retry_waiting(BATCH) == 0:
            return IDLE_WAIT
    except sqlite3.OperationalError as error:  # a held lock or a full disk: wait and look again, never exit
        log.warning("worker could not read the queue (%s); trying again in %.0f s", error, LOCKED_WAIT)
        return LOCKED_WAIT
    worker.drain()
    return 0.0


if __name__ == "__main__":
    main()
