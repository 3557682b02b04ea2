"""What every handler may use: the knowledge, its index, this thread's database and today's date."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from handlers import progress
from knowledge.model import Knowledge
from knowledge.search import Index

DEFAULT_INQUIRY_URL = "https://www.city.morioka.iwate.jp/"


@dataclass
class Context:
    """The services a handler works with, on the calling thread's database connection."""

    kb: Knowledge
    index: Index
    db: sqlite_utils.Database
    today: Callable[[], datetime.date]
    inquiry_url: str = DEFAULT_INQUIRY_URL  # the city's general inquiry page, named in every decline

    def latest_progress(self, number: str) -> dict | None:
        """The report that stands for a measure now, if any."""
        return progress.latest(self.db, number)
