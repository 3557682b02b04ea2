"""Build and sign LINE webhook bodies; drive the app against the fake LINE API."""

import base64
import hashlib
import hmac
import itertools
import json

from bot.line.render import OURS

SECRET = "test-line-channel-secret"
TOKEN = "test-line-access-token"
_ids = itertools.count(1)


def sign(body: bytes, secret: str = SECRET) -> str:
    """X-Line-Signature: base64 of the HMAC-SHA256 of the raw body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def event(kind: str, user: str = "U0000000000000000000000000000001", group: str | None = None,
          redelivery: bool = False, event_id: str | None = None, **fields) -> dict:
    """A webhook event as LINE sends it."""
    source = {"type": "group", "groupId": group, "userId": user} if group else {"type": "user", "userId": user}
    number = next(_ids)
    body = {
        "type": kind, "mode": "active", "timestamp": 1700000000000 + number, "source": source,
        "webhookEventId": event_id or f"01TESTEVENT{number:015d}",
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if kind not in ("unfollow", "leave"):
        body["replyToken"] = f"reply-token-{number}"
    body.update(fields)
    return body


def text_event(text: str, **options) -> dict:
    """A text message event."""
    return event("message", message={"id": str(next(_ids)), "type": "text", "text": text, "quoteToken": "q"},
                 **options)


def postback_event(data: str, **options) -> dict:
    """A postback (button) event, with data as the bot's buttons carry it."""
    return event("postback", postback={"data": data if data.startswith(OURS) else OURS + data}, **options)


def body_of(*events: dict) -> bytes:
    """A webhook body holding events."""
    return json.dumps({"destination": "Ubot", "events": list(events)}, ensure_ascii=False).encode()


class LineHarness:
    """The Flask app with LINE on, and the fake LINE API it talks to."""

    def __init__(self, app, fake):
        self.app, self.fake = app, fake
        self.client = app.test_client()

    def post(self, body: bytes, signature: str | None = "sign", **headers):
        """POST a body to /callback, signed unless told otherwise, and wait for the work it queued."""
        if signature == "sign":
            headers["X-Line-Signature"] = sign(body)
        elif signature is not None:
            headers["X-Line-Signature"] = signature
        response = self.client.post("/callback", data=body, headers=headers, content_type="application/json")
        self.drain()
        return response

    def drain(self):
        """Wait for the worker to finish every queued event."""
        self.app.extensions["line_worker"].drain()

    def db(self):
        """A connection to the app's database."""
        return self.app.extensions["guideline_bot"].db()
