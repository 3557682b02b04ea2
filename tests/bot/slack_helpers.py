"""Build and sign Slack requests; drive the app against the fake Slack Web API."""

import hashlib
import hmac
import itertools
import json
import time
from urllib.parse import urlencode

SIGNING_SECRET = "test-slack-signing-secret"
TOKEN = "xoxb-test-token"
_ids = itertools.count(1)


def signature(body: bytes, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    """Slack's v0 request signature."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackHarness:
    """The Flask app with Slack on, and the fake Slack API it talks to."""

    def __init__(self, app, fake):
        self.app, self.fake = app, fake
        self.client = app.test_client()

    def send(self, body: bytes, content_type: str, timestamp: str | None = None, signed: bool = True, **headers):
        """POST a signed body to /slack/events and wait for the listeners it started."""
        timestamp = timestamp if timestamp is not None else str(int(time.time()))
        headers.setdefault("X-Slack-Request-Timestamp", timestamp)
        if signed:
            headers.setdefault("X-Slack-Signature", signature(body, timestamp))
        response = self.client.post("/slack/events", data=body, headers=headers, content_type=content_type)
        self.drain()
        return response

    def drain(self):
        """Wait for Bolt's listener threads to finish."""
        self.app.extensions["slack_pool"].drain()

    def event(self, event: dict, event_id: str | None = None, **headers):
        """An Events API callback."""
        body = {"token": "x", "team_id": "T0000001", "api_app_id": "A0000001", "type": "event_callback",
                "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()), "event": event}
        return self.send(json.dumps(body, ensure_ascii=False).encode(), "application/json", **headers)

    def dm(self, text: str, user: str, **options):
        """A direct message to the bot."""
        event = {"type": "message", "channel_type": "im", "channel": "D0000001", "user": user, "text": text,
                 "ts": f"1700000000.{next(_ids):06d}"}
        return self.event(event, **options)

    def command(self, text: str, user: str):
        """A /ict slash command; returns the HTTP response (Bolt's ack)."""
        form = {"token": "x", "team_id": "T0000001", "channel_id": "C0000001", "user_id": user, "command": "/ict",
                "text": text, "response_url": f"{self.fake.url}/response/command",
                "trigger_id": f"trigger.{next(_ids)}"}
        return self.send(urlencode(form).encode(), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict):
        """An interactive payload (block action, view submission, shortcut)."""
        body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)}).encode()
        return self.send(body, "application/x-www-form-urlencoded")

    def action(self, action_id: str, value: str, user: str, message_ts: str = "1700000000.000001"):
        """A button press in a message."""
        return self.interaction({
            "type": "block_actions", "user": {"id": user}, "team": {"id": "T0000001"}, "api_app_id": "A0000001",
            "trigger_id": f"trigger.{next(_ids)}", "channel": {"id": "D0000001"},
            "container": {"type": "message", "message_ts": message_ts, "channel_id": "D0000001"},
            "message": {"ts": message_ts, "text": ""}, "response_url": f"{self.fake.url}/response/action",
            "actions": [{"action_id": action_id, "block_id": "b", "value": value, "type": "button",
                         "action_ts": "1"}],
        })

    def submit(self, values: dict, user: str, view_id: str = "V0000001"):
        """A submission of the progress form with values by block."""
        state = {}
        for block, value in values.items():
            if block in ("measure", "status", "step"):
                state[block] = {"value": {"type": "static_select", "selected_option": {"value": value}}}
            else:
                state[block] = {"value": {"type": "plain_text_input", "value": value}}
        return self.interaction({
            "type": "view_submission", "user": {"id": user}, "team": {"id": "T0000001"},
            "api_app_id": "A0000001", "trigger_id": "trigger.x",
            "view": {"id": view_id, "type": "modal", "callback_id": "progress_form", "hash": "h",
                     "state": {"values": state}},
        })

    def db(self):
        """A connection to the app's database."""
        return self.app.extensions["guideline_bot"].db()

    def reports(self) -> list[dict]:
        """Every stored progress report."""
        return list(self.db()["progress_reports"].rows)
