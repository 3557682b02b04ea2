"""What every handler may use: the knowledge, its index, today's date and the progress records."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

from knowledge.model import Knowledge
from knowledge.search import Index

LatestProgress = Callable[[str], dict | None]
DEFAULT_INQUIRY_URL = "https://www.city.morioka.iwate.jp/"


def no_progress(number: str) -> dict | None:
    """The progress lookup used when no database is attached."""
    return None


@dataclass
class Context:
    """The services a handler works with; built once by the app, shared read-only."""

    kb: Knowledge
    index: Index
    today: Callable[[], datetime.date] = datetime.date.today
    latest_progress: LatestProgress = field(default=no_progress)
    db: sqlite_utils.Database | None = None  # this thread's connection, when storage is attached
    inquiry_url: str = DEFAULT_INQUIRY_URL  # the city's general inquiry page, named in every decline
