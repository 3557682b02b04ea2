"""Tell staff of questions the bot could not answer, and bring their answers back to the citizens who asked."""

import datetime
import json
import logging
from contextlib import closing

from bot import deliveries
from bot.background import TrackedPool
from handlers import inbox, leaders
from handlers.reminders import Notice

log = logging.getLogger(__name__)
STAFF_NOTE = "（盛岡市の職員からの回答です）"


class InboxRelay:
    """Posts new inbox groups to Slack and pushes staff answers to LINE; never on the request thread."""

    def __init__(self, services, slack_client=None, line_sender=None):
        self.services = services
        self.slack = slack_client
        self.line = line_sender
        self.pool = TrackedPool(2, "inbox")

    def soon(self) -> None:
        """Post any new groups in the background."""
        if self.slack is not None:
            self.pool.submit(self.post_new_groups)

    def post_new_groups(self) -> int:
        """Post every group nobody has been told of to the staff channel and the leaders of its measures."""
        from slack_sdk.errors import SlackApiError

        from bot.slack.blocks import inbox_blocks

        with closing(self.services.db()) as db:
            groups = inbox.claim_unnotified(db)
            for group in groups:
                blocks, text = inbox_blocks(group)
                for channel in self.recipients(db, group):
                    try:
                        self.slack.chat_postMessage(channel=channel, text=text, blocks=blocks)
                    except (SlackApiError, OSError) as error:
                        log.warning("inbox notice failed (%s)", type(error).__name__)
        return len(groups)

    def recipients(self, db, group: dict) -> list[str]:
        """The staff channel, and the leaders of the best candidate measure's departments."""
        staff = [self.services.config["SLACK_STAFF_CHANNEL"]] if self.services.config["SLACK_STAFF_CHANNEL"] else []
        numbers = json.loads(group["measures"] or "[]")
        measures = [self.services.kb.measure(n) for n in numbers if self.services.kb.measure(n)]
        people = sorted({row.slack_user for row in leaders.everyone(db)
                         for m in measures[:1] if row.department in m.departments})
        return staff + people

    def deliver_answer(self, db, group: dict, answer_text: str) -> int:
        """Push the answer to each LINE asker of the group who asked recently and still follows the account."""
        if self.line is None:
            return 0
        from bot.line.render import plain
        from bot.line.sender import retry_key
        from bot.reminders import line_user_ids

        days = int(self.services.config["INBOX_REPLY_DAYS"])
        since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)).isoformat()
        refs = inbox.askers(db, group["id"], since)
        ids = line_user_ids(db, refs[:500])
        text = f"お問い合わせ「{group['text'][:80]}」への回答です。\n{answer_text}\n{STAFF_NOTE}"
        sent = 0
        for ref, line_id in ids.items():
            notice = Notice("inbox_answer", "", "", str(group["id"]), ref, "line", datetime.date.today(), text)
            if not deliveries.claim(db, notice):
                continue
            result = self.line.push(line_id, plain(text), retry_key("inbox-answer", str(group["id"]), ref))
            (deliveries.sent if result.ok else deliveries.failed)(db, notice)
            sent += result.ok
        return sent


def register(app, services) -> InboxRelay:
    """Build the relay with whichever channels are on, and hook it to new questions."""
    from bot.reminders import clients_of

    slack_client, line_sender = clients_of(app.config)
    relay = InboxRelay(services, slack_client, line_sender)
    services.after_question = relay.soon
    services.relay = relay
    app.extensions["inbox_relay"] = relay
    return relay
