"""The transport-free shapes of what comes in and what goes out."""

import datetime
from dataclasses import dataclass, field

from knowledge.search import Match


@dataclass(frozen=True)
class Incoming:
    """A message from any channel, reduced to what the handlers need."""

    channel: str  # "line", "slack", "web" or "cli"
    user: str  # a channel-scoped user reference (hashed for LINE)
    text: str = ""
    postback: str = ""  # a command a button sent, e.g. "show measure 1-1-1"
    group: bool = False  # said in a group or room rather than one to one


@dataclass(frozen=True)
class Choice:
    """A button: a label to show and the command it sends back."""

    label: str
    command: str


@dataclass(frozen=True)
class Card:
    """A structured answer about one entry, for channels that draw cards."""

    kind: str
    id: str
    title: str
    heading: str  # e.g. 「施策 1-1-1」 or 「用語」
    summary: str
    fields: tuple[tuple[str, str], ...] = ()
    source: str = ""
    lead: tuple[str, ...] = ()  # the lines that answer what was asked, shown above the card


@dataclass
class Reply:
    """What the bot says back: text for every channel, plus cards and buttons where they fit."""

    text: str
    answered: bool = False
    matches: list[Match] = field(default_factory=list)
    card: Card | None = None
    choices: list[Choice] = field(default_factory=list)
    lang: str = "ja"  # the reply's language: ja, en, zh or ko
    facet: str = ""  # what the first line answers: who, when, progress, definition, overview, reason, smalltalk, decline …
    markup: bool = False  # the text is already in Slack's markup, escaped (staff replies)

    def as_json(self) -> dict:
        """The reply as the JSON object `python -m bot ask --json` prints."""
        return {
            "answered": self.answered,
            "matches": [
                {"kind": m.kind, "id": m.id, "title": m.title, "score": m.score} for m in self.matches
            ],
            "text": self.text,
            "choices": [{"label": c.label, "command": c.command} for c in self.choices],
            "lang": self.lang,
            "facet": self.facet,
        }


@dataclass(frozen=True)
class Notice:
    """One notification to one recipient; its key makes it happen once."""

    kind: str  # before, on_day, stale, escalate, digest, follow_milestone, follow_report, inbox, inbox_answer
    measure: str
    step: str
    milestone: str  # the milestone date (or report id, or digest week) it is about
    recipient: str  # Slack user or channel ID, or a LINE user reference
    channel: str  # "slack" or "line"
    send_on: datetime.date
    text: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        """(kind, measure, step, milestone, recipient), as one string."""
        return "|".join((self.kind, self.measure, self.step, self.milestone, self.channel, self.recipient))
