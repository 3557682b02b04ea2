"""LINE's and Slack's documented payload limits, checked the way each platform counts, for the strict fakes."""

import json

import regex

GRAPHEME = regex.compile(r"\X")
LINE_LIMITS = {"messages": 5, "text": 5000, "altText": 400, "quickReply": 13, "label": 20, "data": 300,
               "displayText": 300}
SLACK_LIMITS = {"blocks": 50, "section": 3000, "header": 150, "value": 2000, "text": 40000, "plain_text": 3000}


def utf16(text: str) -> int:
    """Length in UTF-16 code units, as LINE counts."""
    return len(text.encode("utf-16-le")) // 2


def graphemes(text: str) -> int:
    """Length in characters as a person sees them."""
    return len(GRAPHEME.findall(text))


def line_violations(body: dict) -> list[str]:
    """What in a reply, push or multicast body breaks LINE's limits."""
    found = []
    messages = body.get("messages", [])
    if len(messages) > LINE_LIMITS["messages"]:
        found.append(f"{len(messages)} messages")
    for message in messages:
        if message.get("type") == "text" and utf16(message.get("text", "")) > LINE_LIMITS["text"]:
            found.append(f"text of {utf16(message['text'])} UTF-16 units")
        if message.get("type") == "flex" and utf16(message.get("altText", "")) > LINE_LIMITS["altText"]:
            found.append("altText over 400")
        items = (message.get("quickReply") or {}).get("items", [])
        if len(items) > LINE_LIMITS["quickReply"]:
            found.append(f"{len(items)} quick replies")
        for item in items:
            action = item.get("action", {})
            if graphemes(action.get("label", "")) > LINE_LIMITS["label"]:
                found.append(f"label {action['label']!r}")
            for field in ("data", "displayText"):
                if utf16(action.get(field, "")) > LINE_LIMITS[field]:
                    found.append(f"{field} of {utf16(action[field])} units")
    return found


def blocks_of(arguments: dict) -> list[dict]:
    """The blocks of a call: of its view for views.*, else its own (JSON text in a form, or a list)."""
    view = arguments.get("view")
    if isinstance(view, str):
        view = json.loads(view)
    blocks = view.get("blocks") if isinstance(view, dict) else arguments.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return blocks or []


def slack_violations(arguments: dict) -> list[str]:
    """What in a chat.postMessage, views.* or response_url call breaks Slack's Block Kit limits."""
    found = []
    blocks = blocks_of(arguments)
    if len(blocks) > SLACK_LIMITS["blocks"]:
        found.append(f"{len(blocks)} blocks")
    if len(arguments.get("text") or "") > SLACK_LIMITS["text"]:
        found.append("text over 40,000")
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        if block.get("type") == "section" and len(text) > SLACK_LIMITS["section"]:
            found.append(f"section of {len(text)} characters")
        if block.get("type") == "header" and len(text) > SLACK_LIMITS["header"]:
            found.append("header over 150")
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if len(element.get("value", "")) > SLACK_LIMITS["value"]:
                found.append("button value over 2,000")
    return found
