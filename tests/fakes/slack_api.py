"""A fake of the Slack Web API (and of response_url) on 127.0.0.1."""

import itertools

from tests.fakes.limits import slack_violations
from tests.fakes.server import FakeServer, Recorded

BOT_USER = "UBOT0000001"
_ts = itertools.count(1)


def slack_default(fake: FakeServer, recorded: Recorded):
    """Answer like Slack: auth.test, chat.postMessage, views.*, and response_url posts; refuse broken Block Kit."""
    method = recorded.path.rsplit("/", 1)[-1]
    arguments = recorded.json() if recorded.headers.get("Content-Type", "").startswith("application/json") \
        else recorded.form()
    broken = slack_violations(arguments)
    if broken:
        fake.refused = [*getattr(fake, "refused", []), *broken]
        return 200, {"ok": False, "error": "invalid_blocks", "errors": broken}, {}
    if recorded.path.startswith("/response/"):
        return 200, {"ok": True}, {}
    if method == "auth.test":
        return 200, {"ok": True, "url": "https://city.slack.com/", "team": "city", "user": "ictbot",
                     "team_id": "T0000001", "user_id": BOT_USER, "bot_id": "B0000001"}, {}
    if method == "chat.postMessage":
        return 200, {"ok": True, "channel": "D0000001", "ts": f"1700000000.{next(_ts):06d}"}, {}
    if method in ("views.open", "views.publish", "views.update"):
        return 200, {"ok": True, "view": {"id": "V0000001"}}, {}
    if method == "conversations.open":
        return 200, {"ok": True, "channel": {"id": "D0000001"}}, {}
    return 200, {"ok": True}, {}


def fake_slack() -> FakeServer:
    """A new fake Slack Web API (use it as a context manager)."""
    return FakeServer(slack_default)


def calls(fake: FakeServer, method: str, since: int = 0) -> list[dict]:
    """The arguments of every call of a Web API method, in order (from the since-th call on)."""
    found = []
    for recorded in fake.received(f"/api/{method}")[since:]:
        content_type = recorded.headers.get("Content-Type", "")
        found.append(recorded.json() if content_type.startswith("application/json") else recorded.form())
    return found


def responses(fake: FakeServer) -> list[dict]:
    """Every message posted to a response_url."""
    return [r.json() for r in fake.requests if r.path.startswith("/response/")]
