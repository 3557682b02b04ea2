"""Deliver every Notice exactly once: queue it, claim it, send it, mark it; retry with backoff; give up loudly.

Whatever the notice (a reminder, a nudge, the digest, an inbox post, a staff answer to a citizen or news for
followers), it is queued in the `deliveries` table under its key, so a notice computed twice is queued once.
A recipient gets one message per run for everything due to them, not one message per notice.
"""

import datetime
import json
import logging
import threading
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass

import sqlite_utils

from bot.background import TrackedPool
from bot.config import Settings
from bot.platform_limits import SLACK_BLOCKS
from handlers import clock, inbox, reminders, storage
from handlers.messages import Notice

log = logging.getLogger(__name__)
LEASE = datetime.timedelta(minutes=10)  # a claim older than this was left by a run that died
FIRST_RETRY = datetime.timedelta(minutes=1)  # then 2, 4, 8 … minutes
GIVE_UP_AFTER = 8  # attempts
MULTICAST_LIMIT = 500


@dataclass
class Outcome:
    """What a run did."""

    due: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # already sent, being sent by another run, or its channel is off


def enqueue(db: sqlite_utils.Database, notices: list[Notice]) -> None:
    """Queue notices under their keys; a key already queued or sent is left alone."""
    at = clock.utc_stamp()
    with db.conn:
        db.conn.executemany(
            "insert or ignore into deliveries (key, kind, measure, step, milestone, channel, recipient, send_on,"
            " status, attempts, payload, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)",
            [(n.key, n.kind, n.measure, n.step, n.milestone, n.channel, n.recipient, n.send_on.isoformat(),
              json.dumps({"text": n.text, "extra": n.extra}, ensure_ascii=False), at) for n in notices])


def claim(db: sqlite_utils.Database, keys: list[str] | None = None) -> list[Notice]:
    """Take queued, retryable or abandoned notices (all, or those keys) for this run."""
    at = clock.now()
    ready = ("(status in ('queued', 'failed') and next_attempt_at <= ?) or (status = 'claimed' and claimed_at < ?)")
    args = [clock.utc_stamp(at), clock.utc_stamp(at - LEASE)]
    rows = storage.records(db, f"select * from deliveries where {ready} order by rowid", args)
    wanted = set(keys) if keys is not None else None
    taken = []
    for row in rows:
        if wanted is not None and row["key"] not in wanted:
            continue
        with db.conn:
            won = db.execute(f"update deliveries set status = 'claimed', claimed_at = ? where key = ? and ({ready})",
                             [clock.utc_stamp(at), row["key"], *args]).rowcount
        if won:
            taken.append(notice_of(row))
    return taken


def notice_of(row: dict) -> Notice:
    """The notice a delivery row holds."""
    payload = json.loads(row["payload"] or "{}")
    return Notice(row["kind"], row["measure"], row["step"], row["milestone"], row["recipient"], row["channel"],
                  datetime.date.fromisoformat(row["send_on"]), payload.get("text", ""), payload.get("extra", {}))


def mark_sent(db: sqlite_utils.Database, notices: list[Notice]) -> None:
    """Mark notices delivered."""
    at = clock.utc_stamp()
    with db.conn:
        db.conn.executemany("update deliveries set status = 'sent', sent_at = ?, attempts = attempts + 1 where key = ?",
                       [(at, n.key) for n in notices])


def mark_failed(db: sqlite_utils.Database, notices: list[Notice]) -> None:
    """Schedule another attempt after a doubling wait, or give up (loudly) after GIVE_UP_AFTER attempts."""
    at = clock.now()
    with db.conn:
        for notice in notices:
            attempts = db.execute("select attempts from deliveries where key = ?", [notice.key]).fetchone()[0] + 1
            status = "dead" if attempts >= GIVE_UP_AFTER else "failed"
            retry_at = at + FIRST_RETRY * 2 ** (attempts - 1)
            db.execute("update deliveries set status = ?, attempts = ?, next_attempt_at = ? where key = ?",
                       [status, attempts, clock.utc_stamp(retry_at), notice.key])
            if status == "dead":
                log.error("gave up on a %s notice after %d attempts (%s)", notice.kind, attempts, notice.channel)


class Outbox:
    """Sends queued notices with the real SDK clients; `handlers` decides who is told what."""

    def __init__(self, services, slack_client=None, line_sender=None):
        self.services = services
        self.slack = slack_client
        self.line = line_sender
        self.pool = TrackedPool(2, "outbox")
        self.flushing = threading.Lock()
        self.staff_round = threading.Lock()
        self.staff_round_queued = False  # a tell_staff queued and not yet started reads every question before it

    def deliver(self, notices: list[Notice]) -> Outcome:
        """Queue notices and send them (with anything else waiting); count what happened to these."""
        with closing(self.services.db()) as db:
            enqueue(db, notices)
            return self.flush(db, [n.key for n in notices])

    def flush(self, db: sqlite_utils.Database, keys: list[str] | None = None) -> Outcome:
        """Send everything ready (or only those keys); one message per recipient."""
        outcome = Outcome(due=len(keys) if keys is not None else 0)
        claimed = claim(db, keys)
        by_channel = {"slack": (self.slack, self.send_slack), "line": (self.line, self.send_line)}
        for channel, (client, send) in by_channel.items():
            mine = [n for n in claimed if n.channel == channel]
            if mine and client is None:
                log.warning("%s is off: %d notices wait", channel, len(mine))
                release(db, mine)
                continue
            if mine:
                send(db, mine, outcome)
        if keys is not None:
            outcome.skipped = outcome.due - outcome.sent - outcome.failed
        return outcome

    def send_slack(self, db: sqlite_utils.Database, notices: list[Notice], outcome: Outcome) -> None:
        """One chat.postMessage per recipient, listing all of their notices."""
        from slack_sdk.errors import SlackApiError

        from bot.slack.blocks import notice_message

        for recipient, theirs in grouped(notices).items():
            theirs = [n for n in theirs if self.still_wanted(db, n)]
            drawn = {n.key: self.drawn(db, n) for n in theirs}
            for batch in in_pieces(theirs, lambda n: len(drawn[n.key][1]), SLACK_BLOCKS):
                text, blocks = notice_message([drawn[n.key] for n in batch])
                try:
                    self.slack.chat_postMessage(channel=recipient, text=text, blocks=blocks)
                except (SlackApiError, OSError) as error:
                    log.warning("slack notice failed (%s); retried later", type(error).__name__)
                    mark_failed(db, batch)
                    outcome.failed += len(batch)
                    continue
                mark_sent(db, batch)
                outcome.sent += len(batch)

    def drawn(self, db: sqlite_utils.Database, notice: Notice) -> tuple[str, list[dict]]:
        """A notice's escaped text and blocks: an inbox group with its buttons, or the text with a report button."""
        from bot.slack.blocks import escape, inbox_blocks, reminder_blocks

        if notice.kind == "inbox":
            blocks, text = inbox_blocks(db["inbox_groups"].get(notice.extra["group"]))
            return text, blocks
        return escape(notice.text), reminder_blocks(notice.text, notice.extra.get("button"))

    def still_wanted(self, db: sqlite_utils.Database, notice: Notice) -> bool:
        """Drop an inbox post whose group was answered or removed before it went out."""
        if notice.kind != "inbox":
            return True
        rows = db.execute("select status from inbox_groups where id = ?", [notice.extra["group"]]).fetchall()
        if rows and rows[0][0] == inbox.OPEN:
            return True
        mark_sent(db, [notice])  # nothing to say any more
        return False

    def send_line(self, db: sqlite_utils.Database, notices: list[Notice], outcome: Outcome) -> None:
        """One message per follower; followers with the same message share multicasts of at most 500."""
        from bot.line.render import plain
        from bot.line.sender import retry_key

        ids = line_user_ids(db, sorted({n.recipient for n in notices}))
        gone = [n for n in notices if n.recipient not in ids]
        mark_sent(db, gone)  # unfollowed: nobody to tell
        by_text: dict[str, list[list[Notice]]] = defaultdict(list)
        for recipient, theirs in grouped([n for n in notices if n.recipient in ids]).items():
            by_text["\n\n".join(n.text for n in theirs)].append(theirs)
        for text, people in by_text.items():
            for start in range(0, len(people), MULTICAST_LIMIT):
                chunk = people[start:start + MULTICAST_LIMIT]
                batch = [n for theirs in chunk for n in theirs]
                key = retry_key("notice", *sorted(n.key for n in batch))
                to = [ids[theirs[0].recipient] for theirs in chunk]
                result = (self.line.push(to[0], plain(text), key) if len(to) == 1
                          else self.line.multicast(to, plain(text), key))
                (mark_sent if result.ok else mark_failed)(db, batch)
                if result.ok:
                    outcome.sent += len(batch)
                else:
                    outcome.failed += len(batch)

    def remind(self, today: datetime.date, dry_run: bool = False, echo=print) -> Outcome:
        """Send (or, dry, print) every reminder, nudge, digest and follower news due by today."""
        with closing(self.services.db()) as db:
            notices = reminders.due(db, self.services.kb, today, settings_of(self.services.settings))
        if dry_run:
            for notice in notices:
                echo(describe(notice))
            return Outcome(due=len(notices))
        outcome = self.deliver(notices)
        log.info("reminders %s: due=%d sent=%d failed=%d skipped=%d", today, outcome.due, outcome.sent,
                 outcome.failed, outcome.skipped)
        return outcome

    def tell_staff_soon(self) -> None:
        """Post any new unanswered questions, and anything else waiting, in the background: one round queued at most."""
        if self.slack is None:
            return
        with self.staff_round:
            if self.staff_round_queued:
                return  # the queued round has not read the database yet: it will see this question too
            self.staff_round_queued = True
        self.pool.submit(self.queued_tell_staff)

    def queued_tell_staff(self) -> None:
        """Start the queued round: a question asked from now on queues the next one."""
        with self.staff_round:
            self.staff_round_queued = False
        self.tell_staff()

    def tell_staff(self) -> int:
        """Queue a notice of each new unanswered question to the staff channel and its leaders, then send."""
        with self.flushing, closing(self.services.db()) as db:
            settings = self.services.settings
            notices, groups = inbox.new_question_notices(db, self.services.kb, settings.SLACK_STAFF_CHANNEL,
                                                         self.services.today(), settings.INBOX_NOTICES_PER_HOUR)
            enqueue(db, notices)
            inbox.mark_notified(db, groups)
            self.flush(db)
        return len(groups)


def release(db: sqlite_utils.Database, notices: list[Notice]) -> None:
    """Put claimed notices back in the queue untouched (their channel is off)."""
    with db.conn:
        db.conn.executemany("update deliveries set status = 'queued' where key = ?", [(n.key,) for n in notices])


def grouped(notices: list[Notice]) -> dict[str, list[Notice]]:
    """Notices by recipient, in order."""
    groups: dict[str, list[Notice]] = defaultdict(list)
    for notice in notices:
        groups[notice.recipient].append(notice)
    return groups


def in_pieces(items: list, size, limit: int) -> list[list]:
    """Split items into runs whose sizes add up to at most limit (an item larger than limit goes alone)."""
    pieces, current, used = [], [], 0
    for item in items:
        weight = size(item) + 1  # a divider between notices
        if current and used + weight > limit:
            pieces.append(current)
            current, used = [], 0
        current.append(item)
        used += weight
    return pieces + ([current] if current else [])


def line_user_ids(db: sqlite_utils.Database, refs: list[str]) -> dict[str, str]:
    """Raw LINE IDs by user reference, for users who still follow the account."""
    found = {}
    for start in range(0, len(refs), MULTICAST_LIMIT):
        part = refs[start:start + MULTICAST_LIMIT]
        marks = ",".join("?" * len(part))
        found.update(db.execute(f"select user_ref, line_user_id from line_users where user_ref in ({marks})", part))
    return found


def settings_of(settings: Settings) -> reminders.Settings:
    """Reminder settings from the app's configuration."""
    return reminders.Settings(
        days_before=settings.REMINDER_DAYS_BEFORE, stale_grace=settings.STALE_GRACE_DAYS,
        escalate_after=settings.ESCALATE_AFTER_DAYS, digest_weekday=settings.DIGEST_WEEKDAY,
        staff_channel=settings.SLACK_STAFF_CHANNEL,
    )


def describe(notice: Notice) -> str:
    """One line for --dry-run (no LINE user references shown in full)."""
    who = notice.recipient if notice.channel == "slack" else f"line:{notice.recipient[:6]}…"
    return f"{notice.send_on} {notice.kind:<16} {notice.measure or '-':<6} → {who}: {notice.text.splitlines()[0]}"


def clients_of(settings: Settings):
    """A Slack WebClient and a LINE sender for the channels that are switched on (None for the others)."""
    slack_client = line_sender = None
    if settings.SLACK_BOT_TOKEN:
        from slack_sdk import WebClient
        from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

        from bot.slack import TIMEOUT
        slack_client = WebClient(token=settings.SLACK_BOT_TOKEN, base_url=settings.SLACK_API_URL, timeout=TIMEOUT,
                                 retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    if settings.LINE_CHANNEL_ACCESS_TOKEN:
        from bot.line.sender import LineSender, api_for
        line_sender = LineSender(api_for(settings.LINE_API_BASE_URL, settings.LINE_CHANNEL_ACCESS_TOKEN))
    return slack_client, line_sender


def register(app, services) -> Outbox:
    """Build the outbox with whichever channels are on, and have it tell staff of new questions."""
    outbox = Outbox(services, *clients_of(services.settings))
    services.after_question = outbox.tell_staff_soon
    services.outbox = outbox
    app.extensions["outbox"] = outbox
    return outbox


def from_app(app) -> Outbox:
    """The app's outbox."""
    return app.extensions["outbox"]
