"""What the bot does, independent of LINE, Slack or the web."""

from handlers.context import Context
from handlers.messages import Card, Choice, Incoming, Notice, Reply
from handlers.router import dispatch

__all__ = ["Card", "Choice", "Context", "Incoming", "Notice", "Reply", "dispatch"]
