"""What every handler may use: the knowledge, its index, this thread's database and today's date."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

from handlers import progress
from knowledge.model import Knowledge
from knowledge.search import Index

DEFAULT_INQUIRY_URL = "https://www.city.morioka.iwate.jp/"


@dataclass(frozen=True)
class Contact:
    """How residents reach the policy office: shown on every page and in every decline."""

    office: str = "盛岡市総務部情報企画課"
    phone: str = ""
    email: str = ""
    hours: str = ""

    def japanese(self) -> str:
        """「お問い合わせ：盛岡市総務部情報企画課／電話 …／メール …／受付 …」."""
        ways = [f"電話 {self.phone}" if self.phone else "", f"メール {self.email}" if self.email else "",
                f"受付 {self.hours}" if self.hours else ""]
        return "／".join(filter(None, [f"お問い合わせ：{self.office}", *ways]))

    def english(self, office: str) -> str:
        """"Contact: the … (盛岡市…), phone …, e-mail …"."""
        ways = [f"phone {self.phone.split('（')[0]}" if self.phone else "", f"e-mail {self.email}" if self.email else ""]
        return ", ".join(filter(None, [f"Contact: the {office}, Morioka City ({self.office})", *ways])) + "."


@dataclass
class Context:
    """The services a handler works with, on the calling thread's database connection."""

    kb: Knowledge
    index: Index
    db: sqlite_utils.Database
    today: Callable[[], datetime.date]
    inquiry_url: str = DEFAULT_INQUIRY_URL  # the city's general inquiry page, named in every decline
    contact: Contact = field(default_factory=Contact)  # the policy office, named in every decline
    line_account_id: str = ""  # the city's LINE official account (@…), where following is offered elsewhere

    def latest_progress(self, number: str) -> dict | None:
        """The report that stands for a measure now, if any."""
        return progress.latest(self.db, number)
