"""Chaos benchmark: break the service on purpose and count what was lost, sent twice or parked.

    .venv/bin/python benchmarks/chaos.py [--events 200]

Everything runs on 127.0.0.1 against the fake LINE and Slack APIs (which refuse a used reply token and a
repeated retry key, as LINE does). Scenarios:

- flood: 3,000 web-chat questions from one browser, then 200 from 200 networks: answers, refusals, 5xx,
  and posts to the staff channel;
- kill -9: a `python -m bot.worker` process is killed while it answers, and another one finishes;
- lock after send: the database is locked while answered events are being marked done;
- 429 storm: LINE answers 429 for 20 s;
- restore while running: `flask restore` is tried while a worker runs;
- full disk: the database's filesystem (a small tmpfs; needs root) fills up, then space comes back.

For each: LINE events received, answered once, lost, duplicated and parked. Targets: 0 lost, 0 duplicated.
"""

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import create_app, services_of  # noqa: E402
from tests.bot.line_helpers import SECRET, TOKEN, body_of, sign, text_event  # noqa: E402
from tests.bot.slack_helpers import SIGNING_SECRET  # noqa: E402
from tests.bot.slack_helpers import TOKEN as SLACK_TOKEN  # noqa: E402
from tests.bot.web_helpers import ChatVisitor  # noqa: E402
from tests.fakes.line_api import PUSH, REPLY, fake_line  # noqa: E402
from tests.fakes.slack_api import calls, fake_slack  # noqa: E402

QUESTIONS = ["オープンデータとは", "無料Wi-Fiの計画は？", "BCPって何", "電子申請はいつから", "RPAとは"]


def settings(folder: Path, line_url: str, slack_url: str, **extra) -> dict:
    """The bot's settings against the fakes, on a scratch database."""
    return {"TESTING": True, "DATABASE_PATH": str(folder / "bot.sqlite3"), "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": line_url, "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{slack_url}/api/",
            "SLACK_STAFF_CHANNEL": "C0STAFF001", "RATE_LIMIT_PER_MINUTE": "100000", **extra}


def events(count: int) -> list[dict]:
    """Text events from different users, just received (their reply tokens fresh)."""
    made = []
    for n in range(count):
        raw = text_event(QUESTIONS[n % len(QUESTIONS)], user=f"U{n:032x}")
        raw["timestamp"] = int(time.time() * 1000)
        made.append(raw)
    return made


def outcome(name: str, line, sent: list[dict], database: str) -> None:
    """Count, per event, the messages LINE accepted for it: one is right, none is lost, two is a duplicate."""
    delivered = Counter()
    for request in line.requests:
        if request.status != 200 or request.path not in (REPLY, PUSH):
            continue
        body = request.json()
        delivered[body.get("replyToken") or body.get("to")] += 1
    lost = duplicated = 0
    for raw in sent:
        count = delivered[raw["replyToken"]] + delivered[raw["source"]["userId"]]
        lost += count == 0
        duplicated += count > 1
    with closing(sqlite3.connect(database)) as db:
        parked = db.execute("select count(*) from line_events where status = 'dead'").fetchone()[0]
    print(f"{name:<22} events {len(sent):>4}  answered once {len(sent) - lost - duplicated:>4}  lost {lost}  "
          f"duplicated {duplicated}  parked {parked}")


def settle(app, seconds: float = 120) -> None:
    """Let the in-process worker retry until nothing waits (or time runs out)."""
    worker = app.extensions["line_worker"]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        worker.retry_waiting()
        worker.drain(30)
        with closing(services_of(app).db()) as db:
            if not db.execute("select count(*) from line_events where status not in ('done', 'dead')").fetchone()[0]:
                return
        time.sleep(1)


def post(app, raw: dict) -> int:
    """Deliver one webhook to the app; its status."""
    body = body_of(raw)
    return app.test_client().post("/callback", data=body, headers={"X-Line-Signature": sign(body)},
                                  content_type="application/json").status_code


def flood(folder: Path) -> None:
    """3,000 questions from one web client, then one each from 200 clients."""
    with fake_line() as line, fake_slack() as slack:
        app = create_app(settings(folder, line.url, slack.url, RATE_LIMIT_PER_MINUTE="20"))
        flooder = ChatVisitor(app)
        codes = Counter(flooder.ask({"q": f"駐車場は何台{n}"}).status_code for n in range(3000))
        for n in range(200):  # 200 browsers on 200 networks
            visitor = ChatVisitor(app, f"10.{n // 250}.{n % 250}.1")
            codes[visitor.ask({"q": f"{n}番の公園の遊具は？ 第{n * 7919 % 10007}号"}).status_code] += 1
        app.extensions["outbox"].pool.drain()
        posts = [p for p in calls(slack, "chat.postMessage") if p["channel"] == "C0STAFF001"]
        cap = services_of(app).settings.INBOX_NOTICES_PER_HOUR
        print(f"{'web-chat flood':<22} requests 3200  answered {codes[200]}  refused (429) {codes[429]}  "
              f"5xx {sum(v for k, v in codes.items() if k >= 500)}  staff posts {len(posts)} (cap {cap} + 1 summary)")


def kill_worker(folder: Path, count: int) -> None:
    """Record events, let a worker process answer some, kill -9 it, and let a second one finish."""
    with fake_line() as line, fake_slack() as slack:
        config = settings(folder, line.url, slack.url, LINE_EVENT_WORKER="process")
        app = create_app(config)
        sent = events(count)
        for raw in sent:
            post(app, raw)
        env = {**os.environ, **{k: str(v) for k, v in config.items() if k != "TESTING"}, "LOG_LEVEL": "ERROR"}
        first = subprocess.Popen([sys.executable, "-m", "bot.worker"], cwd=ROOT, env=env)
        while len(line.received(REPLY)) < count // 3:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
        second = subprocess.Popen([sys.executable, "-m", "bot.worker"], cwd=ROOT, env=env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with closing(sqlite3.connect(config["DATABASE_PATH"])) as db:
                if not db.execute("select count(*) from line_events where status != 'done'").fetchone()[0]:
                    break
            time.sleep(0.5)
        second.send_signal(signal.SIGTERM)
        second.wait(30)
        outcome("kill -9 of the worker", line, sent, config["DATABASE_PATH"])


def lock_after_send(folder: Path, count: int) -> None:
    """Hold the database's write lock for 3 s while events are answered and marked done."""
    with fake_line() as line, fake_slack() as slack:
        config = settings(folder, line.url, slack.url)
        app = create_app(config)
        sent = events(count)
        holder = sqlite3.connect(config["DATABASE_PATH"], check_same_thread=False)
        for n, raw in enumerate(sent):
            if n == count // 2:
                holder.execute("begin exclusive")
                threading.Timer(3, holder.rollback).start()
            post(app, raw)
        settle(app)
        outcome("lock after send", line, sent, config["DATABASE_PATH"])


def storm(folder: Path, count: int) -> None:
    """LINE answers 429 to every send for 20 s."""
    with fake_line() as line, fake_slack() as slack:
        config = settings(folder, line.url, slack.url)
        app = create_app(config)
        until = time.monotonic() + 20
        original = line.default

        def stormy(fake, recorded):
            """429 with Retry-After during the storm, LINE's usual answers after."""
            if time.monotonic() < until:
                return 429, {"message": "Too many requests"}, {"Retry-After": "2"}
            return original(fake, recorded)

        line.default = stormy
        sent = events(count)
        for raw in sent:
            post(app, raw)
        settle(app, seconds=180)
        outcome("429 storm (20 s)", line, sent, config["DATABASE_PATH"])


def restore_while_running(folder: Path) -> None:
    """Try `flask restore` while another process uses the database."""
    with fake_line() as line, fake_slack() as slack:
        config = settings(folder, line.url, slack.url)
        app = create_app(config)
        copy = folder / "backup.sqlite3"
        runner = app.test_cli_runner()
        runner.invoke(args=["backup", str(copy)])
        create_app(config)  # a second process of the service, still running
        result = runner.invoke(args=["restore", str(copy)])
        print(f"{'restore while running':<22} refused: {'the service is running' in result.output}  "
              f"events re-sent 0 (nothing was replaced)")


def full_disk(folder: Path, count: int) -> None:
    """The database on a small tmpfs that fills up, the spool on another filesystem; then space comes back."""
    disk = folder / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        print(f"{'full disk':<22} not run: this machine does not allow mounting a tmpfs")
        return
    try:
        with fake_line() as line, fake_slack() as slack:
            config = settings(folder, line.url, slack.url, DATABASE_PATH=str(disk / "bot.sqlite3"),
                              SPOOL_DIR=str(folder / "spool"))
            app = create_app(config)
            filler = disk / "filler"
            with open(filler, "wb") as handle:  # fill the disk to the last byte
                try:
                    while True:
                        handle.write(b"\0" * 65536)
                        handle.flush()
                except OSError:
                    pass
            sent = events(count)
            statuses = Counter(post(app, raw) for raw in sent)
            health = app.test_client().get("/healthz").status_code
            filler.unlink()
            settle(app)
            print(f"{'full disk':<22} webhooks answered {dict(statuses)}; /healthz while full: {health}")
            outcome("full disk", line, sent, config["DATABASE_PATH"])
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def main() -> None:
    """Run every scenario in its own scratch folder."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bot-chaos-"))
    for name, scenario in (("flood", lambda f: flood(f)), ("kill", lambda f: kill_worker(f, args.events)),
                           ("lock", lambda f: lock_after_send(f, args.events)),
                           ("storm", lambda f: storm(f, args.events // 4)),
                           ("restore", lambda f: restore_while_running(f)),
                           ("disk", lambda f: full_disk(f, args.events // 4))):
        folder = root / name
        folder.mkdir()
        scenario(folder)


if __name__ == "__main__":
    main()
