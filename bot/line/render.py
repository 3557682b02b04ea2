"""Draw a Reply as LINE messages with the SDK's models, inside LINE's limits.

The models are built with pydantic's `construct`, which skips validating what this module has already fitted to
LINE's limits (validation was a fifth of the worker's time); tests validate every kind of message it builds.
"""

from linebot.v3.messaging import (
    FlexBox, FlexBubble, FlexButton, FlexMessage, FlexSeparator, FlexText, PostbackAction, QuickReply,
    QuickReplyItem, TextMessage, URIAction,
)

from bot.platform_limits import (
    LINE_ALT_TEXT, LINE_DATA, LINE_QUICK_REPLIES, LINE_TEXT, fit_line, line_label,
)
from handlers import Card, Choice, Reply

OURS = "gb:"  # the start of every postback this bot makes; any other postback was not made by it
MUTED = "#555555"
PAGE_LABEL = "施策のページを見る"  # the button to a measure's page: its reports and each step's state


def postback(label: str, command: str) -> PostbackAction:
    """A button's action: a postback marked as the bot's own, carrying a command its router understands, shown
    in the chat as the button's label; each cut to LINE's limits."""
    return PostbackAction.construct(label=line_label(label),
                                    data=OURS + fit_line(command, LINE_DATA - len(OURS), ellipsis=""),
                                    display_text=fit_line(label, LINE_DATA))


def quick_reply(choices: list[Choice]) -> QuickReply | None:
    """Buttons as quick replies."""
    items = [QuickReplyItem.construct(action=postback(choice.label, choice.command))
             for choice in choices[:LINE_QUICK_REPLIES]]
    return QuickReply.construct(items=items) if items else None


def text(value: str, **style) -> FlexText:
    """A wrapped Flex text that is never empty."""
    return FlexText.construct(text=value or "—", wrap=True, **style)


def bubble(card: Card, page: str = "") -> FlexBubble:
    """A Flex bubble for an answer: heading, title, summary, fields, source, and a button to its page if given."""
    fields = [
        FlexBox.construct(layout="vertical", spacing="xs", contents=[
            text(name, size="xs", color=MUTED, weight="bold"), text(fit_line(value, 300), size="sm"),
        ])
        for name, value in card.fields
    ]
    return FlexBubble.construct(
        header=FlexBox.construct(layout="vertical", contents=[
            text(card.heading, size="sm", color=MUTED), text(card.title, size="lg", weight="bold"),
        ]),
        body=FlexBox.construct(layout="vertical", spacing="md", contents=[
            *([text("\n".join(card.lead), size="sm", weight="bold"), FlexSeparator.construct()] if card.lead else []),
            text(card.summary, size="sm"), FlexSeparator.construct(), *fields,
        ]),
        footer=FlexBox.construct(layout="vertical", spacing="sm", contents=[
            *([FlexButton.construct(style="link", height="sm", action=URIAction.construct(label=PAGE_LABEL, uri=page))]
              if page else []),
            text(f"出典：{card.source}", size="xxs", color=MUTED),
        ]),
    )


def messages_for(reply: Reply, site: str = "") -> list:
    """The LINE messages for a reply: a Flex bubble for a measure (linking to its page on the public site, if
    given), text otherwise, buttons as quick replies."""
    buttons = quick_reply(reply.choices)
    if reply.card is not None and reply.card.kind == "measure":
        alt = fit_line(" ".join([*reply.card.lead, f"{reply.card.heading} {reply.card.title}：{reply.card.summary}"]),
                  LINE_ALT_TEXT)
        page = f"{site.rstrip('/')}/measures/{reply.card.id}" if site else ""
        return [FlexMessage.construct(alt_text=alt, contents=bubble(reply.card, page), quick_reply=buttons)]
    return [TextMessage.construct(text=fit_line(reply.text, LINE_TEXT), quick_reply=buttons)]


def plain(message: str, choices: list[Choice] | None = None) -> list:
    """A single text message, with optional buttons."""
    return messages_for(Reply(message, choices=choices or []))
