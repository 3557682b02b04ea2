"""`python -m bot.worker`: handle recorded LINE events in a process of its own, so web processes stay quick.

Run it beside web processes started with LINE_EVENT_WORKER=process (see the Procfile).
"""

import logging
import os
import signal
import threading

from bot import create_app

log = logging.getLogger("bot.worker")
IDLE_WAIT = 0.05  # seconds between looks at the queue when it is empty
NICENESS = 10


def main() -> None:
    """Poll the event inbox and handle what waits, until SIGTERM."""
    os.nice(NICENESS)  # accepting webhooks within LINE's deadline comes before answering them
    app = create_app({"LINE_EVENT_WORKER": "thread"})
    worker = app.extensions.get("line_worker")
    if worker is None:
        raise SystemExit("LINE is off: nothing for the worker to do")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    log.info("worker started")
    while not stop.is_set():
        if worker.retry_waiting() == 0:
            stop.wait(IDLE_WAIT)
        else:
            worker.drain()
    worker.drain()


if __name__ == "__main__":
    main()
