"""LINE's and Slack's documented limits, and cutting text to them the way each platform counts.

LINE counts texts, postback data and alt text in UTF-16 code units and button labels in characters as a
person sees them (graphemes). Slack counts characters. Text is always escaped first and cut after, at a
grapheme boundary, never inside an entity such as &amp;, and ends with an ellipsis when cut.
"""

import re

import regex

LINE_TEXT = 5000
LINE_ALT_TEXT = 400
LINE_LABEL = 20
LINE_DATA = 300
LINE_QUICK_REPLIES = 13
SLACK_SECTION = 2900  # Slack allows 3,000; the margin keeps a cut entity or an ellipsis inside it
SLACK_BLOCKS = 45  # of 50
SLACK_FALLBACK = 3000  # the notification text shown where blocks are not
SLACK_BUTTON_VALUE = 2000
GRAPHEME = regex.compile(r"\X")
PARTIAL_ENTITY = re.compile(r"&[a-z]*$")
ELLIPSIS = "…"


def utf16_units(text: str) -> int:
    """How long LINE counts a text: UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, limit: int, size, ellipsis: str = ELLIPSIS) -> str:
    """Text cut to `limit` as `size` counts, at a grapheme boundary, not inside an entity, with the ellipsis."""
    if size(text) <= limit:
        return text
    kept, used, budget = [], 0, limit - size(ellipsis)
    for grapheme in GRAPHEME.findall(text):
        used += size(grapheme)
        if used > budget:
            break
        kept.append(grapheme)
    kept_text = PARTIAL_ENTITY.sub("", "".join(kept))
    return kept_text.rstrip() + ellipsis if ellipsis else kept_text


def fit_line(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """A LINE text of at most `limit` UTF-16 units."""
    return cut(text.strip(), limit, utf16_units, ellipsis)


def line_label(text: str) -> str:
    """A LINE button label of at most LINE_LABEL graphemes."""
    return cut(text.strip(), LINE_LABEL, lambda part: len(GRAPHEME.findall(part)))


def fit_slack(escaped: str, limit: int) -> str:
    """Escaped Slack text of at most `limit` characters."""
    return cut(escaped, limit, len)


def slack_pieces(escaped: str, limit: int = SLACK_SECTION) -> list[str]:
    """Escaped text in pieces that fit a section: on line breaks where possible, else at grapheme boundaries."""
    pieces, current = [], ""
    for line in escaped.split("\n"):
        while len(line) > limit:
            head = cut(line, limit, len, ellipsis="")
            pieces.append(head)
            line = line[len(head):]
        if current and len(current) + len(line) + 1 > limit:
            pieces.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return pieces + ([current] if current else [])
