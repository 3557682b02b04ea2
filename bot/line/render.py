"""Draw a Reply as LINE messages with the SDK's models, inside LINE's limits."""

from linebot.v3.messaging import (
    FlexBox, FlexBubble, FlexMessage, FlexSeparator, FlexText, PostbackAction, QuickReply,
    QuickReplyItem, TextMessage,
)

from handlers import Card, Choice, Reply
from handlers.wording import shorten

TEXT_LIMIT = 5000
ALT_TEXT_LIMIT = 400
LABEL_LIMIT = 20
DATA_LIMIT = 300
QUICK_REPLY_LIMIT = 13
MUTED = "#555555"


def quick_reply(choices: list[Choice]) -> QuickReply | None:
    """Buttons as quick replies whose postbacks the bot's router understands."""
    items = [
        QuickReplyItem(action=PostbackAction(
            label=shorten(choice.label, LABEL_LIMIT), data=choice.command[:DATA_LIMIT],
            display_text=shorten(choice.label, DATA_LIMIT),
        ))
        for choice in choices[:QUICK_REPLY_LIMIT]
    ]
    return QuickReply(items=items) if items else None


def text(value: str, **style) -> FlexText:
    """A wrapped Flex text that is never empty."""
    return FlexText(text=value or "—", wrap=True, **style)


def bubble(card: Card) -> FlexBubble:
    """A Flex bubble for an answer: heading, title, summary, fields and source."""
    fields = [
        FlexBox(layout="vertical", spacing="xs", contents=[
            text(label, size="xs", color=MUTED, weight="bold"), text(shorten(value, 300), size="sm"),
        ])
        for label, value in card.fields
    ]
    return FlexBubble(
        header=FlexBox(layout="vertical", contents=[
            text(card.heading, size="sm", color=MUTED), text(card.title, size="lg", weight="bold"),
        ]),
        body=FlexBox(layout="vertical", spacing="md", contents=[
            *([text("\n".join(card.lead), size="sm", weight="bold"), FlexSeparator()] if card.lead else []),
            text(card.summary, size="sm"), FlexSeparator(), *fields,
        ]),
        footer=FlexBox(layout="vertical", contents=[text(f"出典：{card.source}", size="xxs", color=MUTED)]),
    )


def messages_for(reply: Reply) -> list:
    """The LINE messages for a reply: a Flex bubble for a measure, text otherwise, buttons as quick replies."""
    buttons = quick_reply(reply.choices)
    if reply.card is not None and reply.card.kind == "measure":
        alt = shorten(" ".join([*reply.card.lead, f"{reply.card.heading} {reply.card.title}：{reply.card.summary}"]),
                      ALT_TEXT_LIMIT)
        return [FlexMessage(alt_text=alt, contents=bubble(reply.card), quick_reply=buttons)]
    return [TextMessage(text=shorten(reply.text, TEXT_LIMIT), quick_reply=buttons)]


def plain(message: str, choices: list[Choice] | None = None) -> list:
    """A single text message, with optional buttons."""
    return messages_for(Reply(message, choices=choices or []))
