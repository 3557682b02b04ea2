"""Bolt listeners: small functions closed over the services, each on its own SQLite connection."""

import json
import logging
import re
from contextlib import closing

from slack_bolt import App, BoltResponse

from bot.slack import blocks, inbox_views, slash_commands
from bot.slack.forms import FieldError, form_draft, open_form
from handlers import Incoming, clock, leaders, progress, staff, staff_views, status

log = logging.getLogger(__name__)
MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>\s*")


def register(bolt: App, services) -> None:
    """Attach every listener to the Bolt app."""
    bolt.middleware(once_per_event(services))
    bolt.event("app_mention")(on_mention(services))
    bolt.event("message")(on_message(services))
    bolt.event("app_home_opened")(on_home(services))
    bolt.command("/ict")(slash_commands.on_command(services))
    bolt.action(re.compile(r"^choice_\d+$"))(on_choice(services))
    bolt.action("progress_confirm")(on_confirm(services))
    bolt.action("progress_edit")(on_edit(services))
    bolt.action("open_progress_form")(on_open_form(services))
    bolt.shortcut("progress_form")(on_open_form(services))
    bolt.view("progress_form")(on_submit(services))
    inbox_views.register(bolt, services)


def once_per_event(services):
    """Global middleware: an event_id seen before (a Slack retry) is acknowledged and dropped."""
    def middleware(body, next):
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id:
            with closing(services.db()) as db:
                cursor = db.execute("insert or ignore into slack_events (event_id, received_at) values (?, ?)",
                                    [event_id, clock.utc_stamp()])
                db.conn.commit()
            if cursor.rowcount == 0:
                log.info("slack event already handled; retry dropped")
                return BoltResponse(status=200, body="")
        next()
    return middleware


def answer(services, db, user: str, text: str = "", postback: str = ""):
    """The bot's reply to a question or a button, as for any channel."""
    return services.answer(db, Incoming("slack", user, text, postback))


def on_mention(services):
    """Answer a mention in a channel, in a thread."""
    def listener(event, say):
        with closing(services.db()) as db:
            reply = answer(services, db, event.get("user", ""), MENTION.sub("", blocks.as_typed(event.get("text", ""))).strip())
        say(blocks=blocks.reply_blocks(reply), text=blocks.reply_text(reply), thread_ts=event.get("thread_ts") or event.get("ts"))
    return listener


def looks_like_report(text: str) -> bool:
    """A DM that starts with a measure number and names a status is a progress report."""
    return bool(progress.NUMBER.match(text)) and progress.find_status(text.split(maxsplit=1)[-1])[0] is not None


def on_message(services):
    """Answer a direct message, or show a typed progress report back for confirmation."""
    def listener(event, say):
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        text, user = blocks.as_typed(event.get("text", "")).strip(), event.get("user", "")
        with closing(services.db()) as db:
            if looks_like_report(text):
                say(**confirmation(services, db, user, text))
                return
            reply = answer(services, db, user, text)
        say(blocks=blocks.reply_blocks(reply), text=blocks.reply_text(reply))
    return listener


def confirmation(services, db, user: str, text: str) -> dict:
    """The 登録/修正 message for a typed report, or what is wrong with it."""
    try:
        draft = progress.check(services.kb, progress.parse(text))
        progress.authorise(services.kb, leaders.get(db, user), draft.measure)
    except progress.ReportError as error:
        return {"text": f"登録できません：{error}"}
    title = services.kb.measure(draft.measure).title
    return {"blocks": blocks.confirmation_blocks(draft, title), "text": f"施策 {draft.measure} の進捗を登録しますか？"}


def on_choice(services):
    """A candidate or follow-up button: answer the command it carries."""
    def listener(ack, action, body, respond):
        ack()
        with closing(services.db()) as db:
            reply = answer(services, db, body["user"]["id"], postback=action.get("value", ""))
        respond(blocks=blocks.reply_blocks(reply), text=blocks.reply_text(reply), replace_original=False)
    return listener


def on_confirm(services):
    """「登録」: store the report shown back; pressing it twice stores it once."""
    def listener(ack, action, body, respond):
        ack()
        draft = progress.Draft(**json.loads(action["value"]))
        message = body.get("container", {}).get("message_ts") or body.get("message", {}).get("ts", "")
        key = f"confirm:{body.get('channel', {}).get('id', '')}:{message}"
        with closing(services.db()) as db:
            try:
                reply = staff.record_report(services.context(db), body["user"]["id"], draft, "message", key)
            except staff.STAFF_ERRORS as error:
                respond(text=f"登録できません：{blocks.escape(str(error))}", replace_original=False)
                return
        if reply is not None:
            respond(text=blocks.reply_text(reply), replace_original=True)
    return listener


def on_edit(services):
    """「修正」: open the form filled in with the typed report."""
    def listener(ack, action, body, client):
        ack()
        open_form(services, client, body["user"]["id"], body["trigger_id"],
                  progress.Draft(**json.loads(action["value"])))
    return listener


def on_open_form(services):
    """The App Home button or the global shortcut: open an empty form."""
    def listener(ack, body, client):
        ack()
        open_form(services, client, body["user"]["id"], body["trigger_id"])
    return listener


def on_submit(services):
    """The progress form: check it, store it once, and confirm by DM."""
    def listener(ack, body, view, client):
        user = body["user"]["id"]
        with closing(services.db()) as db:
            try:
                reply = staff.record_report(services.context(db), user, form_draft(view), "form", f"view:{view['id']}")
            except FieldError as error:
                ack(response_action="errors", errors={error.block: str(error)})
                return
            except staff.STAFF_ERRORS as error:
                ack(response_action="errors", errors={"measure": str(error)})
                return
        ack()
        if reply is not None:
            client.chat_postMessage(channel=user, text=blocks.reply_text(reply))
    return listener


def on_home(services):
    """The App Home: a leader's own measures, last reports and next milestones."""
    def listener(event, client):
        user = event["user"]
        with closing(services.db()) as db:
            leader = leaders.get(db, user)
            mine = leaders.measures_for(services.kb, leader) if leader else []
            rows = status.everything(db, services.kb, services.today(), mine)
        client.views_publish(user_id=user, view=blocks.home_view(staff_views.home_lines(leader, rows, services.today()),
                                                                 leader is not None))
    return listener
