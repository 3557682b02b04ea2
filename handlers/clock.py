"""The one way the bot writes the current time into its records."""

import datetime


def utc_stamp() -> str:
    """The current UTC time as ISO text, to the second."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
