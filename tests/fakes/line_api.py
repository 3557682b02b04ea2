"""A fake of the LINE Messaging API: reply, push and multicast, with retry-key deduplication."""

from tests.fakes.limits import line_violations
from tests.fakes.server import FakeServer, Recorded

REPLY, PUSH, MULTICAST = "/v2/bot/message/reply", "/v2/bot/message/push", "/v2/bot/message/multicast"


def line_default(fake: FakeServer, recorded: Recorded):
    """Accept sends; refuse a payload over LINE's limits (400), a reply token used before (400) and a retry key
    already accepted (409), as LINE does."""
    broken = line_violations(recorded.json()) if recorded.path in (REPLY, PUSH, MULTICAST) else []
    if broken:
        fake.refused = [*getattr(fake, "refused", []), *broken]
        return 400, {"message": "The request body has 1 error(s)", "details": [{"message": m} for m in broken]}, {}
    key = recorded.headers.get("X-Line-Retry-Key")
    if key:
        accepted = getattr(fake, "accepted_keys", set())
        fake.accepted_keys = accepted
        if key in accepted:
            return 409, {"message": "The retry key is already accepted"}, {"x-line-accepted-request-id": key}
        accepted.add(key)
    if recorded.path == REPLY:
        used = getattr(fake, "used_reply_tokens", set())
        fake.used_reply_tokens = used
        token = recorded.json().get("replyToken")
        if token in used:
            return 400, {"message": "Invalid reply token"}, {}
        used.add(token)
    if recorded.path in (REPLY, PUSH):
        return 200, {"sentMessages": [{"id": "1", "quoteToken": "q"}]}, {}
    return 200, {}, {}


def fake_line() -> FakeServer:
    """A new fake LINE API (use it as a context manager)."""
    return FakeServer(line_default)


def delivered(fake: FakeServer, path: str) -> list[dict]:
    """The request bodies LINE accepted on a path (answered 200), in order."""
    return [r.json() for r in fake.received(path) if r.status == 200]
