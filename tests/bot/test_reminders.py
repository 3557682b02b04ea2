"""Walk the clock through the plan with the real senders pointed at the fake LINE and Slack APIs."""

import datetime
import threading
from collections import defaultdict
from contextlib import closing

import pytest

from bot import create_app, services_of
from bot.outbox import GIVE_UP_AFTER, claim, enqueue, from_app, settings_of
from handlers import leaders
from handlers.reminders import due
from tests.bot.line_helpers import SECRET as LINE_SECRET
from tests.bot.line_helpers import TOKEN as LINE_TOKEN
from tests.bot.slack_helpers import SIGNING_SECRET
from tests.bot.slack_helpers import TOKEN as SLACK_TOKEN
from tests.fakes.line_api import MULTICAST, PUSH, fake_line
from tests.fakes.slack_api import calls, fake_slack

D = datetime.date
CITIZEN_DESK, GENERAL, ADMIN, STAFF = "U0SHIMIN01", "U0SOUMU001", "U0ADMIN001", "C0STAFF001"


@pytest.fixture
def world(tmp_path):
    """The app with Slack and LINE on, three leaders and two followers of 1-4-1."""
    with fake_slack() as slack, fake_line() as line:
        app = create_app({
            "TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
            "SLACK_BOT_TOKEN": SLACK_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{slack.url}/api/",
            "LINE_CHANNEL_SECRET": LINE_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": LINE_TOKEN, "LINE_API_BASE_URL": line.url,
            "SLACK_STAFF_CHANNEL": STAFF,
        })
        services = services_of(app)
        with closing(services.db()) as db:
            leaders.add(db, services.kb, CITIZEN_DESK, "市民部", False, "test")
            leaders.add(db, services.kb, GENERAL, "総務部", False, "test")
            leaders.add(db, services.kb, ADMIN, "財政部", True, "test")
            follow(db, ["ref-a", "ref-b"], "1-4-1")
        yield World(app, slack, line)


def follow(db, refs: list[str], measure: str) -> None:
    """Make LINE users follow a measure, as the LINE webhook would."""
    db["line_users"].insert_all([{"user_ref": r, "line_user_id": f"U{r}", "followed_at": "x"} for r in refs],
                                pk="user_ref", ignore=True)
    db["subscriptions"].insert_all([{"channel": "line", "user_ref": r, "measure": measure, "created_at": "x"}
                                    for r in refs], pk=("channel", "user_ref", "measure"), ignore=True)


def report(db, measure: str, day: D, status: str = "実施中") -> None:
    """A progress report made on a given day (as the Slack listeners store them)."""
    db["progress_reports"].insert({"measure": measure, "kind": "report", "status": status, "percent": 50, "note": "",
                                   "step": "", "reporter": GENERAL, "department": "総務部", "via": "command",
                                   "reported_at": f"{day}T10:00:00+09:00", "reported_on": day.isoformat()})


class World:
    """The app, its reminders, and what each fake received on which day."""

    def __init__(self, app, slack, line):
        self.app, self.slack, self.line = app, slack, line
        self.reminders = from_app(app)
        self.inbox: dict[str, list[tuple[D, str]]] = defaultdict(list)

    def db(self):
        """A connection to the app's database."""
        return services_of(self.app).db()

    def run(self, day: D):
        """Run the reminders as the clock would on a day, noting what each Slack recipient got."""
        seen = len(self.slack.received("/api/chat.postMessage"))
        outcome = self.reminders.remind(day)
        for message in calls(self.slack, "chat.postMessage", since=seen):
            self.inbox[message["channel"]].append((day, message["text"]))
        return outcome

    def walk(self, first: D, last: D, on_day=None):
        """Run every day from first to last, calling on_day(day) first."""
        day = first
        while day <= last:
            if on_day:
                on_day(day)
            self.run(day)
            day += datetime.timedelta(days=1)

    def days(self, who: str, words: str) -> list[D]:
        """The days a Slack recipient got a message containing words."""
        return [day for day, text in self.inbox[who] if words in text]


def test_walking_the_whole_plan(world):
    def reports_on(day):
        if day == D(2021, 3, 25):
            with closing(world.db()) as db:
                report(db, "1-4-1", day)
    world.walk(D(2019, 3, 1), D(2023, 5, 31), reports_on)

    wifi_before = world.days(CITIZEN_DESK, "施策 1-4-1「Wi-Fiエリアの拡大」の工程の節目が14日後の 2021-03-31")
    wifi_on_day = world.days(CITIZEN_DESK, "施策 1-4-1「Wi-Fiエリアの拡大」の工程の節目が本日 2021-03-31")
    assert wifi_before == [D(2021, 3, 17)] and wifi_on_day == [D(2021, 3, 31)]
    # 2023-04-01 is a Saturday: nothing that day; a measure ending then is reminded on Monday 2023-04-03 at the latest
    assert all(day.weekday() < 5 for who in world.inbox for day, _ in world.inbox[who])

    # 1-4-1 had no report after 2020-03-31: its leaders are nudged a week later, the office two weeks after that
    assert world.days(CITIZEN_DESK, "施策 1-4-1「Wi-Fiエリアの拡大」は、2020-03-31 の節目") == [D(2020, 4, 7)]
    assert world.days(ADMIN, "【要確認】施策 1-4-1") and world.days(ADMIN, "【要確認】施策 1-4-1")[0] == D(2020, 4, 21)
    assert world.days(STAFF, "【要確認】施策 1-4-1")[0] == D(2020, 4, 21)
    # a report on 2021-03-25 counts for the 2021-03-31 milestone: no nudge then
    assert not world.days(CITIZEN_DESK, "施策 1-4-1「Wi-Fiエリアの拡大」は、2021-03-31 の節目")
    # 環境部 has no leader registered: its reminders go nowhere, the 市民部 leader never hears of 1-2-2
    assert not world.days(CITIZEN_DESK, "施策 1-2-2")

    # the weekly digest goes to the staff channel on the first working day of each week
    digests = world.days(STAFF, "週間ダイジェスト")
    assert D(2021, 3, 15) in digests and D(2020, 5, 7) in digests  # Golden Week 2020: Monday to Wednesday off
    assert len(digests) == len(set(digests))
    march = next(text for day, text in world.inbox[STAFF] if day == D(2021, 3, 15) and "週間ダイジェスト" in text)
    assert "2021-03-31 1-4-1 公共施設へのWi-Fiの整備" in march

    # followers of 1-4-1 heard of its milestones and of the report, by multicast
    pushed = [r.json() for r in world.line.received(MULTICAST)]
    assert all(sorted(p["to"]) == ["Uref-a", "Uref-b"] for p in pushed)
    texts = [p["messages"][0]["text"] for p in pushed]
    assert any("進捗の報告がありました：実施中 50%" in t for t in texts)
    assert any("工程の節目を迎えました（2021年3月31日）" in t for t in texts)

    # every notification was delivered exactly once, in one message per person per day
    with closing(world.db()) as db:
        rows = list(db["deliveries"].rows)
    assert {row["status"] for row in rows} == {"sent"}
    slack_rows = [row for row in rows if row["channel"] == "slack"]
    per_day = {(row["recipient"], row["send_on"]) for row in slack_rows}
    assert len(calls(world.slack, "chat.postMessage")) == len(per_day) < len(slack_rows)
    assert len({row["key"] for row in rows}) == len(rows)
    for who in world.inbox:
        days = [day for day, _ in world.inbox[who]]
        assert len(days) == len(set(days)), who


def test_running_the_same_day_twice_sends_nothing_more(world):
    first = world.run(D(2021, 3, 17))
    again = world.run(D(2021, 3, 17))
    assert first.sent > 0 and again.sent == 0 and again.skipped == again.due


def test_two_runs_at_once_send_each_notice_once(world):
    day = D(2021, 3, 31)
    runs = [threading.Thread(target=world.reminders.remind, args=(day,)) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    with closing(world.db()) as db:
        expected = len(due(db, services_of(world.app).kb, day, settings_of(services_of(world.app).settings)))
        sent = db["deliveries"].count_where("status = 'sent'")
    slack_sent = sum(notices_in(message) for message in calls(world.slack, "chat.postMessage"))
    assert sent == expected == slack_sent + line_notices(world.line)


def line_notices(line) -> int:
    """How many follower notices LINE delivered: a push or a multicast may carry several to each of its people
    (which of the two, and how they group, depends on how two concurrent runs split the queue)."""
    delivered = 0
    for request in line.received(MULTICAST) + line.received(PUSH):
        body = request.json()
        people = len(body["to"]) if isinstance(body["to"], list) else 1
        delivered += people * sum(m["text"].count("フォロー中の施策") for m in body["messages"])
    return delivered


def notices_in(message: dict) -> int:
    """How many notices one Slack message carries (several are listed under 「お知らせがN件あります。」)."""
    heading = message["blocks"][0]["text"]["text"]
    return int(heading.split("お知らせが")[1].split("件")[0]) if "お知らせが" in heading else 1


def test_a_failed_send_is_retried_on_the_next_run(world):
    world.slack.then("/api/chat.postMessage", 500, {"ok": False, "error": "internal_error"})
    first = world.run(D(2021, 3, 17))
    with closing(world.db()) as db:  # one message failed: every notice it carried, for one recipient
        failed = db.execute("select distinct recipient from deliveries where status = 'failed'").fetchall()
    assert first.failed >= 1 and len(failed) == 1
    with closing(world.db()) as db:  # the wait before the next attempt has passed
        db.execute("update deliveries set next_attempt_at = '2000-01-01' where status = 'failed'")
        db.conn.commit()
    second = world.run(D(2021, 3, 18))
    assert second.sent >= 1 and second.failed == 0
    with closing(world.db()) as db:
        assert db["deliveries"].count_where("status != 'sent'") == 0


def test_a_run_that_died_half_way_is_finished_by_the_next(world):
    day = D(2021, 3, 17)
    with closing(world.db()) as db:
        notices = due(db, services_of(world.app).kb, day, settings_of(services_of(world.app).settings))
        enqueue(db, notices[:1])
        assert claim(db, [notices[0].key])  # claimed, then the process died before sending
        db.execute("update deliveries set claimed_at = '2000-01-01T00:00:00+00:00'")
        db.conn.commit()
    outcome = world.run(day)
    assert outcome.sent == len(notices)


def test_followers_get_multicasts_in_batches_of_500_with_a_retry_key_each(world):
    with closing(world.db()) as db:
        follow(db, [f"ref-{n:04d}" for n in range(600)], "3-3")
        report(db, "3-3", D(2021, 6, 1))
    world.run(D(2021, 6, 1))
    batches = [r for r in world.line.received(MULTICAST) if "3-3" in r.json()["messages"][0]["text"]]
    assert sorted(len(b.json()["to"]) for b in batches) == [100, 500]
    keys = {b.headers["X-Line-Retry-Key"] for b in batches}
    assert len(keys) == 2


def test_dry_run_prints_and_sends_nothing(world):
    result = world.app.test_cli_runner().invoke(args=["remind", "--now", "2021-03-17", "--dry-run"])
    assert result.exit_code == 0
    assert "before" in result.output and "1-4-1" in result.output and "(dry run)" in result.output
    assert calls(world.slack, "chat.postMessage") == []
    assert "ref-a" not in result.output


def test_the_remind_command_sends(world):
    result = world.app.test_cli_runner().invoke(args=["remind", "--now", "2021-03-17"])
    assert result.exit_code == 0 and "2021-03-17: due" in result.output
    assert calls(world.slack, "chat.postMessage")
    button = calls(world.slack, "chat.postMessage")[0]["blocks"][-1]["elements"][0]
    assert button["action_id"] == "open_progress_form"


def test_nothing_is_sent_on_a_holiday(world):
    assert world.run(D(2020, 5, 4)).due == 0  # みどりの日


def test_a_leader_due_for_many_milestones_gets_one_message_listing_them_all(world):
    world.run(D(2021, 3, 31))
    to_general = [m for m in calls(world.slack, "chat.postMessage") if m["channel"] == GENERAL]
    assert len(to_general) == 1
    message = to_general[0]
    listed = notices_in(message)
    assert listed > 1 and message["text"].startswith(f"お知らせが{listed}件あります。")
    buttons = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert len(buttons) == listed and all(b["action_id"] == "open_progress_form" for b in buttons)
    assert len(message["blocks"]) <= 50


def test_a_follower_of_several_measures_gets_one_message_a_day(world):
    with closing(world.db()) as db:
        follow(db, ["ref-a"], "1-2-1")
        report(db, "1-4-1", D(2021, 6, 1))
        report(db, "1-2-1", D(2021, 6, 1))
    world.run(D(2021, 6, 1))
    to_a = [r.json() for r in world.line.received(MULTICAST) + world.line.received(PUSH) if "Uref-a" in r.json()["to"]]
    assert len(to_a) == 1
    text = to_a[0]["messages"][0]["text"]
    assert "施策 1-4-1" in text and "施策 1-2-1" in text


def test_a_notice_that_keeps_failing_waits_longer_each_time_then_is_given_up_loudly(world, caplog):
    day = D(2021, 3, 17)
    outbox = world.reminders
    with closing(world.db()) as db:
        notices = due(db, services_of(world.app).kb, day, settings_of(services_of(world.app).settings))[:1]
        enqueue(db, notices)
        waits = []
        for attempt in range(GIVE_UP_AFTER):
            world.slack.then("/api/chat.postMessage", 500, {"ok": False, "error": "internal_error"})
            db.execute("update deliveries set next_attempt_at = '2000-01-01' where status = 'failed'")
            db.conn.commit()
            outbox.flush(db)
            row = db["deliveries"].get(notices[0].key)
            waits.append(datetime.datetime.fromisoformat(row["next_attempt_at"]))
        assert row["status"] == "dead" and row["attempts"] == GIVE_UP_AFTER
        assert outbox.flush(db).sent == 0  # a dead notice is not tried again
    gaps = [later - earlier for earlier, later in zip(waits, waits[1:])]
    assert all(gap > datetime.timedelta(seconds=30) for gap in gaps)
    assert "gave up on a" in caplog.text


def test_slack_rate_limits_are_waited_out_not_lost(world):
    world.slack.then("/api/chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})
    outcome = world.run(D(2021, 3, 17))
    assert outcome.failed == 0 and outcome.sent == outcome.due


def test_the_digest_says_how_many_line_messages_are_parked(world):
    with closing(world.db()) as db:
        db["line_events"].insert({"event_id": "ev-parked", "user_ref": "r", "payload": "{}", "status": "dead",
                                  "attempts": 10, "received_at": "2021-03-10T00:00:00+00:00", "updated_at": ""})
        db.conn.commit()
    world.run(D(2021, 3, 15))
    digest = next(text for day, text in world.inbox[STAFF] if "週間ダイジェスト" in text)
    assert "止まっている LINE のメッセージ：1件" in digest
