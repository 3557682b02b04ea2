"""POST /callback: check LINE's signature, record each new event, answer at once."""

import logging

from flask import Blueprint, jsonify, request
from linebot.v3.webhook import SignatureValidator

from bot.line import spool
from bot.line.event_pool import LineWorker
from bot.line.intake import parse_events, record

log = logging.getLogger(__name__)


def refuse(status: int, reason: str):
    """A short JSON error that says what was wrong."""
    return jsonify(error=reason), status


def blueprint(services, worker: LineWorker, secret: str) -> Blueprint:
    """The LINE webhook, closed over the services, the worker and the channel secret."""
    line = Blueprint("line", __name__)
    validator = SignatureValidator(secret)

    @line.post("/callback")
    def callback():
        """Verify, record and queue the events of one webhook delivery (the app refused oversized bodies)."""
        body = request.get_data()
        signature = request.headers.get("X-Line-Signature", "")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return refuse(400, "body is not UTF-8")
        if not signature or not validator.validate(text, signature):
            log.warning("line webhook refused: bad or missing signature")
            return refuse(400, "invalid signature")
        events = parse_events(text)
        if events is None:
            return refuse(400, "malformed body: expected JSON with an 'events' list")
        try:
            queued = record(services, worker, secret, events)
        except Exception:
            log.exception("line webhook could not record its events; spooled for retry")
            spool.keep(services.settings.SPOOL_DIR, text)
            return jsonify(status="accepted for retry")  # a 5xx would only make LINE redeliver
        log.info("line webhook: %d events, %d new", len(events), queued)
        return jsonify(status="ok")

    return line
