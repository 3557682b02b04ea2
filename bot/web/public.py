"""Plain words for the public pages: Japanese dates, and what the staff's fields mean."""

import datetime

from handlers.wording import japanese_date

KINDS = {"report": "報告", "correction": "訂正後の報告"}  # withdrawals never reach a public page


def time_of(value: str) -> str:
    """An ISO timestamp as 2026年11月29日 10:05 (Tokyo time, as stored)."""
    stamp = datetime.datetime.fromisoformat(value)
    return f"{japanese_date(stamp.date())} {stamp:%H:%M}"
