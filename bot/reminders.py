"""Send what is due: Slack DMs and channel posts, LINE multicasts in batches, each notice once."""

import datetime
import logging
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass

from bot import deliveries
from handlers import reminders
from handlers.reminders import Notice

log = logging.getLogger(__name__)
MULTICAST_LIMIT = 500


@dataclass
class Outcome:
    """What a run did."""

    due: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # already sent, being sent by another run, or its channel is off


def settings_of(config: dict) -> reminders.Settings:
    """Reminder settings from the app's configuration."""
    return reminders.Settings(
        days_before=int(config["REMINDER_DAYS_BEFORE"]), stale_grace=int(config["STALE_GRACE_DAYS"]),
        escalate_after=int(config["ESCALATE_AFTER_DAYS"]), digest_weekday=int(config["DIGEST_WEEKDAY"]),
        staff_channel=config["SLACK_STAFF_CHANNEL"],
    )


def describe(notice: Notice) -> str:
    """One line for --dry-run (no LINE user references shown in full)."""
    who = notice.recipient if notice.channel == "slack" else f"line:{notice.recipient[:6]}…"
    return f"{notice.send_on} {notice.kind:<16} {notice.measure or '-':<6} → {who}: {notice.text.splitlines()[0]}"


class Reminders:
    """Computes what is due with handlers.reminders and delivers it with the real SDK clients."""

    def __init__(self, services, slack_client=None, line_sender=None):
        self.services = services
        self.slack = slack_client
        self.line = line_sender

    def run(self, today: datetime.date, dry_run: bool = False, echo=print) -> Outcome:
        """Send (or, dry, print) every notice due by today that has not been sent."""
        with closing(self.services.db()) as db:
            notices = reminders.due(db, self.services.kb, today, settings_of(self.services.config))
            outcome = Outcome(due=len(notices))
            if dry_run:
                for notice in notices:
                    echo(describe(notice))
                return outcome
            self.send_slack(db, [n for n in notices if n.channel == "slack"], outcome)
            self.send_line(db, [n for n in notices if n.channel == "line"], outcome)
        log.info("reminders %s: due=%d sent=%d failed=%d skipped=%d", today, outcome.due, outcome.sent,
                 outcome.failed, outcome.skipped)
        return outcome

    def send_slack(self, db, notices: list[Notice], outcome: Outcome) -> None:
        """One chat.postMessage per notice, to a leader's DM or a channel."""
        if notices and self.slack is None:
            log.warning("Slack is off: %d reminders wait", len(notices))
            outcome.skipped += len(notices)
            return
        from slack_sdk.errors import SlackApiError

        for notice in notices:
            if not deliveries.claim(db, notice):
                outcome.skipped += 1
                continue
            try:
                self.slack.chat_postMessage(channel=notice.recipient, text=notice.text, blocks=slack_blocks(notice))
            except (SlackApiError, OSError) as error:
                log.warning("slack reminder failed (%s); retried next run", type(error).__name__)
                deliveries.failed(db, notice)
                outcome.failed += 1
                continue
            deliveries.sent(db, notice)
            outcome.sent += 1

    def send_line(self, db, notices: list[Notice], outcome: Outcome) -> None:
        """Followers' news as multicasts of at most 500, with a retry key per batch."""
        if notices and self.line is None:
            log.warning("LINE is off: %d follower notices wait", len(notices))
            outcome.skipped += len(notices)
            return
        from bot.line.render import plain
        from bot.line.sender import retry_key

        by_message: dict[tuple, list[Notice]] = defaultdict(list)
        for notice in notices:
            by_message[(notice.kind, notice.measure, notice.milestone, notice.text)].append(notice)
        for (kind, measure, milestone, text), group in by_message.items():
            claimed = [n for n in group if deliveries.claim(db, n)]
            outcome.skipped += len(group) - len(claimed)
            for start in range(0, len(claimed), MULTICAST_LIMIT):
                chunk = claimed[start:start + MULTICAST_LIMIT]
                line_ids = line_user_ids(db, [n.recipient for n in chunk])
                batch = [n for n in chunk if n.recipient in line_ids]
                if not batch:
                    continue
                to = [line_ids[n.recipient] for n in batch]
                key = retry_key("multicast", kind, measure, milestone, *sorted(n.recipient for n in batch))
                result = self.line.multicast(to, plain(text), key)
                for notice in batch:
                    (deliveries.sent if result.ok else deliveries.failed)(db, notice)
                if result.ok:
                    outcome.sent += len(batch)
                else:
                    outcome.failed += len(batch)


def line_user_ids(db, refs: list[str]) -> dict[str, str]:
    """Raw LINE IDs by user reference (at most 500 at a time), for users who still follow the account."""
    if not refs:
        return {}
    marks = ",".join("?" * len(refs))
    rows = db.execute(f"select user_ref, line_user_id from line_users where user_ref in ({marks})", refs)
    return dict(rows.fetchall())


def slack_blocks(notice: Notice) -> list[dict]:
    """A reminder's blocks: its text, and a button that opens the progress form."""
    from bot.slack.blocks import button, chunks, section

    blocks = [section(piece) for piece in chunks(notice.text)]
    if notice.extra.get("button"):
        blocks.append({"type": "actions", "elements": [button("進捗を報告", "open_progress_form", notice.measure,
                                                              "primary")]})
    return blocks


def clients_of(config: dict):
    """A Slack WebClient and a LINE sender for the channels that are switched on (None for the others)."""
    slack_client = line_sender = None
    if config["SLACK_BOT_TOKEN"]:
        from slack_sdk import WebClient

        from bot.slack import TIMEOUT
        slack_client = WebClient(token=config["SLACK_BOT_TOKEN"], base_url=config["SLACK_API_URL"], timeout=TIMEOUT)
    if config["LINE_CHANNEL_ACCESS_TOKEN"]:
        from bot.line.sender import LineSender, api_for
        line_sender = LineSender(api_for(config["LINE_API_BASE_URL"], config["LINE_CHANNEL_ACCESS_TOKEN"]))
    return slack_client, line_sender


def from_app(app) -> Reminders:
    """Reminders with the app's services and whichever channels are switched on."""
    from bot import services_of

    return Reminders(services_of(app), *clients_of(app.config))
