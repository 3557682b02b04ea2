"""Draw a Reply as LINE messages with the SDK's models, inside LINE's limits."""

from linebot.v3.messaging import (
    FlexBox, FlexBubble, FlexMessage, FlexSeparator, FlexText, PostbackAction, QuickReply,
    QuickReplyItem, TextMessage,
)

import regex

from handlers import Card, Choice, Reply

# LINE's limits, counted as LINE counts them: texts in UTF-16 code units, button labels in characters as seen.
TEXT_LIMIT = 5000
ALT_TEXT_LIMIT = 400
LABEL_LIMIT = 20
DATA_LIMIT = 300
QUICK_REPLY_LIMIT = 13
MUTED = "#555555"
OURS = "gb:"  # the start of every postback this bot makes; any other postback was not made by it
GRAPHEME = regex.compile(r"\X")
ELLIPSIS = "…"


def utf16_units(text: str) -> int:
    """How long LINE counts a text: UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """Cut text to `limit` UTF-16 units at a grapheme boundary, ending with the ellipsis when cut."""
    text = text.strip()
    if utf16_units(text) <= limit:
        return text
    kept, used, budget = [], 0, limit - utf16_units(ellipsis)
    for grapheme in GRAPHEME.findall(text):
        used += utf16_units(grapheme)
        if used > budget:
            break
        kept.append(grapheme)
    return "".join(kept).rstrip() + ellipsis


def label(text: str) -> str:
    """A button label of at most LABEL_LIMIT characters as a person sees them (graphemes)."""
    graphemes = GRAPHEME.findall(text.strip())
    return text.strip() if len(graphemes) <= LABEL_LIMIT else "".join(graphemes[:LABEL_LIMIT - 1]) + ELLIPSIS


def quick_reply(choices: list[Choice]) -> QuickReply | None:
    """Buttons as quick replies whose postbacks, marked as the bot's own, its router understands."""
    items = [
        QuickReplyItem(action=PostbackAction(
            label=label(choice.label), data=OURS + fit(choice.command, DATA_LIMIT - len(OURS), ellipsis=""),
            display_text=fit(choice.label, DATA_LIMIT),
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
            text(name, size="xs", color=MUTED, weight="bold"), text(fit(value, 300), size="sm"),
        ])
        for name, value in card.fields
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
        alt = fit(" ".join([*reply.card.lead, f"{reply.card.heading} {reply.card.title}：{reply.card.summary}"]),
                  ALT_TEXT_LIMIT)
        return [FlexMessage(alt_text=alt, contents=bubble(reply.card), quick_reply=buttons)]
    return [TextMessage(text=fit(reply.text, TEXT_LIMIT), quick_reply=buttons)]


def plain(message: str, choices: list[Choice] | None = None) -> list:
    """A single text message, with optional buttons."""
    return messages_for(Reply(message, choices=choices or []))
