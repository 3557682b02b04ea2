"""How fast one process answers recorded LINE events, with nothing else running.

    .venv/bin/python benchmarks/worker.py [--events 1000] [--threads 4] [--profile]

The webhook records the events first (as with LINE_EVENT_WORKER=process); then
the process's LINE worker answers them all, sending through the real SDK to the
fake LINE API on 127.0.0.1 (which runs in this process, so it shares its CPU).
--profile runs the events on this thread under cProfile and prints where the
time goes.
"""

import argparse
import os
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import QUESTIONS  # noqa: E402
from bot import create_app  # noqa: E402
from bot.background import TrackedPool  # noqa: E402
from tests.bot.line_helpers import SECRET, TOKEN, body_of, event, sign  # noqa: E402
from tests.fakes.line_api import REPLY, fake_line  # noqa: E402


def recorded_app(folder: str, fake_url: str, count: int):
    """An app whose webhook has recorded `count` text events, none answered yet."""
    app = create_app({"TESTING": True, "DATABASE_PATH": f"{folder}/worker.sqlite3", "LINE_CHANNEL_SECRET": SECRET,
                      "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": fake_url,
                      "LINE_EVENT_WORKER": "process", "RATE_LIMIT_PER_MINUTE": "1000000"})
    client = app.test_client()
    for n in range(count):
        message = event("message", user=f"U{n % 500:032x}")
        message.update(webhookEventId=f"ev{n}", replyToken=f"rt-{n}", message={
            "id": str(n), "type": "text", "text": QUESTIONS[n % len(QUESTIONS)], "quoteToken": "q"})
        body = body_of(message)
        client.post("/callback", data=body, headers={"X-Line-Signature": sign(body),
                                                     "Content-Type": "application/json"})
    return app


class OnThisThread:
    """A stand-in pool that runs each task at once, so cProfile sees it."""

    def submit(self, task, *args):
        """Run the task now."""
        task(*args)

    def drain(self, timeout: float = 0) -> None:
        """Nothing is left running."""


def main() -> None:
    """Record the events, answer them, print the rate."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=4, help="LINE_EVENT_THREADS")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with fake_line() as fake:
        worker = recorded_app(tempfile.mkdtemp(prefix="bot-worker-"), fake.url, args.events).extensions["line_worker"]
        worker.pool = OnThisThread() if args.profile else TrackedPool(args.threads, "line")
        profile = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profile:
            profile.enable()
        worker.retry_waiting()
        worker.drain(600)
        if profile:
            profile.disable()
        took = time.perf_counter() - started
        replies = len(fake.received(REPLY))
    if profile:
        pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("ROWS", "35")))
    print(f"one process answered {replies} of {args.events} events in {took:.2f} s: {replies / took:.0f}/s "
          f"({'one thread, profiled' if profile else f'{args.threads} threads'})")


if __name__ == "__main__":
    main()
