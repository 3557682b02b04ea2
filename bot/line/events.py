"""What the bot does with each kind of LINE webhook event."""

import hashlib
import hmac
import logging
import re

import sqlite_utils
from linebot.v3.webhooks import (
    Event, FollowEvent, JoinEvent, MessageEvent, PostbackEvent, TextMessageContent, UnfollowEvent,
)

from bot.line import greeting, render
from bot.line.sender import LineSender, retry_key
from handlers import Incoming, clock, ratelimit
from handlers.subscriptions import forget_user, remember_line_user

log = logging.getLogger(__name__)
TOKEN_LIFETIME_MS = 60_000  # LINE asks for the reply token to be used within one minute

# In a group or room the bot answers only when mentioned or called by one of these words.
CALL_WORDS = re.compile(r"^\s*(?:ボット|ぼっと|bot|＠?@?指針bot)[\s、,:：]*", re.IGNORECASE)
GROUP_WELCOME = ("グループに招待ありがとうございます。この bot に質問するときは、メッセージの最初に「ボット」と"
                 "付けるか、bot をメンションしてください（例：「ボット オープンデータとは」）。")
NOT_TEXT = "ありがとうございます。この bot は文字での質問にお答えします。知りたいことを文章で送ってください（例：「オープンデータとは」）。"


def token_fresh(raw: dict) -> bool:
    """Tell whether the event's reply token is still within LINE's lifetime, so a refusal means it was used."""
    sent = raw.get("timestamp")
    return isinstance(sent, int) and clock.now().timestamp() * 1000 - sent < TOKEN_LIFETIME_MS


def user_reference(secret: str, line_id: str) -> str:
    """A stable pseudonym for a LINE user, group or room: the raw ID is never logged or shown."""
    return hmac.new(secret.encode(), line_id.encode(), hashlib.sha256).hexdigest()[:32]


def source_ids(event: Event) -> tuple[str | None, str | None, bool]:
    """The user's ID, the ID to push to (user, group or room), and whether it is a group chat."""
    source = getattr(event, "source", None)
    user_id = getattr(source, "user_id", None)
    chat_id = getattr(source, "group_id", None) or getattr(source, "room_id", None)
    return user_id, chat_id or user_id, chat_id is not None


def addressed_text(event: MessageEvent, group: bool) -> str | None:
    """The question in a text message, or None when a group message is not for the bot."""
    message = event.message
    if not group:
        return message.text
    mention = getattr(message, "mention", None)
    if mention and any(getattr(m, "is_self", False) for m in mention.mentionees or []):
        return re.sub(r"@\S+\s*", "", message.text, count=1)
    called = CALL_WORDS.match(message.text)
    return message.text[called.end():] if called else None


class LineEvents:
    """Turns one stored webhook event into a reply sent through the SDK."""

    def __init__(self, services, sender: LineSender, secret: str):
        self.services = services
        self.sender = sender
        self.secret = secret
        self.per_minute = services.settings.RATE_LIMIT_PER_MINUTE

    def handle(self, db: sqlite_utils.Database, event_id: str, raw: dict, in_flight: bool = False) -> None:
        """Handle one event; raises when it should be retried later.

        in_flight: an earlier attempt was cut off (a killed worker) and may already have replied.
        """
        try:
            event = Event.from_dict(raw)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.info("line event ignored: unknown type")
            return
        user_id, push_to, group = source_ids(event)
        user_ref = user_reference(self.secret, push_to or "")
        if isinstance(event, UnfollowEvent):
            forget_user(db, "line", user_ref)
            log.info("line user forgotten")
            return
        if user_id and not group:
            remember_line_user(db, user_ref, user_id)
        if raw.get("mode") == "standby":
            log.info("line event in standby mode: another channel answers, this bot sends nothing")
            return
        if isinstance(event, PostbackEvent) and not event.postback.data.startswith(render.OURS):
            log.info("line postback not made by this bot: ignored")
            return
        verdict = ratelimit.OK
        if isinstance(event, (MessageEvent, PostbackEvent)):
            verdict = ratelimit.check(db, user_reference(self.secret, user_id or push_to or ""), self.per_minute)
        if verdict == ratelimit.SILENT:
            return
        if verdict == ratelimit.WARN:
            log.info("line user over the rate limit: one notice, then silence")
            messages = render.plain(ratelimit.MESSAGE)
        else:
            messages = self.messages_for(db, event, user_ref, group)
        if messages:
            used_before = in_flight and token_fresh(raw)  # refused then means our earlier attempt used it
            result = self.sender.reply_or_push(getattr(event, "reply_token", None), push_to, messages,
                                               retry_key("reply", event_id), used_before)
            if not result.ok and result.via != "reply-unknown":
                raise RuntimeError(f"line send failed: status={result.status}")

    def messages_for(self, db: sqlite_utils.Database, event: Event, user_ref: str, group: bool) -> list:
        """The messages answering an event, or none."""
        if isinstance(event, FollowEvent):
            return greeting.welcome(self.services.kb.guideline)
        if isinstance(event, JoinEvent):
            return render.plain(GROUP_WELCOME)
        if isinstance(event, PostbackEvent):
            incoming = Incoming("line", user_ref, postback=event.postback.data.removeprefix(render.OURS), group=group)
            return render.messages_for(self.services.answer(db, incoming), self.services.settings.PUBLIC_BASE_URL)
        if isinstance(event, MessageEvent):
            if not isinstance(event.message, TextMessageContent):
                return [] if group else render.plain(NOT_TEXT)
            text = addressed_text(event, group)
            if text is None:
                return []
            reply = self.services.answer(db, Incoming("line", user_ref, text.strip(), group=group))
            return render.messages_for(reply, self.services.settings.PUBLIC_BASE_URL)
        return []

