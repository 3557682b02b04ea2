"""Load benchmark: gunicorn serving the bot, fake LINE and Slack APIs, wrk sending signed requests.

    .venv/bin/python benchmarks/load.py [--seconds 60] [--connections 6] [--workers 2] [--burst-rate 300]

Three phases, each printing its figures:
1. mixed: signed LINE webhooks and Slack events for --seconds, with repeats; throughput, latency, effects
   duplicated or lost, and how fast one `bot.worker` process answers;
2. yardstick: LINE webhooks only, for --compare-seconds, to the bot and then to a bare line-bot-sdk echo bot
   (benchmarks/echo_bot.py) under the same gunicorn and wrk: the bot's throughput as a share of the echo bot's;
3. burst: --burst-rate webhooks a second for --burst-seconds from a paced sender, against a fake LINE whose
   reply tokens expire after a minute (and which answers after --line-latency milliseconds): the share of answers sent with the reply token (not a push) and the
   time from receipt to send.

Needs wrk (Debian: apt-get install wrk). Starts the fakes on 127.0.0.1, starts gunicorn with the bot pointed
at them (and, as the Procfile does, `python -m bot.worker` to handle the recorded LINE events), sends pre-signed LINE webhooks and Slack events (10% of them repeated deliveries), waits for the
background work to finish, and prints throughput, latency, errors, and how many effects were duplicated or lost.
Only 127.0.0.1 is contacted; the run is bounded by --seconds.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bot.line_helpers import SECRET, TOKEN, sign  # noqa: E402
from tests.bot.slack_helpers import SIGNING_SECRET, signature  # noqa: E402
from tests.bot.slack_helpers import TOKEN as SLACK_TOKEN  # noqa: E402
from tests.fakes.line_api import REPLY, fake_line  # noqa: E402
from tests.fakes.server import FakeServer  # noqa: E402
from tests.fakes.slack_api import fake_slack  # noqa: E402

QUESTIONS = ["オープンデータとは", "わいふぁい使えるとこある？", "マイナンバーカードでコンビニで住民票とれる？", "BCPって何",
             "電子申請を増やしてほしい", "What is RPA?", "指針の対象期間は", "防災メールは届く？", "データ", "こんにちは"]
REPEAT_SHARE = 0.10
TOKEN_LIFETIME = 60  # seconds: LINE asks for the reply token to be used within one minute
SENDER_THREADS = 12
LUA = """
local requests = dofile("%(data)s")
threads, counter, id, made = {}, 0, 0, 0
function setup(thread) made = made + 1; thread:set("id", made); table.insert(threads, thread) end
function init(args) counter = 0 end
function request()
  local n = #requests
  local index = (counter * %(threads)d + id - 1) %% n + 1
  counter = counter + 1
  local r = requests[index]
  return wrk.format("POST", r[1], r[2], r[3])
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do io.write(string.format("SENT %%d %%d\\n", t:get("id"), t:get("counter"))) end
  io.write(string.format("LAT %%d %%d %%d\\n", latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def lua_string(text: str) -> str:
    """A Lua long-bracket string literal."""
    return "[==[" + text + "]==]"


def line_body(n: int, token_prefix: str = "rt-") -> tuple[bytes, str]:
    """A LINE webhook with one text event, and its reply token (a burst's users are all different)."""
    token = f"{token_prefix}{n}"
    user = n if token_prefix == "bt-" else n % 2000
    event = {"type": "message", "mode": "active", "timestamp": 1700000000000 + n,
             "source": {"type": "user", "userId": f"U{user:032x}"}, "webhookEventId": f"01LOAD{n:020d}",
             "deliveryContext": {"isRedelivery": False}, "replyToken": token,
             "message": {"id": str(n), "type": "text", "text": QUESTIONS[n % len(QUESTIONS)], "quoteToken": "q"}}
    return json.dumps({"destination": "Ubot", "events": [event]}, ensure_ascii=False).encode(), token


def slack_body(n: int, timestamp: str) -> tuple[bytes, str]:
    """A signed Slack DM event callback, and the DM channel it answers in."""
    channel = f"DLOAD{n:08d}"
    body = {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": f"EvLOAD{n:010d}",
            "event_time": int(timestamp), "event": {"type": "message", "channel_type": "im", "channel": channel,
                                                    "user": f"U{n % 500:08d}", "text": QUESTIONS[n % len(QUESTIONS)],
                                                    "ts": f"{timestamp}.{n:06d}"}}
    return json.dumps(body, ensure_ascii=False).encode(), channel


def build_requests(count: int, kind: str, seed: int = 3) -> list[tuple]:
    """Pre-signed requests of one platform; about 10% repeat an earlier one.

    Each is (path, headers, body, kind, effect key, repeat).
    """
    rng = random.Random(seed)
    timestamp = str(int(time.time()))
    made: list = []
    originals = 0
    while len(made) < count:
        if made and rng.random() < REPEAT_SHARE:
            path, headers, body, kind, key, _ = rng.choice(made)
            made.append((path, headers, body, kind, key, True))
            continue
        originals += 1
        if kind == "slack":
            body, key = slack_body(originals, timestamp)
            headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp,
                       "X-Slack-Signature": signature(body, timestamp)}
            made.append(("/slack/events", headers, body, "slack", key, False))
        else:
            body, key = line_body(originals)
            made.append(("/callback", {"Content-Type": "application/json", "X-Line-Signature": sign(body)}, body,
                         "line", key, False))
    return made


def write_lua(folder: Path, name: str, requests: list, threads: int) -> Path:
    """A wrk script and its data file."""
    data = folder / f"{name}-requests.lua"
    rows = []
    for path, headers, body, *_ in requests:
        header_table = ", ".join(f"[ {lua_string(k)} ] = {lua_string(v)}" for k, v in headers.items())
        rows.append(f"{{{lua_string(path)}, {{{header_table}}}, {lua_string(body.decode())}}}")
    # LuaJIT allows about 65,000 constants per function: load the rows in chunks of 2,000.
    chunks = [rows[i:i + 2000] for i in range(0, len(rows), 2000)]
    parts = ["local t = {}"] + [
        "do local function add()\n" + "\n".join(f"t[#t + 1] = {row}" for row in chunk) + "\nend add() end"
        for chunk in chunks]
    data.write_text("\n".join(parts) + "\nreturn t\n", encoding="utf-8")
    script = folder / f"{name}.lua"
    script.write_text(LUA % {"data": data, "threads": threads}, encoding="utf-8")
    return script


def wait_for(url: str, seconds: float = 30) -> None:
    """Wait until the app answers /healthz."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the app did not start at {url}")


def answered(database: Path) -> int:
    """How many LINE events have been answered so far."""
    conn = sqlite3.connect(database)
    try:
        return conn.execute("select count(*) from line_events where status = 'done'").fetchone()[0]
    finally:
        conn.close()


def settle(database: Path, seconds: float = 600) -> int:
    """Wait until no LINE event is left pending; return how many are still not done."""
    deadline = time.monotonic() + seconds
    left = -1
    while time.monotonic() < deadline:
        conn = sqlite3.connect(database)
        left = conn.execute("select count(*) from line_events where status != 'done'").fetchone()[0]
        conn.close()
        if left == 0:
            return 0
        time.sleep(0.5)
    return left


def bot_environment(database: Path, line_url: str, slack_url: str, event_workers: int) -> dict:
    """The bot's settings for a run: the fakes, a scratch database, a high rate limit."""
    return {**os.environ, "DATABASE_PATH": str(database), "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_BASE_URL": line_url, "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{slack_url}/api/", "LOG_LEVEL": "WARNING",
            "RATE_LIMIT_PER_MINUTE": "100000", "LINE_EVENT_WORKER": "process" if event_workers else "thread"}


@contextlib.contextmanager
def served(app: str, env: dict, workers: int, event_workers: int):
    """gunicorn serving an app (and `bot.worker` processes beside it); yields the base URL."""
    port = 18000 + (os.getpid() + int(time.time())) % 1000
    processes = [subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "gthread", "--threads", "8",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app], cwd=ROOT, env=env)]
    processes += [subprocess.Popen([sys.executable, "-m", "bot.worker"], cwd=ROOT, env=env)
                  for _ in range(event_workers)]
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(30)


def run_wrk(url: str, script: Path, threads: int, connections: int, seconds: int) -> subprocess.Popen:
    """Start wrk with a script for a number of seconds."""
    return subprocess.Popen(["wrk", "-t", str(threads), "-c", str(max(connections, threads)), "-d", f"{seconds}s",
                             "--timeout", "5s", "-s", str(script), "--latency", url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def mixed(args, folder: Path) -> float:
    """Phase 1: LINE and Slack together, with repeats; return the LINE webhooks accepted per second."""
    database = folder / "mixed.sqlite3"
    plan = {"line": (build_requests(args.requests, "line"), args.connections),
            "slack": (build_requests(args.requests // 4, "slack"), args.slack_connections)}
    threads = {"line": args.threads, "slack": 1}
    scripts = {name: write_lua(folder, name, requests, threads[name]) for name, (requests, _) in plan.items()}
    with fake_line() as line, fake_slack() as slack:
        env = bot_environment(database, line.url, slack.url, args.event_workers)
        with served("bot:create_app()", env, args.workers, args.event_workers) as url:
            started = time.monotonic()
            runs = {name: run_wrk(url, scripts[name], threads[name], connections, args.seconds)
                    for name, (_, connections) in plan.items() if connections}
            outputs = {name: run.communicate(timeout=args.seconds + 60)[0] for name, run in runs.items()}
            elapsed = time.monotonic() - started
            during = answered(database)
            left = settle(database)
            handled = time.monotonic() - started
        for name, output in outputs.items():
            if "LAT" not in output:
                raise SystemExit(f"wrk ({name}) failed:\n{output}")
        sent = {name: sent_requests(outputs[name], plan[name][0], threads[name]) for name in outputs}
        for name in outputs:
            report_latency(name, outputs[name], sent[name], elapsed)
        report_effects(sent, line, slack, left)
    events = len({r[4] for r in sent.get("line", [])})
    print(f"all LINE events answered {handled:.0f} s after the start: {events / handled:.0f} answers/s "
          f"by {args.event_workers or 'in-process'} event worker(s); {during / elapsed:.0f}/s while the webhooks "
          f"came (sharing the cores with gunicorn and wrk), {(events - during) / (handled - elapsed):.0f}/s after")
    return len(sent.get("line", [])) / elapsed


def yardstick(args, folder: Path) -> None:
    """Phase 2: LINE webhooks only, to the bot and to a bare echo bot, under the same gunicorn and wrk."""
    requests = build_requests(args.requests, "line", seed=5)
    script = write_lua(folder, "yardstick", requests, args.threads)
    rates = {}
    for name, app in (("bot", "bot:create_app()"), ("echo bot", "benchmarks.echo_bot:create_app()")):
        with fake_line() as line, fake_slack() as slack:
            env = bot_environment(folder / f"yardstick-{name[:3]}.sqlite3", line.url, slack.url, args.event_workers)
            with served(app, env, args.workers, args.event_workers if name == "bot" else 0) as url:
                output = run_wrk(url, script, args.threads, args.connections, args.compare_seconds).communicate(
                    timeout=args.compare_seconds + 60)[0]
        if "LAT" not in output:
            raise SystemExit(f"wrk ({name}) failed:\n{output}")
        sent = sent_requests(output, requests, args.threads)
        rates[name] = len(sent) / args.compare_seconds
        report_latency(name, output, sent, args.compare_seconds)
    print(f"webhooks accepted: the bot {rates['bot']:.0f}/s, a bare line-bot-sdk echo bot {rates['echo bot']:.0f}/s"
          f" = {rates['bot'] / rates['echo bot']:.2f}x")


def burst(args, folder: Path) -> None:
    """Phase 3: a paced burst; how many answers use the reply token, and how soon after receipt they go out."""
    issued: dict[str, float] = {}
    sent_at: dict[str, tuple[str, float]] = {}
    duplicates = Counter()
    guard = threading.Lock()

    def answer(fake, recorded):
        """LINE's reply and push endpoints, with reply tokens that expire after TOKEN_LIFETIME seconds, answering
        after --line-latency."""
        now = time.time()
        if args.line_latency:  # even sleep(0) hands this busy process's interpreter to another thread
            time.sleep(args.line_latency / 1000)
        body = recorded.json()
        token = body.get("replyToken") if recorded.path == REPLY else "bt-" + str(int(body.get("to", "U0")[1:], 16))
        if recorded.path == REPLY and now - issued.get(token, now) > TOKEN_LIFETIME:
            return 400, {"message": "Invalid reply token"}, {}
        with guard:
            if token in sent_at:
                duplicates[recorded.path] += 1
            else:
                sent_at[token] = (recorded.path, now)
        return 200, {"sentMessages": [{"id": "1", "quoteToken": "q"}]}, {}

    database = folder / "burst.sqlite3"
    total = args.burst_rate * args.burst_seconds
    with FakeServer(answer) as line, fake_slack() as slack:
        env = bot_environment(database, line.url, slack.url, args.event_workers)
        with served("bot:create_app()", env, args.workers, args.event_workers) as url:
            refused = paced(url, args.burst_rate, total, issued)
            left = settle(database)
    replies = sum(1 for path, _ in sent_at.values() if path == REPLY)
    delays = sorted(at - issued[token] for token, (_, at) in sent_at.items())
    p50, p99 = (delays[int(share * (len(delays) - 1))] if delays else float("nan") for share in (0.5, 0.99))
    print(f"burst: {total} webhooks at {args.burst_rate}/s; {refused} refused; answered {len(sent_at)} "
          f"({replies / max(len(sent_at), 1):.1%} with the reply token, {len(sent_at) - replies} pushed), "
          f"duplicated {sum(duplicates.values())}, lost {total - refused - len(sent_at)}, pending {left}; "
          f"receipt to send p50 {p50:.2f} s, p99 {p99:.2f} s")


def paced(url: str, rate: int, total: int, issued: dict[str, float]) -> int:
    """Send `total` signed webhooks at `rate` a second from a few keep-alive connections; return how many failed."""
    host, port = url.removeprefix("http://").split(":")
    start = time.monotonic() + 0.5
    failures = Counter()

    def send(first: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        for n in range(first, total, SENDER_THREADS):
            body, token = line_body(n, token_prefix="bt-")
            time.sleep(max(0.0, start + n / rate - time.monotonic()))
            issued[token] = time.time()
            try:
                connection.request("POST", "/callback", body, {"Content-Type": "application/json",
                                                               "X-Line-Signature": sign(body)})
                response = connection.getresponse()
                response.read()
                failures["refused"] += response.status != 200
            except OSError:
                failures["refused"] += 1
                connection = http.client.HTTPConnection(host, int(port), timeout=10)

    senders = [threading.Thread(target=send, args=(k,)) for k in range(SENDER_THREADS)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    return failures["refused"]


def main() -> None:
    """Run the phases and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=6, help="LINE connections")
    parser.add_argument("--slack-connections", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--event-workers", type=int, default=1, help="`python -m bot.worker` processes (0: in-process)")
    parser.add_argument("--requests", type=int, default=120000, help="pre-signed requests to cycle through")
    parser.add_argument("--compare-seconds", type=int, default=30, help="phase 2 length for each app (0: skip)")
    parser.add_argument("--burst-rate", type=int, default=300, help="phase 3 webhooks a second (0: skip)")
    parser.add_argument("--burst-seconds", type=int, default=60)
    parser.add_argument("--line-latency", type=float, default=0.0,
                        help="phase 3: milliseconds the fake LINE API takes to answer, as the real one does")
    parser.add_argument("--phases", default="mixed,yardstick,burst")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    folder = Path(tempfile.mkdtemp(prefix="bot-load-"))
    phases = args.phases.split(",")
    if "mixed" in phases:
        mixed(args, folder)
    if "yardstick" in phases and args.compare_seconds:
        yardstick(args, folder)
    if "burst" in phases and args.burst_rate:
        burst(args, folder)


def sent_requests(output: str, requests: list, threads: int) -> list[tuple]:
    """The requests wrk actually sent, from the per-thread counters its script printed."""
    counts = {int(t): int(c) for t, c in re.findall(r"SENT (\d+) (\d+)", output)}
    return [requests[(c * threads + t - 1) % len(requests)] for t, count in counts.items() for c in range(count)]


def report_latency(name: str, output: str, sent: list, elapsed: float) -> None:
    """Throughput, latency and errors as wrk measured them for one platform."""
    p50, p99, peak = (int(v) / 1000 for v in re.search(r"LAT (\d+) (\d+) (\d+)", output).groups())
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: (.*)", output)
    repeated = sum(1 for r in sent if r[5]) + len(sent) - len({id(r) for r in sent})
    print(f"{name:>5}: {len(sent)} requests in {elapsed:.1f} s = {len(sent) / elapsed:.0f} req/s "
          f"({repeated} repeated deliveries); latency p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {peak:.1f} ms; "
          f"errors: non-2xx {errors.group(1) if errors else 0}, socket {socket.group(1) if socket else 'none'}")


def report_effects(sent: dict, line, slack, left: int) -> None:
    """Count each event's effect at the fakes: one reply per LINE event, one post per Slack event."""
    replies = Counter(r.json().get("replyToken") for r in line.received(REPLY))
    posts = Counter(r.json().get("channel") for r in slack.received("/api/chat.postMessage"))
    line_keys = {r[4] for r in sent.get("line", [])}
    slack_keys = {r[4] for r in sent.get("slack", [])}
    duplicated = sum(n - 1 for n in replies.values() if n > 1) + sum(n - 1 for n in posts.values() if n > 1)
    missing = sorted((line_keys - set(replies)) | (slack_keys - set(posts)))
    print(f"effects: {len(line_keys)} LINE and {len(slack_keys)} Slack events; duplicated {duplicated}, "
          f"lost {len(missing)}, still pending after settling {left}"
          + (f" (lost: {', '.join(missing[:5])})" if missing else ""))


if __name__ == "__main__":
    main()
