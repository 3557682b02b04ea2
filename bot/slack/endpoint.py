"""POST /slack/events: refuse junk with a 4xx before Bolt sees it, then let Bolt's adapter answer."""

import json
import logging
from contextlib import closing
from urllib.parse import parse_qs

from flask import Blueprint, jsonify, request
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from handlers import clock

log = logging.getLogger(__name__)
REPLAY_WINDOW = 60 * 5
TIMESTAMP_DIGITS = 12  # seconds since 1970 stay under 12 digits for thousands of years


def refuse(status: int, reason: str):
    """A short JSON error that says what was wrong."""
    return jsonify(error=reason), status


def junk(body: bytes, content_type: str) -> str | None:
    """Why a signed body is not something Slack sends, or None when it parses."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json"):
            return None if isinstance(json.loads(text), dict) else "JSON body is not an object"
        form = parse_qs(text)
        if "payload" in form:
            return None if isinstance(json.loads(form["payload"][0]), dict) else "payload is not an object"
        return None if form else "empty form body"
    except (UnicodeDecodeError, ValueError):
        return "malformed body"


def first_delivery(services, signature: str) -> bool:
    """Tell whether this signed request is new: a replay of the same signed body within the window is not."""
    with closing(services.db()) as db:
        cursor = db.execute("insert or ignore into slack_events (event_id, received_at) values (?, ?)",
                            [f"signature:{signature}", clock.utc_stamp()])
        db.conn.commit()
    return cursor.rowcount == 1


def blueprint(bolt, secret: str, services) -> Blueprint:
    """The Slack endpoint, closed over the Bolt app, the signing secret and the services."""
    slack = Blueprint("slack", __name__)
    handler = SlackRequestHandler(bolt)
    verifier = SignatureVerifier(secret)

    @slack.post("/slack/events")
    def events():
        """Check timestamp, signature and shape (the app refused oversized bodies), then hand it to Bolt."""
        body = request.get_data(cache=True)
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= TIMESTAMP_DIGITS):
            return refuse(400, "missing or non-numeric X-Slack-Request-Timestamp")
        if abs(clock.now().timestamp() - int(timestamp)) > REPLAY_WINDOW:
            return refuse(401, "request timestamp outside the 5-minute window")
        if not signature or not verifier.is_valid(body, timestamp, signature):
            return refuse(401, "invalid signature")
        reason = junk(body, request.content_type or "")
        if reason:
            return refuse(400, reason)
        if not first_delivery(services, signature):
            log.info("slack request replayed with the same signature; dropped")
            return "", 200
        response = handler.handle(request)
        if response.status_code >= 500:
            log.warning("slack request could not be processed (bolt answered %s)", response.status_code)
            return refuse(400, "request could not be processed")
        return response

    return slack
