"""The one clock the bot reads: the time in Asia/Tokyo, which tests can set.

Records keep their timestamps in UTC ISO text, so old and new rows compare as strings.
"""

import contextlib
import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
_fixed: datetime.datetime | None = None


def now() -> datetime.datetime:
    """The current time in Asia/Tokyo."""
    return _fixed if _fixed is not None else datetime.datetime.now(TOKYO)


def today() -> datetime.date:
    """Today's date in Asia/Tokyo, whatever the server's zone."""
    return now().date()


def utc_stamp(at: datetime.datetime | None = None) -> str:
    """A time (now by default) as UTC ISO text, to the second, as records keep it."""
    return (at or now()).astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


@contextlib.contextmanager
def frozen(at: datetime.datetime) -> Iterator[None]:
    """Read the clock as `at` (an aware time) inside the block."""
    global _fixed
    before, _fixed = _fixed, at.astimezone(TOKYO)
    try:
        yield
    finally:
        _fixed = before
