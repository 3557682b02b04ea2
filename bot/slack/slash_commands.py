"""The /ict slash command: Slack's payload in, the shared command table's reply out (ephemeral)."""

from contextlib import closing

from bot.slack import blocks
from bot.slack.forms import open_form
from handlers import Incoming

FORM_OPENERS = ("progress", "report")  # with nothing after them, these open the progress form


def on_command(services):
    """Run `/ict …` through the same table as every channel; a bare `/ict` is help."""
    def listener(ack, command, client):
        text, user = blocks.as_typed(command.get("text", "")).strip(), command["user_id"]
        if text.lower() in FORM_OPENERS:
            ack()
            open_form(services, client, user, command["trigger_id"])
            return
        with closing(services.db()) as db:
            reply = services.answer(db, Incoming("slack", user, text or "help"))
        ack(response_type="ephemeral", text=blocks.reply_text(reply), blocks=blocks.reply_blocks(reply))
    return listener
