"""Fixtures shared by every test: the knowledge, its index, and a fresh app."""

import datetime
import re
import unicodedata
from pathlib import Path

import pytest

import knowledge
from handlers import storage
from handlers.context import Context

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def kb():
    """The real knowledge files, loaded once."""
    return knowledge.load()


@pytest.fixture(scope="session")
def index(kb):
    """The search index over the real knowledge."""
    return knowledge.Index.of(kb)


@pytest.fixture
def database(tmp_path):
    """A fresh database with every migration applied."""
    db = storage.connect(tmp_path / "handlers.sqlite3")
    storage.apply_migrations(db)
    yield db
    db.close()


@pytest.fixture
def context(kb, index, database):
    """A handlers context on a fixed day in FY2021, on a fresh database."""
    return Context(kb=kb, index=index, db=database, today=lambda: datetime.date(2021, 6, 1))


def reported(db, number: str, status: str, percent: int | None, note: str, day: str) -> None:
    """A progress report on a measure, as a leader's command would store it."""
    db["progress_reports"].insert({"measure": number, "kind": "report", "status": status, "percent": percent,
                                   "note": note, "step": "", "reporter": "U0LEADER01", "department": "総務部",
                                   "via": "command", "reported_at": f"{day}T10:00:00+09:00", "reported_on": day})


def squeeze(text: str) -> str:
    """Fold text for comparing with the seed: NFKC, no spaces, no footnote digits, Japanese commas."""
    text = unicodedata.normalize("NFKC", text).replace(",", "、")
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def seed_text():
    """The guideline's full text, squeezed for containment checks."""
    return squeeze((FIXTURES / "guideline.txt").read_text(encoding="utf-8"))


@pytest.fixture
def app(tmp_path):
    """A fresh app on a temporary database."""
    from bot import create_app

    return create_app({"TESTING": True, "DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
